"""Benchmark: how fast is the photo search of ``imgsim_helpers.search.index``?

What it measures
----------------
(a) **Indexing.** ``build_index`` on 1,000 synthetic, photo-like 1-megapixel
    JPEGs (smooth colour gradients and soft blobs plus seeded noise, written
    once into a temporary folder): wall time and time per photo, with the
    thread pool (one thread per core) and without it (``workers=1``), with and
    without draft decoding, progress bar on. On 1 MP photos draft changes
    nothing (it never decodes below about 1 MP), so a second set of 12 MP
    JPEGs shows what draft is for, and how much it changes the histograms
    (mean L1 distance between the draft and the full-decode histogram).
    Goal: the 1,000 photos in at most 10 s on a 2-core machine.
(b) **One query** against 100,000 stored 512-bin histograms (8 x 8 x 8 joint,
    random sparse ones, ``float32``), euclidean, k = 5. It is compared with the
    time to read the feature matrix once, measured in the same run in two ways:
    ``np.load`` of the matrix from a ``.npy`` file (from the page cache: the file
    was just written) and one in-memory pass over it (``features.max()``); the
    goal, at most 2x the time of reading the matrix once, is checked against
    the faster of the two. The top 5 are checked against an exact ``float64``
    ranking of all rows. Every other metric is timed too (median of 5), with
    the goal of at most 4x a read.
(c) **Peak memory** of (a) and (b), in separate untimed runs: ``tracemalloc``
    (sees NumPy's buffers, not Pillow's), and the growth of the peak resident
    memory (Linux's VmHWM, sees everything) over the resident memory
    just before the step, in a fresh process that does only that step (the peak
    of a process never goes down, so the photo generator's would hide the index's).

Every time is wall time (``time.perf_counter``): indexing runs once per setting
(each run is many seconds of work), queries are the median of 20. The load
average is printed at the start and the end: on a busy machine the pool has
fewer free cores and every number is slower.

How to run
----------
From the repository root::

    python benchmarks/bench_search.py           # full: about 3-4 minutes
    python benchmarks/bench_search.py --quick   # 100 photos, 10,000 histograms: seconds

The progress bar appears when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource  # peak memory where /proc is missing
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
from imgsim_helpers.distances import METRICS, metric_named  # noqa: E402
from imgsim_helpers.histograms import histogram  # noqa: E402
from imgsim_helpers.search.folders import load_image_fast  # noqa: E402
from imgsim_helpers._shared.workers import default_workers  # noqa: E402
from imgsim_helpers.search.index import Index, build_index  # noqa: E402

PHOTO_SIZE = (1224, 816)  # width x height: 3:2, 0.999 MP
BIG_SIZE = (4000, 3000)  # 12 MP
GOAL_INDEX_S = 10.0  # for 1,000 photos of 1 MP
GOAL_QUERY_RATIO = 2.0  # query time / time to read the matrix once
GOAL_OTHER_RATIO = 4.0  # the same, for the metrics other than euclidean
QUERY_REPEATS = 20


_NOISE: dict[tuple[int, int], np.ndarray] = {}


def photo_like(width: int, height: int, seed: int) -> np.ndarray:
    """A deterministic photo-like image: a gradient between random colours, soft blobs, noise.

    The smooth part is computed at 1/8 size and enlarged by Pillow; the noise is a
    window, at a random offset, into one block of noise made once per size. So making
    a thousand photos takes seconds, not minutes.
    """
    rng = np.random.default_rng(seed)
    w, h = max(2, width // 8), max(2, height // 8)
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    top, bottom, side = (rng.uniform(0, 255, 3).astype(np.float32) for _ in range(3))
    pixels = top * (1 - y) + bottom * y
    pixels = pixels + (side - pixels) * (0.5 * x)
    for _ in range(3):  # soft round blobs of colour: "objects"
        cx, cy, r = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.05, 0.3)
        weight = np.exp(-((x - cx) ** 2 + ((y - cy) * h / w) ** 2) / (2 * r * r))
        pixels = pixels + (rng.uniform(0, 255, 3).astype(np.float32) - pixels) * weight
    small = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    smooth = np.asarray(small.resize((width, height), Image.Resampling.BICUBIC), dtype=np.int16)
    if (width, height) not in _NOISE:
        block = np.random.default_rng(12345).normal(0, 8, (height, width + 64, 3))
        _NOISE[(width, height)] = np.clip(block, -127, 127).astype(np.int8)
    offset = int(rng.integers(0, 64))
    noisy = smooth + _NOISE[(width, height)][:, offset:offset + width]
    return np.clip(noisy, 0, 255).astype(np.uint8)


def write_photos(folder: Path, count: int, size: tuple[int, int], first_seed: int = 0) -> None:
    """Write ``count`` JPEGs (quality 85) into ``folder``, two at a time."""
    folder.mkdir(parents=True, exist_ok=True)

    def one(i: int) -> None:
        image = Image.fromarray(photo_like(*size, seed=first_seed + i))
        image.save(folder / f"photo_{i:04d}.jpg", quality=85)

    with ThreadPoolExecutor(default_workers()) as pool:
        list(pool.map(one, range(count)))


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux: ru_maxrss is in KiB)."""
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def _proc_status_mib(field: str) -> float | None:
    """A memory line of /proc/self/status (Linux), in MiB; None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def current_rss_mib() -> float:
    """Resident memory of this process now, in MiB (elsewhere than Linux: the peak so far)."""
    now = _proc_status_mib("VmRSS")
    return peak_rss_mib() if now is None else now


def process_peak_mib() -> float:
    """Peak resident memory of this process's own memory, in MiB.

    Linux's VmHWM starts afresh in a new program; ``ru_maxrss`` does not: a child
    inherits its parent's peak at fork time, which would hide the child's own.
    """
    peak = _proc_status_mib("VmHWM")
    return peak_rss_mib() if peak is None else peak


def rss_growth_in_child(*args: str) -> float:
    """Run this script in a fresh process in one of its measuring modes; return its answer (MiB).

    ``ru_maxrss`` only ever grows, so the growth caused by one step can only be
    seen in a process that has done nothing else before it.
    """
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def child_measure(mode: str, target: str, workers: int) -> None:
    """The child's side of :func:`rss_growth_in_child`: print peak RSS minus RSS before, in MiB."""
    if mode == "index":
        gc.collect()
        before = current_rss_mib()
        build_index(target, workers=workers, progress=False)
    else:  # "query": the matrix is loaded first, so only the query's own memory is counted
        features = np.load(target)
        n = len(features)
        index = Index(Path(target).parent, [f"p{i}" for i in range(n)], features, np.zeros(n), np.zeros(n),
                      {"descriptor": "joint", "draft": True})
        query = np.random.default_rng(5).gamma(0.3, size=512) + 1e-3
        gc.collect()
        before = current_rss_mib()
        index.query(query, k=5, metric=mode.split(":")[1])
    print(f"{process_peak_mib() - before:.1f}")


