"""Benchmark: how fast and how accurate is ``imgsim_helpers.near_duplicates.duplicates``?

What it measures
----------------
(a) **Hashing.** ``hash_folder`` on 1,000 synthetic, photo-like 1-megapixel JPEGs
    (the generator of ``bench_search.py``), with one thread per core and with one
    thread, for each hash; beside it, **decoding alone** (the same files read by the
    same reader, on the same threads, nothing else), the floor any hashing must
    stand on. JPEGs are decoded at half size (``HASH_DRAFT_PIXELS``); how many hash
    bits that changes, against a full decode, is measured on 100 of the photos and
    on the bundled photos enlarged to twice their size. Goal: 1,000 photos hashed in at most 5 s on a 2-core machine.
(b) **All pairs.** ``close_pairs`` on 10,000, 30,000 and 100,000 random 64-bit
    hashes (threshold 10): every one of the n (n - 1) / 2 pairs is compared, so the
    time grows as n squared; with one thread per core and with one. Goal: 100,000
    hashes (5 billion pairs) in at most 2 s. The line for a million is extrapolated
    from 100,000 (x 100), not measured.
(c) **Accuracy** (``--accuracy``; needs imagehash from requirements-test.txt): a
    folder of every bundled photo plus the 11 edited copies of each (see
    ``imgsim_helpers.near_duplicates.copies``), with known ground truth. Precision and recall of the
    pairs found (two files in one group), for ``find_duplicates`` at its defaults,
    the same without the colour check, and ``imagehash.phash`` at distance <= 10
    (``imagededup``'s default threshold) on ``Image.open(path)`` as usually
    called, grouped the same way; then, per edit, the share of copies found with
    their original.

Every time is wall time (``time.perf_counter``), the median of 3 runs for (a)
and of 5 for (b) (3 at 100,000), with the CPU time of the same runs beside it
(``time.process_time``, all threads): on a busy machine the wall time grows,
the CPU time hardly does; on 2 free cores the wall time of a 2-thread run is
about half its CPU time. The load average is printed at the start and the end.

How to run
----------
From the repository root::

    python benchmarks/bench_duplicates.py              # (a) and (b): about a minute
    python benchmarks/bench_duplicates.py --quick      # 200 photos, up to 30,000 hashes
    python benchmarks/bench_duplicates.py --accuracy   # (c) only
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import PHOTO_SIZE, write_photos  # noqa: E402
from imgsim_helpers.near_duplicates.copies import EDITS, write_copies_folder  # noqa: E402
from imgsim_helpers.near_duplicates.duplicates import find_duplicates  # noqa: E402
from imgsim_helpers.near_duplicates.folder_hashes import HASH_DRAFT_PIXELS, hash_folder  # noqa: E402
from imgsim_helpers.near_duplicates.grouping import DEFAULT_THRESHOLD, _components, group_duplicates  # noqa: E402
from imgsim_helpers.search.folders import read_rgb  # noqa: E402
from imgsim_helpers._shared.workers import default_workers  # noqa: E402
from imgsim_helpers.near_duplicates.hashing import HASH_FUNCTIONS  # noqa: E402
from imgsim_helpers.near_duplicates.hamming import close_pairs, hamming  # noqa: E402
from imgsim_helpers.images import load_image  # noqa: E402
from imgsim_helpers.samples import samples  # noqa: E402

GOAL_HASH_S = 5.0      # for 1,000 photos of 1 MP
GOAL_PAIRS_S = 2.0     # for 100,000 hashes


def median_of(function, repeats: int) -> float:
    """Median wall time of ``repeats`` runs; the median CPU time goes to ``CPU_SECONDS``."""
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU_SECONDS[0] = statistics.median(cpu)
    return statistics.median(times)


#: CPU time (all threads of this process) of the last median_of: unlike wall time, it barely
#: changes when other programs share the cores, so it shows the cost on a busy machine too.
CPU_SECONDS = [0.0]


def decode_all(paths: list[Path], workers: int) -> None:
    """Only decode every file, exactly as hash_folder's reader does (draft for big JPEGs)."""
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda p: read_rgb(p, True, HASH_DRAFT_PIXELS), paths))


