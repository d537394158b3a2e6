"""Time prep against the performance targets in DESIGN.md (run it on an idle machine).

python scripts/benchmark.py            # CLI commands and a cold grade of every landed reference
python scripts/benchmark.py --quick    # CLI commands and three references
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader.catalog import load_catalog
from grader.engine.launch import WarmWorker
from grader.engine.runner import grade

PREP = [sys.executable, "-m", "grader"]
CLI_TARGET_S = 0.3
GRADE_MEDIAN_TARGET_S, GRADE_MAX_TARGET_S, ALL_REFERENCES_TARGET_S, WARM_TARGET_S = 2.0, 10.0, 240.0, 0.5


def timed(args: list[str], env: dict[str, str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def row(what: str, seconds: float, target: float) -> None:
    print(f"{what:<44} {seconds:7.2f} s   target < {target:g} s   {'ok' if seconds < target else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="grade only three references")
    parser.add_argument("--repeat", type=int, default=5, help="runs per CLI command (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PREP_WORKSPACE": str(Path(tmp, "ws")), "NO_COLOR": "1"}
        subprocess.run([*PREP, "next"], env=env, cwd=tmp, stdout=subprocess.DEVNULL, check=True)
        for command in (["--help"], ["list"], ["next"], ["show", "1"], ["progress"]):
            runs = [timed([*PREP, *command], env, tmp) for _ in range(args.repeat)]
            row(f"prep {' '.join(command)} (median of {args.repeat})", statistics.median(runs), CLI_TARGET_S)
        landed = [q for q in load_catalog().questions if q.available]
        if args.quick:
            landed = landed[:3]
        times = {}
        for q in landed:
            command = [*PREP, "grade", str(q.number), "--file", str(q.solution_path), "--no-record"]
            times[q.stem] = timed(command, env, tmp)
        slowest = max(times, key=times.get)
        row(
            f"prep grade, cold, median of {len(times)} references",
            statistics.median(times.values()),
            GRADE_MEDIAN_TARGET_S,
        )
        row(f"prep grade, heaviest ({slowest})", times[slowest], GRADE_MAX_TARGET_S)
        row(f"all {len(times)} references, one after another", sum(times.values()), ALL_REFERENCES_TARGET_S)
        with WarmWorker() as warm:
            regrades = []
            for q in landed:
                started = time.perf_counter()
                grade(q, q.solution_path, warm=warm)
                regrades.append(time.perf_counter() - started)
        row(f"re-grade from a warm worker, median of {len(regrades)}", statistics.median(regrades), WARM_TARGET_S)


if __name__ == "__main__":
    main()
