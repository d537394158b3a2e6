"""Deletes the progress database through libc, below Python's audit hooks (path in HOSTILE_TARGET)."""

import ctypes
import os

libc = ctypes.CDLL(None)
target = os.environ["HOSTILE_TARGET"].encode()
libc.unlink(target)
for suffix in (b"-wal", b"-shm"):
    libc.unlink(target + suffix)


def __getattr__(name):
    def wrong(*args, **kwargs):
        return None

    return wrong
