"""Perceptual hashes: hand-computed cases, agreement with imagehash, Hamming distances, all pairs.

Where ours and ``imagehash`` may differ, and why (the tests below show each):

* **The pixels they start from.** Ours hash the ``(H, W, 3)`` array of
  ``load_image``: transparency composited on white, turned upright by the EXIF
  orientation tag. ``imagehash.phash(Image.open(path))`` converts the file's own
  pixels to grey: the colours *under* transparent pixels (often black) count, and
  a photo stored on its side with an orientation tag is hashed on its side. Given
  the same pixels (``Image.fromarray(load_image(...))``), they agree.
* **Rounding in the DCT.** imagehash uses ``scipy.fftpack.dct`` (an FFT); ours is
  a matrix product. The two agree to about 1e-12, so a bit can only differ if
  two of the 64 coefficients lie that close to their median. That is why the goal
  is "at least 99% of bits", not "every bit"; on the bundled photos every bit agrees.

The average and difference hashes use exactly imagehash's arithmetic (Pillow's grey
conversion and Lanczos resize, then ``>``), so they cannot differ on the same pixels.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from imgsim_helpers.near_duplicates import hamming as hamming_module
from imgsim_helpers.near_duplicates.hamming import (
    MAX_MATRIX_HASHES,
    close_pairs,
    hamming,
    hamming_matrix,
    hash_to_hex,
    pack_hashes,
)
from imgsim_helpers.near_duplicates.hashing import (
    HASH_FUNCTIONS,
    average_hash,
    dct_hash,
    dct_matrix,
    difference_hash,
    grey_thumbnail,
    thumbnail_size,
)
from imgsim_helpers.images import load_image
from imgsim_helpers.samples import sample_path, samples

imagehash = pytest.importorskip("imagehash", reason="imagehash is a test-only reference (requirements-test.txt)")
scipy_fft = pytest.importorskip("scipy.fft")

THEIRS = {"average": imagehash.average_hash, "difference": imagehash.dhash, "dct": imagehash.phash}


@pytest.fixture(scope="module")
def photos() -> dict[str, np.ndarray]:
    """Every bundled photo, whatever data/ holds when the tests run."""
    return {row["name"]: load_image(row["name"]) for row in samples()}


# --------------------------------------------------------------------------- agreement with imagehash


@pytest.mark.parametrize("name", list(HASH_FUNCTIONS))
def test_agrees_with_imagehash_on_at_least_99_percent_of_bits(photos, name):
    ours, theirs = HASH_FUNCTIONS[name], THEIRS[name]
    differing = total = 0
    for photo in photos.values():
        mine, reference = ours(photo), theirs(Image.fromarray(photo)).hash
        assert mine.shape == reference.shape == (8, 8) and mine.dtype == bool
        differing += int(np.count_nonzero(mine != reference))
        total += mine.size
    assert total == 64 * len(photos) and len(photos) > 0
    assert differing / total <= 0.01, f"{name}: {differing} of {total} bits differ from imagehash"


def test_hex_form_matches_imagehash(photos):
    for photo in list(photos.values())[:5]:
        assert hash_to_hex(dct_hash(photo)) == str(imagehash.phash(Image.fromarray(photo)))
        assert hash_to_hex(difference_hash(photo)) == str(imagehash.dhash(Image.fromarray(photo)))


def test_dct_matrix_is_scipys_dct():
    x = np.random.default_rng(1).random((32, 5))
    assert np.allclose(dct_matrix(32) @ x, scipy_fft.dct(x, axis=0), atol=1e-9)
    assert np.allclose(dct_matrix(4) @ np.ones(4), [8, 0, 0, 0])


def test_where_they_differ_exif_orientation():
    """imagehash hashes a file's stored pixels; ours turns the photo upright first."""
    duck = load_image("duck")
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90 degrees clockwise to show"
    buffer = io.BytesIO()
    Image.fromarray(duck).transpose(Image.Transpose.ROTATE_90).save(buffer, "PNG", exif=exif.tobytes())
    buffer.seek(0)
    upright = load_image_from(buffer)
    assert upright.shape == duck.shape
    assert hamming(dct_hash(upright), dct_hash(duck)) == 0
    buffer.seek(0)
    lying = imagehash.phash(Image.open(buffer)).hash
    assert hamming(lying, dct_hash(duck)) > 10  # on its side, it is another picture


def load_image_from(buffer: io.BytesIO) -> np.ndarray:
    from imgsim_helpers.images import decode_image

    return decode_image(buffer.getvalue())


def test_where_they_differ_transparency():
    """For a photo with transparent parts, imagehash sees the colours under them."""
    rgba = np.zeros((40, 40, 4), np.uint8)
    rgba[..., 3] = 0
    rgba[10:30, 10:30] = (200, 40, 40, 255)  # a red square on a transparent sheet (black underneath)
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, "PNG")
    ours = average_hash(load_image_from(buffer))          # red on white: the square is darker
    theirs = imagehash.average_hash(Image.open(io.BytesIO(buffer.getvalue()))).hash  # red on black: brighter
    assert hamming(ours, ~theirs) == 0


