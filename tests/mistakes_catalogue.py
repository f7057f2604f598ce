"""A catalogue of typical beginner mistakes in the checked exercises, and a measurement:
how many of them does ``check`` *name*?

Each entry is the answer cell a beginner writes (run as a notebook cell is run, with
the notebook's own names such as ``img`` and ``np`` defined), a one-line description of
the misunderstanding behind it, and a few words that a hint naming that mistake would
use. The entries were written from what beginners do in these exercises (wrong axis,
off-by-one bins, forgotten normalisation, integer division, uint8 wrap-around, overflow
in small types, the notebook's photo instead of the parameter, a list instead of an
array, the wrong channel, a changed input, ``return`` inside the loop, ``print`` instead
of ``return``, every spelling of a loop where the task says no loop, the course's helper
where it is refused, float indices, wrong formula variants, missing or extra roots,
missing ``abs``, the distance instead of the name, ...), before the hints were changed
to name them.

The rule for *named*: ``check`` says "not yet" (try again) with a hint that

1. is not a judge's last-resort hint (the tag of the ``raise Wrong`` a judge ends with,
   such as "wrong value": read from the judges in ``imgsim_helpers/checks/``), nor the catch-all "could not
   be compared" ("unexpected type"), nor an error passed on without an explanation
   (tag "raised ..."), and
2. says at least one of the entry's words (case-insensitive): the hint is about *this*
   mistake, not a true but unrelated symptom.

An entry whose answer passes the visible inputs, or is "not done yet", is not named.
Run ``python benchmarks/bench_mistakes.py`` for the table.
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import math
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from imgsim_helpers import checks
from imgsim_helpers.checks.learner import _verdict

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mistake:
    """One typical mistake: the exercise, the beginner's answer cell, why they wrote it, and words naming it."""

    number: str
    code: str
    why: str
    words: tuple[str, ...]


CATALOGUE: list[Mistake] = []


def _m(number: str, why: str, words: tuple[str, ...] | str, code: str) -> None:
    CATALOGUE.append(Mistake(number, code.strip("\n"), why, (words,) if isinstance(words, str) else words))


LOOP = ("no loop",)
HELPER = ("helper",)
PARAMETER = ("parameter",)
PRINT = ("print",)

# ---- 1.1 n_pixels: the number of pixels of the duck photo `img` -------------------------------------------------

_m("1.1", "counts every value, forgetting that a pixel holds 3", "values", "n_pixels = img.size")
_m("1.1", "thinks len(img) is the whole photo, but it is the number of rows", ("one side", "rows"),
   "n_pixels = len(img)")
_m("1.1", "takes the width only", ("one side", "width"), "n_pixels = img.shape[1]")
_m("1.1", "adds height and width instead of multiplying", ("multiply", "added"),
   "n_pixels = img.shape[0] + img.shape[1]")
_m("1.1", "multiplies in the channels too", "values", "n_pixels = img.shape[0] * img.shape[1] * img.shape[2]")
_m("1.1", "stores the shape itself, not a count", ("shape", "tuple"), "n_pixels = img.shape")
_m("1.1", "stores height and width without multiplying them", ("multiply",), "n_pixels = img.shape[:2]")
_m("1.1", "prints the count instead of storing it", PRINT, "n_pixels = print(img.shape[0] * img.shape[1])")
_m("1.1", "calls shape like a function", ("square brackets", "not a function"),
   "n_pixels = img.shape(0) * img.shape(1)")
_m("1.1", "calls size like a function", ("not a function", "without ()", "without the ()"), "n_pixels = img.size()")
_m("1.1", "uses Pillow's width and height on the NumPy array", ("shape",), "n_pixels = img.width * img.height")
_m("1.1", "counts the values of the flattened photo", "values", "n_pixels = len(img.flatten())")

# ---- 1.2 centre: the centre pixel of `img` ------------------------------------------------------------------------

_m("1.2", "puts the column first", "swapped", "centre = img[img.shape[1] // 2, img.shape[0] // 2]")
_m("1.2", "divides with /, which gives a float index", "//", "centre = img[img.shape[0] / 2, img.shape[1] / 2]")
_m("1.2", "indexes with the row only, which gives a whole row", ("whole row", "column"), "centre = img[len(img) // 2]")
_m("1.2", "adds the channel index and gets one value", ("channel", "red"),
   "centre = img[img.shape[0] // 2, img.shape[1] // 2, 0]")
_m("1.2", "stores the position, not the pixel's values", ("position", "place", "index"),
   "centre = (img.shape[0] // 2, img.shape[1] // 2)")
_m("1.2", "unpacks a 3-part shape into two names", ("shape[:2]", "three", "3 numbers"),
   "h, w = img.shape\ncentre = img[h // 2, w // 2]")
_m("1.2", "uses the height for the column too", ("width", "shape[1]"), "centre = img[len(img) // 2, len(img) // 2]")
_m("1.2", "takes the middle of 0..h-1, one pixel up and left", ("round down", "half the height", "h // 2"),
   "centre = img[(img.shape[0] - 1) // 2, (img.shape[1] - 1) // 2]")
_m("1.2", "reads Pillow's (width, height) as (height, width)", "swapped",
   "h, w = photo.size\ncentre = img[h // 2, w // 2]")

# ---- 1.3 channel_means(image) -------------------------------------------------------------------------------------

_m("1.3", "averages the 3 channels of each pixel (axis 2)", "axis", """
def channel_means(image):
    return image.mean(axis=2)""")
_m("1.3", "averages over the rows only", ("one axis", "axis"), """
def channel_means(image):
    return image.mean(axis=0)""")
_m("1.3", "averages everything into one number", ("one number", "axis"), """
def channel_means(image):
    return image.mean()""")
_m("1.3", "returns inside the loop over channels", "`return` inside the loop", """
def channel_means(image):
    for channel in range(3):
        return image[:, :, channel].mean()""")
_m("1.3", "uses the notebook's photo `img` instead of the parameter", PARAMETER, """
def channel_means(image):
    return img.mean(axis=(0, 1))""")
_m("1.3", "adds up instead of averaging", ("added", "sum"), """
def channel_means(image):
    return image.sum(axis=(0, 1))""")
_m("1.3", "rounds the means", "round", """
def channel_means(image):
    return np.round(image.mean(axis=(0, 1)))""")
