"""Time prep against the performance targets in DESIGN.md (run it on an idle machine).

python scripts/benchmark.py            # every landed reference
python scripts/benchmark.py --quick    # three references per kind of grade

Each figure is in seconds and as a multiple of the floor (`python -c "import torch"` on this machine), so runs
on different machines compare. Watch-mode re-grades come from the spare grading child that the worker readies
after each grade, as `prep watch` does; they are split into the engine's share (handing over the job, the guards,
the snapshot, the result pipe, the child's exit) and the checks' own run time, per question, so a slow suite
shows as such.
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

from grader.catalog import Question, load_catalog
from grader.engine import server
from grader.engine.launch import WarmWorker
from grader.engine.runner import grade
from grader.result import GradeResult

PREP = [sys.executable, "-m", "grader"]
CLI_TARGET_S = 0.3
GRADE_MEDIAN_TARGET_S, GRADE_MAX_TARGET_S, ALL_REFERENCES_TARGET_S, WARM_TARGET_S = 2.0, 10.0, 240.0, 0.5
WARM_QUESTIONS = range(1, 11)  # the warm target is for questions 1-10
READY_S = 300


def timed(args: list[str], env: dict[str, str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


class Table:
    def __init__(self, floor: float) -> None:
        self.floor = floor
        print(f"{'what':<52} {'seconds':>8} {'x floor':>8}   target")

    def row(self, what: str, seconds: float, target: float | None = None) -> None:
        verdict = "" if target is None else f"< {target:g} s   {'ok' if seconds < target else 'MISSED'}"
        print(f"{what:<52} {seconds:8.3f} {seconds / self.floor:8.2f}   {verdict}")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def split(result: GradeResult, seconds: float) -> tuple[float, float]:
    """(engine, checks) of one grade: the checks' own run time, and the rest of the wall-clock time."""
    checks = sum(c.duration_s for c in result.checks)
    return seconds - checks, checks


def cold_grades(table: Table, landed: list[Question], env: dict[str, str], cwd: str) -> None:
    times = {}
    for q in landed:
        times[q.stem] = timed([*PREP, "grade", str(q.number), "--file", str(q.solution_path), "--cold"], env, cwd)
    values = list(times.values())
    median = statistics.median(values)
    table.row(f"prep grade --cold, median of {len(values)} references", median, GRADE_MEDIAN_TARGET_S)
    table.row(f"prep grade --cold, p90 of {len(values)}", p90(values))
    for stem in sorted(times, key=times.get, reverse=True)[:3]:
        table.row(f"  slow: {stem}", times[stem], GRADE_MAX_TARGET_S)
    table.row(f"all {len(values)} references cold, one after another", sum(values), ALL_REFERENCES_TARGET_S)


def served_grades(table: Table, landed: list[Question], env: dict[str, str], cwd: str, state_dir: Path) -> None:
    """`prep grade` through the warm server: the second grade of each question (the first prepares its suite)."""
    subprocess.run([*PREP, "server", "start"], env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=False)
    deadline = time.monotonic() + READY_S
    while not ((info := server.status(state_dir)) and info["ready"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        times = []
        for q in landed:
            command = [*PREP, "grade", str(q.number), "--file", str(q.solution_path)]
            timed(command, env, cwd)
            times.append(timed(command, env, cwd))
        served = (server.status(state_dir) or {}).get("served", 0)
        table.row(f"prep grade through the server, median of {len(times)}", statistics.median(times), WARM_TARGET_S)
        if served < 2 * len(times):
            print(f"  (only {served} of {2 * len(times)} grades were served: the others fell back cold)")
    finally:
        server.stop(state_dir)


def watch_regrades(table: Table, landed: list[Question]) -> None:
    """What `prep watch` does on a save: a grade from a warm worker whose zygote prepared the suite."""
    rows = []
    with WarmWorker() as warm:
        for q in landed:
            warm.prepare(q)
            grade(q, q.solution_path, warm=warm)  # the first grade after preparing pays for page faults
            warm.prepare(q)  # what watch mode does after each grade: a grading child ready for the next save
            started = time.perf_counter()
            result = grade(q, q.solution_path, warm=warm)
            seconds = time.perf_counter() - started
            rows.append((q, seconds, *split(result, seconds)))
    first = [seconds for q, seconds, *_ in rows if q.number in WARM_QUESTIONS] or [r[1] for r in rows]
    table.row(f"watch-mode re-grade, median of questions 1-10 ({len(first)})", statistics.median(first), WARM_TARGET_S)
    table.row("  engine share, median", statistics.median(r[2] for r in rows), 0.05)
    print(f"\n{'question':<34} {'re-grade':>9} {'engine':>8} {'checks':>8}")
    for q, seconds, engine, checks in rows:
        print(f"{q.stem:<34} {seconds:9.3f} {engine:8.3f} {checks:8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="grade only three references of each kind")
    parser.add_argument("--repeat", type=int, default=5, help="runs per CLI command (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PREP_WORKSPACE": str(Path(tmp, "ws")), "NO_COLOR": "1"}
        env.pop(server.ENV_OFF, None)
        floor = statistics.median(timed([sys.executable, "-c", "import torch"], env, tmp) for _ in range(args.repeat))
        table = Table(floor)
        table.row('floor: python -c "import torch"', floor)
        subprocess.run([*PREP, "next"], env=env, cwd=tmp, stdout=subprocess.DEVNULL, check=True)
        for command in (["--help"], ["list"], ["next"], ["show", "1"], ["progress"]):
            runs = [timed([*PREP, *command], env, tmp) for _ in range(args.repeat)]
            table.row(f"prep {' '.join(command)} (median of {args.repeat})", statistics.median(runs), CLI_TARGET_S)
        landed = [q for q in load_catalog().questions if q.available]
        some = landed[:3] if args.quick else landed
        cold_grades(table, some, env, tmp)
        served_grades(table, some if args.quick else landed[:10], env, tmp, Path(tmp, "ws", ".prep"))
        watch_regrades(table, some)


if __name__ == "__main__":
    main()
