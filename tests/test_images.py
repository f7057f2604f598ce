"""load_image and load_alpha_mask: every photo becomes an (H, W, 3) uint8 array.

Test images are made by code in ``tmp_path``; nothing is added to ``data/``.
"""

from __future__ import annotations

import gc
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imgsim_helpers import images as images_module
from imgsim_helpers import (
    MAX_PIXELS,
    ImageLoadError,
    load_alpha_mask,
    load_image,
    sample_path,
)

ORIENTATION = 0x0112  # the EXIF tag number of "Orientation"


def assert_rgb_uint8(img: np.ndarray) -> None:
    assert isinstance(img, np.ndarray)
    assert img.ndim == 3 and img.shape[2] == 3, img.shape
    assert img.dtype == np.uint8


# --------------------------------------------------------------------------- sources


def test_path_and_sample_name_give_the_same_rgb_array():
    by_name = load_image("duck")
    by_str = load_image(str(sample_path("duck")))
    by_path = load_image(sample_path("duck"))
    assert_rgb_uint8(by_name)
    assert np.array_equal(by_name, by_str)
    assert np.array_equal(by_name, by_path)


def test_a_relative_path_is_read_from_the_current_folder(tmp_path, monkeypatch):
    Image.new("RGB", (3, 2), (10, 20, 30)).save(tmp_path / "mine.png")
    monkeypatch.chdir(tmp_path)
    img = load_image("mine.png")
    assert img.shape == (2, 3, 3)
    assert img[0, 0].tolist() == [10, 20, 30]


def test_a_file_in_the_current_folder_wins_over_a_sample_of_the_same_name(tmp_path, monkeypatch):
    # A bare name is a sample name only when no such file exists.
    Image.new("RGB", (1, 1), (1, 2, 3)).save(tmp_path / "duck", format="PNG")
    monkeypatch.chdir(tmp_path)
    assert load_image("duck").shape == (1, 1, 3)


def test_max_pixels_default_is_fifty_megapixels():
    assert MAX_PIXELS == 50_000_000


# --------------------------------------------------------------------------- EXIF