_m("1.3", "converts the means to uint8 and loses their decimals", ("round", "decimal", "uint8"), """
def channel_means(image):
    return image.mean(axis=(0, 1)).astype(np.uint8)""")
_m("1.3", "adds the channels of each pixel (a grey image) instead of averaging each channel", "axis", """
def channel_means(image):
    return (image[:, :, 0] + image[:, :, 1] + image[:, :, 2]) / 3""")
_m("1.3", "averages over columns and channels, one mean per row", "axis", """
def channel_means(image):
    return image.mean(axis=(1, 2))""")
_m("1.3", "thinks image[0] is the red channel (channels first)", ("image[:, :, 0]", "third index", "row"), """
def channel_means(image):
    return np.array([image[0].mean(), image[1].mean(), image[2].mean()])""")
_m("1.3", "expects blue first, as OpenCV stores it", ("order", "red is channel 0"), """
def channel_means(image):
    return image.mean(axis=(0, 1))[::-1]""")
_m("1.3", "prints the means instead of returning them", PRINT, """
def channel_means(image):
    print(image.mean(axis=(0, 1)))""")
_m("1.3", "adds up uint8 values in a loop, which wrap around past 255", ("wrap",), """
def channel_means(image):
    total = np.zeros(3, dtype=np.uint8)
    for row in image:
        for pixel in row:
            total += pixel
    return total / (image.shape[0] * image.shape[1])""")

# ---- 2.1 phone_length: 1080 x 1920 x 3 ----------------------------------------------------------------------------

_m("2.1", "counts pixels, not values", "pixels", "phone_length = 1080 * 1920")
_m("2.1", "counts 4 channels (RGBA)", "3 channels", "phone_length = 1080 * 1920 * 4")
_m("2.1", "adds the sides instead of multiplying", ("multiply", "added"), "phone_length = 1080 + 1920")
_m("2.1", "stores the shape, not the length", ("shape", "tuple", "multiply"), "phone_length = (1080, 1920, 3)")
_m("2.1", "measures the duck photo `img` instead of the phone photo", ("duck", "img"), "phone_length = img.size")
_m("2.1", "prints the length instead of storing it", PRINT, "phone_length = print(1080 * 1920 * 3)")
_m("2.1", "counts the values of one row only", ("one row", "row"), "phone_length = 1920 * 3")
_m("2.1", "multiplies by the 3 channels twice", ("3 channels", "twice", "once"), "phone_length = 1080 * 1920 * 3 * 3")

# ---- 2.2 green_values(image) --------------------------------------------------------------------------------------

_m("2.2", "forgets to flatten the green grid", ("2-d", "flat"), """
def green_values(image):
    return image[:, :, 1]""")
_m("2.2", "takes column 1 instead of channel 1", "column", """
def green_values(image):
    return image[:, 1].ravel()""")
_m("2.2", "counts channels from 1 and takes red at 0", ("red", "count from 0"), """
def green_values(image):
    return image[:, :, 0].ravel()""")
_m("2.2", "counts channels from 1: green is the second, index 2", ("blue", "count from 0"), """
def green_values(image):
    return image[:, :, 2].ravel()""")
_m("2.2", "returns a list", ("list", "np.array"), """
def green_values(image):
    return list(image[:, :, 1].ravel())""")
_m("2.2", "uses the notebook's photo `img` instead of the parameter", PARAMETER, """
def green_values(image):
    return img[:, :, 1].ravel()""")
_m("2.2", "thinks image[1] is the green channel (channels first)", ("third index", "row 1", "image[:, :, 1]"), """
def green_values(image):
    return image[1].ravel()""")
_m("2.2", "steps through the flat vector from 0, which gives red", ("red",), """
def green_values(image):
    return image.ravel()[::3]""")
_m("2.2", "reads the grid column by column", ("column by column", "order"), """
def green_values(image):
    return image[:, :, 1].ravel(order="F")""")
_m("2.2", "makes a column of one value per row", ("2-d", "flat"), """
def green_values(image):
    return image[:, :, 1].reshape(-1, 1)""")
_m("2.2", "prints instead of returning", PRINT, """
def green_values(image):
    print(image[:, :, 1].ravel())""")
_m("2.2", "takes row 1 of the pixel table (one pixel) instead of its column 1", ("column", "[:, 1]"), """
def green_values(image):
    return image.reshape(-1, 3)[1]""")

# ---- 2.3 pixel_at(flat, width, row, col) --------------------------------------------------------------------------

_m("2.3", "swaps row and column", "swapped", """
def pixel_at(flat, width, row, col):
    start = (col * width + row) * 3
    return flat[start:start + 3]""")
_m("2.3", "counts pixels, forgetting the 3 values per pixel", "3 values per pixel", """
def pixel_at(flat, width, row, col):
    start = row * width + col
    return flat[start:start + 3]""")
_m("2.3", "returns one value, not the three", ("3 numbers", "one"), """
def pixel_at(flat, width, row, col):
    return flat[(row * width + col) * 3]""")
_m("2.3", "returns inside the loop (a list)", "`return` inside the loop", """
def pixel_at(flat, width, row, col):
    start = (row * width + col) * 3
    values = []
    for i in range(3):
        values.append(flat[start + i])
        return np.array(values)""")
_m("2.3", "returns inside the loop (an array filled value by value)", "`return` inside the loop", """
def pixel_at(flat, width, row, col):
    start = (row * width + col) * 3
    values = np.zeros(3, dtype=flat.dtype)
    for i in range(3):
        values[i] = flat[start + i]
        return values""")
_m("2.3", "uses the notebook's photo `img` instead of the flat vector", ("flat vector", "`flat`"), """
def pixel_at(flat, width, row, col):
    return img[row, col]""")
_m("2.3", "thinks a slice's end is included, and takes 2 values", ("stops before", "end"), """
def pixel_at(flat, width, row, col):
    start = (row * width + col) * 3
    return flat[start:start + 2]""")
_m("2.3", "multiplies the row by 3 but not the column", ("column", "col"), """
def pixel_at(flat, width, row, col):
    start = row * width * 3 + col
    return flat[start:start + 3]""")
_m("2.3", "counts rows and columns from 1", ("from 0", "row 0"), """
def pixel_at(flat, width, row, col):
    start = ((row - 1) * width + (col - 1)) * 3
    return flat[start:start + 3]""")
_m("2.3", "thinks a slice's second number is a length", ("start + 3", "end", "position"), """
def pixel_at(flat, width, row, col):
    start = (row * width + col) * 3
    return flat[start:3]""")
