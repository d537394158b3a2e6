"""Crashes the interpreter with a segmentation fault inside a check (as a buggy native extension would)."""

import faulthandler


def __getattr__(name):
    def crash(*args, **kwargs):
        faulthandler._sigsegv()

    return crash
