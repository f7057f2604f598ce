"""Benchmark: how fast is ``histogram()`` compared with the tutorial and other libraries?

What it measures
----------------
On synthetic, photo-like RGB ``uint8`` images (a smooth colour gradient plus
seeded Gaussian noise, so the values are deterministic and *not* uniform) of
0.25, 1 and 12 megapixels, it times how long each method takes to count the
256 values of a photo:

(a) ``counter_histogram(img)``  - the tutorial's ``collections.Counter`` method
(b) ``histogram(img)``          - vectorised, pooled (R, G and B together), 256 bins
(c) ``histogram(img, channels="rgb")`` - one 256-bin histogram per channel
(d) ``np.bincount(img.ravel(), minlength=256)``
(e) ``Image.fromarray(img).histogram()`` - Pillow, 768 per-channel counts
(f) ``cv2.calcHist`` on the image viewed as ONE channel (``img.reshape(H, W*3)``),
    i.e. the pooled histogram directly, with OpenCV's default thread count.
    Two extra rows, for context: the same call limited to 1 thread, and the sum
    of three per-channel ``calcHist`` calls. Skipped when cv2 is not installed.

Each time is the median of N calls timed with ``time.perf_counter`` after one
warm-up call; N is adapted to the size (about 2 s of calls per method, 3 to 51
repeats), and the methods take turns (a, b, c, ..., a, b, c, ...) so that load
from other programs hits them alike. A call that takes more than 5 s (the
Counter method on 12 MP, if the machine is slow) is timed once, without warm-up.
The load average is printed at the start and the end: on a busy machine every
number is slower and OpenCV's multithreading gains little. Every method's
counts are checked against ``histogram()`` (``assert``).

It also measures the peak extra memory of ``histogram()`` and
``np.bincount`` on the largest image, with ``tracemalloc`` (NumPy reports its
buffers to it, Pillow and OpenCV do not) and, on Linux, with the growth of the
process's peak resident memory (which sees every allocation).

It prints the machine, a markdown table (size, method, median ms, ratios
"Counter / histogram()" and "histogram() / cv2.calcHist"), the memory table,
and whether the goals are met: on 12 MP, ``histogram()`` at least 100x faster
than the Counter method and within 1.5x of ``cv2.calcHist``.

How to run
----------
From the repository root::

    python benchmarks/bench_histogram.py           # 0.25, 1 and 12 MP (about 1-2 min)
    python benchmarks/bench_histogram.py --quick   # 0.25 and 1 MP only (seconds)

For the OpenCV rows, use an environment that also has ``opencv-python-headless``
(the course itself does not need it), for example::

    python3 -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install -r requirements.txt opencv-python-headless
    /tmp/benchvenv/bin/python benchmarks/bench_histogram.py
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
from imgsim_helpers.histograms import counter_histogram, histogram  # noqa: E402

try:
    import cv2
except ImportError:  # optional: only for the comparison rows
    cv2 = None

#: (label, height, width)
SIZES = [("0.25 MP", 500, 500), ("1 MP", 1000, 1000), ("12 MP", 3000, 4000)]
QUICK_SIZES = SIZES[:2]

BUDGET_S = 2.0  # time spent on the repeats of one method at one size (roughly)
MIN_REPEATS, MAX_REPEATS = 3, 51
SINGLE_CALL_S = 5.0  # a first call slower than this is the only measurement

GOAL_COUNTER_SPEEDUP = 100.0  # histogram() at least this many times faster than Counter
GOAL_CV2_RATIO = 1.5  # histogram() at most this many times slower than cv2.calcHist

COUNTER = "(a) counter_histogram (tutorial, Counter)"
POOLED = "(b) histogram(img)"
RGB = '(c) histogram(img, channels="rgb")'
BINCOUNT = "(d) np.bincount(img.ravel(), minlength=256)"
PILLOW = "(e) Image.fromarray(img).histogram()"
CV2 = "(f) cv2.calcHist, image as 1 channel"
CV2_1T = "(f) cv2.calcHist, image as 1 channel, 1 thread"
CV2_3CH = "(f) cv2.calcHist x 3 channels, summed"


def synthetic_photo(height: int, width: int, seed: int = 0) -> np.ndarray:
    """A deterministic photo-like RGB image: smooth gradients plus seeded noise.

    Built in bands of about a megapixel so that making the 12 MP image does not
    itself need hundreds of megabytes.
    """
    rng = np.random.default_rng(seed)
    image = np.empty((height, width, 3), dtype=np.uint8)
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    band = max(1, (1 << 20) // width)
    for top in range(0, height, band):
        rows = min(band, height - top)
        y = (np.arange(top, top + rows, dtype=np.float32) / max(height - 1, 1))[:, None]
        red = 40 + 170 * x + 30 * y
        green = 60 + 120 * y + 40 * np.sin(6.0 * x) * np.cos(4.0 * y)
        blue = 220 - 180 * x * y
        plane = np.stack(np.broadcast_arrays(red, green, blue), axis=-1)
        plane += 12 * rng.standard_normal((rows, width, 3), dtype=np.float32)
        np.clip(plane, 0, 255, out=plane)
        image[top : top + rows] = np.rint(plane).astype(np.uint8)
    return image


def cv2_pooled(image: np.ndarray) -> np.ndarray:
    """Pooled histogram with OpenCV: calcHist on the pixels viewed as one channel."""
    one_channel = image.reshape(image.shape[0], -1)  # (H, W*3) uint8, no copy
    return cv2.calcHist([one_channel], [0], None, [256], [0, 256])


def cv2_pooled_one_thread(image: np.ndarray) -> np.ndarray:
    """The same, with OpenCV limited to one thread (NumPy and Pillow use one)."""
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        return cv2_pooled(image)
    finally:
        cv2.setNumThreads(threads)


def cv2_three_channels(image: np.ndarray) -> np.ndarray:
    """Pooled histogram with OpenCV: the sum of the three per-channel histograms."""
    return sum(cv2.calcHist([image], [c], None, [256], [0, 256]) for c in range(3))


def methods() -> list[tuple[str, object]]:
    found = [
        (COUNTER, counter_histogram),
        (POOLED, histogram),
        (RGB, lambda img: histogram(img, channels="rgb")),
        (BINCOUNT, lambda img: np.bincount(img.ravel(), minlength=256)),
        (PILLOW, lambda img: Image.fromarray(img).histogram()),
    ]
    if cv2 is not None:
        found += [(CV2, cv2_pooled), (CV2_1T, cv2_pooled_one_thread), (CV2_3CH, cv2_three_channels)]
    return found


def check(name: str, result, pooled: np.ndarray, per_channel: np.ndarray) -> None:
    """Assert that a method counted exactly what histogram() counted."""
    counts = np.asarray(result).ravel()
    if name in (RGB, PILLOW):
        assert counts.shape == (768,), (name, counts.shape)
        assert np.array_equal(counts, per_channel), f"{name}: differs from histogram(rgb)"
        assert np.array_equal(counts.reshape(3, 256).sum(axis=0), pooled), name
    else:
        assert counts.shape == (256,), (name, counts.shape)
        # cv2 returns float32 counts: exact while every count is below 2**24
        assert np.array_equal(counts.astype(np.int64), pooled), f"{name}: differs from histogram()"


def measure(named_functions, image: np.ndarray) -> dict[str, tuple[list[float], object, bool]]:
    """Time every ``function(image)``: {name: (timings in s, result, warmed up?)}.

    Each function is called once first (the warm-up, whose time sets its number
    of repeats), then the repeats run in interleaved rounds (a, b, c, a, b, c,
    ...), so that a burst of load from other programs slows all methods alike
    instead of spoiling one of them.
    """
    first, results = {}, {}
    for name, function in named_functions:
        gc.collect()
        start = time.perf_counter()
        results[name] = function(image)
        first[name] = time.perf_counter() - start
    repeats = {
        name: 0 if took >= SINGLE_CALL_S  # too slow to repeat: the first call is the measurement
        else int(min(MAX_REPEATS, max(MIN_REPEATS, BUDGET_S // max(took, 1e-9))))
        for name, took in first.items()
    }
    times = {name: [] for name in first}
    gc.collect()
    for round_number in range(max(repeats.values())):
        for name, function in named_functions:
            if round_number < repeats[name]:
                start = time.perf_counter()
                function(image)
                times[name].append(time.perf_counter() - start)
    return {
        name: (times[name], results[name], True) if repeats[name] else ([first[name]], results[name], False)
        for name in first
    }


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return found.group(1).strip() if found else (platform.processor() or "unknown CPU")


def print_machine() -> None:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print("## Machine\n")
    print(f"- platform: {platform.platform()} ({platform.machine()})")
    print(f"- CPU: {cpu_model()}; os.cpu_count() = {os.cpu_count()}, usable by this process = {usable}")
    print(f"- Python {platform.python_version()}, numpy {np.__version__}, Pillow {PIL.__version__}")
    if cv2 is None:
        print("- cv2 not installed: skipped")
    else:
        print(f"- opencv (cv2) {cv2.__version__}, cv2.getNumThreads() = {cv2.getNumThreads()}")
    print(f"- {load_average()} at the start")
    print()


def load_average() -> str:
    """The system load, which says whether other programs competed for the CPUs."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def _status_kib(key: str) -> int:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{key}:\s+(\d+) kB", text, re.M).group(1))


