"""The duplicates explorer, headless: move the slider, check the groups and what the widget shows."""

from __future__ import annotations

import pytest
from PIL import Image

from imgsim_helpers.near_duplicates.copies import write_copies_folder
from imgsim_helpers.near_duplicates.duplicates import find_duplicates
from imgsim_helpers.near_duplicates.explorer import DuplicatesExplorer, duplicates_explorer
from imgsim_helpers.near_duplicates.folder_hashes import hash_folder
from imgsim_helpers.near_duplicates.grouping import group_duplicates


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("widget-copies")
    write_copies_folder(folder, ["duck", "swans", "macaw"], None,
                        ["as PNG", "JPEG quality 30", "cropped 5%", "cropped 15%", "brightness +20"])
    return find_duplicates(folder, progress=False)


def _groups(report):
    return [[m.path for m in g.members] for g in report.groups]


def test_starts_with_the_reports_groups(report):
    explorer = duplicates_explorer(report)
    assert explorer.threshold.value == report.threshold
    assert _groups(explorer.report) == _groups(report)
    assert explorer.png.startswith(b"\x89PNG") and len(explorer.output.outputs) == 1
    assert explorer.summary.value.startswith(f"<b>{len(report.groups)}</b> groups")


@pytest.mark.parametrize("threshold", [0, 4, 20, 32])
def test_the_slider_regroups(report, threshold):
    explorer = duplicates_explorer(report)
    png = explorer.png
    explorer.threshold.value = threshold
    assert _groups(explorer.report) == _groups(group_duplicates(report.hashes, threshold))
    assert explorer.report.threshold == threshold
    assert explorer.png != png  # the title names the threshold, so the picture always changes


def test_pages_of_groups(report):
    explorer = DuplicatesExplorer(report.hashes, threshold=10, per_page=1)
    assert explorer.page.options == tuple(f"groups {k}-{k}" for k in range(1, len(report.groups) + 1))
    first = explorer.png
    explorer.page.value = explorer.page.options[1]
    assert explorer.png != first
    explorer.threshold.value = 0
    assert explorer.page.value == explorer.page.options[0]


def test_no_groups_and_a_photo_gone_since(tmp_path):
    write_copies_folder(tmp_path, ["duck"], None, ["as PNG"])
    hashes = hash_folder(tmp_path, progress=False)
    (tmp_path / "duck" / "as-png.png").unlink()  # deleted after hashing
    explorer = duplicates_explorer(hashes, threshold=0)
    assert len(explorer.report.groups) == 1 and explorer.thumbnails["duck/as-png.png"] is None
    explorer.threshold.value = 0
    empty = duplicates_explorer(hash_folder(tmp_path, progress=False))
    assert empty.report.groups == [] and empty.page.options == ("no groups",)
    assert empty.png.startswith(b"\x89PNG")


def test_refuses_other_input():
    with pytest.raises(TypeError, match="find_duplicates or hash_folder"):
        duplicates_explorer("~/Pictures")


def test_a_group_of_gray_and_colour_says_so(tmp_path):
    write_copies_folder(tmp_path, ["duck", "macaw"], ["duck"], ["as PNG"])
    with Image.open(tmp_path / "duck" / "original.jpg") as photo:
        photo.convert("L").save(tmp_path / "duck" / "gray.png")
    explorer = duplicates_explorer(find_duplicates(tmp_path, progress=False))
    [group] = explorer.report.groups
    assert group.mixes_gray_and_colour and not group.keep.gray
    assert explorer.summary.value.endswith(" \u00b7 1 group mixes gray and colour")
    row = explorer.figure.axes[:len(group)]
    assert row[0].texts[0].get_text().endswith("to free\ngray and\ncolour")
    titles = {ax.get_title().split("\n")[1]: ax.get_title() for ax in row}
    assert titles["gray.png"].endswith(", gray") and not titles["as-png.png"].endswith(", gray")
    assert titles[group.keep.path.rsplit("/", 1)[-1]].startswith("keep\n")
    (tmp_path / "duck" / "gray.png").unlink()
    plain = duplicates_explorer(find_duplicates(tmp_path, progress=False))
    assert "gray" not in plain.summary.value and "gray" not in plain.figure.axes[0].texts[0].get_text()
