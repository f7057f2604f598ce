"""The expected results of every exercise, computed: the instructor's half of the checks.

The judges of ``imgsim_helpers/checks/`` compute no answer themselves. They
compare what a learner's code gave with *expected results*: the right answer for
the inputs it was tried on (``"right"``) and the typical wrong answers the hints
name (``"swapped"``, ``"wrapped"``, ...). This module computes them for any
input, so the grader can judge the hidden inputs of ``grading/``.

The student bundle leaves this module out (it is under ``classroom/``): there,
the judges read the results of the visible inputs from
``imgsim_helpers/expected_visible.json``, which this module writes:

    python -m imgsim_helpers.classroom.expected

Write it again after changing a judge's visible inputs or what a judge expects;
``tests/test_checks.py`` fails while it is out of date.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import checks
from ..histograms import histogram
from ..images import load_image

__all__ = ["expected", "main", "visible_table", "write_visible"]

#: Whole-number arrays with more values than this are stored as fingerprints, not value by value.
LARGEST_STORED = 1024


@lru_cache(maxsize=1)
def _duck() -> np.ndarray:
    """The duck photo, the notebooks' ``img`` (a learner's answer may use it by mistake)."""
    return load_image("duck")


def _means(img: np.ndarray) -> np.ndarray:
    return img.sum(axis=(0, 1), dtype=np.float64) / (img.shape[0] * img.shape[1])


def _1_1() -> dict:
    height, width = _duck().shape[:2]
    return {"right": height * width, "added": height + width}


def _1_2() -> dict:
    img = _duck()
    height, width = img.shape[:2]
    return {"right": img[height // 2, width // 2], "swapped": img[width // 2, height // 2],
            "height_twice": img[height // 2, height // 2], "one_up": img[(height - 1) // 2, (width - 1) // 2]}


def _1_3(img: np.ndarray) -> dict:
    means = _means(img)
    pixels = img.shape[0] * img.shape[1]
    return {"right": means, "sums": means * pixels, "of_duck": _means(_duck()),
            "first_rows": np.array([img[i].mean() for i in range(min(3, len(img)))]),   # image[0] read as red
            "wrapped": (img.sum(axis=(0, 1), dtype=np.int64) % 256) / pixels}             # totals kept in uint8


def _2_1() -> dict:
    rows, columns = 1080, 1920
    return {"right": rows * columns * 3, "pixels": rows * columns, "four_channels": rows * columns * 4,
            "added": rows + columns, "duck": _duck().size, "one_row": columns * 3, "channels_twice": rows * columns * 9}


def _2_2(img: np.ndarray) -> dict:
    return {"right": img[:, :, 1].ravel(), "red": img[:, :, 0].ravel(), "blue": img[:, :, 2].ravel(),
            "of_duck": _duck()[:, :, 1].ravel(), "column_order": img[:, :, 1].ravel(order="F")}


def _2_3(flat: np.ndarray, width: int, row: int, col: int) -> dict:
    flat = np.asarray(flat)
    duck = _duck()
    swapped = (col * width + row) * 3
    unscaled = row * width + col
    column_unscaled = row * width * 3 + col
    one_based = ((row - 1) * width + col - 1) * 3
    return {"right": flat.reshape(-1, width, 3)[row, col],     # the image the flat vector came from
            "swapped": flat[swapped:swapped + 3] if row != col else None,
            "pixels_not_values": flat[unscaled:unscaled + 3],
            "col_not_scaled": flat[column_unscaled:column_unscaled + 3] if col else None,
            "one_based": flat[one_based:one_based + 3] if row >= 1 and col >= 1 else None,
            "of_duck": duck[row, col] if row < duck.shape[0] and col < duck.shape[1] else None}


def _3_1(img: np.ndarray) -> dict:
    channels = histogram(img, channels="rgb").reshape(3, 256)
    red = img[:, :, 0]
    spread = np.histogram(red, bins=256)[0] if red.size and red.min() != red.max() else None
    return {"right": channels[0], "green": channels[1], "blue": channels[2], "np_histogram": spread,
            "np_histogram_255": np.histogram(red, bins=255, range=(0, 255))[0],
            "of_duck": histogram(_duck(), channels="rgb").reshape(3, 256)[0]}


def _3_2() -> dict:
    one_pixel = np.full((1, 1, 3), 100, dtype=np.uint8)
    return {"right": int(np.argmax(histogram(one_pixel, bins=16))),   # where histogram() puts the value 100
            "remainder": 100 % 16, "width": 256 // 16, "reversed": 16 // 100}


def _3_3(hist256: np.ndarray, bins: int) -> dict:
    hist256 = np.asarray(hist256)
    width = 256 // bins
    return {"right": np.array([hist256[i * width:(i + 1) * width].sum() for i in range(bins)]),
            "far_apart": hist256.reshape(width, bins).sum(axis=0),
            "means": np.array([hist256[i * width:(i + 1) * width].mean() for i in range(bins)]),
            "overlapping": np.array([hist256[i:i + width].sum() for i in range(bins)])}   # group i starts at i


def _4_1() -> dict:
    a, b = np.array([1, 2, 3]), np.array([4, 6, 15])
    squares = float(np.sum((a - b) ** 2))
    return {"right": math.sqrt(squares), "squares": squares,
            "two_coordinates": math.sqrt(float(np.sum((a[:2] - b[:2]) ** 2))),
            "manhattan": int(np.sum(np.abs(a - b))), "halved": squares / 2,             # ** 1/2 is (... ** 1) / 2
            "added": math.sqrt(float(np.sum((a + b) ** 2)))}


def _4_2(img: np.ndarray, amount: int) -> dict:
    wide = img.astype(np.int64) + amount
    as_int8 = (img.astype(np.int8).astype(np.int64) + amount + 128) % 256 - 128     # int8 arithmetic wraps
    return {"right": np.clip(wide, 0, 255), "wrapped": wide % 256, "clipped_256": np.clip(wide, 0, 256) % 256,
            "int8": np.clip(as_int8, 0, 255)}


def _finite(values: list) -> list[float]:
    """The finite ones of ``values``, as floats (nan and inf are recognised by the judges themselves)."""
    return [float(v) for v in values if np.isfinite(v)]


def _small_types(a: np.ndarray, b: np.ndarray, right: float) -> list[list]:
    """``[small type, distance]`` for both photos, or one, converted to a small type first (the wrong ones).

    int8 holds -128 to 127 (255 becomes -1, 16 ** 2 wraps), int16's squares wrap past 32,767 (a negative sum: its
    root is nan), a float16 sum becomes inf past 65,504. nan and inf are stored as the words "nan" and "inf".
    """
    found = []
    with np.errstate(over="ignore", invalid="ignore"):    # the overflows these mistakes make
        for small in (np.int8, np.int16, np.float16):
            for diff in (a.astype(small) - b.astype(small), a.astype(small) - b):
                value = float(np.sqrt(np.sum(diff ** 2)))
                entry = [small.__name__, value if np.isfinite(value) else ("inf" if np.isinf(value) else "nan")]
                if (not np.isfinite(value) or not math.isclose(value, right)) and entry not in found:
                    found.append(entry)
    return found


def _4_3(a: np.ndarray, b: np.ndarray) -> dict:
    diff = a.astype(np.float64) - b.astype(np.float64)
    wrapped = (a.astype(np.int64) - b) % 256
    with np.errstate(invalid="ignore"):
        no_squares = np.sqrt(np.sum(diff))
        difference_of_squares = np.sqrt(np.sum(a.astype(np.float64) ** 2 - b.astype(np.float64) ** 2))
    squares = float(np.sum(diff ** 2))
    return {"right": math.sqrt(squares),
            "wrapped": [math.sqrt(float(np.sum(wrapped ** 2))), math.sqrt(float(np.sum((wrapped ** 2) % 256)))],
            "manhattan": float(np.sum(np.abs(diff))), "overflow": _small_types(a, b, math.sqrt(squares)),
            "no_squares": _finite([no_squares]), "difference_of_squares": _finite([difference_of_squares]),
            "mean": math.sqrt(squares / diff.size), "square_of_sum": abs(float(np.sum(diff))), "halved": squares / 2}


def _5_1(counts: np.ndarray) -> dict:
    counts = np.asarray(counts)
    total = counts.sum(dtype=np.float64)
    spread = counts.max() - counts.min()
    return {"right": counts / total, "by_maximum": counts / counts.max(), "by_bin_count": counts / len(counts),
            "integer_division": counts // total, "by_255": counts / 255, "by_mean": counts / counts.mean(),
            "by_norm": counts / np.linalg.norm(counts),
            "inverted": total / counts if np.all(counts) else None,           # the total divided by each count
            "min_max": (counts - counts.min()) / spread if spread else None}


def _5_2(query: np.ndarray, references: dict) -> dict:
    distances = {name: math.dist(np.ravel(query).astype(float), np.ravel(h).astype(float))
                 for name, h in references.items()}
    best, worst = min(distances.values()), max(distances.values())
    names = list(distances)
    no_update = names[0]        # a loop that keeps a nearer name but never updates the best distance
    for name in names[1:]:
        if distances[name] < distances[names[0]]:
            no_update = name
    return {"nearest": [name for name, d in distances.items() if d == best],
            "farthest": [name for name, d in distances.items() if d == worst],
            "last": names[-1], "no_update": no_update, "alphabetical": min(names)}


def _5_3() -> dict:
    return {"right": 4, "one_direction": 2, "notebook": 9, "notebook_one_direction": 3, "unchanged": 1,
            "with_channels": 12}


def _8_1(p: np.ndarray, q: np.ndarray) -> dict:
    return {"right": float(np.sum(np.abs(p - q))),
            "no_absolute_value": [float(np.sum(p - q)), float(np.sum(q - p))],
            "euclidean": float(np.sqrt(np.sum((p - q) ** 2))), "squared": float(np.sum((p - q) ** 2)),
            "largest": float(np.max(np.abs(p - q))), "mean": float(np.mean(np.abs(p - q)))}


def _8_2(p: np.ndarray, q: np.ndarray) -> dict:
    shared = float(np.sum(np.minimum(p, q)))
    larger = float(np.sum(np.maximum(p, q)))
    return {"right": 1 - shared, "similarity": shared, "larger": [1 - larger, larger],
            "np_min": [1 - float(min(p.min(), q.min())), 1 - float(np.min(np.minimum(p, q)))],
            "product": 1 - float(np.sum(p * q)), "min_of_totals": 1 - float(min(np.sum(p), np.sum(q))),
            "mean": 1 - float(np.mean(np.minimum(p, q))), "first_bin": 1 - float(min(p[0], q[0]))}


def _8_3(p: np.ndarray, q: np.ndarray) -> dict:
    overlap = float(np.sum(np.sqrt(p * q)))
    return {"right": math.sqrt(max(0.0, 1.0 - overlap)), "overlap": overlap,
            "root_of_sum": math.sqrt(max(0.0, 1.0 - math.sqrt(float(np.sum(p * q))))),
            "no_inner_root": math.sqrt(max(0.0, 1.0 - float(np.sum(p * q)))),
            "log_form": -math.log(overlap) if overlap > 0 else None, "root_of_overlap": 1.0 - math.sqrt(overlap),
            "first_bin": math.sqrt(max(0.0, 1.0 - math.sqrt(float(p[0] * q[0]))))}


_COMPUTE = {"1.1": _1_1, "1.2": _1_2, "1.3": _1_3, "2.1": _2_1, "2.2": _2_2, "2.3": _2_3, "3.1": _3_1, "3.2": _3_2,
            "3.3": _3_3, "4.1": _4_1, "4.2": _4_2, "4.3": _4_3, "5.1": _5_1, "5.2": _5_2, "5.3": _5_3, "8.1": _8_1,
            "8.2": _8_2, "8.3": _8_3}


def expected(number: str, args: tuple = ()) -> dict:
    """The expected results of exercise ``number`` for the inputs ``args`` (``()`` for a value exercise).

    Returns
    -------
    dict
        ``"right"`` and the typical wrong answers the judge's hints name,
        ready to pass to :func:`imgsim_helpers.checks.assess`.
    """
    return _COMPUTE[number](*args)


def _encode(value: object) -> object:
    """One expected result as JSON: small arrays value by value, large whole-number ones as fingerprints."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biu" and value.size > LARGEST_STORED:
            return {"shape": list(value.shape), "sha256": checks.fingerprint(value)}
        return {"dtype": value.dtype.str, "shape": list(value.shape), "values": value.ravel().tolist()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def visible_table() -> dict:
    """The expected results of every checked exercise's visible inputs, as ``expected_visible.json`` holds them."""
    table = {}
    for number, exercise in checks.EXERCISES.items():
        if exercise.kind == "written":
            continue
        inputs = exercise.cases() if exercise.kind == "function" else [()]
        table[number] = {checks.case_key(args): {name: _encode(value) for name, value in expected(number, args).items()}
                         for args in inputs}
    return table


def write_visible(path: Path = checks.STORED) -> Path:
    """Write :func:`visible_table` to ``path`` (by default the file the checks read); return the path."""
    path.write_text(json.dumps(visible_table(), sort_keys=True) + "\n", encoding="utf-8")
    return path


def main() -> None:
    path = write_visible()
    print(f"wrote the expected results of the visible inputs to {path}")


if __name__ == "__main__":
    main()