def test_bundled_photos_with_transparency_agree_once_composited(photos):
    with_alpha = [row["name"] for row in samples() if "A" in Image.open(sample_path(row["name"])).getbands()]
    for name in with_alpha:
        for hash_name, ours in HASH_FUNCTIONS.items():
            assert hamming(ours(photos[name]), THEIRS[hash_name](Image.fromarray(photos[name])).hash) == 0


# --------------------------------------------------------------------------- hand-computed cases


def test_average_hash_of_a_half_bright_image():
    image = np.zeros((16, 16), np.uint8)
    image[:, 8:] = 255
    expected = np.zeros((8, 8), bool)
    expected[:, 4:] = True
    assert np.array_equal(average_hash(image), expected)


def test_difference_hash_of_ramps():
    ramp = np.tile(np.arange(0, 250, 10, dtype=np.uint8), (20, 1))
    assert difference_hash(ramp).all()
    assert not difference_hash(ramp[:, ::-1]).any()


def test_flat_images_give_all_equal_bits():
    flat = np.full((30, 40, 3), 77, np.uint8)
    assert not average_hash(flat).any() and not difference_hash(flat).any()


def test_dct_hash_splits_at_the_median(photos):
    for photo in photos.values():
        assert int(dct_hash(photo).sum()) == 32  # so two DCT hashes differ by an even number of bits


def test_dct_hash_is_the_slowest_waves_of_the_thumbnail():
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (50, 60, 3), dtype=np.uint8)
    pixels = grey_thumbnail(image, 32, 32).astype(float)
    full = scipy_fft.dct(scipy_fft.dct(pixels, axis=0), axis=1)[:8, :8]
    assert np.array_equal(dct_hash(image), full > np.median(full))


def test_grey_is_pillows_weighted_sum():
    image = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [90, 90, 90]]], np.uint8)
    grey = grey_thumbnail(image, 4, 1)
    assert np.allclose(grey[0], [0.299 * 255, 0.587 * 255, 0.114 * 255, 90], atol=1)


@pytest.mark.parametrize("name", list(HASH_FUNCTIONS))
def test_hashing_the_thumbnail_gives_the_same_hash(photos, name):
    """find_duplicates makes the thumbnail once and hashes it: that must change nothing."""
    for photo in photos.values():
        thumbnail = grey_thumbnail(photo, *thumbnail_size(name))
        assert np.array_equal(HASH_FUNCTIONS[name](thumbnail), HASH_FUNCTIONS[name](photo))


def test_other_hash_sizes():
    image = load_image("duck")
    assert average_hash(image, 16).shape == (16, 16)
    assert dct_hash(image, 4, highfreq_factor=2).shape == (4, 4)
    assert thumbnail_size("dct", 16) == (64, 64)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("function", list(HASH_FUNCTIONS.values()))
def test_hash_errors(function):
    with pytest.raises(TypeError, match="NumPy array"):
        function([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="uint8"):
        function(np.zeros((20, 20, 3), np.float64))
    with pytest.raises(ValueError, match=r"shape \(20, 20, 4\)"):
        function(np.zeros((20, 20, 4), np.uint8))
    with pytest.raises(ValueError, match=r"only 7 x 20 pixels, smaller than the 8 x 8"):
        function(np.zeros((20, 7, 3), np.uint8))
    with pytest.raises(ValueError, match="hash_size"):
        function(np.zeros((20, 20, 3), np.uint8), hash_size=1)
    with pytest.raises(ValueError, match="hash_size"):
        function(np.zeros((20, 20, 3), np.uint8), hash_size=True)


def test_other_errors():
    with pytest.raises(ValueError, match="highfreq_factor"):
        dct_hash(np.zeros((20, 20), np.uint8), highfreq_factor=0)
    with pytest.raises(ValueError, match="n must be"):
        dct_matrix(0)
    with pytest.raises(ValueError, match="width"):
        grey_thumbnail(np.zeros((5, 5), np.uint8), 0, 3)
    with pytest.raises(ValueError, match="empty"):
        grey_thumbnail(np.zeros((0, 5), np.uint8), 2, 2)
    with pytest.raises(ValueError, match="unknown hash 'phash'"):
        thumbnail_size("phash")


# --------------------------------------------------------------------------- Hamming distance


bits64 = st.lists(st.booleans(), min_size=64, max_size=64).map(lambda b: np.array(b).reshape(8, 8))


@given(bits64, bits64, bits64)
def test_hamming_is_a_distance(a, b, c):
    assert hamming(a, a) == 0
    assert hamming(a, b) == hamming(b, a) == int(np.sum(a != b))
    assert hamming(a, c) <= hamming(a, b) + hamming(b, c)
    assert hamming(a, ~a) == 64


def test_hamming_errors():
    with pytest.raises(ValueError, match="different shapes"):
        hamming(np.zeros((8, 8), bool), np.zeros((4, 4), bool))
    with pytest.raises(TypeError, match="first hash must be a hash"):
        hamming(np.zeros((8, 8), np.uint8), np.zeros((8, 8), bool))
    with pytest.raises(TypeError, match="second hash"):
        hamming(np.zeros((8, 8), bool), "ff00")
    with pytest.raises(ValueError, match="empty"):
        hamming(np.zeros(0, bool), np.zeros(0, bool))


def test_hash_to_hex_pads_to_whole_digits():
    assert hash_to_hex(np.array([True, False, True])) == "5"
    assert hash_to_hex(np.zeros((8, 8), bool)) == "0" * 16


# --------------------------------------------------------------------------- many hashes


def _random_hashes(n: int, bits: int = 64, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, bits)) < 0.5


