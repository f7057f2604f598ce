"""build_index and Index: describe a folder of photos, search it, save it, keep it up to date.

Every test builds its own small folder of photos in ``tmp_path`` (good ones in many
formats, and broken ones); nothing is written into ``data/``.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imgsim_helpers.search import folders as folders_module
from imgsim_helpers._shared import progress as progress_module
from imgsim_helpers.search import index as search_module
from imgsim_helpers.describing.descriptors import DESCRIPTORS
from imgsim_helpers.distances import METRICS, distance, emd
from imgsim_helpers.histograms import histogram
from imgsim_helpers.images import ImageLoadError, load_image
from imgsim_helpers.samples import sample_path
from imgsim_helpers.search.index import (
    DRAFT_PIXELS,
    IMAGE_EXTENSIONS,
    Index,
    IndexFileError,
    SkippedFile,
    UpdateSummary,
    build_index,
    find_images,
    load_image_fast,
)

GOOD = [
    "beach.jpg",
    "cutout.png",
    "forest.png",
    "nested/deeper/night.webp",
    "nested/sunset.JPG",
    "old.bmp",
    "palette.gif",
    "photo.tif",
    "scan16.png",
]
BAD = {
    "corrupt.jpg": "truncated or corrupt",
    "empty.png": "empty file (0 bytes)",
    "notes.jpg": "not an image file Pillow can read",
}


def _photo(seed: int, size: tuple[int, int] = (40, 30)) -> Image.Image:
    """A small photo-like image: a colour gradient (different for every seed) plus noise."""
    rng = np.random.default_rng(seed)
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    start, slope = rng.uniform(0, 200, 3), rng.uniform(-2, 2, 3)
    pixels = start + slope * (x + y)[..., None] + rng.normal(0, 12, (height, width, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _fill(folder: Path, png16: bytes) -> Path:
    """Write the good and bad test files (and some that must be ignored) into ``folder``."""
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    _photo(1).save(folder / "beach.jpg", quality=90)
    _photo(2).save(folder / "forest.png")
    _photo(3).save(folder / "nested" / "sunset.JPG", format="JPEG")
    _photo(4).save(folder / "nested" / "deeper" / "night.webp")
    _photo(5).convert("P").save(folder / "palette.gif")
    _photo(6).save(folder / "old.bmp")
    _photo(7).save(folder / "photo.tif")
    cutout = _photo(8).convert("RGBA")
    alpha = np.zeros((30, 40), dtype=np.uint8)
    alpha[5:25, 10:30] = 255  # a solid square on a transparent sheet
    cutout.putalpha(Image.fromarray(alpha))
    cutout.save(folder / "cutout.png")
    (folder / "scan16.png").write_bytes(png16)
    noisy = io.BytesIO()
    _photo(9, (64, 64)).save(noisy, format="JPEG", quality=95)
    (folder / "corrupt.jpg").write_bytes(noisy.getvalue()[: len(noisy.getvalue()) // 2])
    (folder / "notes.jpg").write_text("these are my holiday notes, not a picture\n")
    (folder / "empty.png").write_bytes(b"")
    (folder / "readme.txt").write_text("not an image extension: ignored\n")
    _photo(10).save(folder / ".hidden" / "secret.jpg")  # hidden folder: ignored
    _photo(11).save(folder / ".thumb.jpg")  # hidden file: ignored
    return folder


@pytest.fixture
def photos(tmp_path, handmade_png):
    """A folder with nine good photos (nested, many formats) and three broken files."""
    ramp = np.linspace(0, 65535, 30 * 40, dtype=np.uint16).reshape(30, 40, 1)
    return _fill(tmp_path / "photos", handmade_png(np.repeat(ramp, 3, axis=2), colour_type=2))


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``folder`` (hidden ones too): content hash, size and modification time."""
    state = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            info = path.stat()
            state[path.relative_to(folder).as_posix()] = (
                hashlib.sha256(path.read_bytes()).hexdigest(), info.st_size, info.st_mtime_ns)
    return state


