"""samples(), sample_path() and OPENING_TRIO: the bundled photos by name."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import imgsim_helpers
from imgsim_helpers import DATA_DIR, OPENING_TRIO, ImageLoadError, evaluation_rows, evaluation_set, sample_path, samples

KEYS = {"name", "file", "label", "title", "author", "licence", "source", "notes"}


def test_rows_have_every_key():
    rows = samples()
    assert rows, "no bundled photos"
    for row in rows:
        assert KEYS <= set(row), row


def test_name_is_the_file_stem_and_unique():
    rows = samples()
    for row in rows:
        assert row["name"] == Path(row["file"]).stem
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names))


def test_filter_by_label_gives_only_that_label():
    fish = samples("fish")
    assert fish
    assert {row["label"] for row in fish} == {"fish"}
    assert len(fish) == sum(row["label"] == "fish" for row in samples())


def test_docstring_example_pigeon():
    assert [row["name"] for row in samples("pigeon")] == ["pigeon"]


def test_unknown_label_lists_the_labels():
    labels = sorted({row["label"] for row in samples()})
    with pytest.raises(ValueError, match="no bundled photo has the label 'unicorn'") as info:
        samples("unicorn")
    message = str(info.value)
    for label in labels:
        assert label in message


def test_sample_path_finds_a_file_in_data():
    path = sample_path("duck")
    assert path.is_file()
    assert path.resolve().is_relative_to(Path(DATA_DIR).resolve())


def test_sample_path_unknown_name():
    with pytest.raises(ImageLoadError, match=re.escape("'dodo' is neither a file in")) as info:
        sample_path("dodo")
    assert "samples()" in str(info.value)


def test_opening_trio_names_exist():
    assert set(OPENING_TRIO) == {"test", "similar", "different"}
    names = {row["name"] for row in samples()}
    for role, name in OPENING_TRIO.items():
        assert name in names, (role, name)
        assert sample_path(name).is_file()
    assert len(set(OPENING_TRIO.values())) == 3


def test_public_names_exist_and_are_documented():
    for name in imgsim_helpers.__all__:
        obj = getattr(imgsim_helpers, name)  # AttributeError = a name listed but missing
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"
    assert len(imgsim_helpers.__all__) == len(set(imgsim_helpers.__all__))


def test_evaluation_rows_follow_evaluation_set():
    paths, labels = evaluation_set()
    rows = evaluation_rows()
    assert [DATA_DIR / row["file"] for row in rows] == paths
    assert [row["label"] for row in rows] == labels
    for row in rows:
        assert KEYS <= set(row), row
        assert row["name"] == Path(row["file"]).stem and row["file"].startswith("evaluation/")


def test_evaluation_rows_are_not_lesson_samples():
    lessons = {row["name"] for row in samples()}
    assert not lessons & {row["name"] for row in evaluation_rows()}


def test_the_manifest_is_read_once_but_a_change_is_seen(tmp_path, monkeypatch):
    """The manifest is kept between calls (every photo loaded by name looks itself up there), yet a
    changed file is read again, and a caller that changes a row changes nothing for the next one."""
    module = importlib.import_module("imgsim_helpers.samples")   # the package's samples is the function
    manifest = tmp_path / "manifest.csv"
    header = "file,label,title,author,licence,source,notes\n"
    manifest.write_text(header + "opening/duck.jpg,bird,Duck,A,CC0,here,\n", encoding="utf-8")
    monkeypatch.setattr(module, "DATA_DIR", tmp_path)
    first = samples()
    first[0]["label"] = "changed by the caller"
    assert samples()[0]["label"] == "bird"
    manifest.write_text(header + "opening/duck.jpg,bird,Duck,A,CC0,here,\nopening/swans.jpg,bird,Swans,B,CC0,here,\n",
                        encoding="utf-8")
    assert [row["name"] for row in samples()] == ["duck", "swans"]
    assert sample_path("swans") == tmp_path / "opening" / "swans.jpg"
