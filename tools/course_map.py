"""The course map (the core path and the tracks), written where a reader looks for it.

    python tools/course_map.py          # print the map as README.md shows it
    python tools/course_map.py --write  # put it into README.md, notebook 00 and the guide

The map comes from ``tools/course_map.toml`` (tracks, what each needs, one line per notebook)
and from the notebooks themselves (title, stated time). Each copy sits between two markers;
only the links differ, since each file links to the notebooks from where it is.
``tests/test_course_map.py`` checks that every copy is up to date.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from study_time import stated  # noqa: E402  (a tool beside this one)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
START = "<!-- course map: written by tools/course_map.py from tools/course_map.toml; edit those, not this -->"
END = "<!-- end of course map -->"
#: Where each copy lives, and the link prefix from there to notebooks/.
COPIES = {"README.md": "notebooks/", "notebooks/00-start-here.ipynb": "", "docs/instructor.md": "../notebooks/"}


@dataclass(frozen=True)
class Track:
    """A group of notebooks taken in order, after the tracks it ``needs``."""

    key: str
    title: str
    about: str
    needs: tuple[str, ...]
    notebooks: tuple[tuple[str, ...], ...]   # (number, one line on what it covers[, a title for the map])


def load() -> list[Track]:
    """The core (first) and the tracks, from ``tools/course_map.toml``."""
    data = tomllib.loads((ROOT / "tools" / "course_map.toml").read_text(encoding="utf-8"))
    core = data["core"]
    tracks = [Track("core", core["title"], core["about"], (), tuple(map(tuple, core["notebooks"])))]
    tracks += [Track(t["key"], t["title"], t["about"], tuple(t["needs"]), tuple(map(tuple, t["notebooks"])))
               for t in data["tracks"]]
    return tracks


def notebook_path(number: str) -> Path:
    """The notebook whose file name starts with ``number``."""
    found = sorted(NOTEBOOKS.glob(f"{number}-*.ipynb"))
    if len(found) != 1:
        raise ValueError(f"the map names notebook {number}: expected one notebooks/{number}-*.ipynb, found {len(found)}")
    return found[0]


def title(path: Path) -> str:
    """A notebook's title: its first heading, without the "NN · " in front."""
    for cell in nbformat.read(path, as_version=4).cells:
        heading = re.search(r"^# (.+)$", cell.source, re.MULTILINE)
        if cell.cell_type == "markdown" and heading:
            return re.sub(r"^\d\d · ", "", heading.group(1)).strip()
    raise ValueError(f"{path.name} has no title")


def _hours(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} minutes"
    hours = round(minutes / 30) / 2
    return f"{hours:g} hour" + ("" if hours == 1 else "s")


def minutes(track: Track) -> int:
    """The stated minutes of a track's notebooks, added up."""
    return sum(stated(notebook_path(row[0])).total for row in track.notebooks)


def render(prefix: str) -> str:
    """The map, with links to the notebooks that start with ``prefix``."""
    tracks = load()
    names = {t.key: ("the core" if t.key == "core" else f"*{t.title}*") for t in tracks}
    total = sum(minutes(t) for t in tracks)
    parts = [START, ""]
    for track in tracks:
        heading = f"**{track.title}** (about {_hours(minutes(track))}"
        if track.needs:
            needs = [names[k] for k in track.needs]
            heading += "; after " + (" and ".join(needs) if len(needs) < 3 else ", ".join(needs[:-1]) + " and " + needs[-1])
        parts += [heading + f"): {track.about}", "",
                  "| # | notebook | what it is about | minutes |", "|---|---|---|---|"]
        for number, about, *name in track.notebooks:
            path = notebook_path(number)
            parts.append(f"| {number} | [{name[0] if name else title(path)}]({prefix}{path.name}) | {about} | "
                         f"{stated(path).total} |")
        parts.append("")
    parts += [f"The whole course takes about {_hours(total)}: the core about "
              f"{_hours(minutes(tracks[0]))}, the tracks the rest. Each time is reading, running and exercises "
              f"for a learner who knows basic Python and no NumPy, estimated from such a learner's measured "
              f"times.", "", END]
    return "\n".join(parts)


def _replace(text: str, block: str, where: str) -> str:
    if text.count(START) != 1 or text.count(END) != 1:
        raise ValueError(f"{where}: expected one pair of course-map markers")
    before, rest = text.split(START)
    return before + block + rest.split(END, 1)[1]


def current(where: str) -> str:
    """The map as it stands in the file ``where`` (a key of :data:`COPIES`)."""
    path = ROOT / where
    text = path.read_text(encoding="utf-8") if path.suffix == ".md" else \
        "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    if text.count(START) != 1:
        raise ValueError(f"{where}: expected one course map")
    return START + text.split(START)[1].split(END, 1)[0] + END


def write() -> None:
    """Put the map into every file of :data:`COPIES` that exists (the student bundle has no guide)."""
    for where, prefix in COPIES.items():
        path, block = ROOT / where, render(prefix)
        if not path.exists():
            continue
        if path.suffix == ".md":
            path.write_text(_replace(path.read_text(encoding="utf-8"), block, where), encoding="utf-8")
            continue
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if START in c.source)
        cell.source = _replace(cell.source, block, where)
        nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the map into README.md, notebook 00, the guide")
    if parser.parse_args(argv).write:
        write()
    else:
        print(render(COPIES["README.md"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
