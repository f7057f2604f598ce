"""How long does grading a whole class take?

Writes a practice class (40 made-up students x every exercise notebook, answers right,
typical mistakes or undone; see ``imgsim_helpers/classroom/practice.py``) into a temporary
folder, then times:

* the grader (``python -m imgsim_helpers.exercises grade``'s function): every submission in
  a fresh kernel in its own sandbox (bubblewrap), hidden tests, reports, on every core;
* the same grader without the sandbox (``--no-sandbox``), so the sandbox's cost per
  notebook is the difference;
* for comparison, the plain loop an instructor might write: one
  ``jupyter nbconvert --to notebook --execute`` process per notebook, one after another
  (errors allowed, so every cell runs). By default it runs on a sample of the notebooks and
  scales the time up to the whole class (``--baseline all`` runs them all).

Goal (issues 9 and 15): the whole class in at most 5 minutes on the course's 2-core machine,
sandbox included.

    python benchmarks/bench_grading.py [--students 40] [--baseline 24|all] [--quick]

``--quick`` grades 5 students and times the loop on 6 notebooks (a minute or so).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from imgsim_helpers.classroom.grade import grade
from imgsim_helpers.classroom.practice import practice_class
from imgsim_helpers.classroom.report import write_reports
from imgsim_helpers.classroom.run import Limits

ROOT = Path(__file__).resolve().parent.parent


def baseline(notebooks: list[Path], scratch: Path) -> float:
    """Seconds for one ``jupyter nbconvert --execute`` process per notebook, in turn."""
    start = time.perf_counter()
    for path in notebooks:
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.allow_errors=True", "--ExecutePreprocessor.timeout=30",
                        "--output-dir", str(scratch), "--output", f"{path.parent.name}-{path.name}", str(path)],
                       cwd=path.parent, capture_output=True, check=True,
                       env=dict(os.environ, MPLBACKEND="Agg"))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40, help="students in the practice class (default 40)")
    parser.add_argument("--baseline", default="24",
                        help="notebooks the plain nbconvert loop runs: a number (a sample, scaled up) or 'all'")
    parser.add_argument("--workers", type=int, default=None, help="grader workers (default: one per core)")
    parser.add_argument("--quick", action="store_true", help="5 students, the loop on 6 notebooks")
    args = parser.parse_args(argv)
    if args.quick:
        args.students, args.baseline = 5, "6"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        notebooks = practice_class(tmp_path / "class", students=args.students)
        print(f"{args.students} students x {len(notebooks) // args.students} notebooks = {len(notebooks)} "
              f"submissions; {os.cpu_count()} cores")

        timed = {}
        for label, sandboxed in (("grader, sandbox", True), ("grader, no sandbox", False)):
            start = time.perf_counter()
            results, unusable = grade(tmp_path / "class", Limits(), workers=args.workers, progress=False,
                                      sandboxed=sandboxed)
            write_reports(results, unusable, tmp_path / f"grades-{sandboxed}", sandboxed=sandboxed)
            timed[label] = graded = time.perf_counter() - start
            print(f"{label + ':':20s}{graded:7.1f} s for the whole class ({graded / len(notebooks):.2f} s per "
                  f"submission), reports included")
        graded = timed["grader, sandbox"]
        cost = (graded - timed["grader, no sandbox"]) / len(notebooks)
        print(f"sandbox's cost:     {cost:7.2f} s per notebook (wall clock, {args.workers or os.cpu_count()} "
              f"workers); goal <= 300 s for the class: {'met' if graded <= 300 * args.students / 40 else 'NOT met'}"
              + ("" if args.students == 40 else " (scaled to 40 students)"))

        sample = notebooks if args.baseline == "all" else notebooks[::max(1, len(notebooks) // int(args.baseline))]
        (tmp_path / "executed").mkdir()
        spent = baseline(sample, tmp_path / "executed")
        scaled = spent / len(sample) * len(notebooks)
        print(f"nbconvert loop:     {scaled:7.1f} s for the whole class ({spent / len(sample):.2f} s per notebook, "
              f"measured on {len(sample)} notebooks), no hidden tests, no reports")
        print(f"grader / loop:      {graded / scaled:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
