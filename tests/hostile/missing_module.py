"""Imports a module that does not exist."""

import torch_extras_that_do_not_exist  # noqa: F401
