"""counter_histogram (the tutorial's way), histogram (the fast way) and value_counts."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from imgsim_helpers import CHANNEL_MODES, counter_histogram, histogram, value_counts

DIVISORS_OF_256 = [1, 2, 4, 8, 16, 32, 64, 128, 256]

# Small uint8 images for the property tests: (H, W, 3) RGB, and any-shape arrays.
small_sides = st.integers(min_value=1, max_value=8)
rgb_images = st.tuples(small_sides, small_sides).flatmap(
    lambda hw: arrays(np.uint8, (hw[0], hw[1], 3))
)
# Any shape of 1 to 3 axes, except (H, W, 2) and (H, W, 4): those are images with a transparency
# (alpha) channel, which the histograms refuse (test_alpha_channel_is_refused_with_advice).
any_uint8 = arrays(
    np.uint8, st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple)
    .filter(lambda shape: not (len(shape) == 3 and shape[2] in (2, 4)))
)


# --------------------------------------------------------------------------- counter_histogram


def test_counter_histogram_hand_case():
    hist = counter_histogram(np.array([[0, 0, 255]], dtype=np.uint8))
    assert isinstance(hist, list) and len(hist) == 256
    assert all(type(count) is int for count in hist)  # plain ints, as in the tutorial
    assert hist[0] == 2 and hist[255] == 1 and sum(hist) == 3


def test_counter_histogram_is_the_tutorials_method(rgb_image):
    # The tutorial: flatten, Counter, then a count (or 0) for every value 0..255.
    counts = Counter(rgb_image.flatten().tolist())
    expected = [counts.get(value, 0) for value in range(256)]
    assert counter_histogram(rgb_image) == expected
    assert sum(counter_histogram(rgb_image)) == rgb_image.size


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.uint16])
def test_counter_histogram_rejects_non_uint8(dtype):
    with pytest.raises(ValueError, match=f"expected pixel values of dtype uint8 \\(0-255\\), got {np.dtype(dtype)}"):
        counter_histogram(np.zeros((2, 2, 3), dtype=dtype))


def test_counter_histogram_rejects_a_list():
    with pytest.raises(TypeError, match="expected a NumPy array of pixel values"):
        counter_histogram([0, 1, 2])


# --------------------------------------------------------------------------- histogram: shapes and totals


def test_channel_modes():
    assert CHANNEL_MODES == ("pooled", "rgb", "joint", "gray")


@pytest.mark.parametrize("bins", [4, 16, 256])
def test_lengths_and_totals(rgb_image, bins):
    n_pixels = rgb_image.shape[0] * rgb_image.shape[1]
    pooled = histogram(rgb_image, bins=bins)
    assert pooled.shape == (bins,) and pooled.sum() == 3 * n_pixels
    rgb = histogram(rgb_image, bins=bins, channels="rgb")
    assert rgb.shape == (3 * bins,)
    assert rgb.reshape(3, bins).sum(axis=1).tolist() == [n_pixels] * 3
    if bins <= 64:
        joint = histogram(rgb_image, bins=bins, channels="joint")
        assert joint.shape == (bins**3,) and joint.sum() == n_pixels
    for hist in (pooled, rgb):
        assert hist.dtype == np.int64


def test_docstring_examples():
    img = np.zeros((2, 2, 3), dtype=np.uint8)
    assert histogram(img, bins=4).tolist() == [12, 0, 0, 0]
    assert histogram(img, bins=2, channels="rgb").tolist() == [4, 0, 4, 0, 4, 0]


def test_bins_fold_neighbouring_values():
    every_value = np.arange(256, dtype=np.uint8)
    assert histogram(every_value, bins=4).tolist() == [64, 64, 64, 64]
    assert histogram(every_value, bins=1).tolist() == [256]
    assert histogram(every_value).tolist() == [1] * 256
    edges = np.array([0, 63, 64, 127, 128, 255], dtype=np.uint8)
    assert histogram(edges, bins=4).tolist() == [2, 2, 1, 1]


def test_rgb_is_red_then_green_then_blue():
    red = np.zeros((2, 3, 3), dtype=np.uint8)
    red[..., 0] = 255
    #                                      red    green  blue
    assert histogram(red, bins=2, channels="rgb").tolist() == [0, 6, 6, 0, 6, 0]


def test_joint_cell_of_a_colour():
    orange = np.zeros((1, 2, 3), dtype=np.uint8)
    orange[...] = (255, 128, 0)  # r bin 1, g bin 1, b bin 0 of 2
    hist = histogram(orange, bins=2, channels="joint")
    assert hist.tolist() == [0, 0, 0, 0, 0, 0, 2, 0]  # cell (1 * 2 + 1) * 2 + 0 = 6


def test_grayscale_pooled():
    gray = np.full((3, 4), 7, dtype=np.uint8)
    hist = histogram(gray, bins=8)
    assert hist.tolist() == [12, 0, 0, 0, 0, 0, 0, 0]


def test_non_contiguous_views_are_counted_correctly(rgb_image):
    view = rgb_image[:, ::2, ::-1]  # every other column, channels reversed (BGR)
    assert histogram(view, channels="rgb").tolist() == np.concatenate(
        [np.bincount(view[..., c].ravel(), minlength=256) for c in range(3)]
    ).tolist()


@pytest.mark.parametrize("channels", CHANNEL_MODES)
def test_normalize_sums_to_one_as_float64(rgb_image, channels):
    hist = histogram(rgb_image, bins=4, channels=channels, normalize=True)
    assert hist.dtype == np.float64
    assert hist.sum() == pytest.approx(1.0)
    if channels == "rgb":  # the whole vector sums to 1, so each channel to 1/3
        assert hist.reshape(3, -1).sum(axis=1) == pytest.approx([1 / 3] * 3)
    counts = histogram(rgb_image, bins=4, channels=channels)
    assert np.allclose(hist, counts / counts.sum())


# --------------------------------------------------------------------------- masks


def _half_black_half_white() -> tuple[np.ndarray, np.ndarray]:
    img = np.zeros((2, 4, 3), dtype=np.uint8)
    img[:, 2:] = 255
    right = np.zeros((2, 4), dtype=bool)
    right[:, 2:] = True
    return img, right


def test_mask_counts_only_selected_pixels():
    img, right = _half_black_half_white()
    pooled = histogram(img, bins=2, mask=right)
    assert pooled.tolist() == [0, 12]  # 4 white pixels x 3 channels
    assert histogram(img, bins=2, channels="rgb", mask=right).tolist() == [0, 4] * 3
    assert histogram(img, bins=2, channels="joint", mask=right).tolist() == [0] * 7 + [4]
    assert histogram(img, bins=2, mask=~right).tolist() == [12, 0]


def test_mask_with_normalize():
    img, right = _half_black_half_white()
    assert histogram(img, bins=2, mask=right, normalize=True).tolist() == [0.0, 1.0]


def test_mask_on_a_grayscale_image():
    gray = np.array([[0, 255], [255, 255]], dtype=np.uint8)
    mask = np.array([[True, False], [False, True]])
    assert histogram(gray, bins=2, mask=mask).tolist() == [1, 1]


def test_a_full_mask_changes_nothing(rgb_image):
    everything = np.ones(rgb_image.shape[:2], dtype=bool)
    for channels in CHANNEL_MODES:
        assert np.array_equal(
            histogram(rgb_image, bins=4, channels=channels, mask=everything),
            histogram(rgb_image, bins=4, channels=channels),
        )


# --------------------------------------------------------------------------- errors

BINS_MESSAGE = "bins must be a whole number that divides 256"


@pytest.mark.parametrize("bins", [100, 0, 300, -4, 2.5, 4.0, True, "4", None])
def test_bad_bins(rgb_image, bins):
    with pytest.raises(ValueError, match=re.escape(f"{BINS_MESSAGE} (1, 2, 4, 8, ..., 256), got {bins!r}")):
        histogram(rgb_image, bins=bins)


def test_numpy_integer_bins_are_fine(rgb_image):
    assert histogram(rgb_image, bins=np.int64(4)).shape == (4,)


@pytest.mark.parametrize("channels", ["RGB", "colour", "", None])
def test_bad_channels(rgb_image, channels):
    with pytest.raises(ValueError, match=re.escape(f"channels must be one of {CHANNEL_MODES}, got {channels!r}")):
        histogram(rgb_image, channels=channels)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.uint16, bool])
def test_non_uint8_image(rgb_image, dtype):
    with pytest.raises(ValueError, match=f"expected pixel values of dtype uint8 \\(0-255\\), got {np.dtype(dtype)}") as info:
        histogram(rgb_image.astype(dtype))
    assert "load_image" in str(info.value)  # says what to do


def test_a_list_is_not_an_image():
    with pytest.raises(TypeError, match="expected a NumPy array of pixel values"):
        histogram([[0, 1, 2]])


@pytest.mark.parametrize("channels", ["rgb", "joint"])
def test_rgb_and_joint_need_three_channels(channels):
    gray = np.zeros((4, 5), dtype=np.uint8)
    with pytest.raises(ValueError, match=re.escape("expected an RGB image of shape (height, width, 3), got shape (4, 5)")):
        histogram(gray, bins=4, channels=channels)
    rgba = np.zeros((4, 5, 4), dtype=np.uint8)
    with pytest.raises(ValueError, match=re.escape("got an RGBA image of shape (4, 5, 4)")):
        histogram(rgba, bins=4, channels=channels)


# np.asarray(Image.open(...)) of a transparent PNG, as notebook 01 teaches, keeps the alpha channel.
ALPHA_ADVICE = ("its last channel is transparency (alpha), not a colour, and would be counted as one. "
                "Load the photo with load_image (it puts transparent parts on white), or keep only the "
                "colours with ")


@pytest.mark.parametrize("channels", ["pooled", "rgb", "joint"])
def test_alpha_channel_is_refused_with_advice(channels, tmp_path):
    from PIL import Image

    path = tmp_path / "rgba.png"
    Image.new("RGBA", (5, 4), (10, 20, 30, 0)).save(path)
    rgba = np.asarray(Image.open(path))
    with pytest.raises(ValueError, match=re.escape(f"got an RGBA image of shape (4, 5, 4): {ALPHA_ADVICE}image[:, :, :3]")):
        histogram(rgba, channels=channels)
    assert histogram(rgba[..., :3], bins=8, channels=channels).sum() > 0  # the advice works
    la = np.asarray(Image.new("LA", (5, 4)))
    with pytest.raises(ValueError, match=re.escape(f"got a gray + alpha (LA) image of shape (4, 5, 2): {ALPHA_ADVICE}image[:, :, 0]")):
        histogram(la, channels=channels)


def test_counter_histogram_refuses_alpha_too():
    with pytest.raises(ValueError, match=re.escape("got an RGBA image of shape (2, 2, 4)")):
        counter_histogram(np.zeros((2, 2, 4), dtype=np.uint8))
    assert sum(counter_histogram(np.zeros((2, 2, 4), dtype=np.uint8)[..., :3])) == 12


@pytest.mark.parametrize("bins", [128, 256])
def test_joint_bins_at_most_64(rgb_image, bins):
    with pytest.raises(ValueError, match=f"a joint histogram with {bins} bins per channel has {bins**3:,} cells; use bins <= 64"):
        histogram(rgb_image, bins=bins, channels="joint")
    assert histogram(rgb_image, bins=64, channels="joint").shape == (64**3,)


def test_mask_of_the_wrong_shape(rgb_image):
    with pytest.raises(ValueError, match=re.escape("mask must be an array of True/False values (dtype bool) of shape (6, 7)") + ".*shape \\(7, 6\\)"):
        histogram(rgb_image, mask=np.ones((7, 6), dtype=bool))


def test_mask_of_the_wrong_dtype(rgb_image):
    with pytest.raises(ValueError, match=re.escape("got dtype int64 and shape (6, 7)")):
        histogram(rgb_image, mask=np.ones((6, 7), dtype=np.int64))


def test_mask_selecting_nothing(rgb_image):
    with pytest.raises(ValueError, match="the mask selects no pixel"):
        histogram(rgb_image, mask=np.zeros((6, 7), dtype=bool))


@pytest.mark.parametrize("shape", [(0, 0, 3), (0, 5, 3), (0,)])
def test_empty_image(shape):
    with pytest.raises(ValueError, match=re.escape(f"the image is empty (shape {shape})")):
        histogram(np.zeros(shape, dtype=np.uint8))


# --------------------------------------------------------------------------- value_counts


@pytest.mark.parametrize("shape", [(1,), (17,), (3, 4), (5, 6, 3)])
def test_value_counts_equals_bincount(shape):
    values = np.random.default_rng(7).integers(0, 256, size=shape, dtype=np.uint8)
    counts = value_counts(values)
    assert counts.dtype == np.int64
    assert np.array_equal(counts, np.bincount(values.ravel(), minlength=256))


def test_value_counts_of_a_view(rgb_image):
    view = rgb_image[::2, ::3, 1]
    assert np.array_equal(value_counts(view), np.bincount(view.ravel(), minlength=256))


def test_value_counts_of_nothing():
    counts = value_counts(np.zeros((0,), dtype=np.uint8))
    assert counts.shape == (256,) and not counts.any()


@pytest.mark.parametrize(
    "values",
    [np.array([300, 1000, 1]), np.array([-1, 2]), np.array([1.7, 2.2])],
    ids=["int above 255", "negative int", "floats"],
)
def test_value_counts_refuses_values_that_are_not_uint8(values):
    """Casting 300 to uint8 gives 44: counting that silently would be a wrong answer."""
    with pytest.raises(ValueError, match="uint8|0-255"):
        value_counts(values)


@given(any_uint8)
def test_value_counts_property(values):
    assert np.array_equal(value_counts(values), np.bincount(values.ravel(), minlength=256))


# --------------------------------------------------------------------------- properties


@given(any_uint8)
def test_pooled_total_is_the_number_of_values(values):
    assert histogram(values).sum() == values.size
    assert histogram(values, normalize=True).sum() == pytest.approx(1.0, abs=1e-12)


@given(rgb_images)
def test_rgb_and_joint_totals(img):
    n_pixels = img.shape[0] * img.shape[1]
    assert histogram(img, channels="rgb").sum() == 3 * n_pixels
    assert histogram(img, bins=8, channels="joint").sum() == n_pixels
    for channels in CHANNEL_MODES:
        total = histogram(img, bins=8, channels=channels, normalize=True).sum()
        assert total == pytest.approx(1.0, abs=1e-12)


@given(any_uint8)
def test_fast_histogram_equals_the_tutorials_exactly(values):
    assert histogram(values, bins=256).tolist() == counter_histogram(values)


@given(rgb_images, st.sampled_from(DIVISORS_OF_256))
def test_folding_equals_summing_neighbours(img, bins):
    full = histogram(img, bins=256)
    assert np.array_equal(histogram(img, bins=bins), full.reshape(bins, -1).sum(axis=1))
    full_rgb = histogram(img, bins=256, channels="rgb").reshape(3, 256)
    folded_rgb = full_rgb.reshape(3, bins, -1).sum(axis=2).ravel()
    assert np.array_equal(histogram(img, bins=bins, channels="rgb"), folded_rgb)


@given(rgb_images, st.integers(min_value=2, max_value=4), st.sampled_from([4, 32, 256]))
def test_normalised_histograms_ignore_upscaling(img, k, bins):
    bigger = np.repeat(np.repeat(img, k, axis=0), k, axis=1)
    for channels in ("pooled", "rgb"):
        small = histogram(img, bins=bins, channels=channels, normalize=True)
        large = histogram(bigger, bins=bins, channels=channels, normalize=True)
        assert np.allclose(small, large, rtol=1e-12, atol=0)


@pytest.mark.parametrize("function", ["to_gray", "equalize", "region_histogram", "edge_histogram",
                                      "hue_saturation_histogram", "thumbnail", "change_brightness"])
def test_every_image_helper_refuses_an_alpha_channel_with_what_to_do(function):
    import imgsim_helpers

    rgba = np.zeros((4, 5, 4), dtype=np.uint8)
    args = (rgba, 10) if function == "change_brightness" else (rgba,)
    with pytest.raises(ValueError, match=r"RGBA image of shape \(4, 5, 4\).*load_image.*image\[:, :, :3\]"):
        getattr(imgsim_helpers, function)(*args)
