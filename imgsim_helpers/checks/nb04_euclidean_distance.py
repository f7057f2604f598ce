"""The judges of notebook 04, Euclidean distance: by hand, brightening a photo, the distance of two photos."""

from __future__ import annotations

import math

import numpy as np

from .framework import Expected, Wrong, as_array, as_distance, as_number, exercise, frozen, photo, raise_known_mistake
from .stored import same

_NEGATIVE_ROOT_4_1 = ("a negative number has no square root: you added up the differences themselves (some are "
                      "negative); square each difference first, so that nothing under the root is negative")


@exercise("4.1", "d_example: the Euclidean distance between [1, 2, 3] and [4, 6, 15]", "d_example", "value",
           errors=(("math domain error", "^ is not a power in Python (it is bitwise xor, and (1 - 4) ^ 2 is -1): write "
                    "** for a power, (1 - 4) ** 2", "^ for a power", r"\^"),
                   ("math domain error", "* 2 doubles a number, and doubled differences can add up to a negative "
                    "number; ** 2 squares it", "doubled, not squared", r"(?<!\*)\*\s*2\b"),
                   ("math domain error", "the brackets are missing: ** is done before -, so 1 - 4 ** 2 is 1 - 16; put "
                    "each difference in brackets before squaring it, (1 - 4) ** 2", "brackets",
                    r"\d\s*-\s*\d+\s*\*\*"),
                   ("math domain error", _NEGATIVE_ROOT_4_1, "no squares")))
def _judge_4_1(_args: tuple, answer: object, expected: Expected) -> None:
    value = as_number(answer)
    if np.isclose(value, expected["right"]):
        return
    if math.isnan(value):
        raise Wrong(f"your answer is nan (\"not a number\"), what np.sqrt gives for a negative number. In other "
                    f"words: {_NEGATIVE_ROOT_4_1}", "no squares")
    raise_known_mistake(lambda wrong: np.isclose(value, wrong), expected, [
        ("two_coordinates", "that uses only the first two coordinates; the points have three, and every one counts",
         "two coordinates only"),
        ("squares", "that is the sum of the squares; one step is missing: the square root", "no root"),
        ("manhattan", "that is the sum of absolute differences (Manhattan distance), which is also what adding up the "
         "square root of each square gives; square the differences, add them up, then take one square "
         "root of the total", "manhattan"),
        ("halved", "that is the sum of the squares divided by 2: ** 1/2 reads as (... ** 1) / 2, because ** is done "
         "before /; take the square root with math.sqrt (or ** 0.5)", "** 1/2"),
        ("added", "you added the coordinates; the distance uses their differences: subtract", "added, not subtracted")])
    raise Wrong("square each difference, add them up, then take the square root", "wrong value")


def _cases_4_2() -> list[tuple]:
    small = frozen(np.array([[[0, 10, 128], [245, 250, 255]]], dtype=np.uint8))
    return [(small, 10), (small, -20), (photo("duck"), 40)]


@exercise("4.2", "brighten(image, amount): add amount to every value, kept within 0-255", "brighten", "function",
           cases=_cases_4_2, helpers=("change_brightness", "change_contrast", "edit_photo"))
def _judge_4_2(args: tuple, result: object, expected: Expected) -> None:
    img, amount = args
    got = as_array(result, "the result")
    if got.shape != img.shape:
        raise Wrong(f"the result should have the image's shape {img.shape}, got {got.shape}", "wrong shape")
    if same(got, expected["right"]) and got.dtype == np.uint8:
        return
    if same(got, expected["right"]):
        raise Wrong(f"the values are right, but the result is {got.dtype}: an image must be uint8 again at "
                    "the end", "not uint8")
    if same(got.astype(np.int64), expected["wrapped"]):
        example = "250 + 10 gave 4): uint8 has no 260" if amount >= 0 else "10 - 20 gave 246): uint8 has no negative " \
                                                                          "numbers"
        raise Wrong(f"values wrapped around ({example}. Compute in a wider type, then keep the values within 0-255",
                    "uint8 wrap-around")
    if same(got.astype(np.int64), expected["clipped_256"]):
        raise Wrong("values that should stop at 255 became 0: the largest uint8 value is 255, and 256 wraps around to "
                    "0; clip to 255", "clipped at 256")
    if same(got.astype(np.int64), expected["int8"]):
        raise Wrong("int8 holds only -128 to 127, so converting to int8 turned every value above 127 negative (200 "
                    "became -56); compute in a wide type such as int (int64)", "narrow type overflow")
    if got.min() < 0 or got.max() > 255:
        raise Wrong(f"some values are outside 0-255 (from {got.min()} to {got.max()}): an image value must "
                    "stay between 0 and 255", "not clipped")
    raise Wrong(f"for amount={amount} every value should move by {amount}, stopping at 0 and at 255",
                "wrong values")