def tracemalloc_peak_mib(function) -> float:
    """Peak of NumPy/Python allocations while ``function()`` runs, in MiB."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def timed(function) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median_time(function, repeats: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --------------------------------------------------------------------------- (a) indexing


def bench_indexing(root: Path, count: int, big_count: int, workers: int) -> tuple[list[list[str]], dict]:
    rows: list[list[str]] = []
    photos, big = root / "photos", root / "big"
    seconds, _ = timed(lambda: write_photos(photos, count, PHOTO_SIZE))
    print(f"wrote {count:,} JPEGs of {PHOTO_SIZE[0]} x {PHOTO_SIZE[1]} in {seconds:.1f} s "
          f"({sum(p.stat().st_size for p in photos.iterdir()) / count / 1024:.0f} KiB each)", flush=True)
    settings = [
        ("rgb, 32 bins (default)", dict(), True, workers),
        ("rgb, 32 bins (default)", dict(), False, workers),
        ("rgb, 32 bins (default)", dict(), True, 1),
        ("rgb, 32 bins (default)", dict(), False, 1),
        ("joint, 8 bins (512)", dict(descriptor="joint"), True, workers),
        ("joint, 8 bins (512)", dict(descriptor="joint"), True, 1),
    ]
    results = {}
    for label, options, draft, threads in settings:
        seconds, index = timed(lambda: build_index(photos, draft=draft, workers=threads, progress=True, **options))
        assert len(index) == count and not index.skipped
        results[(label, draft, threads)] = seconds
        goal = f"<= {GOAL_INDEX_S * count / 1000:.0f} s" if threads == workers else ""
        met = ("yes" if seconds <= GOAL_INDEX_S * count / 1000 else "**no**") if goal else ""
        rows.append([f"(a) index {count:,} x 1 MP", label, "on" if draft else "off", str(threads),
                     f"{seconds:.2f} s", f"{1000 * seconds / count:.1f} ms", goal, met])

    seconds, _ = timed(lambda: write_photos(big, big_count, BIG_SIZE, first_seed=10_000))
    print(f"wrote {big_count} JPEGs of {BIG_SIZE[0]} x {BIG_SIZE[1]} in {seconds:.1f} s", flush=True)
    for draft in (True, False):
        seconds, _ = timed(lambda: build_index(big, draft=draft, workers=workers, progress=True))
        rows.append([f"(a) index {big_count} x 12 MP", "rgb, 32 bins (default)", "on" if draft else "off",
                     str(workers), f"{seconds:.2f} s", f"{1000 * seconds / big_count:.1f} ms", "", ""])
    changes = []
    for path in sorted(big.iterdir())[:5]:
        full, small = load_image_fast(path, draft=False), load_image_fast(path, draft=True)
        changes.append(np.abs(histogram(full, 32, "rgb", True) - histogram(small, 32, "rgb", True)).sum())
    results["draft_l1"] = float(np.mean(changes))
    results["draft_shape"] = small.shape
    return rows, results


# --------------------------------------------------------------------------- (b) one query


def random_histograms(n: int, seed: int = 0) -> np.ndarray:
    """``n`` sparse 512-bin histograms (float32, each sums to 1), made a block at a time."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, 512), dtype=np.float32)
    for start in range(0, n, 10_000):
        rows = min(10_000, n - start)
        counts = rng.gamma(0.3, size=(rows, 512)).astype(np.float32)
        counts *= rng.random((rows, 512), dtype=np.float32) < 0.25  # most colours absent
        counts[:, 0] += 1e-3
        out[start:start + rows] = counts / counts.sum(axis=1, keepdims=True)
    return out


