"""Hidden test inputs for grading the exercises: never in the student bundle.

Each entry gives, for one function exercise, the list of argument tuples the
learner's function is called with when graded. They differ from the visible
inputs of ``imgsim_helpers/checks/`` on purpose: other photos, seeded random
arrays and edge cases (a single pixel, values that never reach 0 or 255,
identical and disjoint histograms), so an answer that only fits the visible
inputs does not pass. The judges of the checks decide what is right; this
file only chooses inputs. Value exercises have no inputs: their value is judged.

Keep every input small (thumbnails, short vectors): the grader sends them to
each student's kernel.
"""

from __future__ import annotations

import numpy as np

from imgsim_helpers import histogram, load_image


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(1000 + seed)


def _photo(name: str, step: int = 4) -> np.ndarray:
    """A bundled photo, shrunk by keeping every ``step``-th row and column."""
    return np.ascontiguousarray(load_image(name)[::step, ::step])


def _image(seed: int, shape: tuple[int, int], low: int = 0, high: int = 256) -> np.ndarray:
    return _rng(seed).integers(low, high, size=(*shape, 3), dtype=np.uint8)


def _distribution(seed: int, bins: int, zeros: int = 0) -> np.ndarray:
    weights = _rng(seed).random(bins)
    weights[:zeros] = 0.0
    return weights / weights.sum()


def cases_1_3() -> list[tuple]:
    return [(_photo("windmill_2"),), (_image(1, (5, 7)),), (_image(2, (1, 1)),),
            (np.full((40, 40, 3), 250, dtype=np.uint8),)]


def cases_2_2() -> list[tuple]:
    return [(_image(3, (5, 4)),), (_photo("dam_3"),), (_image(4, (1, 1)),)]


def cases_2_3() -> list[tuple]:
    small = _image(5, (4, 6)).ravel()
    swans = _photo("swans", step=2).ravel()   # 180 rows x 320 columns
    return [(small, 6, 3, 5), (small, 6, 0, 0), (small, 6, 2, 1), (swans, 320, 10, 20)]


def cases_3_1() -> list[tuple]:
    return [(_image(6, (30, 40), low=20, high=231),), (_photo("fish_3"),), (_image(7, (1, 1)),),
            (np.full((3, 3, 3), 7, dtype=np.uint8),)]


def cases_3_3() -> list[tuple]:
    counts = _rng(8).integers(0, 1000, size=256)
    return [(counts, 8), (counts, 2), (counts, 256), (counts, 1), (histogram(_photo("monument_4")), 32)]


def cases_4_2() -> list[tuple]:
    img = _image(9, (20, 30))
    return [(img, 37), (img, -37), (img, 0), (img, 300), (img, -300), (_photo("solar_2"), 25)]


def cases_4_3() -> list[tuple]:
    a, b = _image(10, (8, 9)), _image(11, (8, 9))
    photo = _photo("hammer_4")
    brighter = np.clip(photo.astype(np.int64) + 30, 0, 255).astype(np.uint8)
    black, white = np.zeros((2, 3, 3), dtype=np.uint8), np.full((2, 3, 3), 255, dtype=np.uint8)   # 255 ** 2
    return [(a, b), (a, a.copy()), (photo, brighter), (_image(12, (1, 1)), _image(13, (1, 1))), (black, white)]


def cases_5_1() -> list[tuple]:
    with_zeros = _rng(14).integers(0, 50, size=32)
    with_zeros[::3] = 0
    return [(_rng(15).integers(1, 500, size=8),), (with_zeros,),
            (histogram(_photo("windmill_4"), bins=4, channels="joint"),), (_rng(16).random(16) * 10,)]


def cases_5_2() -> list[tuple]:
    names = ("dam_1", "fish_2", "hammer_1", "monument_2", "solar_4")
    refs = {name: histogram(_photo(name), bins=32, normalize=True) for name in names}
    query = histogram(_photo("dam_2"), bins=32, normalize=True)
    raw = {name: histogram(_photo(name, step=s), bins=16) for name, s in (("fish_4", 4), ("windmill_1", 8))}
    return [(query, refs), (refs["hammer_1"], refs), (histogram(_photo("fish_5", step=8), bins=16), raw)]


def _metric_cases() -> list[tuple]:
    p, q = _distribution(17, 32), _distribution(18, 32, zeros=8)
    same = _distribution(0, 34)     # adds up to a hair above 1, as rounding often makes it
    disjoint_p = np.r_[_distribution(19, 8), np.zeros(8)]
    disjoint_q = np.r_[np.zeros(8), _distribution(20, 8)]
    rgb = (histogram(_photo("solar_1"), bins=16, channels="rgb", normalize=True),
           histogram(_photo("monument_1"), bins=16, channels="rgb", normalize=True))
    return [(p, q), (same, same.copy()), (disjoint_p, disjoint_q), rgb]


# Wrong methods a case must tell apart from a right one. A hidden case that any of these passes
# (or that the generic ones of the grader pass: the first input returned unchanged, a constant)
# is *degenerate*: it earns nothing on its own (docs/instructor.md, "How scores are computed").
def _wrap_brighten(image, amount):
    return image + np.uint8(amount % 256)           # uint8 arithmetic wraps around


def _wrap_distance(image1, image2):
    return float(np.sqrt(np.sum((image1 - image2) ** 2)))   # uint8 subtraction wraps around


def _int16_distance(image1, image2):
    with np.errstate(invalid="ignore"):                      # squares above 32,767 wrap around in int16
        return float(np.sqrt(np.sum((image1.astype(np.int16) - image2.astype(np.int16)) ** 2)))


def _float16_distance(image1, image2):
    with np.errstate(over="ignore"):                         # a sum above 65,504 is inf in float16
        return float(np.sqrt(np.sum((image1.astype(np.float16) - image2) ** 2)))


def _fold_wrong_axis(hist256, bins):
    return hist256.reshape(-1, bins).sum(axis=1)    # groups of `bins` values instead of `bins` groups


def _fold_strided(hist256, bins):
    return hist256.reshape(256 // bins, bins).sum(axis=0)   # every bins-th value added, not neighbours


def _first_reference(query, references):
    return next(iter(references))


def _last_reference(query, references):
    return list(references)[-1]


WRONG = {
    "3.3": [_fold_wrong_axis, _fold_strided],
    "4.2": [_wrap_brighten],
    "4.3": [_wrap_distance, _int16_distance, _float16_distance],
    "5.2": [_first_reference, _last_reference],
}


HIDDEN = {
    "1.3": cases_1_3,
    "2.2": cases_2_2,
    "2.3": cases_2_3,
    "3.1": cases_3_1,
    "3.3": cases_3_3,
    "4.2": cases_4_2,
    "4.3": cases_4_3,
    "5.1": cases_5_1,
    "5.2": cases_5_2,
    "8.1": _metric_cases,
    "8.2": _metric_cases,
    "8.3": _metric_cases,
}
