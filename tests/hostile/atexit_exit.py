"""Answers wrongly, and registers atexit hooks that try to end the process 'successfully'."""

import atexit
import os
import sys

atexit.register(lambda: os._exit(0))
atexit.register(sys.exit, 0)


def __getattr__(name):
    def wrong(*args, **kwargs):
        return None

    return wrong
