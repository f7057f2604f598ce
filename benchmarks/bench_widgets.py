"""How long does one slider move take? Compute vs redraw, per control.

Run from the course folder::

    .venv/bin/python benchmarks/bench_widgets.py [--repeats N]

For each control of the two explorers of notebook 06, on the bundled photos,
this moves the control through a cycle of values and times every update,
split into **compute** (histograms and distances: the pure functions from
``imgsim_helpers.explore``) and **redraw** (matplotlib's Agg renderer drawing
the figure and encoding the PNG). It prints the median and worst time per
update as a Markdown table. Goals: compute <= 20 ms, full update <= 150 ms
(median). No browser is involved: time in the browser adds the transfer of
one PNG (~50-100 kB) over the local websocket.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402
import numpy as np  # noqa: E402

from imgsim_helpers import explore, load_image, samples  # noqa: E402
from imgsim_helpers.widgets import histogram_explorer, similarity_explorer  # noqa: E402

CYCLES = {
    "bins": [128, 64, 32, 16, 8, 256],
    "brightness": [10, 30, -20, 50, -50, 0],
    "contrast": [1.5, 0.5, 2.0, 0.8, 1.2, 1.0],
    "channels": ["rgb", "joint", "pooled"],
    "normalize": [True, False],
    "metric": None,  # filled from the widget's own options
    "photo": None,
}


def timed_updates(explorer, control: str, values, repeats: int) -> tuple[list[float], list[float]]:
    """Set ``explorer.<control>`` to each value in turn; return (compute, total) times in ms."""
    compute_times, total_times = [], []
    real = {name: getattr(explore, name) for name in ("explore_histogram", "explore_similarity")}
    import imgsim_helpers.widgets as widgets_module

    def timing(function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            result = function(*args, **kwargs)
            compute_times.append((time.perf_counter() - start) * 1000)
            return result
        return wrapper

    for name, function in real.items():
        setattr(widgets_module, name, timing(function))
    try:
        for _ in range(repeats):
            for value in values:
                if getattr(explorer, control).value == value:
                    continue
                start = time.perf_counter()
                getattr(explorer, control).value = value
                total_times.append((time.perf_counter() - start) * 1000)
    finally:
        for name, function in real.items():
            setattr(widgets_module, name, function)
    return compute_times, total_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="cycles per control (default 3)")
    args = parser.parse_args()

    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"numpy {np.__version__}, matplotlib {matplotlib.__version__}")
    hist_widget = histogram_explorer()
    hist_widget.photo.options  # the bundled photos
    photos = [row["name"] for row in samples()][:8]
    load_image(photos[0])
    sim_widget = similarity_explorer()
    rows = []
    for label, widget, controls in [
        ("histogram explorer", hist_widget, ["bins", "brightness", "contrast", "channels", "normalize", "photo"]),
        ("similarity explorer", sim_widget, ["bins", "brightness", "channels", "normalize", "metric"]),
    ]:
        for control in controls:
            values = CYCLES[control]
            if control == "metric":
                values = list(widget.metric.options)
                if len(values) < 2:
                    continue
            if control == "photo":
                values = photos
            if control == "bins" and label == "histogram explorer":
                widget.channels.value = "pooled"
            compute, total = timed_updates(widget, control, values, args.repeats)
            if control == "channels":
                widget.channels.value = "pooled"
            rows.append((label, control, compute, total))

    print()
    print("| explorer | control | updates | compute median (ms) | compute worst (ms) | "
          "full update median (ms) | full update worst (ms) |")
    print("|---|---|---|---|---|---|---|")
    for label, control, compute, total in rows:
        print(f"| {label} | {control} | {len(total)} | {statistics.median(compute):.1f} | {max(compute):.1f} | "
              f"{statistics.median(total):.1f} | {max(total):.1f} |")
    all_compute = [t for *_, compute, _ in rows for t in compute]
    all_total = [t for *_, total in rows for t in total]
    print()
    print(f"overall: compute median {statistics.median(all_compute):.1f} ms (goal <= 20), "
          f"full update median {statistics.median(all_total):.1f} ms (goal <= 150)")


if __name__ == "__main__":
    main()
