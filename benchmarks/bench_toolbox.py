"""How long does the leaderboard of notebook 15 take? Describing vs comparing.

Run from the course folder::

    .venv/bin/python benchmarks/bench_toolbox.py [--repeats N]

On the evaluation set (``data/evaluation/``, 224 photos) it times, each the best
of ``--repeats`` runs:

1. reading every photo (``load_image``);
2. describing every photo with every descriptor of ``DESCRIPTORS``, once per
   photo and descriptor (the "cache": the leaderboard keeps these rows);
3. evaluating every combination of descriptor x metric x method on those rows
   (leave-one-out nearest neighbour and nearest centroid; EMD only where it
   applies), per descriptor;

and prints Markdown tables. Goal: steps 2 + 3 (the whole leaderboard, photos
already read) in at most 60 s on the course's 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from imgsim_helpers import DESCRIPTORS, METHODS, METRICS, describe, evaluation_set, leaderboard, load_image

GOAL_S = 60.0


def best_of(repeats: int, function):
    """(smallest wall time in seconds, last result) over ``repeats`` runs."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def evaluate_all(rows: np.ndarray, labels: list[str], name: str) -> int:
    """Every metric x method for one descriptor's rows (as leaderboard does); returns how many ran."""
    return len(leaderboard([], labels, [name], features={name: rows}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement; the best counts (default 3)")
    args = parser.parse_args(argv)

    paths, labels = evaluation_set()
    print(f"# Toolbox benchmark: {len(paths)} photos, {len(DESCRIPTORS)} descriptors, {len(METRICS)} metrics, "
          f"{len(METHODS)} methods")
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {os.cpu_count()} CPU cores; "
          f"best of {args.repeats}\n")
    read_s, photos = best_of(args.repeats, lambda: [load_image(path) for path in paths])
    print(f"reading the photos: {read_s:.2f} s\n")

    print("| descriptor | numbers per photo | describe all photos | evaluate every metric x method | combinations |")
    print("|---|---|---|---|---|")
    total_describe = total_evaluate = 0.0
    combinations = 0
    for name, entry in DESCRIPTORS.items():
        describe_s, rows = best_of(args.repeats, lambda: describe(photos, name))
        evaluate_s, count = best_of(args.repeats, lambda: evaluate_all(rows, labels, name))
        total_describe += describe_s
        total_evaluate += evaluate_s
        combinations += count
        print(f"| {name} | {entry.length:,} | {describe_s:.2f} s | {evaluate_s:.2f} s | {count} |")
    total = total_describe + total_evaluate
    print(f"| **all** | | {total_describe:.2f} s | {total_evaluate:.2f} s | {combinations} |\n")
    verdict = "met" if total <= GOAL_S else "NOT met"
    print(f"Whole leaderboard (describe once + evaluate all): {total:.1f} s; goal <= {GOAL_S:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