def _cases_4_3() -> list[tuple]:
    # differences -12, 16, 0: distance 20, nothing overflows int16 (a mistake's nan here is not an overflow), and
    # the typical mistakes give different numbers (no squares 2, squared sum 4, wrapped 12, mean of squares 11.5, ...)
    a = frozen(np.array([[[6, 40, 3]]], dtype=np.uint8))
    b = frozen(np.array([[[18, 24, 3]]], dtype=np.uint8))
    # 0 against 255: 255 ** 2 overflows int16 (and int8), the sum of squares overflows float16
    black_white = frozen(np.array([[[0, 255, 100], [255, 0, 20]]], dtype=np.uint8))
    white_black = frozen(np.array([[[255, 0, 100], [0, 255, 40]]], dtype=np.uint8))
    duck = photo("duck")
    darker = frozen(duck - np.minimum(duck, 1))               # every value 1 lower, and 0 stays 0
    return [(a, b), (black_white, white_black), (darker, duck)]


_CONVERT = "Convert both photos to a wide type such as float64 (or int64) before subtracting"
_OVERFLOW_INT = ("your squares overflowed: a small integer type such as int16 holds at most 32,767 (int8 only 127), "
                 "and 0 against 255 gives 255 ** 2 = 65,025, which wraps around to a negative number (the root of a "
                 f"negative sum is nan, \"not a number\"). {_CONVERT}")
_OVERFLOW_FLOAT16 = ("your sum overflowed float16: it holds at most 65,504 (and keeps only about 3 digits), so the "
                     f"sum of squares became inf (infinity). {_CONVERT}")
#: What overflowed, by the small type a photo was converted to (the expected results' "overflow" names it).
_OVERFLOW = {"int8": "int8 overflowed: it holds only -128 to 127, so converting a photo to int8 turns 255 into -1, and "
                     f"a square such as 16 ** 2 = 256 wraps around too. {_CONVERT}",
             "int16": "your squares overflowed int16: it holds at most 32,767, and 0 against 255 gives 255 ** 2 = "
                      f"65,025, which wraps around to -511. {_CONVERT}",
             "float16": _OVERFLOW_FLOAT16}


@exercise("4.3", "pixel_distance(image1, image2): the Euclidean distance between two photos, value by value",
           "pixel_distance", "function", cases=_cases_4_3, helpers=("euclidean", "l2_loop", "distance"), no_loop=True,
           errors=(("math domain error", "math.sqrt was given a negative number, and a sum of squares is never "
                    "negative: either the differences were not squared, or the squares overflowed a small integer type "
                    "such as int16 (at most 32,767, and 255 ** 2 is 65,025), which wraps them around to negative "
                    f"numbers. {_CONVERT}", "narrow type overflow"),))
def _judge_4_3(_args: tuple, result: object, expected: Expected) -> None:
    value = as_distance(result, "value")
    if np.isclose(value, expected["right"]):
        return
    if np.any(np.isclose(value, expected["wrapped"])):
        raise Wrong("the differences wrapped around (10 - 20 gave 246 in uint8): convert before subtracting",
                    "uint8 wrap-around")
    overflow = expected["overflow"]     # [small type, what it gives]: a distance, or "nan" or "inf"
    for small_type, wrong in overflow:
        if not isinstance(wrong, str) and np.isclose(value, wrong):
            raise Wrong(_OVERFLOW[small_type], "narrow type overflow")
    if math.isinf(value):
        raise Wrong(_OVERFLOW_FLOAT16, "narrow type overflow")
    if np.any(np.isclose(value, expected["no_squares"])):
        raise Wrong("you added up the differences themselves, not squared: square each difference first, so that "
                    "the negative ones do not cancel the positive ones", "no squares")
    if math.isnan(value) or value < 0:
        types_giving_nan = {small_type for small_type, wrong in overflow if wrong == "nan"}
        only = types_giving_nan.pop() if len(types_giving_nan) == 1 else None
        raise Wrong(_OVERFLOW[only] if only else _OVERFLOW_INT, "narrow type overflow")
    if np.isclose(value, expected["right"] ** 2):
        raise Wrong("you returned the sum of squares; one step is missing: the square root", "no root")
    raise_known_mistake(lambda wrong: np.any(np.isclose(value, wrong)), expected, [
        ("manhattan", "that is the Manhattan distance (sum of |differences|); square the differences instead",
         "manhattan"),
        ("difference_of_squares", "you subtracted the squares (a ** 2 - b ** 2); square the difference instead: "
         "subtract first, then square", "difference of squares"),
        ("mean", "you averaged the squares (a mean); the Euclidean distance adds them all up before the root",
         "mean, not sum"),
        ("square_of_sum", "you squared the sum of the differences; square each difference first, then add the squares "
         "up", "square of the sum"),
        ("halved", "that is the sum of the squares divided by 2: ** 1/2 reads as (... ** 1) / 2, because ** is done "
         "before /; take the square root with np.sqrt (or ** 0.5)", "** 1/2")])
    raise Wrong("subtract value by value, square, add everything up, take the square root", "wrong value")
