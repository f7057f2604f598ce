"""The pure functions behind the sliders, and the photo edits they use."""

from __future__ import annotations

import numpy as np
import pytest

from imgsim_helpers import (BIN_CHOICES, change_brightness, change_contrast, edit_photo,
                            explore_histogram, explore_similarity, histogram, load_image)


def test_bin_choices_divide_256():
    assert BIN_CHOICES == [2, 4, 8, 16, 32, 64, 128, 256]


def test_brightness_clips_instead_of_wrapping():
    values = np.array([0, 5, 128, 250, 255], dtype=np.uint8)
    assert change_brightness(values, 10).tolist() == [10, 15, 138, 255, 255]
    assert change_brightness(values, -10).tolist() == [0, 0, 118, 240, 245]
    assert change_brightness(values, 0).tolist() == values.tolist()


def test_contrast_stretches_around_128():
    values = np.array([0, 28, 128, 228, 255], dtype=np.uint8)
    assert change_contrast(values, 1.0).tolist() == values.tolist()
    assert change_contrast(values, 2.0).tolist() == [0, 0, 128, 255, 255]
    assert change_contrast(values, 0.0).tolist() == [128] * 5


def test_edits_refuse_an_alpha_channel():
    rgba = np.zeros((2, 2, 4), dtype=np.uint8)  # np.asarray(Image.open("cut-out.png"))
    for edit in (lambda: change_brightness(rgba, 10), lambda: change_contrast(rgba, 2.0)):
        with pytest.raises(ValueError, match=r"got an RGBA image of shape \(2, 2, 4\): .*image\[:, :, :3\]"):
            edit()


def test_edits_refuse_bad_input():
    with pytest.raises(ValueError, match="uint8"):
        change_brightness(np.zeros(3, dtype=np.float64), 1)
    with pytest.raises(ValueError, match=">= 0"):
        change_contrast(np.zeros(3, dtype=np.uint8), -1)


def test_edit_photo_does_not_modify_input():
    image = np.full((2, 2, 3), 100, dtype=np.uint8)
    edited = edit_photo(image, brightness=10, contrast=1.5)
    assert image[0, 0, 0] == 100 and edited[0, 0, 0] == 128 + round(1.5 * -28) + 10


def test_explore_histogram_equals_histogram_of_edited_photo():
    duck = load_image("duck")
    edited, hist = explore_histogram(duck, bins=16, channels="rgb", normalize=True, brightness=20)
    assert np.array_equal(edited, change_brightness(duck, 20))
    assert np.array_equal(hist, histogram(edited, bins=16, channels="rgb", normalize=True))


def test_explore_similarity_lessons_of_notebook_06():
    duck = load_image("duck")
    refs = {"swans": load_image("swans"), "macaw": load_image("macaw")}
    assert explore_similarity(duck, refs)[0][0] == "swans"
    assert explore_similarity(duck, refs, normalize=True, brightness=10)[0][0] == "macaw"
    assert explore_similarity(duck, refs, bins=8, normalize=True, brightness=10)[0][0] == "swans"


def test_explore_similarity_reports_bad_settings():
    duck = load_image("duck")
    with pytest.raises(ValueError, match="bins"):
        explore_similarity(duck, {"a": duck}, bins=100)


def test_explore_similarity_takes_contrast_for_the_test_photo_only():
    duck, swans, macaw = load_image("duck"), load_image("swans"), load_image("macaw")
    refs = {"swans": swans, "macaw": macaw}
    plain = explore_similarity(duck, refs, normalize=True)
    stretched = explore_similarity(duck, refs, normalize=True, contrast=2.0)
    assert stretched != plain
    assert stretched == explore_similarity(change_contrast(duck, 2.0), refs, normalize=True)
