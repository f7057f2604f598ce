"""The judges of notebook 05, which reference is closest: normalising, the nearest reference, growth."""

from __future__ import annotations

import numpy as np

from ..histograms import histogram
from .framework import Expected, Wrong, as_array, as_number, exercise, frozen, photo, raise_known_mistake, written

def _cases_5_1() -> list[tuple]:
    return [(frozen(histogram(photo("duck"), bins=16)),)]


@exercise("5.1", "normalise(hist): turn counts into fractions that sum to 1", "normalise", "function",
           cases=_cases_5_1)
def _judge_5_1(args: tuple, result: object, expected: Expected) -> None:
    counts = np.asarray(args[0])
    got = as_array(result, "the result")
    if got.shape == counts.shape and np.allclose(got, expected["right"]):
        return
    if got.shape != counts.shape:
        raise Wrong(f"expected one fraction per bin (shape {counts.shape}), got shape {got.shape}", "wrong shape",
                    early_return=got.size < counts.size)
    if np.allclose(got, expected["by_maximum"]):
        raise Wrong("dividing by the largest count makes the tallest bin 1, not the sum", "divided by the maximum")
    if np.allclose(got, expected["by_bin_count"]):
        raise Wrong("divide by the total number of values, not by the number of bins", "divided by the bin count")
    if np.array_equal(got, expected["integer_division"]):
        raise Wrong("// is integer division and rounds every fraction down to 0", "integer division")
    total = "; each fraction is a count divided by the total of all the counts"
    known = [("by_255", "dividing by 255 scales pixel values into 0-1, but these are counts", "divided by 255"),
             ("by_mean", "dividing by the mean count makes the fractions add up to the number of bins",
              "divided by the mean"),
             ("by_norm", "np.linalg.norm gives the vector's length; dividing by it makes the length 1, not the sum",
              "divided by the length"),
             ("inverted", "you divided the total by each count, upside down", "upside down"),
             ("min_max", "that scales the counts from the smallest (0) to the largest (1): min-max scaling",
              "min-max scaling")]
    raise_known_mistake(lambda wrong: np.allclose(got, wrong), expected,
                        [(name, hint + total, tag) for name, hint, tag in known])
    if np.allclose(got, expected["right"], atol=0.006):
        raise Wrong("close, but not exact: keep the fractions as they are, without rounding", "rounded")
    if np.isclose(got.sum(), 100):
        raise Wrong("those are percentages (they add up to 100); fractions add up to 1: leave out the * 100",
                    "percentages")
    nonzero = counts != 0
    ratios = counts[nonzero] / np.where(got[nonzero] == 0, np.nan, got[nonzero])
    if nonzero.any() and np.all(got[~nonzero] == 0) and np.allclose(ratios, ratios[0]):
        raise Wrong(f"you divided every count by {ratios[0]:,.6g}, but the total of the counts is {counts.sum():,}: "
                    "divide by the total, so that the fractions add up to 1", "wrong total")
    if not np.isclose(got.sum(), 1.0):
        raise Wrong(f"your fractions add up to {got.sum():g}, not 1", "does not sum to 1")
    raise Wrong("the fractions are not each count divided by the same total", "wrong fractions")


def _cases_5_2() -> list[tuple]:
    query = frozen(histogram(photo("duck"), normalize=True))
    refs = {name: frozen(histogram(photo(name), normalize=True)) for name in ("fish_1", "macaw", "swans")}
    # six references where the first, the last, the farthest, the alphabetically first name and the best name of a
    # loop that forgets to update the best distance are all different, and none is the nearest (swans)
    six = {name: frozen(histogram(photo(name), normalize=True))
           for name in ("pigeon", "swans", "fish_4", "windmill_5", "peacock", "hammer_2")}
    return [(query, six), (query, refs)]