def bench_query(root: Path, n: int) -> tuple[list[list[str]], dict]:
    features = random_histograms(n)
    index = Index(root, [f"p{i:06d}.jpg" for i in range(n)], features, np.zeros(n), np.zeros(n),
                  {"descriptor": "joint", "draft": True})
    saved = root / "features.npy"
    np.save(saved, index.features)
    load_s = median_time(lambda: np.load(saved), 5)
    pass_s = median_time(lambda: index.features.max(), 10)
    read_s = min(load_s, pass_s)
    rng = np.random.default_rng(99)
    queries = [rng.gamma(0.3, size=512) * (rng.random(512) < 0.25) + 1e-3 for _ in range(QUERY_REPEATS + 1)]
    times = []
    for q in queries:  # a different query every time: nothing is cached between them
        start = time.perf_counter()
        top = index.query(q, k=5)
        times.append(time.perf_counter() - start)
        # check: the same top 5 as an exact float64 ranking of every row
        exact = np.sqrt(((index.features.astype(np.float64) - index.describe(q)) ** 2).sum(axis=1)) \
            if q is queries[0] else None
        if exact is not None:
            best = np.lexsort((np.arange(n), exact))[:5]
            assert [p for p, _ in top] == [index.paths[i] for i in best], "top 5 differs from float64"
            assert np.allclose([d for _, d in top], exact[best], rtol=1e-12)
    query_s = statistics.median(times[1:])
    rows = [
        [f"(b) read the {n:,} x 512 matrix once", f"np.load of {saved.stat().st_size / 2**20:.0f} MiB (page cache)",
         "", "", f"{1000 * load_s:.1f} ms", "", "", ""],
        [f"(b) read the {n:,} x 512 matrix once", "one in-memory pass (features.max())", "", "",
         f"{1000 * pass_s:.1f} ms", "", "", ""],
        [f"(b) one query, {n:,} x 512", "euclidean, k=5 (median of 20)", "", "", f"{1000 * query_s:.1f} ms",
         f"{query_s / read_s:.2f}x a read", f"<= {GOAL_QUERY_RATIO:.0f}x ({1000 * GOAL_QUERY_RATIO * read_s:.0f} ms)",
         "yes" if query_s <= GOAL_QUERY_RATIO * read_s else "**no**"],
    ]
    for metric in (m for m in METRICS if m != "euclidean"):  # every other metric: goal <= 4x a read
        try:  # median_time's warm-up query raises first when the metric does not apply
            seconds = median_time(lambda: index.query(queries[0], k=5, metric=metric), 5)
        except ValueError as refused:  # e.g. emd on a joint (colour-cube) index
            rows.append([f"(b) one query, {n:,} x 512", f"{metric}: not applicable ({refused})", "", "", "",
                         "", "", ""])
            continue
        how = "cache-sized blocks" if metric_named(metric).block is not None else "2,048-row chunks"
        rows.append([f"(b) one query, {n:,} x 512", f"{metric}, k=5 (exact float64, {how})", "", "",
                     f"{1000 * seconds:.1f} ms", f"{seconds / read_s:.2f}x a read",
                     f"<= {GOAL_OTHER_RATIO:.0f}x ({1000 * GOAL_OTHER_RATIO * read_s:.0f} ms)",
                     "yes" if seconds <= GOAL_OTHER_RATIO * read_s else "**no**"])
    return rows, {"index": index, "query": queries[0]}


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 photos, 5 big ones, 10,000 histograms")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "TARGET", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_measure(args.child[0], args.child[1], int(args.child[2]))
        return
    count, big_count, n = (100, 5, 10_000) if args.quick else (1000, 40, 100_000)
    workers = default_workers()
    print(f"python {platform.python_version()}, numpy {np.__version__}, Pillow {PIL.__version__}, "
          f"{os.cpu_count()} CPUs ({workers} usable), {platform.machine()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench_search_") as tmp:
        root = Path(tmp)
        index_rows, facts = bench_indexing(root, count, big_count, workers)
        query_rows, q = bench_query(root, n)
        photos = str(root / "photos")
        memory = [
            (f"(a) build_index, {count:,} x 1 MP, rgb/32, {workers} threads",
             tracemalloc_peak_mib(lambda: build_index(photos, workers=workers, progress=False)),
             rss_growth_in_child("--child", "index", photos, str(workers))),
            (f"(a) build_index, {count:,} x 1 MP, joint/8, {workers} threads",
             tracemalloc_peak_mib(lambda: build_index(photos, descriptor="joint", workers=workers,
                                                      progress=False)), None),
        ]
        for metric in ("euclidean", "chi_square"):
            memory.append((f"(b) one {metric} query, {n:,} x 512",
                           tracemalloc_peak_mib(lambda: q["index"].query(q["query"], k=5, metric=metric)),
                           rss_growth_in_child("--child", f"query:{metric}", str(root / "features.npy"), "1")))
        matrix_mib = q["index"].features.nbytes / 2**20

    print()
    print("| part | setting | draft | threads | wall time | per photo / ratio | goal | met |")
    print("|---|---|---|---|---|---|---|---|")
    for row in index_rows + query_rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(f"Draft on the 12 MP JPEGs decodes {facts['draft_shape'][1]} x {facts['draft_shape'][0]} "
          f"pixels; mean L1 change of the normalised rgb histogram: {facts['draft_l1']:.3f} (of at most 2).")
    print()
    print("| part | peak memory, tracemalloc (NumPy + Python) | peak RSS growth, fresh process (everything) |")
    print("|---|---|---|")
    for label, traced, rss in memory:
        print(f"| {label} | {traced:.1f} MiB | {'' if rss is None else f'{rss:.0f} MiB'} |")
    print()
    print(f"The feature matrix itself: {matrix_mib:.0f} MiB ({n:,} x 512 float32), not counted above "
          "(the query child loads it before measuring).")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
