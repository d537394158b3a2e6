"""Tries to delete, overwrite and rewrite the workspace's progress database (path in HOSTILE_TARGET)."""

import os
import shutil
import sqlite3

TARGET = os.environ["HOSTILE_TARGET"]
for attack in (
    lambda: os.remove(TARGET),
    lambda: open(TARGET, "wb").write(b"garbage"),
    lambda: sqlite3.connect(TARGET).execute("DROP TABLE attempts"),
    lambda: shutil.rmtree(os.path.dirname(TARGET)),
    lambda: os.rename(TARGET, TARGET + ".gone"),
):
    try:
        attack()
    except Exception:
        pass


def __getattr__(name):
    def wrong(*args, **kwargs):
        return None

    return wrong