def test_pack_hashes_layout():
    first = np.zeros(64, bool)
    first[0] = True
    assert pack_hashes([first])[0, 0] == 2**63          # the first bit is the highest
    assert pack_hashes(np.ones((3, 8, 8), bool)).shape == (3, 1)
    assert pack_hashes(_random_hashes(2, 256)).shape == (2, 4)  # 256 bits: 4 words
    assert pack_hashes(_random_hashes(2, 70)).shape == (2, 2)   # padded with zeros
    assert pack_hashes([]).shape == (0, 1)


def test_pack_hashes_errors():
    with pytest.raises(ValueError, match="different shapes"):
        pack_hashes([np.zeros((8, 8), bool), np.zeros((4, 4), bool)])
    with pytest.raises(TypeError, match="hash 1 must be a hash"):
        pack_hashes([np.zeros((8, 8), bool), np.zeros((8, 8), int)])
    with pytest.raises(ValueError, match="empty"):
        pack_hashes(np.zeros((3, 0), bool))


@pytest.mark.parametrize("bits", [64, 256, 36])
def test_hamming_matrix_is_every_pair(bits):
    hashes = _random_hashes(30, bits)
    expected = np.array([[hamming(a, b) for b in hashes] for a in hashes])
    assert np.array_equal(hamming_matrix(hashes), expected)
    assert np.array_equal(hamming_matrix(pack_hashes(hashes)), expected)


def test_hamming_matrix_refuses_huge_inputs():
    with pytest.raises(ValueError, match="close_pairs"):
        hamming_matrix(np.zeros((MAX_MATRIX_HASHES + 1, 1), np.uint64))


def _brute_force_pairs(hashes: np.ndarray, threshold: int):
    matrix = hamming_matrix(hashes)
    i, j = np.nonzero(np.triu(matrix <= threshold, k=1))
    return i, j, matrix[i, j]


@pytest.mark.parametrize("n, bits, threshold, workers", [
    (300, 64, 26, 2),    # many close pairs, two threads
    (300, 64, 26, 1),
    (5000, 64, 18, 2),   # more than one tile in each direction
    (200, 256, 110, 2),  # hashes of several words
    (7, 64, 64, 3),      # every pair; fewer tiles than threads
])
def test_close_pairs_equals_brute_force(n, bits, threshold, workers):
    hashes = _random_hashes(n, bits, seed=n)
    hashes[5] = hashes[3]  # an exact copy
    got = close_pairs(hashes, threshold, workers=workers)
    expected = _brute_force_pairs(hashes, threshold)
    for g, e in zip(got, expected):
        assert np.array_equal(g, e)
    assert (3, 5, 0) in set(zip(*[x.tolist() for x in got]))


def test_close_pairs_without_bitwise_count(monkeypatch):
    """NumPy before 2.0 has no bitwise_count: a 256-entry table counts the bits instead."""
    hashes = _random_hashes(300, 64, seed=9)
    expected = close_pairs(hashes, 24)
    monkeypatch.delattr(np, "bitwise_count")
    assert not hasattr(np, "bitwise_count")
    for g, e in zip(close_pairs(hashes, 24), expected):
        assert np.array_equal(g, e)
    assert np.array_equal(hamming_matrix(hashes[:20]), _brute_hamming(hashes[:20]))
    assert np.array_equal(hamming_module._popcount(np.array([0, 1, 2**64 - 1], np.uint64)), [0, 1, 64])


def _brute_hamming(hashes):
    return np.array([[int(np.sum(a != b)) for b in hashes] for a in hashes])


def test_close_pairs_edge_cases():
    empty = close_pairs(np.zeros((0, 64), bool), 5)
    assert all(len(x) == 0 for x in empty)
    one = close_pairs(np.zeros((1, 64), bool), 5)
    assert all(len(x) == 0 for x in one)
    with pytest.raises(ValueError, match="threshold"):
        close_pairs(_random_hashes(3), -1)
    with pytest.raises(ValueError, match="threshold"):
        close_pairs(_random_hashes(3), 2.5)
    with pytest.raises(ValueError, match="workers"):
        close_pairs(_random_hashes(3), 2, workers=0)