def release_freed_memory_to_os() -> None:
    """Make glibc give every large freed block back to the OS at once (Linux only).

    Otherwise a buffer can reuse heap memory freed earlier, which is already
    resident, and the peak RSS growth would miss it. Only used for the memory
    measurements, after all the timings.
    """
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD: a fixed 128 KiB, not the adaptive one
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def peak_rss_growth_mb(function, image: np.ndarray) -> float | None:
    """Growth of the peak resident memory during one call (Linux only), in MB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to now
        base = _status_kib("VmRSS")
    except (OSError, AttributeError):
        return None
    function(image)
    return (_status_kib("VmHWM") - base) * 1024 / 1e6


def tracemalloc_peak_mb(function, image: np.ndarray) -> float:
    """Peak of the memory traced by tracemalloc during one call, above the start, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        function(image)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - base) / 1e6


def fmt_ratio(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}x" if value >= 10 else f"{value:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the 0.25 and 1 MP images")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES

    print_machine()
    sys.stdout.flush()  # progress lines go to stderr while the tables are built
    rows = []  # (size, method, median_s, repeats, warmed)
    summary = []  # (size, counter / histogram(), histogram() / cv2, histogram() / cv2 1 thread)
    for label, height, width in sizes:
        image = synthetic_photo(height, width)
        pooled = histogram(image)
        per_channel = histogram(image, channels="rgb")
        medians = {}
        for name, (times, result, warmed) in measure(methods(), image).items():
            check(name, result, pooled, per_channel)
            medians[name] = statistics.median(times)
            rows.append((label, name, medians[name], len(times), warmed))
            print(f"  {label:>7}  {name:<50} {medians[name] * 1e3:10.3f} ms", file=sys.stderr)
        over_cv2 = medians[POOLED] / medians[CV2] if CV2 in medians else None
        over_cv2_1t = medians[POOLED] / medians[CV2_1T] if CV2_1T in medians else None
        summary.append((label, medians[COUNTER] / medians[POOLED], over_cv2, over_cv2_1t))
        del image

    print("## Timings (all counts checked equal to histogram())\n")
    print("| Size | Method | Median ms | Repeats | Time / histogram() |")
    print("|---|---|---:|---:|---:|")
    pooled_ms = {label: median for label, name, median, _, _ in rows if name == POOLED}
    for label, name, median, repeats, warmed in rows:
        shown = f"{repeats}" if warmed else f"{repeats} (no warm-up)"
        print(f"| {label} | {name} | {median * 1e3:,.2f} | {shown} | {fmt_ratio(median / pooled_ms[label])} |")
    print()
    print("| Size | Counter / histogram() | histogram() / cv2.calcHist | histogram() / cv2.calcHist (1 thread) |")
    print("|---|---:|---:|---:|")
    for label, speedup, over_cv2, over_cv2_1t in summary:
        cv2_cells = [fmt_ratio(r) if r is not None else "cv2 not installed" for r in (over_cv2, over_cv2_1t)]
        print(f"| {label} | {fmt_ratio(speedup)} | {cv2_cells[0]} | {cv2_cells[1]} |")
    print()
    if cv2 is None:
        print("cv2 not installed: skipped\n")
    else:
        print("cv2.calcHist is called on the image viewed as one channel (img.reshape(H, W*3)), "
              "which gives the pooled histogram directly; the x 3 channels row sums three calls.\n")

    label, height, width = sizes[-1]
    image = synthetic_photo(height, width)
    release_freed_memory_to_os()
    print(f"## Peak extra memory, {label} image ({image.nbytes / 1e6:.0f} MB of pixels)\n")
    print("| Method | tracemalloc peak MB | peak RSS growth MB |")
    print("|---|---:|---:|")
    for name, function in [
        (POOLED, histogram),
        (RGB, lambda img: histogram(img, channels="rgb")),
        (BINCOUNT, lambda img: np.bincount(img.ravel(), minlength=256)),
    ]:
        traced = tracemalloc_peak_mb(function, image)
        gc.collect()
        release_freed_memory_to_os()
        rss = peak_rss_growth_mb(function, image)
        rss_cell = "n/a" if rss is None else f"{rss:,.1f}"
        print(f"| {name} | {traced:,.1f} | {rss_cell} |")
    print("\ntracemalloc sees NumPy's buffers but not Pillow's or OpenCV's own allocations; "
          "the peak RSS growth (Linux: /proc/self/clear_refs, glibc told to unmap freed blocks) "
          "sees all of them.\n")

    print(f"{load_average()} at the end: a load near or above the CPU count means other programs "
          "competed for the CPUs, which slows everything and hides OpenCV's multithreading.\n")

    print("## Goals (12 MP)\n")
    by_label = {entry[0]: entry for entry in summary}
    if "12 MP" not in by_label:
        print("- not evaluated: the goals are about the 12 MP image; run without --quick")
        return 0
    _, speedup, over_cv2, _ = by_label["12 MP"]
    verdict = "MET" if speedup >= GOAL_COUNTER_SPEEDUP else "MISSED"
    print(f"- histogram() >= {GOAL_COUNTER_SPEEDUP:.0f}x faster than Counter: {fmt_ratio(speedup)} -> {verdict}")
    if over_cv2 is None:
        print(f"- histogram() within {GOAL_CV2_RATIO}x of cv2.calcHist: cv2 not installed: skipped")
    else:
        verdict = "MET" if over_cv2 <= GOAL_CV2_RATIO else "MISSED"
        print(f"- histogram() within {GOAL_CV2_RATIO}x of cv2.calcHist: "
              f"{fmt_ratio(over_cv2)} -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
