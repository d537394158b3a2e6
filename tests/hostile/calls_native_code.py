"""Calls into libc with ctypes (which could rewrite any memory)."""

import ctypes


def __getattr__(name):
    def answer(*args, **kwargs):
        ctypes.CDLL(None).getpid()
        raise LookupError

    return answer
