"""Every function of the API loops forever."""


def __getattr__(name):
    def spin(*args, **kwargs):
        while True:
            pass

    return spin
