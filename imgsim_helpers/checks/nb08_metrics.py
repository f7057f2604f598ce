"""The judges of notebook 08, metrics side by side: Manhattan, intersection, Bhattacharyya by hand."""

from __future__ import annotations

import math

import numpy as np

from ..histograms import histogram
from .framework import Expected, Wrong, as_distance, exercise, frozen, photo, raise_known_mistake

_METRIC_HELPERS = ("euclidean", "manhattan", "chi_square", "intersection", "bhattacharyya", "cosine", "distance",
                   "rank", "pairwise_distances", "evaluate")


def _two_distributions() -> tuple[np.ndarray, np.ndarray]:
    """Two normalised 16-bin histograms of real photos (duck and macaw)."""
    return (frozen(histogram(photo("duck"), bins=16, normalize=True)),
            frozen(histogram(photo("macaw"), bins=16, normalize=True)))


@exercise("8.1", "my_manhattan(p, q): the sum of absolute differences", "my_manhattan", "function",
           cases=lambda: [_two_distributions()], helpers=_METRIC_HELPERS, no_loop=True)
def _judge_8_1(_args: tuple, result: object, expected: Expected) -> None:
    value = as_distance(result, "bin")
    if np.isclose(value, expected["right"]):
        return
    raise_known_mistake(lambda wrong: np.any(np.isclose(value, wrong)), expected, [
        ("no_absolute_value", "without absolute values the positive and negative differences cancel out: take the "
         "absolute value of each difference, inside the sum (not of the total)", "no absolute value"),
        ("euclidean", "that is the Euclidean distance; Manhattan adds the absolute differences, no squares or root",
         "euclidean"),
        ("squared", "you squared the differences (the Euclidean distance's sum of squares); Manhattan adds the "
         "absolute differences", "squares"),
        ("largest", "that is the largest difference of one bin; Manhattan adds up the differences of every bin",
         "largest, not sum"),
        ("mean", "that is the mean (average) difference; Manhattan adds them up, without dividing", "mean, not sum")])
    raise Wrong("add up the absolute difference of every bin", "wrong value")


@exercise("8.2", "my_intersection(p, q): 1 minus the shared part", "my_intersection", "function",
           cases=lambda: [_two_distributions()], helpers=_METRIC_HELPERS)
def _judge_8_2(_args: tuple, result: object, expected: Expected) -> None:
    value = as_distance(result, "bin")
    if np.isclose(value, expected["right"]):
        return
    if np.isclose(value, expected["similarity"]):
        raise Wrong("that is the shared part, a similarity (higher = more alike); the distance is 1 minus it",
                    "similarity, not distance")
    if np.any(np.isclose(value, expected["larger"])):
        also = " (and the distance is 1 minus the shared part, not the shared part minus 1: a distance is never " \
               "negative)" if value < 0 else ""
        raise Wrong("the shared part of a bin is the smaller of its two values, not the larger" + also,
                    "larger, not smaller")
    raise_known_mistake(lambda wrong: np.any(np.isclose(value, wrong)), expected, [
        ("np_min", "np.min gives one number for the whole array; the shared part needs the smaller value of "
         "each bin, added up over all bins", "np.min, not bin by bin"),
        ("product", "you multiplied the two values of each bin; the shared part of a bin is the smaller of the two",
         "product, not smaller"),
        ("min_of_totals", "you compared the two totals (both 1 for normalised histograms); compare bin by bin: the "
         "smaller value of each bin", "totals, not bins"),
        ("mean", "you averaged the shared parts (a mean); add them up instead", "mean, not sum")])
    if np.isclose(value, expected["first_bin"]):
        raise Wrong("that is the distance of the first bin only", "first bin only", early_return=True)
    raise Wrong("take the smaller value of each bin, add them up, and subtract the total from 1", "wrong value")


def _identical_pair() -> tuple[np.ndarray, np.ndarray]:
    """Twenty equal fractions, whose sum rounding makes a hair above 1, as it often does."""
    p = frozen(np.full(20, 1 / 20))
    return (p, p)


@exercise("8.3", "my_bhattacharyya(p, q): the Bhattacharyya distance", "my_bhattacharyya", "function",
           cases=lambda: [_two_distributions(), _identical_pair()], helpers=_METRIC_HELPERS,
           errors=(("math domain error", "math.sqrt was given a number a hair below 0: for two identical histograms "
                    "rounding can make the sum of sqrt(p * q) a hair above 1; keep what goes under the root at 0 or "
                    "more (max(0, ...))", "rounding below zero"),))
def _judge_8_3(_args: tuple, result: object, expected: Expected) -> None:
    value = as_distance(result, "bin")
    overlap = expected["overlap"]
    if np.isclose(value, expected["right"], atol=1e-6):
        return
    if math.isnan(value):
        raise Wrong(f"your function returned nan. Rounding made the sum of sqrt(p * q) {overlap!r}, a hair above 1, "
                    "and the square root of a negative number is nan: keep what goes under the root at 0 or "
                    "more (max(0, ...))", "rounding below zero")
    if np.isclose(value, 1.0 - overlap, atol=1e-6):
        raise Wrong("you left out the outer square root", "no outer root")
    if np.isclose(value, overlap):
        raise Wrong("that is the overlap, a similarity (1 for identical histograms); the distance starts from "
                    "1 minus it", "similarity, not distance")
    raise_known_mistake(lambda wrong: np.isclose(value, wrong, atol=1e-6), expected, [
        ("root_of_sum", "take the square root of each product p * q first, then add them up (not the root of the sum)",
         "root of the sum"),
        ("no_inner_root", "you left out the inner square roots: take sqrt(p * q) of each bin before adding up",
         "no inner root"),
        ("log_form", "that is -log of the overlap, another Bhattacharyya formula (some libraries use it); this "
         "course's table uses sqrt(1 - sum of sqrt(p * q))", "log formula"),
        ("root_of_overlap", "** 0.5 applies only to what comes right before it, the sum: put brackets around "
         "everything under the root, (1 - ...) ** 0.5, or use np.sqrt(...)", "brackets")])
    if np.isclose(value, expected["first_bin"], atol=1e-6):
        raise Wrong("that is the distance of the first bin only", "first bin only", early_return=True)
    raise Wrong("follow the formula from the inside out: sqrt(p * q) per bin, sum, 1 minus it, square root",
                "wrong value")
