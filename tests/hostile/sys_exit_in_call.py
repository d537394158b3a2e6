"""Raises SystemExit(0) from every function of the API."""

import sys


def __getattr__(name):
    def leave(*args, **kwargs):
        sys.exit(0)

    return leave