def _brute_force(index: Index, query, metric: str) -> dict[str, float]:
    """The slow, obviously right way: distance() from the query to every stored histogram.

    (For "emd", emd() told how many 1-D histograms the index's descriptor joins.)
    """
    q = index.describe(query)
    if metric == "emd":
        channels = DESCRIPTORS[index.settings["descriptor"]].channels
        return {path: emd(q, row, channels=channels) for path, row in zip(index.paths, index.features)}
    return {path: distance(q, row, metric) for path, row in zip(index.paths, index.features)}


def _assert_matches_brute_force(index: Index, query, k: int, metric: str) -> None:
    """query() gives the brute-force top k: the same distances, rank by rank.

    For euclidean the photos must be the same too, in the same order (ties: index
    order). The other metrics are vectorised with another order of operations than
    distance(), so two photos whose distances differ only in the last digit (e.g. two
    photos sharing no colour with the query, both at 1.0) may swap places.
    """
    every = _brute_force(index, query, metric)
    expected = sorted(every.items(), key=lambda pair: pair[1])[:k]
    got = index.query(query, k=k, metric=metric)
    assert len(got) == len(expected)
    np.testing.assert_allclose([d for _, d in got], [d for _, d in expected], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose([d for _, d in got], [every[p] for p, _ in got], rtol=1e-12, atol=1e-15)
    if metric == "euclidean":
        assert got == expected  # exactly: paths, order and every bit of the distances


# --------------------------------------------------------------------------- finding files


def test_find_images_is_recursive_case_insensitive_sorted_and_skips_hidden(photos):
    found = [p.relative_to(photos).as_posix() for p in find_images(photos)]
    assert found == sorted(GOOD + list(BAD))  # the broken ones have image names too
    assert all(p.is_absolute() for p in find_images(photos))


def test_every_documented_extension_is_found_in_either_case(tmp_path):
    for i, ext in enumerate(IMAGE_EXTENSIONS):
        (tmp_path / f"a{i}{ext}").write_bytes(b"x")
        (tmp_path / f"b{i}{ext.upper()}").write_bytes(b"x")
    assert len(find_images(tmp_path)) == 2 * len(IMAGE_EXTENSIONS)


def test_find_images_explains_a_missing_folder_or_a_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder: .*nowhere"):
        find_images(tmp_path / "nowhere")
    (tmp_path / "a.jpg").write_bytes(b"x")
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        build_index(tmp_path / "a.jpg", progress=False)


# --------------------------------------------------------------------------- building


def test_build_index_reads_the_good_files_and_lists_the_bad_ones_with_reasons(photos):
    index = build_index(photos, progress=False)
    assert index.files == GOOD
    assert len(index) == len(GOOD)
    assert index.features.shape == (len(GOOD), 96)  # rgb, 32 bins: the defaults
    assert index.features.dtype == np.float32
    np.testing.assert_allclose(index.features.sum(axis=1), 1.0, rtol=1e-5)  # fractions of all values
    reasons = {item.path: item.reason for item in index.skipped}
    assert set(reasons) == set(BAD)
    for name, reason in BAD.items():
        assert reasons[name].startswith(reason), reasons[name]
    assert all(isinstance(item, SkippedFile) for item in index.skipped)
    assert "corrupt.jpg: truncated or corrupt" in str(index.skipped[0])
    assert index.folder == photos.resolve()
    assert "9 photos" in repr(index) and "3 skipped" in repr(index)


def test_indexing_never_writes_into_the_photo_folder(photos, tmp_path):
    before = _snapshot(photos)
    index = build_index(photos, progress=False, workers=2)
    index.query(photos / "beach.jpg", k=3)
    index.save(tmp_path / "index.npz")
    Index.load(tmp_path / "index.npz").update(progress=False)
    index.update(progress=False)
    assert _snapshot(photos) == before


def test_rows_are_the_descriptors_of_load_image(photos):
    """With draft=False every row is DESCRIPTORS[name](load_image(file)): 16-bit, RGBA... for every descriptor."""
    for name, descriptor in DESCRIPTORS.items():
        index = build_index(photos, descriptor=name, draft=False, progress=False)
        assert index.features.shape[1] == descriptor.length
        for path, row in zip(index.paths, index.features):
            expected = descriptor(load_image(path))
            np.testing.assert_array_equal(row, expected.astype(np.float32), err_msg=f"{name}: {path}")


def test_a_photo_the_descriptor_cannot_describe_is_skipped_with_the_reason(photos):
    Image.new("RGB", (20, 20), (90, 90, 90)).save(photos / "blank.png")   # no edges at all
    index = build_index(photos, descriptor="edges", progress=False)
    reasons = {item.path: item.reason for item in index.skipped}
    assert reasons["blank.png"].startswith("cannot be described with 'edges': the image has no edges")
    assert "blank.png" in build_index(photos, progress=False).files     # a histogram has no such problem


def test_16_bit_and_cutout_are_converted_like_the_course(photos):
    index = build_index(photos, descriptor="gray", progress=False)   # 32 bins of 8 gray levels
    row = dict(zip(index.files, index.features))
    cutout = load_image(photos / "cutout.png")
    assert (cutout[0, 0] == 255).all()  # the transparent corner is white
    assert row["cutout.png"][31] > 0.5  # ... so the histogram is mostly white
    scan = row["scan16.png"]
    assert scan[0] > 0 and scan[31] > 0  # the 16-bit ramp spans the whole 8-bit range


def test_joint_histogram_equals_brute_force_cell_numbers(rgb_image):
    """The shift-based joint counting (moved from search into histograms) is exact."""
    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, size=(50, 60, 3), dtype=np.uint8)
    for img in (image, rgb_image):
        for bins in (1, 2, 4, 8, 16, 32, 64):
            q = img.reshape(-1, 3).astype(np.int64) // (256 // bins)
            expected = np.bincount((q[:, 0] * bins + q[:, 1]) * bins + q[:, 2], minlength=bins**3)
            np.testing.assert_array_equal(histogram(img, bins=bins, channels="joint"), expected)


