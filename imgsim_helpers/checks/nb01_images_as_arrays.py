"""The judges of notebook 01, images as arrays: counting pixels, the centre pixel, channel means."""

from __future__ import annotations

import numpy as np

from .framework import Expected, Wrong, as_array, as_number, exercise, photo, raise_known_mistake
from .stored import same

@exercise("1.1", "n_pixels: the number of pixels in the duck photo", "n_pixels", "value")
def _judge_1_1(_args: tuple, answer: object, expected: Expected) -> None:
    duck = photo("duck")
    if isinstance(answer, tuple):
        raise Wrong(f"{answer} is a shape (a tuple), not a count: the pixels fill a rectangle as high and as wide "
                    "as the photo, so multiply those two sides", "shape, not count")
    value = as_number(answer)
    if value == duck.size:
        raise Wrong("that is the number of values: each pixel has 3 (red, green, blue); count pixels",
                    "values, not pixels")
    if value in duck.shape[:2]:
        raise Wrong("that is only one side of the photo (len(img) is the number of rows)", "one side only")
    if value == expected["added"]:
        raise Wrong("you added the height and the width; the pixels fill a rectangle, so multiply them",
                    "added the sides")
    if value != expected["right"]:
        raise Wrong(f"not quite: {value:,.0f} is not the number of pixels; a pixel is one (row, column) place",
                    "wrong count")


@exercise("1.2", "centre: the centre pixel of the duck photo", "centre", "value",
           errors=(("only integers, slices", "a row or column number must be a whole number, and / always gives a "
                    "float (the photo's height / 2 is a float even when the height is even); // divides and "
                    "rounds down to a whole number", "float index"),
                   ("too many values to unpack (expected 2)", "img.shape holds 3 numbers (height, width, channels), "
                    "and you unpacked it into 2 names: take the first two, img.shape[:2]", "unpacked the shape")))
def _judge_1_2(_args: tuple, answer: object, expected: Expected) -> None:
    if isinstance(answer, (int, float, np.integer, np.floating)):
        raise Wrong("that is one value, not a pixel: a pixel is 3 numbers (red, green, blue); index with the row and "
                    "the column only, img[row, column], without a channel", "one channel only")
    got = np.asarray(answer) if isinstance(answer, (list, tuple)) else as_array(answer, "the pixel")
    if got.shape == (2,):
        raise Wrong("those are 2 numbers, perhaps the centre's row and column: use them as an index, img[row, column], "
                    "which gives the pixel's 3 values", "position, not pixel")
    if got.ndim == 2 and got.shape[1] == 3:
        raise Wrong(f"a pixel is 3 numbers (red, green, blue); your answer has shape {got.shape}, a whole row of "
                    "pixels: img[row] gives every pixel of the row; give the column too, img[row, column]",
                    "not a pixel")
    if got.shape != (3,):
        raise Wrong(f"a pixel is 3 numbers (red, green, blue); your answer has shape {got.shape}", "not a pixel")
    if same(got, expected["right"]):
        return
    raise_known_mistake(lambda wrong: same(got, wrong), expected, [
        ("swapped", "you swapped row and column: NumPy indexes img[row, column], rows first (the height)",
         "row and column swapped"),
        ("height_twice", "the column comes from the width (img.shape[1]); len(img) is the height",
         "height for the column"),
        ("one_up", "that is one pixel up and to the left of the centre: the centre is at half the height and half "
         "the width, rounded down (h // 2, not (h - 1) // 2)", "one pixel off")])
    raise Wrong("that is not the centre pixel: the centre row is half the height, the centre column half the width",
                "wrong pixel")


@exercise("1.3", "channel_means(image): the average red, green and blue value", "channel_means", "function",
           cases=lambda: [(photo("macaw"),)])
def _judge_1_3(args: tuple, result: object, expected: Expected) -> None:
    (img,) = args
    right = expected["right"]
    got = np.asarray(result, dtype=float)
    if got.shape == right.shape and np.allclose(got, right):
        return
    if got.shape == (3,) and not np.array_equal(img, photo("duck")) and np.allclose(got, expected["of_duck"]):
        raise Wrong("those are the means of the duck photo `img`, not of the image your function was given: use "
                    "the parameter `image` inside the function", "used img, not image")
    if got.shape == img.shape[:2]:
        raise Wrong("wrong axis: you averaged the 3 channels of each pixel; average each channel over all "
                    "rows and columns instead", "wrong axis")
    if got.shape in ((img.shape[0],), (img.shape[1],)) and img.shape[0] != 3 and img.shape[1] != 3:
        raise Wrong(f"you got one mean per row (or per column), {got.shape[0]} of them: you averaged over the wrong "
                    "axes; average along the axis of the rows and the axis of the columns, keeping the channels",
                    "wrong axis")
    if got.shape in ((img.shape[1], 3), (img.shape[0], 3)):
        raise Wrong(f"you averaged along one axis only, so you got one mean per row or column (shape "
                    f"{got.shape}); average over the rows and the columns together: axis= also takes a tuple "
                    "of axes", "one axis only")
    if got.shape == ():
        raise Wrong("you averaged everything into one number; keep one mean per channel", "one number",
                    early_return=True)
    if got.shape != (3,):
        raise Wrong(f"expected 3 numbers (red, green, blue), got shape {got.shape}", "wrong shape",
                    early_return=got.shape == (1,))
    if np.allclose(got, expected["sums"]):
        raise Wrong("you added the values up; a mean also divides by how many there are (or use .mean)",
                    "sum, not mean")
    if np.allclose(got, right, atol=0.5) or (np.allclose(got, right, atol=1) and np.array_equal(got, np.round(got))):
        raise Wrong("close, but not exact: keep the means as they are, without rounding (or converting to a whole-"
                    "number type such as uint8)", "rounded")
    if np.allclose(got, right[::-1]):
        raise Wrong("the means are in the wrong order: red is channel 0, green 1, blue 2", "channel order")
    if np.allclose(got, expected["first_rows"]):
        raise Wrong("those are the means of the first 3 rows: image[0] is the first row of the photo, not the red "
                    "channel; the channel is the third index, image[:, :, 0]", "row, not channel")
    if np.allclose(got, expected["wrapped"]):
        raise Wrong("your totals wrapped around: a uint8 holds at most 255, so adding up uint8 values in a loop starts "
                    "again from 0 past 255; add them up in a wide type (or use .mean)", "uint8 wrap-around")
    raise Wrong("the three means are not right: average each channel over all rows and columns "
                "(if you add up uint8 values in a loop, they wrap around past 255)", "wrong values")