_m("2.3", "prints instead of returning", PRINT, """
def pixel_at(flat, width, row, col):
    start = (row * width + col) * 3
    print(flat[start:start + 3])""")

# ---- 3.1 red_histogram(image), no loop ----------------------------------------------------------------------------

_m("3.1", "forgets that bincount stops at the largest value present", "minlength", """
def red_histogram(image):
    return np.bincount(image[:, :, 0].ravel())""")
_m("3.1", "cuts the histogram to 255 bins", "255", """
def red_histogram(image):
    return np.bincount(image[:, :, 0].ravel(), minlength=256)[:255]""")
_m("3.1", "asks for minlength=255: 0 to 255 are 256 values", ("minlength",), """
def red_histogram(image):
    return np.bincount(image[:, :, 0].ravel(), minlength=255)""")
_m("3.1", "counts all three channels together", "all three channels", """
def red_histogram(image):
    return np.bincount(image.ravel(), minlength=256)""")
_m("3.1", "takes the green channel", "channel", """
def red_histogram(image):
    return np.bincount(image[:, :, 1].ravel(), minlength=256)""")
_m("3.1", "thinks image[0] is the red channel (channels first)", ("third index", "row", "image[:, :, 0]"), """
def red_histogram(image):
    return np.bincount(image[0].ravel(), minlength=256)""")
_m("3.1", "lets np.histogram choose its bins from the smallest to the largest value", "range", """
def red_histogram(image):
    return np.histogram(image[:, :, 0], bins=256)[0]""")
_m("3.1", "asks np.histogram for 255 bins", "bins=255", """
def red_histogram(image):
    return np.histogram(image[:, :, 0], bins=255, range=(0, 255))[0]""")
_m("3.1", "returns np.histogram's (counts, edges) pair", "tuple", """
def red_histogram(image):
    return np.histogram(image[:, :, 0], bins=256, range=(0, 256))""")
_m("3.1", "returns Counter's dictionary", ("dictionary", "dict"), """
from collections import Counter
def red_histogram(image):
    return Counter(image[:, :, 0].ravel())""")
_m("3.1", "counts only the values present, with np.unique", ("unique",), """
def red_histogram(image):
    return np.unique(image[:, :, 0], return_counts=True)[1]""")
_m("3.1", "returns fractions, not counts", ("fraction", "counts, not"), """
def red_histogram(image):
    return np.bincount(image[:, :, 0].ravel(), minlength=256) / image[:, :, 0].size""")
_m("3.1", "uses the notebook's photo `img` instead of the parameter", PARAMETER, """
def red_histogram(image):
    return np.bincount(img[:, :, 0].ravel(), minlength=256)""")
_m("3.1", "gives np.bincount the 2-D channel", "flat", """
def red_histogram(image):
    return np.bincount(image[:, :, 0], minlength=256)""")
_m("3.1", "uses the course's histogram helper", HELPER, """
def red_histogram(image):
    return histogram(image, channels="rgb")[:256]""")
_m("3.1", "counts with a for loop over the 256 values", LOOP, """
def red_histogram(image):
    red = image[:, :, 0]
    counts = np.zeros(256, dtype=int)
    for value in range(256):
        counts[value] = np.sum(red == value)
    return counts""")
_m("3.1", "counts with a for loop over every red value", LOOP, """
def red_histogram(image):
    counts = np.zeros(256, dtype=int)
    for value in image[:, :, 0].ravel():
        counts[value] += 1
    return counts""")
_m("3.1", "counts with a while loop", LOOP, """
def red_histogram(image):
    red = image[:, :, 0]
    counts, value = [], 0
    while value < 256:
        counts.append(np.sum(red == value))
        value += 1
    return np.array(counts)""")
_m("3.1", "counts with a list comprehension inside np.array", LOOP, """
def red_histogram(image):
    red = image[:, :, 0]
    return np.array([np.sum(red == v) for v in range(256)])""")
_m("3.1", "counts with map", LOOP, """
def red_histogram(image):
    red = image[:, :, 0]
    return np.array(list(map(lambda v: np.sum(red == v), range(256))))""")
_m("3.1", "counts with np.vectorize", LOOP, """
def red_histogram(image):
    red = image[:, :, 0]
    return np.vectorize(lambda v: np.sum(red == v))(np.arange(256))""")
_m("3.1", "counts with np.fromiter over a generator", LOOP, """
def red_histogram(image):
    red = image[:, :, 0]
    return np.fromiter((np.sum(red == v) for v in range(256)), dtype=int)""")
_m("3.1", "counts with np.fromiter over map", LOOP, """
def red_histogram(image):
    red = image[:, :, 0]
    return np.fromiter(map(lambda v: np.sum(red == v), range(256)), dtype=int)""")
_m("3.1", "counts with Counter, which loops over every value in Python", LOOP, """
from collections import Counter
def red_histogram(image):
    counts = Counter(image[:, :, 0].ravel().tolist())
    return np.array([counts[v] for v in range(256)])""")

# ---- 3.2 bin_of_100 (16 bins) -------------------------------------------------------------------------------------

_m("3.2", "divides with /, which gives a fraction of a bin", "whole number", "bin_of_100 = 100 / 16")
_m("3.2", "counts bins from 1", "off by one", "bin_of_100 = 100 // 16 + 1")
_m("3.2", "takes np.digitize's answer, which counts from 1", ("off by one", "from 0"),
   "bin_of_100 = int(np.digitize(100, np.linspace(0, 256, 17)))")
_m("3.2", "uses bins 8 values wide", ("16 values", "256 / 16"), "bin_of_100 = 100 // 8")
_m("3.2", "takes the remainder instead of the quotient", ("remainder", "%"), "bin_of_100 = 100 % 16")
_m("3.2", "answers the width of a bin", ("width", "covers"), "bin_of_100 = 256 // 16")
_m("3.2", "divides the other way round", ("100 // 16", "other way", "the wrong way"), "bin_of_100 = 16 // 100")
_m("3.2", "writes the number as text", ("text", "str", "quotes"), 'bin_of_100 = "6"')

# ---- 3.3 fold(hist256, bins) --------------------------------------------------------------------------------------

_m("3.3", "makes rows of `bins` counts instead of `bins` rows", "groups of", """
def fold(hist256, bins):
    return hist256.reshape(-1, bins).sum(axis=1)""")
