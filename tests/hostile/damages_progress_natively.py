"""Deletes the progress database with another program, out of the audit hook's reach (path in HOSTILE_TARGET)."""

import os
import subprocess

target = os.environ["HOSTILE_TARGET"]
subprocess.run(["rm", "-f", target, target + "-wal", target + "-shm"], check=False)


def __getattr__(name):
    def wrong(*args, **kwargs):
        return None

    return wrong
