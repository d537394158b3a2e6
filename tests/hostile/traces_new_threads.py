"""threading.settrace at import: every thread the suite starts would report its frames."""

import threading

threading.settrace(lambda frame, event, arg: None)


def __getattr__(name):
    def answer(*args, **kwargs):
        raise LookupError(name)

    return answer