def test_one_worker_and_two_workers_give_the_same_index(photos):
    one = build_index(photos, progress=False, workers=1)
    two = build_index(photos, progress=False, workers=2)
    assert one.files == two.files
    np.testing.assert_array_equal(one.features, two.features)
    assert one.skipped == two.skipped


def test_bad_settings_are_refused_before_any_file_is_read(photos, monkeypatch):
    def must_not_read(*args, **kwargs):
        raise AssertionError("a file was read")

    monkeypatch.setattr(folders_module, "read_rgb", must_not_read)
    with pytest.raises(ValueError, match="unknown descriptor 'hsv'; choose one of: gray, pooled, rgb"):
        build_index(photos, descriptor="hsv", progress=False)
    with pytest.raises(ValueError, match="workers must be at least 1"):
        build_index(photos, workers=0, progress=False)


def test_names_are_resolved_once_then_the_index_holds_the_objects(photos, tmp_path, monkeypatch):
    """Issue 19: a descriptor name is looked up when the index is built or read, never per photo or query."""
    index = build_index(photos, descriptor="regions", progress=False)
    assert index.descriptor is DESCRIPTORS["regions"]
    assert index.settings == {"descriptor": "regions", "draft": True, "draft_pixels": 1_000_000}
    index.save(tmp_path / "index.npz")

    def must_not_look_up(name):
        raise AssertionError(f"{name!r} looked up again")

    monkeypatch.setattr(folders_module, "descriptor_named", must_not_look_up)
    (photos / "beach.jpg").touch()                  # re-read on update, described with the object
    os.utime(photos / "beach.jpg", ns=(1, 1))
    assert index.update(progress=False).changed == ["beach.jpg"]
    for metric in ("euclidean", "emd", "correlation"):
        assert index.query("duck", k=2, metric=metric)
    monkeypatch.undo()
    loaded = Index.load(tmp_path / "index.npz")
    assert loaded.descriptor is DESCRIPTORS["regions"] and loaded.settings == index.settings


