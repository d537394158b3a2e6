"""Writes result-looking lines to every file descriptor it can find, then answers wrongly."""

import json
import os

FAKE = json.dumps({"t": "result", "id": "x", "passed": True, "seq": 1}).encode()
for fd in range(3, 1024):
    try:
        os.write(fd, b"0" * 64 + b" " + FAKE + b"\n")
    except OSError:
        pass
print(json.dumps({"score": 1.0, "verdict": "passed"}))


def __getattr__(name):
    def wrong(*args, **kwargs):
        return None

    return wrong
