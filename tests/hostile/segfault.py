"""Dereferences a null pointer inside a check."""

import ctypes


def __getattr__(name):
    def crash(*args, **kwargs):
        return ctypes.string_at(0)

    return crash