_m("3.3", "picks one count per group instead of adding the group", ("add", "total"), """
def fold(hist256, bins):
    return hist256[::256 // bins]""")
_m("3.3", "adds up down the columns: counts far apart", ("far apart", "axis"), """
def fold(hist256, bins):
    return hist256.reshape(bins, -1).sum(axis=0)""")
_m("3.3", "returns inside the loop", "`return` inside the loop", """
def fold(hist256, bins):
    width = 256 // bins
    counts = np.zeros(bins, dtype=hist256.dtype)
    for i in range(bins):
        counts[i] = hist256[i * width:(i + 1) * width].sum()
        return counts""")
_m("3.3", "returns inside the loop (a list)", "`return` inside the loop", """
def fold(hist256, bins):
    width = 256 // bins
    counts = []
    for i in range(bins):
        counts.append(hist256[i * width:(i + 1) * width].sum())
        return np.array(counts)""")
_m("3.3", "divides with / in the shape", "//", """
def fold(hist256, bins):
    return hist256.reshape(bins, 256 / bins).sum(axis=1)""")
_m("3.3", "averages each group instead of adding it", ("mean", "average"), """
def fold(hist256, bins):
    return hist256.reshape(bins, 256 // bins).mean(axis=1)""")
_m("3.3", "uses the course's histogram helper on the duck", HELPER, """
def fold(hist256, bins):
    return histogram(img, bins=bins)""")
_m("3.3", "makes a histogram of the counts themselves", ("counts themselves", "np.histogram"), """
def fold(hist256, bins):
    return np.histogram(hist256, bins=bins)[0]""")
_m("3.3", "starts groups every `bins` counts with reduceat", "groups of", """
def fold(hist256, bins):
    return np.add.reduceat(hist256, np.arange(0, 256, bins))""")
_m("3.3", "forgets the axis and adds everything", ("axis", "one number"), """
def fold(hist256, bins):
    return hist256.reshape(bins, 256 // bins).sum()""")
_m("3.3", "lays out the table but forgets to add up its rows", ("add up", "sum"), """
def fold(hist256, bins):
    return hist256.reshape(bins, 256 // bins)""")
_m("3.3", "lets the groups start 1 apart instead of a group's width apart", ("overlap", "i * width"), """
def fold(hist256, bins):
    width = 256 // bins
    return np.array([hist256[i:i + width].sum() for i in range(bins)])""")
_m("3.3", "adds along axis 1 of the flat histogram", ("reshape", "1-d", "table"), """
def fold(hist256, bins):
    return hist256.sum(axis=1)""")
_m("3.3", "prints instead of returning", PRINT, """
def fold(hist256, bins):
    print(hist256.reshape(bins, 256 // bins).sum(axis=1))""")

# ---- 4.1 d_example: between [1, 2, 3] and [4, 6, 15] --------------------------------------------------------------

_m("4.1", "forgets the square root", ("root",), "d_example = (1 - 4) ** 2 + (2 - 6) ** 2 + (3 - 15) ** 2")
_m("4.1", "adds absolute differences (Manhattan)", "manhattan", "d_example = abs(1 - 4) + abs(2 - 6) + abs(3 - 15)")
_m("4.1", "uses two coordinates, as section 1 did", "two coordinates",
   "d_example = math.sqrt((1 - 4) ** 2 + (2 - 6) ** 2)")
_m("4.1", "adds the differences without squaring them", "square each difference",
   "d_example = math.sqrt((1 - 4) + (2 - 6) + (3 - 15))")
_m("4.1", "takes the root of each square and adds the roots", ("root of each", "roots"),
   "d_example = math.sqrt((1 - 4) ** 2) + math.sqrt((2 - 6) ** 2) + math.sqrt((3 - 15) ** 2)")
_m("4.1", "leaves out the brackets: ** is done before -", ("bracket", "before"),
   "d_example = math.sqrt(1 - 4 ** 2 + 2 - 6 ** 2 + 3 - 15 ** 2)")
_m("4.1", "writes ^ for a power", ("^",), "d_example = math.sqrt((1 - 4) ^ 2 + (2 - 6) ^ 2 + (3 - 15) ^ 2)")
_m("4.1", "writes ** 1/2 for the square root", ("1/2", "1 / 2"),
   "d_example = ((1 - 4) ** 2 + (2 - 6) ** 2 + (3 - 15) ** 2) ** 1/2")
_m("4.1", "writes * 2 for squaring", ("* 2", "doubles"),
   "d_example = math.sqrt((1 - 4) * 2 + (2 - 6) * 2 + (3 - 15) * 2)")
_m("4.1", "prints the distance instead of storing it", PRINT,
   "d_example = print(math.sqrt((1 - 4) ** 2 + (2 - 6) ** 2 + (3 - 15) ** 2))")
_m("4.1", "adds the coordinates instead of subtracting them", ("subtract", "difference"),
   "d_example = math.sqrt((1 + 4) ** 2 + (2 + 6) ** 2 + (3 + 15) ** 2)")

# ---- 4.2 brighten(image, amount) ----------------------------------------------------------------------------------

_m("4.2", "adds in uint8, which wraps around", "wrap", """
def brighten(image, amount):
    return image + amount""")
_m("4.2", "clips but leaves the result in a wide type", "uint8", """
def brighten(image, amount):
    return np.clip(image.astype(int) + amount, 0, 255)""")
_m("4.2", "computes in a wide type but forgets to clip", ("0-255", "clip"), """
def brighten(image, amount):
    return image.astype(int) + amount""")
_m("4.2", "converts back to uint8 without clipping, which wraps", "wrap", """
def brighten(image, amount):
    return (image.astype(int) + amount).astype(np.uint8)""")
_m("4.2", "clips after the uint8 addition has already wrapped", ("wrap", "wider"), """
def brighten(image, amount):
    return np.clip(image + amount, 0, 255).astype(np.uint8)""")
_m("4.2", "keeps only the top limit and forgets 0", ("below 0", "negative"), """
def brighten(image, amount):
    return np.minimum(image.astype(int) + amount, 255).astype(np.uint8)""")
_m("4.2", "clips at 256 instead of 255", ("255",), """
def brighten(image, amount):
    return np.clip(image.astype(int) + amount, 0, 256).astype(np.uint8)""")
_m("4.2", "tests for overflow on a uint8 sum that already wrapped", "wrap", """
def brighten(image, amount):
    return np.where(image + amount > 255, 255, image + amount).astype(np.uint8)""")
