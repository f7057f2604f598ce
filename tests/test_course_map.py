"""The course map (tools/course_map.toml): complete, the same everywhere, and true to the notebooks.

The map is the core path and the tracks, each with what it needs first. README.md, notebook 00
and the instructor guide carry the same copy (``python tools/course_map.py --write`` makes
them); a notebook refers back only to notebooks its reader has done on any path the map allows.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str):
    """The script ``tools/<name>.py``, imported (the tools import each other by name)."""
    if str(ROOT / "tools") not in sys.path:
        sys.path.insert(0, str(ROOT / "tools"))
    return importlib.import_module(name)


course_map = _tool("course_map")
TRACKS = course_map.load()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_every_notebook_is_on_the_map_once_in_order():
    on_map = [row[0] for track in TRACKS for row in track.notebooks]
    assert on_map == [path.name[:2] for path in NOTEBOOKS]


def test_a_track_needs_only_tracks_before_it():
    seen = set()
    for track in TRACKS:
        assert set(track.needs) <= seen, f"{track.title} needs {set(track.needs) - seen}, which come later or do not exist"
        assert track.key == "core" or "core" in track.needs
        seen.add(track.key)


@pytest.mark.parametrize("where", sorted(course_map.COPIES))
def test_each_copy_of_the_map_is_up_to_date(where):
    assert course_map.current(where) == course_map.render(course_map.COPIES[where]), \
        f"{where}: run `python tools/course_map.py --write`"


def test_the_core_is_about_one_working_day():
    assert course_map.minutes(TRACKS[0]) <= 8 * 60


def _done_before(number: str) -> set[str]:
    """The notebooks every reader of ``number`` has done, on any path the map allows."""
    by_key = {track.key: track for track in TRACKS}
    own = next(track for track in TRACKS if number in [row[0] for row in track.notebooks])
    done, todo = set(), list(own.needs)
    while todo:
        track = by_key[todo.pop()]
        done |= {row[0] for row in track.notebooks}
        todo += track.needs
    numbers = [row[0] for row in own.notebooks]
    return done | set(numbers[:numbers.index(number)])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_refers_back_only_to_notebooks_its_reader_has_done(path):
    number = path.name[:2]
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    text = text.split(course_map.START)[0] + text.split(course_map.END)[-1]     # 00's map names them all
    text = re.sub(r"^.*Course index.*$", "", text, flags=re.MULTILINE)              # the navigation lines
    mentioned = set(re.findall(r"\bnotebooks? (\d\d)\b", text))
    mentioned |= {m for group in re.findall(r"\bnotebooks ((?:\d\d, )*\d\d and \d\d)\b", text)
                  for m in re.findall(r"\d\d", group)}
    earlier = {m for m in mentioned if m < number}
    assert earlier <= _done_before(number), \
        f"{path.name} refers back to {sorted(earlier - _done_before(number))}, which the map does not put before it"
