"""How long the two test commands take here: ``make test`` and ``make check``, wall time, after set-up.

    python tools/time_tests.py              # both, one after the other (make test first)
    python tools/time_tests.py check        # only make check (a few minutes at most)
    python tools/time_tests.py --slowest 25 # how many of the slowest tests to list (default 15)

It first makes sure the environment exists (``make venv``, and for ``make test`` the test and
hub requirements; make installs only what is missing), so the times are those of the tests, not
of pip (``make test``'s own first steps, which look for Chromium, npm's packages and bubblewrap
and find them, are counted: a few seconds). Then it runs each command as a learner or CI would,
with ``PYTEST_ARGS=--durations=N`` added so pytest lists its slowest tests, and prints, for each:
the wall time, the processor time the machine spent meanwhile, pytest's closing line, the slowest
tests, and the machine (cores; the load average before and after: on a shared machine other people's
work makes every time longer). The processor time is read from Linux's ``/proc/stat`` (every core's
busy time, so every process counts, the kernels the grader starts in its sandbox too, which the
command's own user + system time misses): divided by the cores, it is the shortest wall time the
command could take here without doing less. The README's "Tests" section reports what it printed.
Nothing here asserts a time: the suite's own tests do not depend on how fast a machine is.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What each command needs installed first (make installs only what is missing or changed).
SET_UP = {"check": ["venv"], "test": ["venv", ".venv/.requirements-test-installed", ".venv/.requirements-hub-installed"]}


def load() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` shows them."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def busy_seconds(stat: Path = Path("/proc/stat")) -> float | None:
    """Seconds the machine's cores have been busy since it started, read from Linux's ``stat`` file (its first
    line sums every core: user, nice, system, idle, iowait, irq, softirq, ... in clock ticks); None without it.
    """
    try:
        fields = stat.read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def timed(target: str, slowest: int) -> dict[str, object]:
    """Run ``make target`` with pytest's slowest-tests list; its wall and processor time, closing line and
    that list."""
    before, busy_before = load(), busy_seconds()
    started = time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", target, f"PYTEST_ARGS=--durations={slowest}"],
                          cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    busy = None if busy_before is None else busy_seconds() - busy_before
    lines = done.stdout.splitlines()
    closing = next((line.strip("= ") for line in reversed(lines)
                    if re.search(r"\d+ (passed|failed|error)", line)), "no pytest summary")
    durations = [line for line in lines if re.match(r"^\s*\d+\.\d+s (call|setup|teardown) ", line)]
    return {"target": target, "wall": wall, "busy": busy, "status": done.returncode, "closing": closing,
            "slowest": durations[:slowest], "load": (before, load()),
            "tail": (done.stdout + done.stderr)[-3000:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="test|check", help="test, check, or both (the default)")
    parser.add_argument("--slowest", type=int, default=15, help="how many of the slowest tests to list")
    args = parser.parse_args(argv)
    targets = args.targets or ["test", "check"]
    if set(targets) - {"test", "check"}:
        parser.error(f"choose test, check or both, not {' '.join(targets)}")

    goals = list(dict.fromkeys(goal for target in targets for goal in SET_UP[target]))
    print(f"Setting up (make {' '.join(goals)}) ...", flush=True)
    setup = subprocess.run(["make", "--no-print-directory", *goals], cwd=ROOT, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
    if setup.returncode != 0:
        print(setup.stdout[-2000:] + setup.stderr[-2000:], file=sys.stderr)
        return setup.returncode

    results = []
    for target in targets:
        print(f"Timing make {target} ...", flush=True)
        results.append(timed(target, args.slowest))
        result = results[-1]
        print(f"  {result['wall']:.0f} s wall, exit status {result['status']}: {result['closing']}", flush=True)

    print(f"\nMachine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    for result in results:
        minutes, seconds = divmod(round(result["wall"]), 60)
        print(f"\nmake {result['target']}: {result['wall']:.0f} s ({minutes} min {seconds:02d} s) wall, "
              f"exit status {result['status']}; load average before {result['load'][0]}, after {result['load'][1]}")
        if result["busy"] is not None:
            cores = os.cpu_count() or 1
            print(f"  processor time: {result['busy']:.0f} s on the machine's {cores} cores, so at least "
                  f"{result['busy'] / cores:.0f} s of wall time here without doing less")
        print(f"  pytest: {result['closing']}")
        if result["slowest"]:
            print("  slowest tests:")
            for line in result["slowest"]:
                print(f"    {line.strip()}")
        if result["status"] != 0:
            print(result["tail"])
    return max((int(r["status"]) for r in results), default=0)


if __name__ == "__main__":
    sys.exit(main())