_m("4.2", "changes the image it was given", ("change", "given"), """
def brighten(image, amount):
    image += amount
    return image""")
_m("4.2", "widens to uint16, which still has no negative numbers", ("negative", "uint16", "signed"), """
def brighten(image, amount):
    return np.clip(image.astype(np.uint16) + amount, 0, 255).astype(np.uint8)""")
_m("4.2", "widens to int8, which holds only -128 to 127", ("int8", "127"), """
def brighten(image, amount):
    return np.clip(image.astype(np.int8) + amount, 0, 255).astype(np.uint8)""")
_m("4.2", "clips in floats and leaves floats", "uint8", """
def brighten(image, amount):
    return np.clip(image.astype(float) + amount, 0, 255)""")
_m("4.2", "uses the course's change_brightness", HELPER, """
def brighten(image, amount):
    return change_brightness(image, amount)""")
_m("4.2", "prints instead of returning", PRINT, """
def brighten(image, amount):
    print(np.clip(image.astype(int) + amount, 0, 255).astype(np.uint8))""")
_m("4.2", "subtracts a negative amount from uint8, which has no negative numbers", ("negative", "below 0"), """
def brighten(image, amount):
    if amount < 0:
        return image - np.uint8(-amount)
    return np.clip(image.astype(int) + amount, 0, 255).astype(np.uint8)""")

# ---- 4.3 pixel_distance(image1, image2), no loop ------------------------------------------------------------------

_m("4.3", "subtracts in uint8, which wraps around", "wrap", """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1 - image2) ** 2))""")
_m("4.3", "thinks abs() undoes the uint8 wrap-around", "wrap", """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum(np.abs(image1 - image2) ** 2))""")
_m("4.3", "converts after subtracting, when the values have already wrapped", ("wrap", "before"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1 - image2).astype(np.float64) ** 2))""")
_m("4.3", "forgets the square root", ("root",), """
def pixel_distance(image1, image2):
    return np.sum((image1.astype(float) - image2) ** 2)""")
_m("4.3", "adds absolute differences (Manhattan)", "manhattan", """
def pixel_distance(image1, image2):
    return np.sum(np.abs(image1.astype(float) - image2))""")
_m("4.3", "converts to int16, whose squares overflow past 32,767", ("int16", "overflow"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1.astype(np.int16) - image2.astype(np.int16)) ** 2))""")
_m("4.3", "converts one photo to int16", ("int16", "overflow"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1.astype(np.int16) - image2) ** 2))""")
_m("4.3", "converts to int8, which holds only -128 to 127", ("int8", "overflow", "127"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1.astype(np.int8) - image2.astype(np.int8)) ** 2))""")
_m("4.3", "converts one photo to int8", ("int8", "overflow", "127"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1.astype(np.int8) - image2) ** 2))""")
_m("4.3", "converts to float16, whose sum overflows past 65,504", ("float16", "overflow"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1.astype(np.float16) - image2.astype(np.float16)) ** 2))""")
_m("4.3", "converts one photo to float16", ("float16", "overflow"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((image1.astype(np.float16) - image2) ** 2))""")
_m("4.3", "takes math.sqrt of an int16 sum that overflowed", ("int16", "overflow"), """
def pixel_distance(image1, image2):
    return math.sqrt(np.sum((image1.astype(np.int16) - image2) ** 2))""")
_m("4.3", "converts to int16 with np.int16(...)", ("int16", "overflow"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum((np.int16(image1) - np.int16(image2)) ** 2))""")
_m("4.3", "forgets to square the differences", ("not squared", "square each", "square the differences"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum(image1.astype(float) - image2))""")
_m("4.3", "subtracts the squares instead of squaring the difference", ("square of the difference", "subtract first",
                                                                     "difference first"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum(image1.astype(float) ** 2 - image2.astype(float) ** 2))""")
