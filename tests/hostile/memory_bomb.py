"""Allocates memory until something gives."""


def __getattr__(name):
    def hog(*args, **kwargs):
        blocks = []
        while True:
            blocks.append(bytes(256 * 1024 * 1024))  # calloc: the cap is hit without writing 4 GiB first

    return hog
