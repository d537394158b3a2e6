"""Allocates memory until something gives."""


def __getattr__(name):
    def hog(*args, **kwargs):
        blocks = []
        while True:
            blocks.append(bytearray(256 * 1024 * 1024))

    return hog
