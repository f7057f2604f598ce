"""The bundled photos in data/: listed, credited, readable, small, and fit for the lessons."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imgsim_helpers import (
    DATA_DIR,
    OPENING_TRIO,
    counter_histogram,
    euclidean,
    histogram,
    l2_loop,
    load_image,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = REPO_ROOT / "data"
MANIFEST = DATA / "manifest.csv"
HEADER = ["file", "label", "title", "author", "licence", "source", "notes"]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"}
MAX_TOTAL_BYTES = 10 * 1024 * 1024  # issue 12: the evaluation set may take data/ up to 10 MB


def manifest_rows() -> list[dict[str, str]]:
    with open(MANIFEST, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def image_files() -> list[str]:
    """Every image under data/, as a path relative to data/ with forward slashes."""
    return sorted(
        path.relative_to(DATA).as_posix()
        for path in DATA.rglob("*")
        if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES
    )


ROWS = manifest_rows()
FILES = [row["file"] for row in ROWS]


def test_helpers_use_this_data_folder():
    assert Path(DATA_DIR).resolve() == DATA.resolve()


def test_manifest_header_is_exact():
    with open(MANIFEST, newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == HEADER


def test_every_image_is_in_the_manifest_and_vice_versa():
    on_disk, listed = set(image_files()), set(FILES)
    assert not on_disk - listed, f"images missing from manifest.csv: {sorted(on_disk - listed)}"
    assert not listed - on_disk, f"manifest.csv lists missing files: {sorted(listed - on_disk)}"
    assert len(FILES) == len(listed), f"listed twice: {[f for f, n in Counter(FILES).items() if n > 1]}"


@pytest.mark.parametrize("row", ROWS, ids=FILES)
def test_every_photo_is_credited(row):
    for field in ("label", "title", "author", "licence", "source"):
        assert row[field] and row[field].strip(), f"{row['file']}: empty {field}"


def test_stems_are_unique():
    stems = Counter(Path(f).stem for f in FILES)
    assert [stem for stem, n in stems.items() if n > 1] == []


def test_data_folder_is_small():
    total = sum(path.stat().st_size for path in DATA.rglob("*") if path.is_file())
    assert total < MAX_TOTAL_BYTES, f"data/ holds {total / 1e6:.1f} MB"


@pytest.mark.parametrize("file", FILES)
def test_every_photo_opens(file):
    with Image.open(DATA / file) as img:
        img.load()
    pixels = load_image(DATA / file)
    assert pixels.ndim == 3 and pixels.shape[2] == 3 and pixels.dtype == np.uint8
    assert load_image(Path(file).stem).shape == pixels.shape  # by name, too


def test_readme_mentions_every_file():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    missing = [f for f in FILES if Path(f).name not in readme]
    assert missing == []


# --------------------------------------------------------------------------- the lessons' claims


@pytest.fixture(scope="module")
def trio():
    return {role: load_image(name) for role, name in OPENING_TRIO.items()}


def test_opening_trio_tutorial_method_picks_similar(trio):
    """The tutorial's exact method: Counter histograms, raw counts, a Python loop."""
    hists = {role: counter_histogram(img) for role, img in trio.items()}
    to_similar = l2_loop(hists["test"], hists["similar"])
    to_different = l2_loop(hists["test"], hists["different"])
    assert to_similar < to_different


def test_opening_trio_normalised_pooled_picks_similar(trio):
    hists = {role: histogram(img, normalize=True) for role, img in trio.items()}
    assert euclidean(hists["test"], hists["similar"]) < euclidean(hists["test"], hists["different"])


def test_categories_have_enough_photos():
    folders = [path for path in (DATA / "categories").iterdir() if path.is_dir()]
    photos = {
        folder.name: [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES] for folder in folders
    }
    assert len(photos) >= 5, f"only {len(photos)} labels: {sorted(photos)}"
    small = {label: len(files) for label, files in photos.items() if len(files) < 5}
    assert small == {}, f"labels with fewer than 5 photos: {small}"


def test_category_labels_match_their_folders():
    for row in ROWS:
        parts = Path(row["file"]).parts
        if parts[0] == "categories":
            assert row["label"] == parts[1], row["file"]


# --------------------------------------------------------------------------- the evaluation set (issue 12)

EVALUATION = [row for row in ROWS if row["file"].startswith("evaluation/")]


def test_evaluation_set_is_big_enough_to_tell_methods_apart():
    sizes = Counter(row["label"] for row in EVALUATION)
    assert len(sizes) >= 8, sizes
    assert min(sizes.values()) >= 20, sizes
    assert sum(sizes.values()) >= 200


def test_evaluation_labels_match_their_folders():
    for row in EVALUATION:
        assert Path(row["file"]).parts[1] == row["label"], row["file"]


def test_evaluation_photos_are_small():
    for row in EVALUATION:
        with Image.open(DATA / row["file"]) as img:
            assert max(img.size) <= 320, (row["file"], img.size)


def test_evaluation_set_has_no_tux_paint_bird_and_mixes_sources():
    assert not [row["file"] for row in EVALUATION if "stamps/animals/birds" in row["source"]]
    kinds = {}
    for row in EVALUATION:
        kinds.setdefault(row["label"], set()).add("tuxpaint" if "tuxpaint" in row["source"] else "gcompris")
    # every kind of source (and so of background) is shared by several classes
    for kind in ("tuxpaint", "gcompris"):
        assert sum(kind in k for k in kinds.values()) >= 3, kinds


def test_the_evaluation_set_holds_no_near_duplicates():
    """Leave-one-out accuracy would count a photo's own copy as a right answer."""
    from imgsim_helpers import find_duplicates

    report = find_duplicates(DATA / "evaluation", progress=False)
    assert report.groups == [], [[m.path for m in g.members] for g in report.groups]
