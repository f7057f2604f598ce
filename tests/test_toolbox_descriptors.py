"""Gray levels, equalisation, the descriptors and the DESCRIPTORS registry, MSE and SSIM (issue 12).

Each is checked against an independent reference (Pillow, OpenCV, scikit-image),
against cases worked out by hand, for its properties, and for every error path.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

import imgsim_helpers
from imgsim_helpers import (DESCRIPTORS, Descriptor, border_histogram, border_mask, cumulative_histogram, describe,
                            edge_histogram, edge_strength, equalize, histogram, hue_saturation_histogram, load_image, mse,
                            region_histogram, ssim, thumbnail, to_gray)

cv2 = pytest.importorskip("cv2", reason="a test-only reference library (requirements-test.txt; make test installs it)")
hog = pytest.importorskip("skimage.feature", reason="a test-only reference library (requirements-test.txt; make test installs it)").hog
_metrics = pytest.importorskip("skimage.metrics", reason="a test-only reference library (requirements-test.txt; make test installs it)")
mean_squared_error, structural_similarity = _metrics.mean_squared_error, _metrics.structural_similarity

PHOTOS = ["duck", "swans", "macaw", "fish_01", "planet_02", "tool_04", "flower_11", "monument_19"]

small_rgb = arrays(np.uint8, st.tuples(st.integers(3, 24), st.integers(3, 24), st.just(3)))
small_gray = arrays(np.uint8, st.tuples(st.integers(1, 24), st.integers(1, 24)))


@pytest.fixture(scope="module")
def photos():
    return {name: load_image(name) for name in PHOTOS}


# --------------------------------------------------------------------------- gray levels


@given(small_rgb)
def test_to_gray_equals_pillow_convert_l(image):
    assert np.array_equal(to_gray(image), np.asarray(Image.fromarray(image).convert("L")))


def test_to_gray_equals_pillow_on_photos(photos):
    for photo in photos.values():
        assert np.array_equal(to_gray(photo), np.asarray(Image.fromarray(photo).convert("L")))


def test_to_gray_by_hand():
    pixels = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0]]], dtype=np.uint8)
    assert to_gray(pixels).tolist() == [[76, 150, 29, 255, 0]]   # 0.299, 0.587, 0.114 of 255, rounded


@pytest.mark.parametrize("bad, error, message", [
    ([[1, 2, 3]], TypeError, "NumPy array"),
    (np.zeros((2, 2, 3), np.float64), ValueError, "uint8"),
    (np.zeros((2, 2), np.uint8), ValueError, r"shape \(2, 2\)"),
    (np.zeros((2, 2, 4), np.uint8), ValueError, r"shape \(2, 2, 4\)"),
    (np.zeros((0, 2, 3), np.uint8), ValueError, "empty"),
])
def test_to_gray_errors(bad, error, message):
    with pytest.raises(error, match=message):
        to_gray(bad)


def test_gray_histogram_equals_pillow_l_histogram(photos):
    for photo in photos.values():
        expected = Image.fromarray(photo).convert("L").histogram()
        assert histogram(photo, channels="gray").tolist() == expected
        folded = np.asarray(expected).reshape(32, 8).sum(axis=1)
        assert histogram(photo, bins=32, channels="gray").tolist() == folded.tolist()


def test_gray_histogram_counts_one_value_per_pixel_where_pooled_counts_three(photos):
    photo = photos["duck"]
    pixels = photo.shape[0] * photo.shape[1]
    assert histogram(photo, channels="gray").sum() == pixels
    assert histogram(photo, channels="pooled").sum() == 3 * pixels


def test_gray_histogram_with_a_mask():
    image = np.zeros((2, 2, 3), np.uint8)
    image[0, 0] = 255
    mask = np.array([[True, False], [False, False]])
    assert histogram(image, bins=2, channels="gray", mask=mask).tolist() == [0, 1]


def test_gray_histogram_needs_rgb():
    with pytest.raises(ValueError, match=r"shape \(4, 4\)"):
        histogram(np.zeros((4, 4), np.uint8), channels="gray")


@given(arrays(np.int64, st.integers(1, 30), elements=st.integers(0, 50)).filter(lambda a: a.any()))
def test_cumulative_histogram_rises_to_one(hist):
    c = cumulative_histogram(hist)
    assert np.all(np.diff(c) >= 0) and c[-1] == 1.0
    assert np.allclose(c, np.cumsum(hist) / hist.sum())


@pytest.mark.parametrize("bad, message", [
    ([], "1-D"), ([[1, 2]], "1-D"), (["a"], "1-D"), ([1, -1], "non-negative"), ([0, 0], "all zeros"),
    ([1, np.inf], "finite"),
])
def test_cumulative_histogram_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        cumulative_histogram(bad)


# --------------------------------------------------------------------------- equalisation


@given(small_gray)
def test_equalize_equals_opencv_on_gray(image):
    assert np.array_equal(equalize(image), cv2.equalizeHist(image))


@settings(max_examples=50)
@given(small_rgb)
def test_equalize_equals_opencv_per_channel(image):
    expected = np.stack([cv2.equalizeHist(np.ascontiguousarray(image[..., c])) for c in range(3)], axis=-1)
    assert np.array_equal(equalize(image), expected)


def test_equalize_equals_opencv_on_photos(photos):
    for photo in photos.values():
        gray = to_gray(photo)
        assert np.array_equal(equalize(gray), cv2.equalizeHist(gray))


def test_equalize_by_hand():
    # counts: 10 -> 2 pixels, 20 -> 1, 30 -> 1; not-darkest = 2 pixels; 20 -> 255 * 1/2, 30 -> 255
    assert equalize(np.array([[10, 10, 20, 30]], np.uint8)).tolist() == [[0, 0, 128, 255]]


def test_equalize_undoes_a_brightness_and_contrast_change(photos):
    """Any change that keeps the order of the gray levels (and merges none) gives the same result."""
    gray = to_gray(photos["duck"])
    darker = (gray.astype(np.int64) * 3 // 4).astype(np.uint8)      # merges some levels, keeps order
    assert np.mean(equalize(darker) != equalize(gray)) < 0.5
    shifted = (gray // 2 + 40).astype(np.uint8)
    halved = (gray // 2).astype(np.uint8)
    assert np.array_equal(equalize(shifted), equalize(halved))      # a pure shift changes nothing


def test_equalize_leaves_a_blank_image_alone():
    blank = np.full((3, 4), 77, np.uint8)
    assert np.array_equal(equalize(blank), blank)
    assert equalize(blank) is not blank


@pytest.mark.parametrize("bad, error", [
    (np.zeros((2, 2, 4), np.uint8), ValueError), (np.zeros(5, np.uint8), ValueError),
    (np.zeros((2, 2), np.int16), ValueError), ("photo.jpg", TypeError), (np.zeros((0, 3), np.uint8), ValueError),
])
def test_equalize_errors(bad, error):
    with pytest.raises(error):
        equalize(bad)


# --------------------------------------------------------------------------- hue and saturation


def _opencv_hue_saturation(image, hue_bins=50, saturation_bins=60):
    hsv = cv2.cvtColor(image, cv2.COLOR_RGB2HSV)
    return cv2.calcHist([hsv], [0, 1], None, [hue_bins, saturation_bins], [0, 180, 0, 256]).ravel()


@settings(max_examples=60)
@given(small_rgb)
def test_hue_saturation_equals_opencv_tutorial(image):
    counts = hue_saturation_histogram(image) * image.shape[0] * image.shape[1]
    assert np.allclose(counts, _opencv_hue_saturation(image), atol=1e-9)


def test_hue_saturation_equals_opencv_on_photos_and_every_colour(photos):
    for photo in photos.values():
        counts = hue_saturation_histogram(photo) * photo.shape[0] * photo.shape[1]
        assert np.allclose(counts, _opencv_hue_saturation(photo), atol=1e-6)
    every = np.stack(np.meshgrid(np.arange(0, 256, 3), np.arange(0, 256, 5), np.arange(0, 256, 7)), -1)
    every = every.reshape(-1, 1, 3).astype(np.uint8)          # 86 x 52 x 37 colours
    counts = hue_saturation_histogram(every) * len(every)
    assert np.allclose(counts, _opencv_hue_saturation(every), atol=1e-6)
    counts = hue_saturation_histogram(every, 30, 32) * len(every)
    assert np.allclose(counts, _opencv_hue_saturation(every, 30, 32), atol=1e-6)


def test_hue_saturation_by_hand():
    pixels = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [128, 128, 128]]], dtype=np.uint8)
    h = hue_saturation_histogram(pixels, hue_bins=6, saturation_bins=2).reshape(6, 2)
    # red: hue 0 -> bin 0; green: hue 60 -> bin 2; blue: hue 120 -> bin 4; all vivid -> column 1;
    # gray: no hue (0) and no saturation -> bin (0, 0)
    expected = np.zeros((6, 2))
    expected[0, 1] = expected[2, 1] = expected[4, 1] = expected[0, 0] = 0.25
    assert np.array_equal(h, expected)


def test_hue_saturation_ignores_how_light_a_colour_is():
    bright = np.array([[[200, 100, 50]]], dtype=np.uint8)
    dark = np.array([[[100, 50, 25]]], dtype=np.uint8)      # the same colour at half the value
    assert np.array_equal(hue_saturation_histogram(bright), hue_saturation_histogram(dark))


@pytest.mark.parametrize("kwargs", [{"hue_bins": 0}, {"saturation_bins": 2.5}, {"hue_bins": True}])
def test_hue_saturation_bad_bins(kwargs):
    with pytest.raises(ValueError, match="bins must be a whole number"):
        hue_saturation_histogram(np.zeros((2, 2, 3), np.uint8), **kwargs)


# --------------------------------------------------------------------------- regions


def test_region_histogram_is_the_cells_histograms_joined(photos):
    photo = photos["macaw"]
    h, w = photo.shape[:2]
    rows, cols = np.linspace(0, h, 3).round().astype(int), np.linspace(0, w, 3).round().astype(int)
    cells = [histogram(photo[rows[i]:rows[i + 1], cols[j]:cols[j + 1]], bins=4, channels="rgb", normalize=True)
             for i in range(2) for j in range(2)]
    assert np.allclose(region_histogram(photo, grid=2, bins=4), np.concatenate(cells) / 4)


def test_region_histogram_knows_where_a_plain_histogram_does_not():
    sky_above = np.zeros((6, 6, 3), np.uint8)
    sky_above[:3] = (0, 0, 255)
    sky_below = sky_above[::-1].copy()
    plain = [histogram(im, bins=8, channels="rgb", normalize=True) for im in (sky_above, sky_below)]
    assert np.array_equal(*plain)
    assert not np.array_equal(region_histogram(sky_above), region_histogram(sky_below))


@given(small_rgb, st.integers(1, 3))
def test_region_histogram_sums_to_one_and_has_its_length(image, grid):
    h = region_histogram(image, grid=grid, bins=8)
    assert h.shape == (grid * grid * 24,) and h.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("kwargs, message", [
    ({"grid": 0}, "grid must be"), ({"grid": 5}, "too small for a 5 x 5 grid"), ({"bins": 3}, "divides 256"),
])
def test_region_histogram_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        region_histogram(np.zeros((4, 4, 3), np.uint8), **kwargs)


# --------------------------------------------------------------------------- edges


def _edge_histogram_by_loops(gray, bins):
    """The definition, one pixel at a time, in float64."""
    g = gray.astype(np.float64)
    counts = np.zeros(bins)
    for r in range(g.shape[0]):
        for c in range(g.shape[1]):
            gx = g[r, c + 1] - g[r, c - 1] if 0 < c < g.shape[1] - 1 else 0.0
            gy = g[r + 1, c] - g[r - 1, c] if 0 < r < g.shape[0] - 1 else 0.0
            angle = np.rad2deg(np.arctan2(gy, gx)) % 180
            counts[min(int(angle // (180 / bins)), bins - 1)] += np.hypot(gx, gy)
    return counts


@settings(max_examples=40)
@given(small_gray.filter(lambda a: min(a.shape) >= 3 and np.ptp(a) > 0), st.sampled_from([4, 9, 12]))
def test_edge_histogram_equals_the_definition(gray, bins):
    counts = _edge_histogram_by_loops(gray, bins)
    if counts.sum() == 0:   # gray levels differ only on the border (a 3 x 3 ring): no inner pixel has an edge
        with pytest.raises(ValueError, match="has no edges"):
            edge_histogram(gray, bins=bins)
        return
    assert np.allclose(edge_histogram(gray, bins=bins), counts / counts.sum(), atol=1e-12)


def test_edge_histogram_equals_scikit_image_hog_with_one_cell(photos):
    """scikit-image adds up the cell in 32-bit floats: agreement to 1e-7 on small images, 2e-5 on photos."""
    rng = np.random.default_rng(0)
    for _ in range(5):
        gray = rng.integers(0, 256, (24, 31), dtype=np.uint8)
        expected = hog(gray.astype(float), orientations=9, pixels_per_cell=gray.shape, cells_per_block=(1, 1),
                       block_norm="L1")
        assert np.allclose(edge_histogram(gray), expected, atol=1e-7)
    for photo in photos.values():
        gray = to_gray(photo)
        expected = hog(gray.astype(float), orientations=9, pixels_per_cell=gray.shape, cells_per_block=(1, 1),
                       block_norm="L1")
        assert np.allclose(edge_histogram(photo), expected, atol=2e-5)


def test_edge_histogram_by_hand():
    vertical = np.zeros((5, 6), np.uint8)
    vertical[:, 3:] = 200                      # light on the right: gradient points right, 0 degrees
    assert edge_histogram(vertical, bins=4).tolist() == [1.0, 0.0, 0.0, 0.0]
    horizontal = vertical.T.copy()             # light below: gradient points down, 90 degrees
    assert edge_histogram(horizontal, bins=4).tolist() == [0.0, 0.0, 1.0, 0.0]
    flipped = vertical[:, ::-1].copy()         # dark to light the other way: the same direction
    assert edge_histogram(flipped, bins=4).tolist() == [1.0, 0.0, 0.0, 0.0]


def test_edge_histogram_ignores_colour_and_brightness(photos):
    photo = photos["duck"]
    inverted = 255 - photo                                    # every edge flips its sign, not its line
    assert np.allclose(edge_histogram(photo), edge_histogram(inverted), atol=1e-12)
    gray = to_gray(photo) // 2
    double = gray * 2                                         # every edge twice as strong, same directions
    assert np.allclose(edge_histogram(gray), edge_histogram(double), atol=1e-12)


@pytest.mark.parametrize("bad, message", [
    (np.full((5, 5, 3), 9, np.uint8), "no edges"), (np.zeros((2, 9, 3), np.uint8), "at least 3 x 3"),
    (np.zeros((5, 5, 3), np.float32), "uint8"),
])
def test_edge_histogram_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        edge_histogram(bad)


def test_edge_strength_by_hand():
    step = np.zeros((3, 4), np.uint8)
    step[:, 2:] = 100                          # dark left, light right: gx = 100 at columns 1 and 2
    # every row has both neighbours across: gx = 100 at columns 1 and 2; the first and last
    # columns lack one, so their gx counts as 0
    assert edge_strength(step).tolist() == [[0.0, 100.0, 100.0, 0.0]] * 3
    corner = np.zeros((3, 3), np.uint8)
    corner[2, 1], corner[1, 2] = 30, 40        # gy = 30 and gx = 40 at the centre: a 3-4-5 triangle
    assert edge_strength(corner)[1, 1] == 50.0


@settings(max_examples=30)
@given(small_gray.filter(lambda a: min(a.shape) >= 3))
def test_edge_strength_is_the_length_of_the_definitions_gradient(gray):
    g = gray.astype(np.float64)
    expected = np.zeros_like(g)
    for r in range(1, g.shape[0] - 1):
        for c in range(1, g.shape[1] - 1):
            expected[r, c] = np.hypot(g[r, c + 1] - g[r, c - 1], g[r + 1, c] - g[r - 1, c])
    strength = edge_strength(gray)
    # inside, both differences; on the border only the one whose neighbours exist
    assert np.allclose(strength[1:-1, 1:-1], expected[1:-1, 1:-1])
    assert np.allclose(strength[0, 1:-1], np.abs(g[0, 2:] - g[0, :-2]))
    assert np.allclose(strength[1:-1, 0], np.abs(g[2:, 0] - g[:-2, 0]))
    assert strength.min() >= 0 and strength.max() <= 255 * np.sqrt(2)


def test_edge_strength_of_a_photo_uses_its_luminance(photos):
    photo = photos["macaw"]
    assert np.array_equal(edge_strength(photo), edge_strength(to_gray(photo)))
    assert edge_strength(photo).shape == photo.shape[:2]


@pytest.mark.parametrize("bad, message", [
    (np.zeros((2, 9, 3), np.uint8), "at least 3 x 3"), (np.zeros((5, 5, 3), np.float32), "uint8"),
    (np.zeros((5, 5, 4), np.uint8), "RGB|channels|alpha"),
])
def test_edge_strength_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        edge_strength(bad)


# --------------------------------------------------------------------------- thumbnail and border


def test_thumbnail_is_pillow_resize_of_the_gray_photo(photos):
    photo = photos["swans"]
    expected = np.asarray(Image.fromarray(photo).convert("L").resize((16, 16), Image.BILINEAR), dtype=float)
    assert np.array_equal(thumbnail(photo), expected.ravel())
    assert thumbnail(to_gray(photo), size=8).shape == (64,)


def test_thumbnail_errors():
    with pytest.raises(ValueError, match="size must be"):
        thumbnail(np.zeros((4, 4, 3), np.uint8), size=0)
    with pytest.raises(ValueError, match="uint8"):
        thumbnail(np.zeros((4, 4, 3)))


def test_border_histogram_sees_only_the_frame():
    image = np.full((20, 30, 3), 255, np.uint8)
    image[2:18, 3:27] = 0                             # a black subject, leaving a white frame
    h = border_histogram(image, width=0.1, bins=2)
    assert h.tolist() == [0.0, 1 / 3, 0.0, 1 / 3, 0.0, 1 / 3]
    assert not np.array_equal(h, histogram(image, bins=2, channels="rgb", normalize=True))


def test_border_mask_by_hand():
    mask = border_mask(np.zeros((10, 20, 3), np.uint8), width=0.2)     # 2 rows and 4 columns deep
    expected = np.ones((10, 20), bool)
    expected[2:8, 4:16] = False
    assert mask.dtype == bool and np.array_equal(mask, expected)
    assert border_mask(np.zeros((3, 3, 3), np.uint8)).sum() == 8          # at least one pixel deep


def test_border_histogram_counts_the_masks_pixels(photos):
    photo = photos["monument_19"]
    mask = border_mask(photo)
    assert np.array_equal(border_histogram(photo), histogram(photo, bins=32, channels="rgb", normalize=True, mask=mask))
    assert 0.3 < mask.mean() < 0.4          # the outer tenth on each side: 1 - 0.8 x 0.8 = 36% of the pixels


@pytest.mark.parametrize("width", [0, 0.5, -1, "wide", True])
def test_border_mask_bad_width(width):
    with pytest.raises(ValueError, match="width must be a share"):
        border_mask(np.zeros((8, 8, 3), np.uint8), width=width)


def test_border_mask_needs_an_rgb_photo():
    with pytest.raises(ValueError, match="uint8"):
        border_mask(np.zeros((8, 8, 3), np.float64))


@pytest.mark.parametrize("width", [0, 0.5, -1, "wide"])
def test_border_histogram_bad_width(width):
    with pytest.raises(ValueError, match="width must be a share"):
        border_histogram(np.zeros((8, 8, 3), np.uint8), width=width)


# --------------------------------------------------------------------------- the registry


def test_registry_entries_keep_their_promises(photos):
    for name, entry in DESCRIPTORS.items():
        assert isinstance(entry, Descriptor) and entry.name == name and entry.about
        for photo in photos.values():
            vector = entry(photo)
            assert vector.shape == (entry.length,) and vector.dtype == np.float64
            assert np.all(np.isfinite(vector)) and np.all(vector >= 0)
            if name != "thumbnail":
                assert vector.sum() == pytest.approx(1.0)
        if entry.channels is not None:
            assert entry.length % entry.channels == 0


def test_registry_histograms_equal_the_histogram_helper(photos):
    photo = photos["duck"]
    assert np.array_equal(DESCRIPTORS["rgb"](photo), histogram(photo, bins=32, channels="rgb", normalize=True))
    assert np.array_equal(DESCRIPTORS["gray"](photo), histogram(photo, bins=32, channels="gray", normalize=True))
    assert np.array_equal(DESCRIPTORS["joint"](photo), histogram(photo, bins=8, channels="joint", normalize=True))


def test_describe_gives_one_row_per_photo(photos):
    rows = describe(list(photos.values()), "edges")
    assert rows.shape == (len(photos), 9)
    assert np.array_equal(rows[2], DESCRIPTORS["edges"](photos["macaw"]))


def test_describe_errors(photos):
    with pytest.raises(ValueError, match="unknown descriptor 'hsv'; choose one of: gray, pooled, rgb"):
        describe([photos["duck"]], "hsv")
    with pytest.raises(ValueError, match="at least one photo"):
        describe([], "rgb")
    with pytest.raises(ValueError, match="photo 1: the image has no edges"):
        describe([photos["duck"], np.zeros((9, 9, 3), np.uint8)], "edges")


def test_no_second_list_of_descriptor_names():
    """evaluate, rank, the index and the widgets reach descriptors through DESCRIPTORS only."""
    from imgsim_helpers import cli, distances, widgets
    from imgsim_helpers.measuring import evaluation
    from imgsim_helpers.search import index as search
    for module in (cli, distances, evaluation, search, widgets):
        source = inspect.getsource(module)
        assert '"hue_saturation"' not in source and "'hue_saturation'" not in source, module.__name__
        assert '"regions"' not in source and '"thumbnail"' not in source, module.__name__


# --------------------------------------------------------------------------- MSE and SSIM


def test_mse_by_hand_and_like_scikit_image(photos):
    assert mse([[0, 10]], [[10, 10]]) == 50.0
    a, b = to_gray(photos["duck"]), to_gray(photos["duck"])[::-1]
    assert mse(a, b) == pytest.approx(mean_squared_error(a, b), rel=1e-12)
    assert mse(np.array([0], np.uint8), np.array([255], np.uint8)) == 255.0**2   # no uint8 wrap-around


@given(small_gray.filter(lambda a: min(a.shape) >= 7), st.integers(0, 2**32 - 1))
def test_ssim_equals_scikit_image_defaults(a, seed):
    b = np.random.default_rng(seed).integers(0, 256, a.shape, dtype=np.uint8)
    for x, y in ((a, b), (a, a), (a, (a // 2 + 60).astype(np.uint8))):
        assert ssim(x, y) == pytest.approx(structural_similarity(x, y, data_range=255), abs=1e-6)


def test_ssim_equals_scikit_image_on_photos(photos):
    a = to_gray(photos["duck"])
    for b in (np.roll(a, 3, axis=1), (a // 2).astype(np.uint8), 255 - a):
        assert ssim(a, b) == pytest.approx(structural_similarity(a, b, data_range=255), abs=1e-6)


def test_ssim_properties():
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 256, (12, 15)), rng.integers(0, 256, (12, 15))
    assert ssim(a, a) == pytest.approx(1.0)
    assert ssim(a, b) == pytest.approx(ssim(b, a))
    assert ssim(a, b) < 1.0
    assert ssim(np.zeros((8, 8)), np.zeros((8, 8))) == 1.0       # constant images: no division by zero


@pytest.mark.parametrize("a, b, message", [
    (np.zeros((8, 8)), np.zeros((8, 9)), r"same shape: a is \(8, 8\), b is \(8, 9\)"),
    (np.zeros((8, 8, 3)), np.zeros((8, 8, 3)), "to_gray"),
    (np.zeros((6, 8)), np.zeros((6, 8)), "at least 7 x 7"),
    (np.zeros((0, 8)), np.zeros((0, 8)), "empty"),
    ([["a"]], [["b"]], "numbers"),
    (np.full((8, 8), np.nan), np.zeros((8, 8)), "NaN"),
])
def test_ssim_errors(a, b, message):
    with pytest.raises(ValueError, match=message):
        ssim(a, b)


def test_ssim_bad_data_range_and_mse_shape_error():
    with pytest.raises(ValueError, match="data_range must be a positive number"):
        ssim(np.zeros((8, 8)), np.zeros((8, 8)), data_range=0)
    with pytest.raises(ValueError, match="same shape"):
        mse(np.zeros((2, 2)), np.zeros((2, 3)))


def test_pixel_comparisons_break_under_a_small_shift_histograms_do_not(photos):
    gray = to_gray(photos["duck"])
    shifted = np.roll(gray, 4, axis=1)
    # shifted by 4 pixels: SSIM drops a lot and MSE grows, the gray histogram barely changes
    assert ssim(gray, shifted) < 0.9 and mse(gray, shifted) > 100
    h = [np.bincount(g.ravel(), minlength=256) / g.size for g in (gray, shifted)]
    assert np.abs(h[0] - h[1]).sum() < 0.01


def test_public_names():
    for name in ("to_gray", "equalize", "cumulative_histogram", "DESCRIPTORS", "describe", "mse", "ssim",
                 "hue_saturation_histogram", "region_histogram", "edge_histogram", "thumbnail", "border_histogram"):
        assert name in imgsim_helpers.__all__