def bench_hashing(root: Path, count: int, workers: int) -> list[list[str]]:
    photos = root / "photos"
    start = time.perf_counter()
    write_photos(photos, count, PHOTO_SIZE)
    print(f"wrote {count:,} JPEGs of {PHOTO_SIZE[0]} x {PHOTO_SIZE[1]} in {time.perf_counter() - start:.1f} s",
          flush=True)
    paths = sorted(photos.iterdir())
    goal = GOAL_HASH_S * count / 1000
    rows = []
    for threads in (workers, 1):
        seconds = median_of(lambda: decode_all(paths, threads), 3)
        rows.append([f"decode only, {count:,} x 1 MP", str(threads), f"{seconds:.2f} s",
                     f"{CPU_SECONDS[0]:.2f} s", f"{1000 * seconds / count:.1f} ms", "", ""])
        for name in ("dct", "difference", "average"):
            seconds = median_of(lambda: hash_folder(photos, name, progress=False, workers=threads), 3)
            met = ("yes" if seconds <= goal else "**no**") if threads == workers else ""
            rows.append([f"hash_folder ({name}), {count:,} x 1 MP", str(threads), f"{seconds:.2f} s",
                         f"{CPU_SECONDS[0]:.2f} s", f"{1000 * seconds / count:.1f} ms",
                         f"<= {goal:.0f} s" if met else "", met])
        print(f"hashing with {threads} thread(s) done", flush=True)
    # What the reduced decoding costs: hash bits that differ from a full decode's hash, on 100 of
    # the synthetic photos (smooth gradients and noise: a hard case) and on the bundled photos
    # enlarged 2x (real photos big enough to be reduced).
    enlarged = root / "enlarged"
    enlarged.mkdir()
    for row in samples():
        picture = Image.fromarray(load_image(row["name"]))
        picture.resize((2 * picture.width, 2 * picture.height), Image.Resampling.LANCZOS).save(
            enlarged / f"{row['name']}.jpg", quality=90)
    for label, files in (("synthetic 1 MP", paths[:100]), ("bundled photos enlarged 2x", sorted(enlarged.iterdir()))):
        for name, function in HASH_FUNCTIONS.items():
            changed = [hamming(function(read_rgb(p, False)), function(read_rgb(p, True, HASH_DRAFT_PIXELS)))
                       for p in files]
            rows.append([f"{name} hash, reduced against full decode: {len(files)} {label}", "", "", "",
                         f"{np.mean(changed):.2f} bits differ on average, at most {max(changed)}", "", ""])
    return rows


def bench_pairs(sizes: list[int], workers: int) -> list[list[str]]:
    rng = np.random.default_rng(0)
    rows = []
    last = None
    for n in sizes:
        hashes = rng.integers(0, 2**64, size=(n, 1), dtype=np.uint64)  # 64 random bits each, packed
        for threads in (workers, 1):
            repeats = 5 if n <= 30_000 else 3
            seconds = median_of(lambda: close_pairs(hashes, DEFAULT_THRESHOLD, workers=threads), repeats)
            pairs = n * (n - 1) // 2
            goal = f"<= {GOAL_PAIRS_S:.0f} s" if n == 100_000 and threads == workers else ""
            met = ("yes" if seconds <= GOAL_PAIRS_S else "**no**") if goal else ""
            rows.append([f"close_pairs, {n:,} hashes ({pairs / 1e9:.2f} billion pairs)", str(threads),
                         f"{seconds:.3f} s", f"{CPU_SECONDS[0]:.3f} s", f"{seconds / pairs * 1e9:.2f} ns a pair",
                         goal, met])
            if threads == workers:
                last = (n, seconds)
        print(f"{n:,} hashes done", flush=True)
    if last:
        n, seconds = last
        scale = (1_000_000 / n) ** 2
        rows.append([f"close_pairs, 1,000,000 hashes (500 billion pairs): extrapolated x{scale:,.0f}",
                     str(workers), f"about {seconds * scale / 60:.0f} min", "", "", "", ""])
    return rows


