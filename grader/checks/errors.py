"""Exceptions that end a check with a learner-facing message."""


class CheckFailed(AssertionError):
    """A check saw a wrong result; the message says what was expected and what came back."""


class SimulationLimit(CheckFailed):
    """The grader's stand-in (the simulated GPU, say) cannot do what the attempt asked: a limit of the
    simulation, said as such, never reported as an error in the attempt's code."""


class ForbiddenCall(BaseException):
    """The attempt called an API its spec forbids (a BaseException, so `except Exception` cannot hide it)."""