def _left_half_red(width: int = 40, height: int = 20) -> Image.Image:
    pixels = np.zeros((height, width, 3), dtype=np.uint8)
    pixels[:, : width // 2] = (255, 0, 0)
    return Image.fromarray(pixels)


def test_exif_orientation_is_applied(make_image):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # "rotate 90 degrees clockwise to display"
    path = make_image("rotated.jpg", _left_half_red(), exif=exif, quality=95)
    plain = make_image("plain.jpg", _left_half_red(), quality=95)

    assert load_image(plain).shape == (20, 40, 3)  # stored landscape
    img = load_image(path)
    assert img.shape == (40, 20, 3)  # shown portrait
    # Turned clockwise, the red left half ends up at the top.
    top, bottom = img[:15].reshape(-1, 3).mean(axis=0), img[-15:].reshape(-1, 3).mean(axis=0)
    assert top[0] > 200 and top[1] < 40 and top[2] < 40, top
    assert bottom.max() < 40, bottom


# --------------------------------------------------------------------------- modes


def test_grayscale_L_is_copied_into_three_channels(make_image):
    gray = Image.fromarray(np.array([[0, 200]], dtype=np.uint8), mode="L")
    img = load_image(make_image("gray.png", gray))
    assert_rgb_uint8(img)
    assert img.tolist() == [[[0, 0, 0], [200, 200, 200]]]


def test_one_bit_black_and_white(make_image):
    bw = Image.new("1", (2, 1))
    bw.putpixel((1, 0), 1)
    img = load_image(make_image("bw.png", bw))
    assert_rgb_uint8(img)
    assert img.tolist() == [[[0, 0, 0], [255, 255, 255]]]


def _palette_image() -> Image.Image:
    pal = Image.new("P", (2, 1))
    pal.putpalette([10, 20, 30, 200, 100, 50] + [0] * (256 * 3 - 6))
    pal.putpixel((0, 0), 0)
    pal.putpixel((1, 0), 1)
    return pal


def test_palette_P_gives_the_palette_colours(make_image):
    img = load_image(make_image("palette.png", _palette_image()))
    assert_rgb_uint8(img)
    assert img.tolist() == [[[10, 20, 30], [200, 100, 50]]]


def test_palette_with_a_transparent_index_becomes_white_there(make_image):
    path = make_image("palette-t.png", _palette_image(), transparency=0)
    assert load_image(path).tolist() == [[[255, 255, 255], [200, 100, 50]]]
    assert load_alpha_mask(path).tolist() == [[False, True]]


def test_gray_with_alpha_LA_is_composited_on_white(make_image):
    la = np.array([[[100, 0], [100, 255]]], dtype=np.uint8)
    path = make_image("la.png", Image.fromarray(la, mode="LA"))
    assert load_image(path).tolist() == [[[255, 255, 255], [100, 100, 100]]]


def test_rgba_transparent_pixels_become_white_even_if_their_hidden_rgb_is_grey(make_image):
    rgba = np.zeros((1, 3, 4), dtype=np.uint8)
    rgba[..., :3] = 128  # grey everywhere, like the pigeon's hidden background
    rgba[0, :, 3] = [0, 255, 128]  # transparent, solid, half
    img = load_image(make_image("rgba.png", Image.fromarray(rgba, mode="RGBA")))
    assert_rgb_uint8(img)
    assert img[0, 0].tolist() == [255, 255, 255]  # not the hidden grey
    assert img[0, 1].tolist() == [128, 128, 128]
    # half-transparent grey on white: about (128 + 255) / 2
    assert np.all(np.abs(img[0, 2].astype(int) - 191) <= 1), img[0, 2]


def test_pigeon_background_is_white_not_grey():
    # data/README.md: the pigeon's transparent pixels hide grey RGB values.
    img, mask = load_image("pigeon"), load_alpha_mask("pigeon", threshold=1)
    assert np.all(img[~mask] == 255)


def test_cmyk_is_converted(make_image):
    # Lossless TIFF, so the exact colour survives: no cyan, full magenta and yellow = red.
    path = make_image("cmyk.tif", Image.new("CMYK", (1, 1), (0, 255, 255, 0)))
    img = load_image(path)
    assert_rgb_uint8(img)
    assert img.tolist() == [[[255, 0, 0]]]


def test_cmyk_jpeg_is_converted(make_image):
    path = make_image("cmyk.jpg", Image.new("CMYK", (8, 8), (0, 0, 0, 0)), quality=95)
    img = load_image(path)
    assert_rgb_uint8(img)
    assert img.min() > 240  # no ink at all = white


def test_16_bit_grayscale_is_scaled_not_clipped(make_image):
    values = np.array([[65535, 32896, 257, 0]], dtype=np.uint16)
    path = make_image("gray16.png", Image.fromarray(values))
    with Image.open(path) as opened:
        assert opened.mode.startswith("I")  # Pillow really reads it as 16-bit
    img = load_image(path)
    assert_rgb_uint8(img)
    assert img[0, :, 0].tolist() == [255, 128, 1, 0]
    assert np.array_equal(img[..., 0], img[..., 1]) and np.array_equal(img[..., 0], img[..., 2])


def test_16_bit_rgb_png_written_by_hand(make_image, handmade_png):
    pixels = np.array([[[65535, 0, 32896], [0, 65535, 0]]], dtype=np.uint16)
    path = make_image("rgb16.png", handmade_png(pixels, colour_type=2))
    img = load_image(path)
    assert_rgb_uint8(img)
    assert img.tolist() == [[[255, 0, 128], [0, 255, 0]]]


def test_16_bit_rgba_png_transparent_pixel_is_white(make_image, handmade_png):
    pixels = np.array([[[30000, 30000, 30000, 0], [65535, 0, 0, 65535]]], dtype=np.uint16)
    path = make_image("rgba16.png", handmade_png(pixels, colour_type=6))
    assert load_image(path).tolist() == [[[255, 255, 255], [255, 0, 0]]]
    assert load_alpha_mask(path).tolist() == [[False, True]]


def test_float_tiff_is_refused(make_image):
    path = make_image("float.tif", Image.fromarray(np.array([[0.5]], dtype=np.float32)))
    with pytest.raises(ImageLoadError, match=r"floating-point images \(values with decimals\) are not supported"):
        load_image(path)


# --------------------------------------------------------------------------- errors


def test_image_load_error_is_a_value_error():
    assert issubclass(ImageLoadError, ValueError)


def test_missing_file_message_names_the_path(tmp_path):
    missing = tmp_path / "no-such-photo.jpg"
    with pytest.raises(ImageLoadError, match=re.escape(str(missing))) as info:
        load_image(missing)
    assert "no such file" in str(info.value)
    assert "samples()" in str(info.value)  # tells the learner what to do


def test_unknown_sample_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ImageLoadError, match="'dodo' is neither a file .* nor a bundled sample name"):
        load_image("dodo")