_m("4.3", "averages the squares instead of adding them (RMS)", ("mean", "average"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.mean((image1.astype(float) - image2) ** 2))""")
_m("4.3", "squares the sum instead of summing the squares", ("each difference", "square each"), """
def pixel_distance(image1, image2):
    return np.sqrt(np.sum(image1.astype(float) - image2) ** 2)""")
_m("4.3", "writes ** 1/2 for the square root", ("1/2", "1 / 2"), """
def pixel_distance(image1, image2):
    return np.sum((image1.astype(float) - image2) ** 2) ** 1/2""")
_m("4.3", "forgets to add up: one value per place", ("add", "np.sum"), """
def pixel_distance(image1, image2):
    return np.sqrt((image1.astype(float) - image2) ** 2)""")
_m("4.3", "uses the course's euclidean", HELPER, """
def pixel_distance(image1, image2):
    return euclidean(image1, image2)""")
_m("4.3", "loops over the values with for", LOOP, """
def pixel_distance(image1, image2):
    total = 0.0
    for x, y in zip(image1.ravel(), image2.ravel()):
        total += (float(x) - float(y)) ** 2
    return math.sqrt(total)""")
_m("4.3", "adds up a generator with sum()", LOOP, """
def pixel_distance(image1, image2):
    return math.sqrt(sum((float(x) - float(y)) ** 2 for x, y in zip(image1.ravel(), image2.ravel())))""")
_m("4.3", "builds the squares with a list comprehension inside np.array", LOOP, """
def pixel_distance(image1, image2):
    squares = np.array([(float(x) - float(y)) ** 2 for x, y in zip(image1.ravel(), image2.ravel())])
    return np.sqrt(squares.sum())""")
_m("4.3", "squares with map", LOOP, """
def pixel_distance(image1, image2):
    return np.sqrt(sum(map(lambda x, y: (float(x) - float(y)) ** 2, image1.ravel(), image2.ravel())))""")
_m("4.3", "squares with np.vectorize", LOOP, """
def pixel_distance(image1, image2):
    square = np.vectorize(lambda x, y: (float(x) - float(y)) ** 2)
    return np.sqrt(np.sum(square(image1, image2)))""")
_m("4.3", "squares with np.fromiter over map", LOOP, """
def pixel_distance(image1, image2):
    squares = np.fromiter(map(lambda x, y: (float(x) - float(y)) ** 2, image1.ravel(), image2.ravel()), float)
    return np.sqrt(squares.sum())""")
_m("4.3", "adds up with Python's built-in sum, one value at a time", LOOP, """
def pixel_distance(image1, image2):
    return np.sqrt(sum(((image1.astype(float) - image2) ** 2).ravel()))""")
_m("4.3", "loops with while", LOOP, """
def pixel_distance(image1, image2):
    a, b = image1.ravel().astype(float), image2.ravel().astype(float)
    total, i = 0.0, 0
    while i < len(a):
        total += (a[i] - b[i]) ** 2
        i += 1
    return math.sqrt(total)""")

# ---- 5.1 normalise(hist) ------------------------------------------------------------------------------------------

_m("5.1", "divides by the largest count", ("largest", "maximum", "tallest"), """
def normalise(hist):
    return hist / hist.max()""")
_m("5.1", "divides by the number of bins", "number of bins", """
def normalise(hist):
    return hist / len(hist)""")
_m("5.1", "divides with //, which rounds down to 0", "integer division", """
def normalise(hist):
    return hist // hist.sum()""")
_m("5.1", "divides in place, changing the histogram it was given", ("change", "in place"), """
def normalise(hist):
    hist /= hist.sum()
    return hist""")
_m("5.1", "divides by 255, as for pixel values", "255", """
def normalise(hist):
    return hist / 255""")
_m("5.1", "divides by the duck photo's number of values, not the histogram's total", ("total",), """
def normalise(hist):
    return hist / (img.shape[0] * img.shape[1])""")
_m("5.1", "divides the total by each count, upside down", ("upside down", "the other way"), """
def normalise(hist):
    return hist.sum() / hist""")
_m("5.1", "makes percentages", ("100", "percent"), """
def normalise(hist):
    return hist / hist.sum() * 100""")
_m("5.1", "makes the vector's length 1 (np.linalg.norm) instead of its sum", ("norm", "length"), """
def normalise(hist):
    return hist / np.linalg.norm(hist)""")
_m("5.1", "returns a list", ("list", "np.array"), """
def normalise(hist):
    return [count / sum(hist) for count in hist]""")
_m("5.1", "prints instead of returning", PRINT, """
def normalise(hist):
    print(hist / hist.sum())""")
_m("5.1", "scales from the smallest to the largest count (min-max)", ("smallest", "min"), """
def normalise(hist):
    return (hist - hist.min()) / (hist.max() - hist.min())""")
_m("5.1", "divides by the mean count", ("mean", "average"), """
def normalise(hist):
    return hist / hist.mean()""")
_m("5.1", "rounds the fractions", "round", """
def normalise(hist):
    return np.round(hist / hist.sum(), 2)""")
_m("5.1", "returns inside the loop", "`return` inside the loop", """
def normalise(hist):
    fractions = []
    for count in hist:
        fractions.append(count / hist.sum())
        return np.array(fractions)""")

# ---- 5.2 nearest(query, references) -------------------------------------------------------------------------------

_m("5.2", "keeps the largest distance", "farthest", """
def nearest(query, references):
    return max(references, key=lambda name: euclidean(query, references[name]))""")
_m("5.2", "returns the distance instead of the name", "distance", """
def nearest(query, references):
    return min(euclidean(query, h) for h in references.values())""")
_m("5.2", "returns the name and the distance", ("pair", "only the name"), """
def nearest(query, references):
    name = min(references, key=lambda n: euclidean(query, references[n]))
    return name, euclidean(query, references[name])""")
_m("5.2", "returns the nearest histogram, not its name", ("histogram", "name"), """
def nearest(query, references):
    return min(references.values(), key=lambda h: euclidean(query, h))""")
_m("5.2", "returns inside the loop", "`return` inside the loop", """
def nearest(query, references):
    best_name, best_distance = None, None
    for name, hist in references.items():
        d = euclidean(query, hist)
        if best_distance is None or d < best_distance:
            best_name, best_distance = name, d
        return best_name""")
_m("5.2", "starts the best distance at 0, so nothing is ever smaller", ("from 0", "start"), """
def nearest(query, references):
    best_name, best_distance = None, 0
    for name, hist in references.items():
        d = euclidean(query, hist)
        if d < best_distance:
            best_name, best_distance = name, d
    return best_name""")
_m("5.2", "uses the course's rank", HELPER, """
def nearest(query, references):
    return rank(query, references)[0][0]""")
_m("5.2", "gives euclidean the name: a loop over a dictionary gives its keys", ("key", "name", ".items()"), """
def nearest(query, references):
    best_name, best_distance = None, None
    for name in references:
        d = euclidean(query, name)
        if best_distance is None or d < best_distance:
            best_name, best_distance = name, d
    return best_name""")
_m("5.2", "loops over the dictionary without .items()", ".items()", """
def nearest(query, references):
    best_name, best_distance = None, None
    for name, hist in references:
        d = euclidean(query, hist)
        if best_distance is None or d < best_distance:
            best_name, best_distance = name, d
    return best_name""")
_m("5.2", "keeps the last name: no comparison", ("last", "smaller"), """
def nearest(query, references):
    for name, hist in references.items():
        best_name = name
    return best_name""")
_m("5.2", "forgets to update the best distance", ("best distance", "update"), """
def nearest(query, references):
    names = list(references)
    best_name, best_distance = names[0], euclidean(query, references[names[0]])
    for name, hist in references.items():
        if euclidean(query, hist) < best_distance:
            best_name = name
    return best_name""")
_m("5.2", "sorts the names and forgets to take the first", ("list", "one name", "only the name"), """
def nearest(query, references):
    return sorted(references, key=lambda n: euclidean(query, references[n]))""")
_m("5.2", "takes min of a dictionary of distances, which compares the names", ("alphabet", "key"), """
def nearest(query, references):
    distances = {name: euclidean(query, hist) for name, hist in references.items()}
    return min(distances)""")
_m("5.2", "returns the position np.argmin gives, not the name", ("position", "index"), """
def nearest(query, references):
    return np.argmin([euclidean(query, h) for h in references.values()])""")
_m("5.2", "prints instead of returning", PRINT, """
def nearest(query, references):
    print(min(references, key=lambda n: euclidean(query, references[n])))""")

# ---- 5.3 growth: pixels repeated 2 x 2 ----------------------------------------------------------------------------

_m("5.3", "counts one direction only", "both directions", "growth = 2")
_m("5.3", "takes the notebook's 3 x 3 example", ("3 x 3", "notebook"), "growth = 9")
_m("5.3", "takes the notebook's 3 per direction", ("3 x 3", "notebook", "2 times"), "growth = 3")
_m("5.3", "thinks raw counts do not change (as fractions would not)", ("raw counts", "fractions", "normalis"),
   "growth = 1")
_m("5.3", "thinks the counts shrink", ("larger", "more pixels", "grow"), "growth = 0.25")
_m("5.3", "multiplies in the 3 channels", "channel", "growth = 2 * 2 * 3")
_m("5.3", "stores the enlarged photo's size, not a factor", ("factor", "how many times"),
   "growth = np.repeat(np.repeat(img, 2, axis=0), 2, axis=1).size")
_m("5.3", "prints the factor instead of storing it", PRINT, "growth = print(2 * 2)")

# ---- 8.1 my_manhattan(p, q), no loop ------------------------------------------------------------------------------

_m("8.1", "forgets the absolute value", ("absolute", "cancel"), """
def my_manhattan(p, q):
    return np.sum(p - q)""")
_m("8.1", "takes the absolute value of the sum, not of each difference", ("each difference", "inside"), """
def my_manhattan(p, q):
    return np.abs(np.sum(p - q))""")
_m("8.1", "writes the Euclidean distance", "euclidean", """
def my_manhattan(p, q):
    return np.sqrt(np.sum((p - q) ** 2))""")
_m("8.1", "squares the differences", ("square",), """
def my_manhattan(p, q):
    return np.sum((p - q) ** 2)""")
_m("8.1", "keeps the largest difference instead of adding them", ("largest", "add up"), """
def my_manhattan(p, q):
    return np.max(np.abs(p - q))""")
_m("8.1", "averages the differences instead of adding them", ("mean", "average"), """
def my_manhattan(p, q):
    return np.mean(np.abs(p - q))""")
_m("8.1", "forgets to add up: one difference per bin", ("add", "np.sum"), """
def my_manhattan(p, q):
    return np.abs(p - q)""")
_m("8.1", "uses the course's manhattan", HELPER, """
from imgsim_helpers import manhattan
def my_manhattan(p, q):
    return manhattan(p, q)""")
_m("8.1", "adds up a generator with sum()", LOOP, """
def my_manhattan(p, q):
    return sum(abs(a - b) for a, b in zip(p, q))""")
_m("8.1", "loops with for", LOOP, """
def my_manhattan(p, q):
    total = 0
    for i in range(len(p)):
        total += abs(p[i] - q[i])
    return total""")
_m("8.1", "uses a list comprehension inside np.array", LOOP, """
def my_manhattan(p, q):
    return np.sum(np.array([abs(a - b) for a, b in zip(p, q)]))""")
_m("8.1", "uses map", LOOP, """
def my_manhattan(p, q):
    return sum(map(lambda a, b: abs(a - b), p, q))""")
_m("8.1", "uses np.vectorize", LOOP, """
def my_manhattan(p, q):
    return np.sum(np.vectorize(lambda a, b: abs(a - b))(p, q))""")
_m("8.1", "uses np.fromiter over map", LOOP, """
def my_manhattan(p, q):
    return np.fromiter(map(lambda a, b: abs(a - b), p, q), dtype=float).sum()""")
_m("8.1", "adds up with Python's built-in sum, one value at a time", LOOP, """
def my_manhattan(p, q):
    return sum(np.abs(p - q))""")
_m("8.1", "loops with while", LOOP, """
def my_manhattan(p, q):
    total, i = 0.0, 0
    while i < len(p):
        total += abs(p[i] - q[i])
        i += 1
    return total""")
_m("8.1", "prints instead of returning", PRINT, """
def my_manhattan(p, q):
    print(np.sum(np.abs(p - q)))""")

# ---- 8.2 my_intersection(p, q) ------------------------------------------------------------------------------------

_m("8.2", "returns the shared part, a similarity", "similarity", """
def my_intersection(p, q):
    return np.sum(np.minimum(p, q))""")
_m("8.2", "takes the larger value of each bin", "larger", """
def my_intersection(p, q):
    return 1 - np.sum(np.maximum(p, q))""")
_m("8.2", "uses np.min, one number for the whole array", ("each bin", "np.min"), """
def my_intersection(p, q):
    return 1 - np.min(np.minimum(p, q))""")
_m("8.2", "uses Python's built-in min on two arrays", "element-wise", """
def my_intersection(p, q):
    return 1 - np.sum(min(p, q))""")
_m("8.2", "gives np.min two arrays", "axis", """
def my_intersection(p, q):
    return 1 - np.sum(np.min(p, q))""")
_m("8.2", "subtracts the other way round", ("1 minus", "the other way", "negative"), """
def my_intersection(p, q):
    return np.sum(np.minimum(p, q)) - 1""")
_m("8.2", "forgets to add up the shared parts", ("add", "np.sum"), """
def my_intersection(p, q):
    return 1 - np.minimum(p, q)""")
_m("8.2", "multiplies the bins instead of taking the smaller", ("product", "multipl", "smaller"), """
def my_intersection(p, q):
    return 1 - np.sum(p * q)""")
_m("8.2", "takes the smaller of the two totals", ("each bin", "bin by bin"), """
def my_intersection(p, q):
    return 1 - min(np.sum(p), np.sum(q))""")
_m("8.2", "averages the shared parts instead of adding them", ("mean", "average"), """
def my_intersection(p, q):
    return 1 - np.mean(np.minimum(p, q))""")
_m("8.2", "uses the course's intersection", HELPER, """
from imgsim_helpers import intersection
def my_intersection(p, q):
    return intersection(p, q)""")
_m("8.2", "returns inside the loop", "`return` inside the loop", """
def my_intersection(p, q):
    shared = 0.0
    for a, b in zip(p, q):
        shared += min(a, b)
        return 1 - shared""")
_m("8.2", "prints instead of returning", PRINT, """
def my_intersection(p, q):
    print(1 - np.sum(np.minimum(p, q)))""")

# ---- 8.3 my_bhattacharyya(p, q) -----------------------------------------------------------------------------------

_m("8.3", "lets rounding put a number a hair below 0 under the root", ("nan", "max(0"), """
def my_bhattacharyya(p, q):
    return np.sqrt(1 - np.sum(np.sqrt(p * q)))""")
_m("8.3", "uses math.sqrt, which raises for a hair below 0", ("max(0", "below 0"), """
def my_bhattacharyya(p, q):
    return math.sqrt(1 - np.sum(np.sqrt(p * q)))""")
_m("8.3", "forgets the outer square root", "outer square root", """
def my_bhattacharyya(p, q):
    return 1 - np.sum(np.sqrt(p * q))""")
_m("8.3", "takes the root of the sum instead of the sum of the roots", "root of the sum", """
def my_bhattacharyya(p, q):
    return np.sqrt(max(0.0, 1 - np.sqrt(np.sum(p * q))))""")
_m("8.3", "returns the overlap, a similarity", ("similarity", "overlap"), """
def my_bhattacharyya(p, q):
    return np.sum(np.sqrt(p * q))""")
_m("8.3", "forgets the inner square root", ("inner", "root of each", "sqrt(p * q)"), """
def my_bhattacharyya(p, q):
    return np.sqrt(max(0.0, 1 - np.sum(p * q)))""")
_m("8.3", "forgets to add up", ("add", "np.sum"), """
def my_bhattacharyya(p, q):
    return np.sqrt(np.maximum(0.0, 1 - np.sqrt(p * q)))""")
_m("8.3", "uses the -log form of the Bhattacharyya distance", ("log", "formula"), """
def my_bhattacharyya(p, q):
    return -np.log(np.sum(np.sqrt(p * q)))""")
_m("8.3", "puts ** 0.5 on the sum only, not on 1 minus it", ("bracket", "whole"), """
def my_bhattacharyya(p, q):
    return 1 - np.sum(np.sqrt(p * q)) ** 0.5""")
_m("8.3", "uses the course's bhattacharyya", HELPER, """
from imgsim_helpers import bhattacharyya
def my_bhattacharyya(p, q):
    return bhattacharyya(p, q)""")
_m("8.3", "returns inside the loop", "`return` inside the loop", """
def my_bhattacharyya(p, q):
    overlap = 0.0
    for a, b in zip(p, q):
        overlap += math.sqrt(a * b)
        return math.sqrt(max(0.0, 1 - overlap))""")
_m("8.3", "prints instead of returning", PRINT, """
def my_bhattacharyya(p, q):
    print(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(p * q)))))""")


# ---- the measurement ----------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _prelude(notebook: str) -> dict:
    """The names a notebook has defined when its exercises come (its imports and photos)."""
    from PIL import Image

    import imgsim_helpers as course

    duck = course.load_image("duck")
    names = {"np": np, "math": math, "img": duck, "histogram": course.histogram, "load_image": course.load_image}
    if notebook == "01":
        names["photo"] = Image.open(ROOT / "data" / "opening" / "duck.jpg")
        names["img"] = np.asarray(names["photo"])
    if notebook == "02":
        names["flat"] = duck.flatten()
    if notebook == "04":
        names.update(euclidean=course.euclidean, change_brightness=course.change_brightness, l2_loop=course.l2_loop)
    if notebook == "05":
        names.update(euclidean=course.euclidean, rank=course.rank)
    if notebook == "08":
        names.update(rank=course.rank, duck=duck, swans=course.load_image("swans"), macaw=course.load_image("macaw"))
    return names


def _stub(*_args):
    raise NotImplementedError("Exercise: write this function")


@dataclass(frozen=True)
class Verdict:
    """What ``check`` said to one mistake, and whether that names it."""

    mistake: Mistake
    outcome: str
    hint: str
    tag: str
    named: bool


@lru_cache(maxsize=1)
def fallback_tags() -> frozenset[str]:
    """The tags of the hints a judge gives when nothing more specific fits (read from the judges' modules)."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in Path(checks.__file__).parent.glob("*.py")]
    tags = {"unexpected type"}
    for node in (node for tree in trees for node in ast.walk(tree)):
        if not isinstance(node, ast.FunctionDef) or not any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") == "exercise" for d in node.decorator_list):
            continue
        last = node.body[-1]
        while isinstance(last, ast.If) and not last.orelse:
            last = last.body[-1]
        if isinstance(last, ast.Raise) and isinstance(last.exc, ast.Call) and len(last.exc.args) > 1 \
                and isinstance(last.exc.args[1], ast.Constant):
            tags.add(last.exc.args[1].value)
    return frozenset(tags)


def is_named(mistake: Mistake, outcome: str, hint: str, tag: str) -> bool:
    """The rule (see the module's docstring)."""
    return (outcome == checks.FAIL and tag not in fallback_tags() and not tag.startswith("raised ")
            and any(word.lower() in hint.lower() for word in mistake.words))


def run(mistake: Mistake, index: int = 0) -> Verdict:
    """Run ``mistake``'s cell as a notebook cell, then its exercise's check, as a learner would."""
    exercise = checks.EXERCISES[mistake.number]
    namespace = dict(_prelude(mistake.number.split(".")[0].zfill(2)))
    filename = f"<mistake {mistake.number} #{index}>"
    linecache.cache[filename] = (len(mistake.code), None, mistake.code.splitlines(True), filename)  # as IPython does
    saved = {name: getattr(sys, name, None) for name in ("last_value", "last_exc")}
    sys.last_value = sys.last_exc = None
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                exec(compile(mistake.code, filename, "exec"), namespace)
                answer = namespace[exercise.name]
            except Exception as error:  # the answer cell failed: IPython keeps its error, the answer stays the stub
                sys.last_value = sys.last_exc = error
                answer = _stub if exercise.kind == "function" else ...
            outcome, line, tag = _verdict(exercise, answer)
    finally:
        for name, value in saved.items():
            setattr(sys, name, value)
        linecache.cache.pop(filename, None)
    hint = line.split("Hint: ", 1)[1] if "Hint: " in line else ""
    return Verdict(mistake, outcome, hint, tag, is_named(mistake, outcome, hint, tag))


def measure(catalogue: list[Mistake] | None = None) -> list[Verdict]:
    """Every mistake of the catalogue, run and judged."""
    return [run(mistake, i) for i, mistake in enumerate(CATALOGUE if catalogue is None else catalogue)]


def table(verdicts: list[Verdict]) -> dict[str, tuple[int, int]]:
    """``{exercise: (named, total)}``, in the course's order."""
    found: dict[str, tuple[int, int]] = {}
    for verdict in verdicts:
        named, total = found.get(verdict.mistake.number, (0, 0))
        found[verdict.mistake.number] = (named + verdict.named, total + 1)
    return found


def share(verdicts: list[Verdict]) -> float:
    """The share of the mistakes that are named."""
    return sum(v.named for v in verdicts) / len(verdicts)
