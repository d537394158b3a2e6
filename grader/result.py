"""What a grade produces: a versioned result that the CLI renders and `--json` prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

RESULT_VERSION = 2  # 2: checks the suite skipped on this machine are kept, in `skipped`
KINDS = ("shape", "dtype", "gradient", "numerics", "behaviour", "performance")
VERDICTS = ("passed", "failed", "timeout", "crashed", "error")


@dataclass
class Location:
    """Where in the learner's file an exception was raised."""

    file: str
    line: int
    function: str
    code: str = ""


@dataclass
class CheckResult:
    name: str
    kind: str
    points: float
    passed: bool
    message: str = ""
    location: Location | None = None
    duration_s: float = 0.0
    skipped: bool = False  # not run on this machine (a suite's skipif, e.g. CUDA-only): no points either way


@dataclass
class GradeResult:
    question: int
    slug: str
    file: str
    score: float
    verdict: str
    reason: str
    duration_s: float
    checks: list[CheckResult] = field(default_factory=list)  # the checks that ran
    skipped: list[CheckResult] = field(default_factory=list)  # the checks skipped here; the score ignores them
    notes: list[str] = field(default_factory=list)
    output: str = ""
    file_sha256: str = ""
    version: int = RESULT_VERSION

    def __post_init__(self) -> None:
        self.skipped = [*self.skipped, *(c for c in self.checks if c.skipped)]
        self.checks = [c for c in self.checks if not c.skipped]

    @property
    def passed(self) -> bool:
        return self.verdict == "passed"

    @property
    def first_failure(self) -> CheckResult | None:
        return next((c for c in self.checks if not c.passed), None)

    @property
    def untested_points(self) -> float:
        return sum(c.points for c in self.skipped)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> GradeResult:
        def checks(key: str) -> list[CheckResult]:
            return [
                CheckResult(**{**c, "location": Location(**c["location"]) if c.get("location") else None})
                for c in data.get(key, [])
            ]

        return cls(**{**data, "checks": checks("checks"), "skipped": checks("skipped")})