def test_folder_is_refused(tmp_path):
    with pytest.raises(ImageLoadError, match=re.escape(f"{tmp_path} is a folder, not an image file")):
        load_image(tmp_path)


def test_empty_file_is_refused(make_image):
    path = make_image("empty.jpg", b"")
    with pytest.raises(ImageLoadError, match=re.escape(f"{path} is empty (0 bytes)")):
        load_image(path)


def test_text_file_named_jpg_is_not_an_image(make_image):
    path = make_image("notes.jpg", b"this is a shopping list, not a photo\n")
    with pytest.raises(ImageLoadError, match=re.escape(f"{path} is not an image file Pillow can read")):
        load_image(path)


@pytest.mark.parametrize("sample", ["duck", "pigeon"], ids=["jpeg", "png"])
def test_truncated_file_is_refused(sample, cut_in_half):
    half = cut_in_half(sample_path(sample))
    with pytest.raises(ImageLoadError, match=re.escape(f"{half} is truncated or corrupt")):
        load_image(half)


def test_truncated_file_is_closed_after_the_error(cut_in_half):
    """The refused file must not stay open (on Windows an open file cannot be replaced)."""
    half = cut_in_half(sample_path("duck"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        try:
            load_image(half)
        except ImageLoadError:
            pass
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not leaks, leaks


def test_too_many_pixels_is_refused_before_decoding(make_image):
    path = make_image("big.png", Image.new("RGB", (5, 4)))
    with pytest.raises(ImageLoadError, match=re.escape("is 5 x 4 = 20 pixels, more than the limit of 19")):
        load_image(path, max_pixels=19)
    assert load_image(path, max_pixels=20).shape == (4, 5, 3)  # exactly at the limit is fine


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root, and root can read any file, so 'permission denied' cannot happen",
)
@pytest.mark.skipif(os.name == "nt", reason="chmod cannot remove read permission on Windows")
def test_unreadable_file_is_refused(make_image):
    path = make_image("secret.png", Image.new("RGB", (1, 1)))
    path.chmod(0)
    try:
        with pytest.raises(ImageLoadError, match=re.escape(f"{path} cannot be read: permission denied")):
            load_image(path)
    finally:
        path.chmod(0o644)


def test_permission_denied_message_even_as_root(make_image, monkeypatch):
    """The same error path, simulated, so it is tested even where the real one is skipped."""
    path = make_image("secret.png", Image.new("RGB", (1, 1)))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Image, "open", refuse)
    with pytest.raises(ImageLoadError, match=re.escape(f"{path} cannot be read: permission denied")):
        load_image(path)


@pytest.mark.parametrize(
    "wrong, type_name",
    [(np.zeros((2, 2, 3), dtype=np.uint8), "ndarray"), (None, "NoneType"), (42, "int"), (3.5, "float")],
    ids=["array", "None", "int", "float"],
)
def test_wrong_type_is_refused(wrong, type_name):
    with pytest.raises(ImageLoadError, match=f"expects a file path or a sample name, got {type_name}"):
        load_image(wrong)


# --------------------------------------------------------------------------- alpha masks


def test_pigeon_mask_has_bird_and_background():
    mask = load_alpha_mask("pigeon")
    assert mask.dtype == bool
    assert mask.shape == load_image("pigeon").shape[:2]
    assert mask.any() and not mask.all()