def test_permission_denied_is_skipped_not_fatal(photos, monkeypatch):
    """Simulated, so it is tested even as root (root can read any file)."""
    real_open = Image.open

    def refuse_beach(path, *args, **kwargs):
        if Path(path).name == "beach.jpg":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    real_scandir = os.scandir

    def refuse_deeper(path):
        if Path(path).name == "deeper":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Image, "open", refuse_beach)
    monkeypatch.setattr(os, "scandir", refuse_deeper)  # what os.walk uses to list a folder
    index = build_index(photos, progress=False)
    assert "beach.jpg" not in index.files
    assert SkippedFile("beach.jpg", "permission denied") in index.skipped
    assert "nested/deeper/night.webp" not in index.files
    assert SkippedFile("nested/deeper/", "folder skipped: permission denied") in index.skipped


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root, and root can read any file or folder")
def test_unreadable_file_and_folder_are_skipped(photos):
    (photos / "beach.jpg").chmod(0)
    (photos / "nested" / "deeper").chmod(0)
    try:
        index = build_index(photos, progress=False)
    finally:
        (photos / "beach.jpg").chmod(0o644)
        (photos / "nested" / "deeper").chmod(0o755)
    reasons = {item.path: item.reason for item in index.skipped}
    assert reasons["beach.jpg"] == "permission denied"
    assert reasons["nested/deeper/"] == "folder skipped: permission denied"


def test_an_empty_folder_gives_an_empty_index_that_explains_itself(tmp_path):
    index = build_index(tmp_path, progress=False)
    assert len(index) == 0 and index.features.shape == (0, 96)
    with pytest.raises(ValueError, match="is empty: it found no readable image files"):
        index.query(sample_path("duck"))


# --------------------------------------------------------------------------- draft decoding


def test_draft_decodes_a_big_jpeg_at_reduced_size_with_nearly_the_same_histogram(tmp_path):
    big = tmp_path / "big.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate: the reduced image must still come out upright
    _photo(12, (2400, 1800)).save(big, quality=90, exif=exif)
    full = load_image_fast(big, draft=False)
    small = load_image_fast(big)
    assert full.shape == (2400, 1800, 3)
    assert small.shape == (1200, 900, 3)  # half size: 1.08 MP, not below DRAFT_PIXELS
    assert small.shape[0] * small.shape[1] >= DRAFT_PIXELS
    change = np.abs(histogram(full, 32, "rgb", True) - histogram(small, 32, "rgb", True)).sum() / 3
    assert change < 0.1, change


def test_draft_leaves_small_jpegs_and_other_formats_alone(tmp_path):
    Image.new("RGB", (2400, 1800), (10, 200, 30)).save(tmp_path / "big.png")
    assert load_image_fast(tmp_path / "big.png").shape == (1800, 2400, 3)
    _photo(13, (1500, 1000)).save(tmp_path / "mid.jpg")  # 1.5 MP: halving would go below 1 MP
    assert load_image_fast(tmp_path / "mid.jpg").shape == (1000, 1500, 3)


def test_load_image_fast_errors_name_the_file_and_reason(photos):
    with pytest.raises(ImageLoadError, match=re.escape(f"cannot read {photos / 'notes.jpg'}: not an image")):
        load_image_fast(photos / "notes.jpg")
    # the same message and advice as load_image's (max_pixels is an argument here too)
    too_large = f"{photos / 'beach.jpg'} is 40 x 30 = 1,200 pixels, more than the limit of 1,000; " \
                "shrink it first or pass a larger max_pixels"
    with pytest.raises(ImageLoadError, match=re.escape(too_large)):
        load_image_fast(photos / "beach.jpg", max_pixels=1000)
    with pytest.raises(ImageLoadError, match="no such file"):
        load_image_fast(photos / "gone.jpg")
    assert np.array_equal(load_image_fast("duck"), load_image("duck"))  # sample names work too


# --------------------------------------------------------------------------- querying


def test_a_photo_in_the_index_finds_itself_first_at_distance_zero(photos):
    index = build_index(photos, progress=False)
    for metric in METRICS:
        best_path, best_distance = index.query(photos / "nested" / "sunset.JPG", k=1, metric=metric)[0]
        assert Path(best_path) == photos.resolve() / "nested" / "sunset.JPG"
        assert best_distance == pytest.approx(0.0, abs=1e-7)
    assert index.query(photos / "forest.png", k=1)[0][1] == 0.0  # euclidean: exactly 0


@pytest.mark.parametrize("metric", list(METRICS))
def test_query_equals_brute_force_on_the_photo_folder(photos, metric):
    for descriptor, entry in DESCRIPTORS.items():
        if metric == "emd" and entry.channels is None:
            continue  # refused: tested in test_emd_is_refused_for_descriptors_without_ordered_bins
        index = build_index(photos, descriptor=descriptor, progress=False)
        for query in ["duck", photos / "beach.jpg", load_image("swans")]:
            _assert_matches_brute_force(index, query, 5, metric)


