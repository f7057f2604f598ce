"""The judges of notebook 02, flattening: the flat length, the green values, one pixel of a flat vector."""

from __future__ import annotations

import numpy as np

from .framework import Expected, Wrong, as_array, as_number, exercise, frozen, photo, raise_known_mistake
from .stored import same

@exercise("2.1", "phone_length: the length of a flattened photo 1080 rows high and 1920 columns wide",
           "phone_length", "value")
def _judge_2_1(_args: tuple, answer: object, expected: Expected) -> None:
    if isinstance(answer, tuple):
        raise Wrong(f"{answer} is a shape (a tuple), not a length: the flat vector holds every value of every pixel, "
                    "so multiply the numbers of the shape", "shape, not length")
    value = as_number(answer)
    raise_known_mistake(lambda wrong: value == wrong, expected, [
        ("pixels", "that is the number of pixels; the flat vector holds every value, and a pixel has several",
         "pixels, not values"),
        ("four_channels", "a colour photo has 3 channels (red, green, blue), not 4", "4 channels"),
        ("added", "you added the sides; the photo is a rectangle of pixels, so multiply them (then count the values "
         "of each pixel)", "added the sides"),
        ("duck", "that is the length of the duck photo `img` (604 x 640 pixels); the phone photo is 1080 x 1920",
         "used img"),
        ("one_row", "that is the values of one row (1920 pixels); the flat vector holds all 1080 rows, one after "
         "another", "one row only"),
        ("channels_twice", "you multiplied by the 3 channels twice: each pixel holds 3 values, so multiply by 3 once",
         "channels twice")])
    if value != expected["right"]:
        raise Wrong(f"{value:,.0f} is not the length: count every value of every pixel", "wrong length")


def _cases_2_2() -> list[tuple]:
    return [(photo("duck"),), (photo("macaw"),)]


@exercise("2.2", "green_values(image): every green value, as one flat array", "green_values", "function",
           cases=_cases_2_2)
def _judge_2_2(args: tuple, result: object, expected: Expected) -> None:
    (img,) = args
    got = as_array(result, "the result")
    if same(got, expected["right"]):
        return
    if not np.array_equal(img, photo("duck")) and same(got, expected["of_duck"]):
        raise Wrong("those are the green values of the duck photo `img`, not of the image your function was given: "
                    "use the parameter `image` inside the function", "used img, not image")
    if got.ndim == 2:
        raise Wrong(f"your result is 2-D (shape {got.shape}); make it one long vector", "not flat")
    if got.size == img.shape[0] * 3:
        raise Wrong("img[:, 1] takes column 1 of every row, not channel 1; the channel is the third index",
                    "column, not channel")
    if got.size == img.shape[1] * 3:
        raise Wrong("image[1] is row 1 of the photo (all its pixels), not channel 1; the channel is the third index, "
                    "image[:, :, 1]", "row, not channel")
    if got.size == 3:
        raise Wrong("those are the 3 values of one pixel (row 1 of the table of pixels); the green values are a column "
                    "of that table, [:, 1]", "pixel, not column")
    if got.size != expected["right"].size:
        raise Wrong(f"expected one value per pixel ({expected['right'].size}), got {got.size}", "wrong size")
    raise_known_mistake(lambda wrong: same(got, wrong), expected, [
        ("red", "those are the red values: channels count from 0 (red), 1 (green), 2 (blue)", "wrong channel"),
        ("blue", "those are the blue values: channels count from 0 (red), 1 (green), 2 (blue)", "wrong channel"),
        ("column_order", "those are the green values column by column; flatten them row by row (the order ravel and "
         "flatten use unless told otherwise)", "column order")])
    raise Wrong("the values are not the green channel in row-by-row order", "wrong order")


def _cases_2_3() -> list[tuple]:
    duck, macaw = frozen(photo("duck").ravel()), frozen(photo("macaw").ravel())
    # the macaw first: near the duck's top-left corner neighbouring pixels look alike, so mistakes look alike
    return [(macaw, 640, 100, 200), (duck, 640, 1, 2), (duck, 640, 603, 639)]


@exercise("2.3", "pixel_at(flat, width, row, col): the 3 values of one pixel, read from the flat vector",
           "pixel_at", "function", cases=_cases_2_3)
def _judge_2_3(args: tuple, result: object, expected: Expected) -> None:
    _flat, _width, row, col = args
    if isinstance(result, (int, float, np.integer, np.floating)):
        raise Wrong("a pixel is 3 numbers (red, green, blue); you returned one", "one value", early_return=True)
    got = np.asarray(result)
    right = np.asarray(expected["right"])
    if same(got, right):
        return
    if same(got, expected["of_duck"]):
        raise Wrong("that is pixel (row, col) of the duck photo `img`, not of the flat vector your function was "
                    "given: compute its place in `flat`", "used img, not flat")
    if got.size == 0:
        raise Wrong("your slice is empty: in flat[a:b], b is the position where it stops, not how many values to "
                    "take; a pixel is flat[start:start + 3]", "slice end")
    if got.size == 2:
        raise Wrong("you got 2 values: a slice stops before its end, so the end is 3 past the start", "slice end")
    if got.size != 3:
        raise Wrong(f"expected the 3 values of one pixel, got {got.size} values", "wrong size",
                    early_return=got.size < 3)
    if got.shape == right.shape and got.flat[0] == right.flat[0] and not got[1:].any() and right[1:].any():
        raise Wrong("only the first of the 3 values is there, the others are 0", "wrong position", early_return=True)
    raise_known_mistake(lambda wrong: same(got, wrong), expected, [
        ("swapped", "row and column are swapped: a row is `width` pixels long, so row r starts after r whole rows",
         "row and column swapped"),
        ("pixels_not_values", "you counted pixels, but the flat vector holds 3 values per pixel: positions move 3 at "
         "a time", "forgot 3 values per pixel"),
        ("col_not_scaled", "the column moves 3 values per pixel too: multiply the whole number of pixels before the "
         "pixel (rows and columns) by 3", "forgot 3 values per pixel"),
        ("one_based", "that is the pixel one row up and one column left: rows and columns count from 0, so row 0 "
         "starts at flat[0]", "counted from 1")])
    raise Wrong(f"those are not the values of pixel ({row}, {col}); pixel (0, 0) is flat[0:3], pixel (0, 1) "
                "flat[3:6]", "wrong position")
