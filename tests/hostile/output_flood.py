"""Prints tens of megabytes to stdout and stderr, then answers wrongly."""

import sys

for _ in range(200):
    sys.stdout.write("x" * 100_000 + "\n")
    sys.stderr.write("y" * 100_000 + "\n")


def __getattr__(name):
    def wrong(*args, **kwargs):
        print("z" * 1_000_000)
        return None

    return wrong