def test_emd_is_refused_for_descriptors_without_ordered_bins(photos):
    for descriptor, entry in DESCRIPTORS.items():
        index = build_index(photos, descriptor=descriptor, progress=False)
        if entry.channels is None:
            with pytest.raises(ValueError, match=f"descriptor '{descriptor}'"):
                index.query("duck", metric="emd")
        else:
            assert index.query("duck", metric="emd", k=1)


def _random_index(tmp_path: Path, rows: int, descriptor: str = "joint", seed: int = 0) -> Index:
    """An index of ``rows`` random sparse histograms of the descriptor's length (no photos needed)."""
    rng = np.random.default_rng(seed)
    length = DESCRIPTORS[descriptor].length
    counts = rng.gamma(0.3, size=(rows, length)) * (rng.random((rows, length)) < 0.3)
    channels = DESCRIPTORS[descriptor].channels or 1
    counts.reshape(rows, channels, -1)[:, :, 0] += 1e-3  # no all-zero row (nor channel, for emd)
    features = counts / counts.sum(axis=1, keepdims=True)
    files = [f"p{i:05d}.jpg" for i in range(rows)]
    return Index(tmp_path, files, features, np.zeros(rows), np.zeros(rows),
                 {"descriptor": descriptor, "draft": True})


@pytest.mark.parametrize("metric", list(METRICS))
def test_query_equals_brute_force_on_many_random_histograms(tmp_path, metric):
    descriptor = "regions" if metric == "emd" else "joint"   # emd needs 1-D histograms: regions join 27
    index = _random_index(tmp_path, 1500, descriptor)
    rng = np.random.default_rng(1)
    for _ in range(3):
        query = rng.gamma(0.3, size=DESCRIPTORS[descriptor].length) + 1e-3
        _assert_matches_brute_force(index, query, 10, metric)
    row = index.features[700]  # a stored row: itself first
    assert index.query(row, k=1, metric=metric)[0][0].endswith("p00700.jpg")


def test_euclidean_shortcut_is_exact_for_near_ties_and_ties(tmp_path):
    """Rows one float32 step apart: the float32 pass cannot tell them apart, the re-rank must."""
    rng = np.random.default_rng(3)
    base = rng.dirichlet(np.full(512, 0.2)).astype(np.float32)
    rows = np.tile(base, (400, 1))
    for i in range(1, 400):  # nudge a few bins of every row by a few float32 steps
        where = rng.integers(0, 512, 5)
        rows[i, where] = np.nextafter(rows[i, where], np.float32(1), dtype=np.float32) * (1 + i * 1e-7)
    rows[250] = rows[17]  # an exact tie: the lower row number comes first
    index = Index(tmp_path, [f"r{i:03d}" for i in range(400)], rows, np.zeros(400), np.zeros(400),
                  {"descriptor": "joint", "draft": True})
    query = base.astype(np.float64) * (1 + 1e-6)
    _assert_matches_brute_force(index, query, 50, "euclidean")
    _assert_matches_brute_force(index, rows[17], 3, "euclidean")  # the tie: r017 before r250
    assert [Path(p).name for p, _ in index.query(rows[17], k=2)] == ["r017", "r250"]


def test_query_by_array_or_path_gives_the_same_answer(photos):
    index = build_index(photos, progress=False)
    by_path = index.query(photos / "beach.jpg", k=4)
    by_array = index.query(load_image(photos / "beach.jpg"), k=4)  # small photo: no draft either way
    assert by_path == by_array


