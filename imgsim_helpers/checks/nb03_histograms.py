"""The judges of notebook 03, histograms: the red histogram, a bin's number, folding 256 bins into fewer."""

from __future__ import annotations

import numpy as np

from ..histograms import histogram
from .framework import Expected, Wrong, as_number, exercise, frozen, photo
from .stored import same

_HISTOGRAM_HELPERS = ("histogram", "counter_histogram", "value_counts")


def _cases_3_1() -> list[tuple]:
    return [(photo("duck"),), (frozen(photo("duck") // 2),)]  # the second has no value above 127


@exercise("3.1", "red_histogram(image): 256 counts of the red values", "red_histogram", "function",
           cases=_cases_3_1, helpers=_HISTOGRAM_HELPERS, no_loop=True)
def _judge_3_1(args: tuple, result: object, expected: Expected) -> None:
    (img,) = args
    if isinstance(result, dict):
        raise Wrong("you returned a dictionary of counts; turn it into 256 numbers, one per value 0-255",
                    "returned a dict")
    if isinstance(result, tuple):
        raise Wrong("you returned a tuple, perhaps np.histogram's (counts, edges); return the counts only",
                    "np.histogram's tuple")
    got = np.asarray(result)
    if same(got, expected["right"]):
        return
    if got.ndim != 1:
        raise Wrong(f"a histogram is one list of counts; yours has shape {got.shape}", "wrong shape")
    cut_short = len(got) == 255 and same(got, np.asarray(expected["right"])[:255])
    if len(got) == 255 and same(got, expected["np_histogram_255"]) and not cut_short:
        raise Wrong("your histogram has 255 bins because you asked np.histogram for bins=255: the values 0 to 255 "
                    "are 256 different values, so you need 256 bins, one per value",
                    "np.histogram bins")
    if len(got) == 255:
        also = " (and np.histogram makes 255 bins with bins=255: 0 to 255 are 256 values)" \
            if cut_short and same(got, expected["np_histogram_255"]) else ""
        raise Wrong("your histogram has 255 bins: range(255) stops at 254, and minlength=255 asks for 255 bins; the "
                    "values 0 to 255 are 256 different values" + also, "range(255)")
    if len(got) < 256:
        raise Wrong(f"your histogram has {len(got)} bins, not 256: np.bincount stops at the largest value "
                    "present unless told the length it must have (minlength), and np.unique counts only the values "
                    "present", "no minlength")
    if len(got) != 256:
        raise Wrong(f"expected 256 counts (values 0-255), got {len(got)}", "wrong length")
    if not np.array_equal(img, photo("duck")) and same(got, expected["of_duck"]):
        raise Wrong("those are the red values of the duck photo `img`, not of the image your function was given: "
                    "use the parameter `image` inside the function", "used img, not image")
    if got.sum() == img.size:
        raise Wrong("you counted all three channels together; count the red values only (channel 0)", "pooled")
    if got.sum() == img.shape[1] * img.shape[2]:
        raise Wrong("you counted the values of one row: image[0] is the first row of the photo (all its pixels), not "
                    "the red channel; the channel is the third index, image[:, :, 0]", "row, not channel")
    if np.isclose(got.sum(), 1.0) and not np.array_equal(got, np.round(got)):
        raise Wrong("those are fractions (they add up to 1), not counts: the task asks how many red values are 0, "
                    "1, ..., 255; leave out the division", "fractions, not counts")
    if same(got, expected["green"]) or same(got, expected["blue"]):
        raise Wrong("that is another channel: channels count from 0 (red), 1 (green), 2 (blue)", "wrong channel")
    if same(got, expected["np_histogram"]):
        raise Wrong("np.histogram(values, bins=256) spreads its 256 bins between the smallest and the largest "
                    "value present, not over 0-255; tell it the range the bins must cover", "np.histogram range")
    raise Wrong("the counts differ from the photo's red values: count every red value exactly once",
                "wrong counts")


@exercise("3.2", "bin_of_100: the bin that holds the value 100 when there are 16 bins", "bin_of_100", "value")
def _judge_3_2(_args: tuple, answer: object, expected: Expected) -> None:
    value = as_number(answer)
    right = expected["right"]
    if value == right:
        return
    if value != int(value):
        raise Wrong("bin numbers are whole numbers (0, 1, 2, ...): a value belongs to exactly one bin",
                    "not a whole number")
    if value == right + 1:
        raise Wrong("off by one: bins are numbered from 0, so values 0-15 are in bin 0", "off by one")
    if value == right * 2:
        raise Wrong("with 16 bins each bin covers 256 / 16 = 16 values", "bin width")
    if value == expected["remainder"]:
        raise Wrong("% gives the remainder, what is left over after the whole 16s; the bin number is how many whole "
                    "16s fit into 100", "remainder")
    if value == expected["width"]:
        raise Wrong("16 is the width of a bin, how many values each bin covers; which bin, counting from 0, holds 100?",
                    "bin width")
    if value == expected["reversed"]:
        raise Wrong("bin 0 holds the values 0 to 15: divide the value by the width of a bin, not the other way round",
                    "divided the wrong way")
    raise Wrong("each of the 16 bins covers 16 neighbouring values, bin 0 holding 0-15: count the bins",
                "wrong bin")


def _cases_3_3() -> list[tuple]:
    hist256 = frozen(histogram(photo("duck")))
    return [(hist256, 16), (hist256, 4)]


@exercise("3.3", "fold(hist256, bins): add up neighbouring counts into fewer bins", "fold", "function",
           cases=_cases_3_3, helpers=("histogram",),
           errors=(("axis 1 is out of bounds for array of dimension 1", "the 256 counts are one flat row (1-D), so "
                    "they have no axis 1: reshape them into a table first, one row per new bin, then add along the "
                    "rows", "no table"),))
def _judge_3_3(args: tuple, result: object, expected: Expected) -> None:
    hist256, bins = args
    hist256 = np.asarray(hist256)
    got = np.asarray(result)
    width = 256 // bins
    if same(got, expected["right"]):
        return
    if got.shape == (width,) and bins != width:
        raise Wrong(f"fold(hist, {bins}) gave {width} counts: you made groups of {bins} counts; you need {bins} "
                    f"groups, one row per new bin, each holding {width} neighbouring counts", "wrong reshape")
    if got.shape == ():
        raise Wrong("you added up everything into one number: tell sum which axis to add along, so that each row (one "
                    "new bin) gets its own total", "no axis")
    if got.shape == (bins, width):
        raise Wrong(f"you laid the counts out as a table (shape {got.shape}), one row per new bin: now add up each "
                    "row into one count", "not added up")
    if got.shape != (bins,):
        raise Wrong(f"fold(hist, {bins}) should have {bins} counts, got shape {got.shape}", "wrong shape",
                    early_return=got.size < bins)
    right = np.asarray(expected["right"])
    if bins > 1 and got[0] == right[0] and not got[1:].any() and right[1:].any():
        raise Wrong(f"only the first of the {bins} bins has its count, the others are 0", "lost counts",
                    early_return=True)
    if np.allclose(got, expected["means"]):
        raise Wrong("you averaged each group (mean); a new bin counts every value of its group: add the counts up",
                    "mean, not sum")
    if got.sum() == hist256.size and got.sum() != hist256.sum():
        raise Wrong("np.histogram(hist256, ...) makes a histogram of the counts themselves (how many of the 256 "
                    "counts are small, how many large), not of the values: add up neighbouring counts instead",
                    "histogram of the counts")
    if same(got, expected["overlapping"]):
        raise Wrong(f"your groups overlap: group i must start at i * width (here i * {width}), a whole group further "
                    "than the one before, not at i", "overlapping groups")
    if got.sum() != hist256.sum():
        raise Wrong(f"the total changed (from {hist256.sum():,} to {got.sum():,}): every one of the 256 "
                    "counts must be added into exactly one of the new bins", "lost counts")
    if same(got, expected["far_apart"]):
        raise Wrong("you added up counts that are far apart (one from every group); add up the neighbours "
                    "within each row instead", "wrong axis")
    raise Wrong(f"the {bins} counts are not right: bin 0 should hold values 0 to {width - 1}", "wrong counts")
