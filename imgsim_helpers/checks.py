"""Instant feedback for the exercises: ``check("3.1", my_histogram)``.

Each exercise has a checker here. A checker compares the learner's answer
with the expected value, computed from the course's own helpers (so the
answer is not written anywhere a learner would read it by accident), and
recognises the typical wrong answers so it can say *what* is wrong:
"your histogram has 255 bins: range(255) stops at 254".

``check`` prints one line: a pass, "not done yet" for an untouched stub, or
the first problem found with a hint. It never raises, so a notebook with
unsolved exercises still runs from top to bottom. ``check_all("03")`` prints
a progress table for a notebook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .distances import euclidean
from .histograms import histogram
from .images import load_image

__all__ = ["EXERCISES", "Exercise", "check", "check_all", "NotDone"]

PASS, TODO, FAIL = "passed", "not done yet", "try again"


class NotDone(Exception):
    """The answer is still the stub (``...`` or ``NotImplementedError``)."""


class Wrong(Exception):
    """The answer is wrong; the message is the hint shown to the learner."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its number, a one-line task, and the function that checks an answer."""

    number: str
    task: str
    checker: Callable[[object], None]


EXERCISES: dict[str, Exercise] = {}
_results: dict[str, str] = {}


def _exercise(number: str, task: str) -> Callable:
    """Register the decorated function as the checker of exercise ``number``."""
    def register(checker: Callable[[object], None]) -> Callable[[object], None]:
        EXERCISES[number] = Exercise(number, task, checker)
        return checker
    return register


@lru_cache(maxsize=None)
def _photo(name: str) -> np.ndarray:
    """A bundled photo, loaded once (read-only so a learner's function cannot change it)."""
    image = load_image(name)
    image.flags.writeable = False
    return image


def _stub(answer: object) -> None:
    """Raise NotDone for an untouched stub value (``...``); say so for ``None``."""
    if answer is ...:
        raise NotDone
    if answer is None:
        raise Wrong("your answer is None; if it comes from a function, did you forget `return`?")


def _call(function: object, *args: object) -> object:
    """Call the learner's function; turn a stub or a crash into a clear outcome."""
    _stub(function)
    if not callable(function):
        raise Wrong(f"expected a function, got {type(function).__name__}; pass the function's name without ()")
    try:
        result = function(*args)
    except NotImplementedError:
        raise NotDone from None
    except Exception as exc:  # a learner's bug: report it, do not crash the notebook
        raise Wrong(f"your function raised {type(exc).__name__}: {exc}{_explain(exc)}") from None
    if result is None:
        raise Wrong("your function returned None: did you forget `return` (print only shows a value)?")
    _stub(result)
    return result


#: Plain-words explanations of NumPy errors beginners meet in these exercises.
_NUMPY_ERRORS = {
    "same_kind": "you divided in place (/=) into an array of whole numbers; write a / b to make a new array",
    "cannot reshape": "the new shape must hold exactly as many values as the array has",
    "too deep": "np.bincount needs a flat (1-D) array: flatten the image first",
    "unsupported operand": "check that you are computing with numbers or arrays, not lists",
}


def _explain(exc: Exception) -> str:
    """A hint for a NumPy error message, or nothing."""
    for words, hint in _NUMPY_ERRORS.items():
        if words in str(exc):
            return f". In other words: {hint}"
    return ""


def _number(answer: object) -> float:
    """The answer as a number, or a Wrong explaining what it is instead."""
    _stub(answer)
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
        raise Wrong(f"expected a single number, got {type(answer).__name__}: {answer!r}")
    return float(answer)


def _array(answer: object, what: str) -> np.ndarray:
    """The answer as a NumPy array, or a Wrong if it is not one."""
    _stub(answer)
    if isinstance(answer, (list, tuple)):
        raise Wrong(f"{what} should be a NumPy array, got a {type(answer).__name__}: wrap it in np.array(...)")
    if not isinstance(answer, np.ndarray):
        raise Wrong(f"{what} should be a NumPy array, got {type(answer).__name__}")
    return answer