def test_rgb_image_mask_is_all_true():
    mask = load_alpha_mask("duck")
    assert mask.dtype == bool
    assert mask.shape == load_image("duck").shape[:2]
    assert mask.all()


def test_mask_threshold(make_image):
    rgba = np.zeros((1, 4, 4), dtype=np.uint8)
    rgba[0, :, 3] = [0, 127, 128, 255]
    path = make_image("alphas.png", Image.fromarray(rgba, mode="RGBA"))
    assert load_alpha_mask(path).tolist() == [[False, False, True, True]]  # default 128
    assert load_alpha_mask(path, threshold=0).tolist() == [[True] * 4]
    assert load_alpha_mask(path, threshold=255).tolist() == [[False, False, False, True]]


@pytest.mark.parametrize("threshold", [-1, 256, 1000, float("nan")])
def test_mask_threshold_out_of_range(threshold):
    with pytest.raises(ValueError, match="threshold must be a whole number between 0 and 255"):
        load_alpha_mask("pigeon", threshold=threshold)


def test_mask_follows_exif_rotation_like_the_image(make_image):
    rgba = np.full((20, 40, 4), 255, dtype=np.uint8)
    rgba[:, :20] = (0, 0, 255, 0)  # left half: transparent (hidden blue)
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    path = make_image("cutout.png", Image.fromarray(rgba, mode="RGBA"), exif=exif)
    img, mask = load_image(path), load_alpha_mask(path)
    assert img.shape[:2] == mask.shape == (40, 20)
    assert not mask[:20].any() and mask[20:].all()  # the left half turned to the top
    assert np.all(img[~mask] == 255)


def test_mask_errors_are_image_load_errors(tmp_path):
    with pytest.raises(ImageLoadError, match="no such file"):
        load_alpha_mask(tmp_path / "missing.png")


def test_mask_respects_max_pixels():
    with pytest.raises(ImageLoadError, match="more than the limit of 10"):
        load_alpha_mask("pigeon", max_pixels=10)


def test_sample_paths_are_absolute_files():
    path = sample_path("duck")
    assert isinstance(path, Path) and path.is_file() and path.is_absolute()


# --------------------------------------------------------------------------- decode_image (bytes)

decode_image = getattr(images_module, "decode_image", None)
needs_decode_image = pytest.mark.skipif(decode_image is None, reason="imgsim_helpers.images has no decode_image")


@needs_decode_image
def test_decode_image_gives_the_same_array_as_load_image():
    data = sample_path("duck").read_bytes()
    assert np.array_equal(decode_image(data), load_image("duck"))
    assert np.array_equal(decode_image(bytearray(data)), load_image("duck"))


@needs_decode_image
def test_decode_image_converts_like_load_image(make_image):
    rgba = np.zeros((1, 2, 4), dtype=np.uint8)
    rgba[..., :3] = 128
    rgba[0, 1, 3] = 255
    path = make_image("cutout.png", Image.fromarray(rgba, mode="RGBA"))
    assert decode_image(path.read_bytes()).tolist() == load_image(path).tolist() == [[[255, 255, 255], [128, 128, 128]]]


@needs_decode_image
def test_decode_image_errors_use_the_given_name(cut_in_half):
    with pytest.raises(ImageLoadError, match=re.escape("cat.jpg is empty (0 bytes)")):
        decode_image(b"", name="cat.jpg")
    with pytest.raises(ImageLoadError, match=re.escape("the uploaded file is empty (0 bytes)")):
        decode_image(b"")
    with pytest.raises(ImageLoadError, match=re.escape("cat.jpg is not an image file Pillow can read")):
        decode_image(b"a shopping list", name="cat.jpg")
    half = cut_in_half(sample_path("duck")).read_bytes()
    with pytest.raises(ImageLoadError, match=re.escape("cat.jpg is truncated or corrupt")):
        decode_image(half, name="cat.jpg")
    with pytest.raises(ImageLoadError, match=re.escape("cat.jpg is 640 x 604 = 386,560 pixels, more than the limit of 100")):
        decode_image(sample_path("duck").read_bytes(), name="cat.jpg", max_pixels=100)


