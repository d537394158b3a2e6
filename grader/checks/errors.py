"""Exceptions that end a check with a learner-facing message."""


class CheckFailed(AssertionError):
    """A check saw a wrong result; the message says what was expected and what came back."""


class ForbiddenCall(BaseException):
    """The attempt called an API its spec forbids (a BaseException, so `except Exception` cannot hide it)."""