# ---- 01 images as arrays ----------------------------------------------------

@_exercise("1.1", "the number of pixels in the duck photo")
def _check_1_1(answer: object) -> None:
    height, width, channels = _photo("duck").shape
    value = _number(answer)
    if value == height * width * channels:
        raise Wrong("that is the number of values: each pixel has 3 (red, green, blue); count pixels")
    if value in (height, width):
        raise Wrong("that is only one side of the photo (len(img) is the number of rows)")
    if value != height * width:
        raise Wrong(f"not quite: {value:,.0f} is not the number of pixels; multiply height by width")


@_exercise("1.2", "the centre pixel of the duck photo")
def _check_1_2(answer: object) -> None:
    img = _photo("duck")
    height, width = img.shape[:2]
    got = np.asarray(answer) if isinstance(answer, (list, tuple)) else _array(answer, "the pixel")
    if got.shape != (3,):
        raise Wrong(f"a pixel is 3 numbers (red, green, blue); your answer has shape {got.shape}")
    if np.array_equal(got, img[height // 2, width // 2]):
        return
    if np.array_equal(got, img[width // 2, height // 2]):
        raise Wrong("you swapped row and column: NumPy indexes img[row, column], rows first (the height)")
    if not np.array_equal(got, img[height // 2, width // 2]):
        raise Wrong("that is not the centre pixel: the centre row is half the height, the centre column half the width")


@_exercise("1.3", "channel_means(image): the average red, green and blue value")
def _check_1_3(function: object) -> None:
    img = _photo("macaw")
    got = _call(function, img)
    expected = img.mean(axis=(0, 1))
    got = np.asarray(got, dtype=float)
    if got.shape == expected.shape and np.allclose(got, expected):
        return
    if got.shape == img.shape[:2]:
        raise Wrong("wrong axis: you averaged the 3 channels of each pixel; average over rows and columns, axis=(0, 1)")
    if got.shape == ():
        raise Wrong("you averaged everything into one number; keep one mean per channel with axis=(0, 1)")
    if got.shape != (3,):
        raise Wrong(f"expected 3 numbers (red, green, blue), got shape {got.shape}")
    if np.allclose(got, img.sum(axis=(0, 1))):
        raise Wrong("you added the values up; a mean also divides by how many there are (or use .mean)")
    if np.allclose(got, expected, atol=0.5):
        raise Wrong("close, but not exact: keep the means as they are, without rounding")
    if np.allclose(got, expected[::-1]):
        raise Wrong("the means are in the wrong order: red is channel 0, green 1, blue 2")
    raise Wrong("the three means are not right: average each channel over all rows and columns "
                "(if you add up uint8 values in a loop, they wrap around past 255)")


# ---- 02 flattening ------------------------------------------------------------

@_exercise("2.1", "the length of the flattened swans photo")
def _check_2_1(answer: object) -> None:
    img = _photo("swans")
    value = _number(answer)
    if value == img.shape[0] * img.shape[1]:
        raise Wrong("that is the number of pixels; the flat vector holds 3 values per pixel")
    if value != img.size:
        raise Wrong(f"{value:,.0f} is not the length of swans.flatten(); multiply all three sides of the shape")


@_exercise("2.2", "green_values(image): every green value, as one flat array")
def _check_2_2(function: object) -> None:
    for name in ("duck", "macaw"):
        _check_green_of(function, _photo(name))


def _check_green_of(function: object, img: np.ndarray) -> None:
    """Compare the learner's green values of ``img`` with the real ones."""
    got = _array(_call(function, img), "the result")
    expected = img[:, :, 1].ravel()
    if got.shape == expected.shape and np.array_equal(got, expected):
        return
    if got.ndim == 2:
        raise Wrong(f"your result is 2-D (shape {got.shape}); flatten it into one long vector")
    if got.size == img.shape[0] * 3:
        raise Wrong("img[:, 1] takes column 1 of every row, not channel 1; use img[:, :, 1]")
    if got.size != expected.size:
        raise Wrong(f"expected one value per pixel ({expected.size}), got {got.size}")
    if np.array_equal(got, img[:, :, 0].ravel()):
        raise Wrong("those are the red values: channels count from 0 (red), 1 (green), 2 (blue)")
    if np.array_equal(got, img[:, :, 2].ravel()):
        raise Wrong("those are the blue values: channels count from 0 (red), 1 (green), 2 (blue)")
    if not np.array_equal(got, expected):
        raise Wrong("the values are not the green channel in row-by-row order")


@_exercise("2.3", "unflatten(vector, height, width): rebuild the (height, width, 3) image")
def _check_2_3(function: object) -> None:
    img = _photo("macaw")
    height, width = img.shape[:2]
    got = _array(_call(function, img.flatten(), height, width), "the result")
    if got.shape == (width, height, 3):
        raise Wrong("height and width are swapped: NumPy shapes are (rows, columns, channels) = (height, width, 3)")
    if got.shape != img.shape:
        raise Wrong(f"expected shape {(height, width, 3)}, got {got.shape}")
    if not np.array_equal(got, img):
        raise Wrong("the shape is right but the values are in the wrong places")


# ---- 03 histograms ------------------------------------------------------------

@_exercise("3.1", "my_histogram(image): 256 counts, all channels pooled")
def _check_3_1(function: object) -> None:
    for img in (_photo("duck"), _photo("duck") // 2):  # the second has no value above 127
        _check_histogram_of(function, img)


def _check_histogram_of(function: object, img: np.ndarray) -> None:
    """Compare the learner's histogram of ``img`` with the real one."""
    result = _call(function, img)
    if isinstance(result, dict):
        raise Wrong("you returned a dictionary of counts; turn it into 256 numbers, one per value 0-255 "
                    "(the tutorial's loop does that, and so does np.bincount)")
    if isinstance(result, tuple):
        raise Wrong("you returned a tuple, perhaps np.histogram's (counts, edges); return the counts only, "
                    "or use np.bincount")
    got = np.asarray(result)
    expected = histogram(img)
    if got.shape == expected.shape and np.array_equal(got, expected):
        return
    if got.ndim != 1:
        raise Wrong(f"a histogram is one list of counts; yours has shape {got.shape}")
    if len(got) == 255:
        raise Wrong("your histogram has 255 bins: range(255) stops at 254; use range(256)")
    if len(got) < 256:
        raise Wrong(f"your histogram has {len(got)} bins, not 256: np.bincount needs minlength=256")
    if len(got) != 256:
        raise Wrong(f"expected 256 counts (values 0-255), got {len(got)}")
    if got.sum() == img.shape[0] * img.shape[1]:
        raise Wrong("you counted one channel only; pool all values: flatten the whole image first")
    if not np.array_equal(got, expected):
        raise Wrong("the counts differ from the photo's: count every value of image.flatten()")


@_exercise("3.2", "the bin that holds the value 100 when there are 16 bins")
def _check_3_2(answer: object) -> None:
    value = _number(answer)
    if value == 100 / 16:
        raise Wrong("bins are whole numbers: use integer division, 100 // 16")
    if value == 100 // 16 + 1:
        raise Wrong("off by one: bins are numbered from 0, so values 0-15 are in bin 0")
    if value == 100 // 8 or value == 100 * 16 // 256 * 2:
        raise Wrong("with 16 bins each bin covers 256 / 16 = 16 values")
    if value != 100 // (256 // 16):
        raise Wrong("each of the 16 bins covers 16 values: divide by 16, rounding down")


@_exercise("3.3", "fold(hist256, bins): add up neighbouring counts into fewer bins")
def _check_3_3(function: object) -> None:
    hist256 = histogram(_photo("duck"))
    for bins in (16, 4):
        got = np.asarray(_call(function, hist256.copy(), bins))
        expected = histogram(_photo("duck"), bins=bins)
        if got.shape == expected.shape and np.array_equal(got, expected):
            continue
        if got.shape == (256 // bins,) and bins != 256 // bins:
            raise Wrong(f"fold(hist, {bins}) gave {256 // bins} counts: reshape to (bins, 256 // bins), "
                        "so each row holds neighbouring values, and sum along axis=1")
        if got.shape != (bins,):
            raise Wrong(f"fold(hist, {bins}) should have {bins} counts, got shape {got.shape}")
        if got.sum() != hist256.sum():
            raise Wrong(f"the total changed (from {hist256.sum():,} to {got.sum():,}): every one of the 256 "
                        "counts must be added into exactly one of the new bins")
        if np.array_equal(got, hist256.reshape(256 // bins, bins).sum(axis=0)):
            raise Wrong("wrong axis: you added values that are far apart; reshape to (bins, 256 // bins) "
                        "and sum along axis=1")
        raise Wrong(f"the {bins} counts are not right: bin 0 should hold values 0 to {256 // bins - 1}")


# ---- 04 Euclidean distance ----------------------------------------------------

@_exercise("4.1", "the Euclidean distance between [1, 2, 3] and [4, 6, 3]")
def _check_4_1(answer: object) -> None:
    value = _number(answer)
    if value == 25:
        raise Wrong("that is the sum of the squares; take its square root")
    if value == 7:
        raise Wrong("that is the sum of absolute differences (Manhattan distance); square, add, then take the root")
    if not np.isclose(value, 5.0):
        raise Wrong("square each difference, add them up, then take the square root")


@_exercise("4.2", "safe_difference(a, b): a - b for uint8 arrays, without wrap-around")
def _check_4_2(function: object) -> None:
    a = np.array([10, 200, 0, 255], dtype=np.uint8)
    b = np.array([20, 100, 255, 0], dtype=np.uint8)
    got = _array(_call(function, a, b), "the result")
    expected = a.astype(np.int64) - b
    if got.shape == expected.shape and np.array_equal(got, expected) and got.dtype != np.uint8:
        return
    if got.dtype == np.uint8:
        raise Wrong("your result is still uint8, so 10 - 20 wraps around to 246; convert with .astype(int) first")
    if np.array_equal(got, np.abs(expected)):
        raise Wrong("those are absolute differences; keep the sign: 10 - 20 is -10")
    if not np.array_equal(got, expected):
        raise Wrong(f"for a = {a.tolist()} and b = {b.tolist()} expected {expected.tolist()}, got {got.tolist()}")


@_exercise("4.3", "my_euclidean(h1, h2): the vectorised Euclidean distance")
def _check_4_3(function: object) -> None:
    h1 = np.array([30, 0, 3], dtype=np.uint8)
    h2 = np.array([6, 32, 3], dtype=np.uint8)          # differences 24, -32, 0: distance 40
    value = _number(_call(function, h1, h2))
    if np.isclose(value, 1600):
        raise Wrong("you returned the sum of squares; take np.sqrt of it")
    if np.isclose(value, 56):
        raise Wrong("that is the Manhattan distance (sum of |differences|); square the differences instead")
    if not np.isclose(value, 40):
        raise Wrong("for uint8 inputs the differences wrapped around: convert to float first, "
                    "e.g. h1.astype(float) - h2")
    big1, big2 = histogram(_photo("duck")), histogram(_photo("swans"))
    if not np.isclose(_number(_call(function, big1, big2)), euclidean(big1, big2)):
        raise Wrong("right on a small example but not on real histograms; check the dtype you compute in")


# ---- 05 which reference is closest --------------------------------------------

@_exercise("5.1", "normalise(hist): turn counts into fractions that sum to 1")
def _check_5_1(function: object) -> None:
    counts = histogram(_photo("duck"), bins=16)
    got = _array(_call(function, counts.copy()), "the result")
    if got.shape == counts.shape and np.allclose(got, counts / counts.sum()):
        return
    if got.shape != counts.shape:
        raise Wrong(f"expected one fraction per bin ({counts.shape[0]}), got shape {got.shape}")
    if np.allclose(got, counts / counts.max()):
        raise Wrong("dividing by the largest count makes the tallest bin 1, not the sum; divide by counts.sum()")
    if np.allclose(got, counts / len(counts)):
        raise Wrong("divide by the total number of values (counts.sum()), not by the number of bins")
    if np.array_equal(got, counts // counts.sum()):
        raise Wrong("// is integer division and rounds every fraction down to 0; use /")
    if not np.isclose(got.sum(), 1.0):
        raise Wrong(f"your fractions add up to {got.sum():g}, not 1")
    if not np.allclose(got, counts / counts.sum()):
        raise Wrong("the fractions are not each count divided by the total")


@_exercise("5.2", "nearest(query, references): the name of the closest reference")
def _check_5_2(function: object) -> None:
    query = histogram(_photo("duck"), normalize=True)
    refs = {name: histogram(_photo(name), normalize=True) for name in ("macaw", "swans", "fish_1")}
    got = _call(function, query, refs)
    if isinstance(got, tuple):
        raise Wrong("you returned a pair; return only the name (the first item)")
    if isinstance(got, np.ndarray):
        raise Wrong("you returned a histogram, not its name; return the reference's name, the key of the dictionary")
    distances = {name: euclidean(query, h) for name, h in refs.items()}
    best = min(distances, key=distances.get)
    if isinstance(got, (float, np.floating)):
        raise Wrong("return the reference's name, not its distance")
    if got == max(distances, key=distances.get):
        raise Wrong("that is the farthest reference: the smallest distance wins (min, not max)")
    if got != best:
        raise Wrong(f"{got!r} is not the nearest; compute the distance to every reference and take the smallest")


@_exercise("5.3", "how many times larger every raw count gets when a photo is repeated 2 x 2")
def _check_5_3(answer: object) -> None:
    value = _number(answer)
    if value == 2:
        raise Wrong("the photo doubles in both directions, down and across")
    if value != 4:
        raise Wrong("each pixel becomes a 2 x 2 block of identical pixels: how many copies is that?")


# ---- 08 metrics side by side ---------------------------------------------------

def _two_distributions() -> tuple[np.ndarray, np.ndarray]:
    """Two normalised 16-bin histograms of real photos (duck and macaw)."""
    return (histogram(_photo("duck"), bins=16, normalize=True),
            histogram(_photo("macaw"), bins=16, normalize=True))


@_exercise("8.1", "my_manhattan(p, q): the sum of absolute differences")
def _check_8_1(function: object) -> None:
    p, q = _two_distributions()
    value = _number(_call(function, p, q))
    if np.isclose(value, np.sum(np.abs(p - q))):
        return
    if np.isclose(value, np.sum(p - q)) or np.isclose(value, np.sum(q - p)):
        raise Wrong("without np.abs the positive and negative differences cancel out; add up |p - q|")
    if np.isclose(value, np.sqrt(np.sum((p - q) ** 2))):
        raise Wrong("that is the Euclidean distance; Manhattan adds the absolute differences, no squares or root")
    raise Wrong("add up the absolute difference of every bin: np.sum(np.abs(p - q))")


@_exercise("8.2", "my_intersection(p, q): 1 minus the shared part")
def _check_8_2(function: object) -> None:
    p, q = _two_distributions()
    value = _number(_call(function, p, q))
    shared = np.sum(np.minimum(p, q))
    if np.isclose(value, 1 - shared):
        return
    if np.isclose(value, shared):
        raise Wrong("that is the shared part, a similarity (higher = more alike); the distance is 1 minus it")
    if np.isclose(value, 1 - np.sum(np.maximum(p, q))) or np.isclose(value, np.sum(np.maximum(p, q))):
        raise Wrong("the shared part of a bin is the smaller of the two values: np.minimum, not np.maximum")
    if np.isclose(value, 1 - min(p.min(), q.min())) or np.isclose(value, 1 - np.min(np.minimum(p, q))):
        raise Wrong("np.min gives one number for the whole array; np.minimum(p, q) compares bin by bin")
    raise Wrong("compute the smaller value of each bin with np.minimum(p, q), add them up, and subtract from 1")


@_exercise("8.3", "the chance level for 10 classes of 10 photos")
def _check_8_3(answer: object) -> None:
    value = _number(answer)
    if np.isclose(value, 9 / 99):
        return
    if np.isclose(value, 0.1) or np.isclose(value, 10 / 100):
        raise Wrong("the query is not its own neighbour: it has 9 classmates among the 99 other photos")
    if np.isclose(value, 9 / 100) or np.isclose(value, 10 / 99):
        raise Wrong("count both sides without the query: 9 classmates, 99 other photos")
    if value > 1:
        raise Wrong("a chance level is a share between 0 and 1 (or write it as a fraction, 9 / 99)")
    raise Wrong("a random neighbour is one of the 99 other photos; how many of them share the query's class?")


# ---- the learner's side -------------------------------------------------------

def check(number: str, answer: object) -> str:
    """Check the answer to exercise ``number`` and print what to do next.

    Parameters
    ----------
    number : str
        The exercise's number, such as ``"3.1"``.
    answer : object
        Your answer: a value or a function, as the exercise asks.

    Returns
    -------
    str
        ``"passed"``, ``"not done yet"`` or ``"try again"``.
    """
    if number not in EXERCISES:
        raise ValueError(f"there is no exercise {number!r}; the exercises are {', '.join(EXERCISES)}")
    exercise = EXERCISES[number]
    try:
        exercise.checker(answer)
    except NotDone:
        outcome, line = TODO, f"\u2026 Exercise {number}: not done yet ({exercise.task})."
    except Wrong as hint:
        outcome, line = FAIL, f"\u2718 Exercise {number}: not yet. Hint: {hint}"
    except Exception as exc:  # an answer of a shape no checker expected: say so, never crash
        outcome = FAIL
        line = (f"\u2718 Exercise {number}: not yet. Your answer could not be compared with the expected one "
                f"({type(exc).__name__}: {exc}); check its type and shape against the task: {exercise.task}.")
    else:
        outcome, line = PASS, f"\u2714 Exercise {number}: all tests passed."
    _results[number] = outcome
    print(line)
    return outcome


def check_all(notebook: str, verbose: bool = True) -> dict[str, str]:
    """Print a progress table of the exercises of one notebook (e.g. ``"03"``).

    Parameters
    ----------
    notebook : str
        The notebook's number: ``"01"`` to ``"05"``, or ``"08"``.
    verbose : bool, optional
        Print the table (default). ``False`` only returns it.

    Returns
    -------
    dict of str to str
        Each exercise's latest outcome in this session (``"not checked"`` if
        its check cell has not run).
    """
    prefix = f"{int(notebook)}."
    numbers = [n for n in EXERCISES if n.startswith(prefix)]
    if not numbers:
        raise ValueError(f"notebook {notebook!r} has no exercises")
    table = {n: _results.get(n, "not checked") for n in numbers}
    if not verbose:
        return table
    print(f"Exercises of notebook {int(notebook):02d}")
    for n, outcome in table.items():
        mark = {PASS: "\u2714", TODO: "\u2026", FAIL: "\u2718"}.get(outcome, " ")
        print(f"  {mark} {n:5s} {outcome:12s} {EXERCISES[n].task}")
    done = sum(outcome == PASS for outcome in table.values())
    print(f"{done} of {len(table)} passed.")
    return table