@exercise("5.2", "nearest(query, references): the name of the closest reference", "nearest", "function",
           cases=_cases_5_2, helpers=("rank",),
           errors=(("too many values to unpack", "a loop over a dictionary gives only its keys, the names, and a name "
                    "does not unpack into (name, histogram): loop over references.items() to get both",
                    "loop without .items()"),
                   ("got values of type <U", "you gave euclidean a name (a string), not a histogram: a loop over a "
                    "dictionary gives its keys, the names; take the histogram with references[name], or loop over "
                    "references.items()", "name, not histogram")))
def _judge_5_2(args: tuple, result: object, expected: Expected) -> None:
    _query, refs = args
    if isinstance(result, tuple):
        raise Wrong("you returned a pair; return only the name", "returned a pair")
    if isinstance(result, np.ndarray):
        raise Wrong("you returned a histogram, not its name; return the reference's name, the key of the "
                    "dictionary", "returned a histogram")
    if isinstance(result, (float, np.floating)):
        raise Wrong("return the reference's name, not its distance", "returned a distance")
    if isinstance(result, list):
        raise Wrong(f"you returned a list of {len(result)} items; return only the name of the nearest reference, "
                    "one name", "returned a list")
    if isinstance(result, (int, np.integer)) and not isinstance(result, (bool, np.bool_)):
        raise Wrong(f"you returned a position, {result} (what np.argmin gives), not a name: return the name of the "
                    "reference at that position", "returned a position")
    if result in set(expected["nearest"]):   # a set, like the keys: an unhashable answer is an unexpected type
        return
    if result == next(iter(refs)):
        raise Wrong("you returned the first reference: is the `return` inside the loop? It must come after the "
                    "loop has seen every reference", "returned the first")
    if result in set(expected["farthest"]):
        raise Wrong("that is the farthest reference: the smallest distance wins", "farthest, not nearest")
    if result == expected["alphabetical"]:
        raise Wrong("that name comes first in the alphabet: min of a dictionary compares its keys, the names; to "
                    "compare the distances, give min a key= that looks up each name's distance", "min of the names")
    if result == expected["last"]:
        raise Wrong("you returned the last reference: does your loop keep a name only when its distance is smaller "
                    "than the best so far?", "returned the last")
    if result == expected["no_update"]:
        raise Wrong(f"{result!r} is nearer than the first reference, but not the nearest: when a name becomes the "
                    "best, update the best distance too, so that the next names are compared with it",
                    "best distance not updated")
    raise Wrong(f"{result!r} is not the nearest; compute the distance to every reference and keep the smallest",
                "not the nearest")


@exercise("5.3", "growth: how many times larger every raw count gets when a photo is repeated 2 x 2",
           "growth", "value")
def _judge_5_3(_args: tuple, answer: object, expected: Expected) -> None:
    value = as_number(answer)
    if value == expected["one_direction"]:
        raise Wrong("the photo doubles in both directions, down and across", "one direction only")
    if value in (expected["notebook"], expected["notebook_one_direction"]):
        raise Wrong("the notebook's example enlarged 3 x 3; here every pixel is repeated 2 times down and 2 times "
                    "across, so each pixel becomes a 2 x 2 block of identical pixels: how many copies is that?",
                    "wrong factor")
    if value == expected["unchanged"]:
        raise Wrong("raw counts do change: a repeated pixel is counted again each time; only fractions "
                    "(normalised histograms) stay the same", "counts unchanged")
    if 0 < value < 1:
        raise Wrong("the photo gets larger, so every count grows: the factor is more than 1", "shrinks, not grows")
    if value == expected["with_channels"]:
        raise Wrong("the channels are not repeated: each pixel keeps its 3 values; only the pixels are repeated",
                    "channels repeated")
    if value > 100:
        raise Wrong(f"{value:,.0f} is a number of values (a size), not a factor: how many times larger does each "
                    "count get?", "size, not factor")
    if value != expected["right"]:
        raise Wrong("each pixel becomes a 2 x 2 block of identical pixels: how many copies is that?", "wrong factor")


written("5.4", "why the macaw won, and why normalising fixes it (written)")