def test_query_returns_at_most_the_whole_index_and_checks_its_arguments(photos):
    index = build_index(photos, progress=False)
    assert len(index.query("duck", k=100)) == len(GOOD)
    for bad_k in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="k must be a whole number of at least 1"):
            index.query("duck", k=bad_k)
    with pytest.raises(ValueError, match="unknown metric 'L7'; choose one of: euclidean"):
        index.query("duck", metric="L7")
    with pytest.raises(ValueError, match="the query vector has 3 numbers but this index stores 96 .descriptor 'rgb'."):
        index.query(np.array([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match=r"expected an RGB image of shape \(height, width, 3\)"):
        build_index(photos, descriptor="joint", progress=False).query(np.zeros((4, 4), np.uint8))
    with pytest.raises(ImageLoadError, match="no such file"):
        index.query(photos / "missing.jpg")


# --------------------------------------------------------------------------- saving and loading


def test_save_and_load_give_the_same_index(photos, tmp_path):
    index = build_index(photos, progress=False)
    written = index.save(tmp_path / "my-index")  # no .npz added: the name is used as given
    assert written == tmp_path / "my-index" and written.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-index", "photos"]  # no temporary left
    again = Index.load(written, descriptor="rgb", draft=True)
    assert again.files == index.files and again.folder == index.folder
    np.testing.assert_array_equal(again.features, index.features)
    np.testing.assert_array_equal(again.sizes, index.sizes)
    np.testing.assert_array_equal(again.mtimes, index.mtimes)
    assert again.settings == index.settings
    assert again.skipped == index.skipped
    assert again.query("duck") == index.query("duck")


def test_features_are_read_only(photos):
    index = build_index(photos, progress=False)
    with pytest.raises(ValueError, match="read-only"):
        index.features[0, 0] = 1.0


def test_loading_with_other_settings_explains_the_mismatch(photos, tmp_path):
    build_index(photos, progress=False).save(tmp_path / "index.npz")
    with pytest.raises(IndexFileError, match=re.escape("was built with draft=True, but you asked for draft=False")):
        Index.load(tmp_path / "index.npz", draft=False)
    with pytest.raises(IndexFileError, match="descriptor='rgb', draft=True, but you asked for descriptor='joint', draft=False"):
        Index.load(tmp_path / "index.npz", descriptor="joint", draft=False)


def test_loading_something_that_is_not_an_index_raises_a_clear_error(photos, tmp_path):
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(IndexFileError) as info:
        Index.load(tmp_path / "other.npz")
    assert str(info.value) == (f"{tmp_path / 'other.npz'} is not an index file saved by Index.save: it is a NumPy "
                               f".npz file holding the arrays 'weights', but an index holds 'format', 'features', "
                               f"'files' and more; build the index again with build_index, or pick the index file "
                               f"you saved")
    np.savez(tmp_path / "a.npz", np.ones(3))                        # unnamed: NumPy calls it 'arr_0'
    with pytest.raises(IndexFileError, match=re.escape("a NumPy .npz file holding the arrays 'arr_0', but an index")):
        Index.load(tmp_path / "a.npz")
    np.savez(tmp_path / "many.npz", **{f"k{i}": np.ones(1) for i in range(8)})
    with pytest.raises(IndexFileError, match=re.escape("holding the arrays 'k0', 'k1', 'k2', 'k3', 'k4', 'k5', ..., but")):
        Index.load(tmp_path / "many.npz")
    np.savez(tmp_path / "empty.npz")
    with pytest.raises(IndexFileError, match=re.escape("a NumPy .npz file holding no arrays, but an index")):
        Index.load(tmp_path / "empty.npz")
    np.save(tmp_path / "array.npy", np.ones(3))
    with pytest.raises(IndexFileError, match="it holds one array of shape"):
        Index.load(tmp_path / "array.npy")
    (tmp_path / "random.bin").write_bytes(np.random.default_rng(0).bytes(1000))
    with pytest.raises(IndexFileError, match="is not an index file saved by Index.save"):
        Index.load(tmp_path / "random.bin")
    with pytest.raises(IndexFileError, match="is not an index file"):
        Index.load(photos / "beach.jpg")
    with pytest.raises(IndexFileError, match="is a folder, not an index file"):
        Index.load(photos)
    with pytest.raises(FileNotFoundError, match="no such index file"):
        Index.load(tmp_path / "missing.npz")


def test_loading_a_damaged_or_newer_index_raises_a_clear_error(photos, tmp_path):
    build_index(photos, progress=False).save(tmp_path / "index.npz")
    with np.load(tmp_path / "index.npz") as stored:
        arrays = dict(stored)
    np.savez(tmp_path / "newer.npz", **{**arrays, "version": np.array(99)})
    with pytest.raises(IndexFileError, match="saved in index format 99"):
        Index.load(tmp_path / "newer.npz")
    np.savez(tmp_path / "short.npz", **{**arrays, "sizes": arrays["sizes"][:2]})
    with pytest.raises(IndexFileError, match="is damaged: an index needs one row per file"):
        Index.load(tmp_path / "short.npz")
    del arrays["features"]
    np.savez(tmp_path / "partial.npz", **arrays)
    with pytest.raises(IndexFileError, match="is damaged: it lacks features"):
        Index.load(tmp_path / "partial.npz")


def test_save_explains_a_missing_folder(photos, tmp_path):
    index = build_index(photos, progress=False)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        index.save(tmp_path / "no" / "such" / "index.npz")


def test_save_explains_a_write_error(photos, tmp_path, monkeypatch):
    index = build_index(photos, progress=False)

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", no_space)
    with pytest.raises(OSError, match="cannot save the index to .*index.npz: no space left on device"):
        index.save(tmp_path / "index.npz")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos"]  # no half-written file left


# --------------------------------------------------------------------------- updating


def test_update_reads_only_new_and_changed_files_and_drops_deleted_ones(photos, monkeypatch):
    index = build_index(photos, progress=False)
    _photo(20).save(photos / "nested" / "new.png")  # new
    _photo(21, (50, 30)).save(photos / "forest.png")  # changed: another size in bytes
    info = (photos / "beach.jpg").stat()  # changed: same bytes, newer modification time
    os.utime(photos / "beach.jpg", ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    (photos / "old.bmp").unlink()  # deleted
    _photo(22).save(photos / "notes.jpg", format="JPEG")  # a skipped file, now fixed

    read = []
    real_read = folders_module.read_rgb

    def spy(path, *args, **kwargs):
        read.append(Path(path).relative_to(photos.resolve()).as_posix())
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(folders_module, "read_rgb", spy)
    summary = index.update(progress=False)
    monkeypatch.undo()
    assert isinstance(summary, UpdateSummary)
    assert sorted(summary.added) == ["nested/new.png", "notes.jpg"]
    assert sorted(summary.changed) == ["beach.jpg", "forest.png"]
    assert summary.removed == ["old.bmp"]
    assert summary.unchanged == len(GOOD) - 3
    assert str(summary) == f"2 new, 2 changed, 1 removed, {len(GOOD) - 3} unchanged"
    # read again: the new and changed files, and the two files still broken (tried again)
    assert sorted(read) == ["beach.jpg", "corrupt.jpg", "empty.png", "forest.png", "nested/new.png", "notes.jpg"]
    assert {item.path for item in index.skipped} == {"corrupt.jpg", "empty.png"}

    fresh = build_index(photos, progress=False)
    assert index.files == fresh.files
    np.testing.assert_array_equal(index.features, fresh.features)
    np.testing.assert_array_equal(index.sizes, fresh.sizes)
    np.testing.assert_array_equal(index.mtimes, fresh.mtimes)
    _assert_matches_brute_force(index, "duck", 20, "euclidean")


def test_update_with_nothing_changed_reads_only_the_skipped_files(photos, monkeypatch):
    index = build_index(photos, progress=False)
    read = []
    real_read = folders_module.read_rgb
    monkeypatch.setattr(folders_module, "read_rgb",
                        lambda path, *a, **kw: read.append(Path(path).name) or real_read(path, *a, **kw))
    summary = index.update(progress=False)
    assert (summary.added, summary.changed, summary.removed, summary.unchanged) == ([], [], [], len(GOOD))
    assert sorted(read) == sorted(BAD)


def test_a_changed_file_that_breaks_is_removed_and_listed_as_skipped(photos):
    index = build_index(photos, progress=False)
    (photos / "forest.png").write_bytes(b"oops")
    summary = index.update(progress=False)
    assert summary.removed == ["forest.png"] and summary.changed == []
    assert "forest.png" not in index.files
    assert SkippedFile("forest.png", "not an image file Pillow can read") in index.skipped


def test_a_loaded_index_updates_its_folder(photos, tmp_path):
    build_index(photos, progress=False).save(tmp_path / "index.npz")
    (photos / "palette.gif").unlink()
    index = Index.load(tmp_path / "index.npz")
    assert index.update(progress=False).removed == ["palette.gif"]
    shutil.rmtree(photos)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        index.update(progress=False)


# --------------------------------------------------------------------------- progress bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_progress_bar_is_one_line_redrawn_with_carriage_returns():
    screen = _Terminal()
    bar = progress_module.Progress(3, stream=screen)
    for skipped in (False, True, False):
        bar.advance(skipped=skipped)
    bar.close()
    text = screen.getvalue()
    assert text.startswith("\rindexing [") and text.endswith("\n") and text.count("\n") == 1
    assert "3/3 files" in text and "1 skipped" in text
    assert "#" * 30 in text


def test_build_index_shows_the_bar_in_a_terminal_and_not_when_turned_off(photos, monkeypatch):
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    build_index(photos, progress=True)
    assert f"{len(GOOD) + len(BAD)}/{len(GOOD) + len(BAD)} files" in screen.getvalue()
    screen.seek(0)
    screen.truncate()
    build_index(photos, progress=False)
    assert screen.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal():
    log = io.StringIO()  # e.g. output redirected to a file: no \r clutter
    bar = progress_module.Progress(3, stream=log)
    bar.advance()
    bar.close()
    assert log.getvalue() == ""


def test_notebook_progress_is_a_widget(photos, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(progress_module, "_in_notebook", lambda: True)
    monkeypatch.setattr(IPython.display, "display", shown.append)
    build_index(photos, progress=True)
    (box,) = shown
    bar, label = box.children
    assert bar.value == bar.max == len(GOOD) + len(BAD)
    assert bar.bar_style == "success"
    assert f"{len(GOOD) + len(BAD)}/{len(GOOD) + len(BAD)} files" in label.value and "3 skipped" in label.value


def test_in_notebook_means_an_ipython_kernel(monkeypatch):
    fake = types.ModuleType("IPython")
    monkeypatch.setitem(sys.modules, "IPython", fake)
    fake.get_ipython = lambda: None  # plain Python
    assert not progress_module._in_notebook()
    fake.get_ipython = lambda: types.SimpleNamespace()  # the IPython terminal: no kernel
    assert not progress_module._in_notebook()
    fake.get_ipython = lambda: types.SimpleNamespace(kernel=object())  # Jupyter
    assert progress_module._in_notebook()



def test_index_reads_the_first_frame_of_animated_files_and_warns_once(tmp_path):
    from imgsim_helpers.images import MultiFrameWarning

    folder = tmp_path / "gifs"
    folder.mkdir()
    for name in ("a.gif", "b.gif"):
        frames = [Image.new("RGB", (6, 4), colour) for colour in ("red", "blue")]
        frames[0].save(folder / name, save_all=True, append_images=frames[1:])
    with pytest.warns(MultiFrameWarning) as caught:
        index = build_index(folder, progress=False, workers=2)
    assert [str(w.message) for w in caught] == [
        "2 files hold several frames (animated images or multi-page TIFFs); only the first frame of each "
        "is used: a.gif, b.gif"]
    assert len(index) == 2 and index.query(np.full((4, 6, 3), (255, 0, 0), np.uint8), k=1)[0][1] == 0.0
    (folder / "b.gif").unlink()
    with pytest.warns(MultiFrameWarning, match=re.escape(f"{folder / 'a.gif'} holds 2 frames (an animated GIF)")):
        build_index(folder, progress=False)


def test_skipped_float_tiff_reason_does_not_repeat_the_path(tmp_path):
    Image.fromarray(np.zeros((4, 4), dtype=np.float32)).save(tmp_path / "scan.tif")
    Image.new("RGB", (4, 4)).save(tmp_path / "ok.png")
    index = build_index(tmp_path, progress=False)
    assert [tuple(s) for s in index.skipped] == [
        ("scan.tif", "floating-point images (values with decimals) are not supported; "
                     "save it as 8-bit (whole numbers 0-255) first")]


def test_loading_a_file_that_is_not_numpy_never_suggests_allow_pickle(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    with pytest.raises(search_module.IndexFileError) as info:
        search_module.Index.load(notes)
    assert str(info.value) == f"{notes} is not an index file saved by Index.save: it is not a NumPy .npz file at all"