# --------------------------------------------------------------------------- (c) accuracy


def _pairs_of_groups(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for group in groups for pair in itertools.combinations(group, 2)}


def bench_accuracy(root: Path) -> None:
    try:
        import imagehash
    except ModuleNotFoundError:
        sys.exit("--accuracy compares with imagehash, a test-only library: install it first in the activated "
                 "environment with: python -m pip install imagehash")

    names = [row["name"] for row in samples()]
    start = time.perf_counter()
    files = write_copies_folder(root, names)
    print(f"wrote {len(files):,} files ({len(names)} bundled photos, {len(EDITS)} edits each) in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    truth = {tuple(sorted((a.path, b.path))) for a, b in itertools.combinations(files, 2) if a.photo == b.photo}

    report = find_duplicates(root, progress=False)
    unchecked = group_duplicates(report.hashes, DEFAULT_THRESHOLD, check_threshold=255)
    # imagehash as usually called: phash of the file as Pillow opens it, distance <= 10.
    paths = [f.path for f in files]
    theirs = [imagehash.phash(Image.open(root / p)) for p in paths]
    bits = np.array([h.hash.reshape(-1) for h in theirs])
    i, j, _ = close_pairs(bits, 10)
    their_groups = [[paths[k] for k in members] for members in _components(len(paths), i, j)]

    methods = {
        f"imgsim `find_duplicates` (dct hash <= {DEFAULT_THRESHOLD} bits + colour check)": report.pairs(),
        f"imgsim dct hash <= {DEFAULT_THRESHOLD} bits, no colour check": unchecked.pairs(),
        "`imagehash.phash(Image.open(path))` <= 10 bits": _pairs_of_groups(their_groups),
    }
    print()
    print(f"{len(files):,} files, {len(truth):,} true pairs ({len(names)} photos x {len(EDITS) + 1} files)")
    print()
    print("| method | pairs found | precision | recall |")
    print("|---|---|---|---|")
    for label, found in methods.items():
        right = len(found & truth)
        print(f"| {label} | {len(found):,} | {right / max(1, len(found)):.3f} | {right / len(truth):.3f} |")

    print()
    group_of = {}
    for label, groups in (("imgsim", [[m.path for m in g.members] for g in report.groups]),
                          ("imagehash", their_groups)):
        group_of[label] = {p: k for k, group in enumerate(groups) for p in group}
    original = {f.photo: f.path for f in files if f.edit == "original"}
    print("| edit | found with its original: imgsim | imagehash.phash <= 10 |")
    print("|---|---|---|")
    for edit in EDITS:
        shares = []
        for label in ("imgsim", "imagehash"):
            where = group_of[label]
            hits = [f.path in where and where[f.path] == where.get(original[f.photo]) for f in files if f.edit == edit]
            shares.append(f"{np.mean(hits):.0%}")
        print(f"| {edit} | {shares[0]} | {shares[1]} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 photos, up to 30,000 hashes")
    parser.add_argument("--accuracy", action="store_true", help="only (c), the accuracy on a folder of copies")
    args = parser.parse_args()
    workers = default_workers()
    print(f"python {platform.python_version()}, numpy {np.__version__}, Pillow {PIL.__version__}, "
          f"{os.cpu_count()} CPUs ({workers} usable), {platform.machine()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_duplicates_") as tmp:
        if args.accuracy:
            bench_accuracy(Path(tmp))
        else:
            count, sizes = (200, [10_000, 30_000]) if args.quick else (1000, [10_000, 30_000, 100_000])
            rows = bench_hashing(Path(tmp), count, workers) + bench_pairs(sizes, workers)
            print()
            print("| task | threads | wall time | CPU time | per photo / per pair | goal | met |")
            print("|---|---|---|---|---|---|---|")
            for row in rows:
                print("| " + " | ".join(row) + " |")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