@needs_decode_image
def test_decode_image_float_tiff_is_refused_by_name(make_image):
    path = make_image("float.tif", Image.fromarray(np.array([[0.5]], dtype=np.float32)))
    with pytest.raises(ImageLoadError, match="^scan.tif: floating-point images"):
        decode_image(path.read_bytes(), name="scan.tif")


def test_an_error_message_never_holds_the_file_contents(make_image):
    """load_image(bytes) must not paste the whole file (as b'II*...') into its message."""
    path = make_image("float.tif", Image.fromarray(np.zeros((64, 64), dtype=np.float32)))
    with pytest.raises(ImageLoadError) as info:
        load_image(path.read_bytes())
    message = str(info.value)
    readable = len(message) < 300 and not message.startswith("b'")
    assert readable, f"a message of {len(message):,} characters: {message[:100]}..."


# --------------------------------------------------------------------------- too large, several frames


def test_too_large_error_says_what_to_do_and_can_change_the_advice(make_image):
    path = make_image("big.png", Image.new("RGB", (5, 4)))
    with pytest.raises(images_module.ImageTooLargeError) as info:
        load_image(path, max_pixels=19)
    error = info.value
    assert isinstance(error, ImageLoadError)
    assert str(error) == f"{path} is 5 x 4 = 20 pixels, more than the limit of 19; shrink it first or pass a larger max_pixels"
    assert (error.width, error.height, error.limit) == (5, 4, 19)
    assert error.reason == "too large: 5 x 4 = 20 pixels, more than the limit of 19"
    # the command line and the upload widget say what *their* user can do instead
    assert str(error.advise("give a larger --max-pixels")).endswith("limit of 19; give a larger --max-pixels")


def _animated_gif(path: Path, frames: int = 3) -> Path:
    pictures = [Image.new("RGB", (4, 3), (80 * i, 0, 0)) for i in range(frames)]
    pictures[0].save(path, save_all=True, append_images=pictures[1:], duration=100)
    return path


def test_animated_gif_gives_its_first_frame_with_a_warning(tmp_path):
    path = _animated_gif(tmp_path / "blink.gif")
    with pytest.warns(images_module.MultiFrameWarning,
                      match=re.escape(f"{path} holds 3 frames (an animated GIF); only the first frame is used")) as caught:
        img = load_image(path)
    assert img[0, 0].tolist() == [0, 0, 0]  # frame 0 is black; frame 1 would be (80, 0, 0)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    with pytest.warns(images_module.MultiFrameWarning, match="an animated GIF"):
        images_module.decode_image(path.read_bytes(), name="blink.gif")


def test_multi_page_tiff_warns_and_a_single_frame_does_not(tmp_path):
    pages = tmp_path / "scan.tif"
    Image.new("RGB", (4, 3)).save(pages, save_all=True, append_images=[Image.new("RGB", (4, 3), "white")])
    with pytest.warns(images_module.MultiFrameWarning, match=re.escape("holds 2 frames (a multi-page TIFF)")):
        load_image(pages)
    still = tmp_path / "still.gif"
    Image.new("RGB", (4, 3)).save(still)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_image(still)
        load_image("duck")


def test_float_tiff_error_carries_a_short_reason(make_image):
    path = make_image("float.tif", Image.fromarray(np.array([[0.5]], dtype=np.float32)))
    with pytest.raises(ImageLoadError) as info:
        load_image(path)
    reason = "floating-point images (values with decimals) are not supported; save it as 8-bit (whole numbers 0-255) first"
    assert str(info.value) == f"{path}: {reason}"
    assert info.value.reason == reason


def test_missing_course_photo_file_suggests_the_path_that_exists(monkeypatch):
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    monkeypatch.chdir(notebooks)  # where the notebooks run
    with pytest.raises(ImageLoadError, match=re.escape(
            "no such file: duck.jpg (current folder: " + str(notebooks) + "); did you mean "
            "'../data/opening/duck.jpg'? Otherwise check the spelling, or call samples()")):
        load_image("duck.jpg")
    with pytest.raises(ImageLoadError, match=re.escape("); check the spelling, or call samples()")):
        load_image("zebra.jpg")  # nothing close: no suggestion
