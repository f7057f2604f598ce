"""How long a notebook takes a learner: reading + running + exercises, from measured times.

    python tools/study_time.py           # each notebook: stated minutes against the estimate
    python tools/study_time.py --write   # restate every notebook's time (and the guide's) from it

The learner is issue 16's: basic Python, no NumPy. They worked through every notebook and
timed five of them and the whole (08: 70 minutes, 10: 60, 12: 180, 13: 75, 15: 120; all 16
notebooks 955), on the notebooks as they were at commit 1d68fcf. The estimate is

    minutes = difficulty x (words of prose / 32 + 1 per code cell + 5 per exercise)

The part in brackets is what a notebook asks of a reader: reading its prose (32 words a
minute: studying, not skimming; the rate the five timed notebooks share best), reading,
running and looking at each code cell (about a minute), and each exercise (five minutes, the
course's earlier allowance). It alone misses the timed notebooks by up to 16%, because some
prose is harder than other prose, so each notebook carries a difficulty: the timed one's own
(its measured time over the bracket, on the content it was timed on), or, for the eleven the
learner did not time one by one, the share they took together (450 minutes against 607).
A notebook split from a timed one keeps that one's difficulty. The difficulty stays fixed as
the text changes, so added or removed text changes the estimate; a new notebook takes the
difficulty of the untimed ones until someone times it.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
GUIDE = ROOT / "docs" / "instructor.md"

WORDS_PER_MINUTE = 32
MINUTES_PER_CODE_CELL = 1
MINUTES_PER_EXERCISE = 5

#: (measured minutes, the bracket's minutes on the content that was timed), per timed notebook
#: under its number at the time; "rest" is the eleven untimed ones together.
TIMED = {"08": (70, 72.6), "10": (60, 50.4), "12": (180, 151.7), "13": (75, 69.5), "15": (120, 137.8),
         "rest": (450, 606.9)}
#: Which timing each of today's notebooks inherits (by file name; the timed 12 and 15 were split).
INHERITS = {"08-metrics": "08", "10-evaluation": "10", "12-": "12", "13-": "12", "14-": "12",
            "15-leaderboard": "13", "17-": "15", "18-": "15"}

TIME_LINE = re.compile(r"\*Time: about (\d+) minutes(?: \((\d+) for the lesson, (\d+) for the exercises\))?\.\*")


@dataclass(frozen=True)
class Estimate:
    """A notebook's estimated minutes: ``total`` = ``lesson`` + ``exercises``, each a multiple of 5."""

    total: int
    lesson: int
    exercises: int


def difficulty(name: str) -> float:
    """The measured factor for notebook file ``name`` (see the module docstring)."""
    for prefix, timed in INHERITS.items():
        if name.startswith(prefix):
            measured, bracket = TIMED[timed]
            return measured / bracket
    measured, bracket = TIMED["rest"]
    return measured / bracket


def _round5(minutes: float) -> int:
    return int(5 * round(minutes / 5))


def _without_map(text: str) -> str:
    """Markdown without notebook 00's course map (a table a reader looks up, not prose to study)."""
    start, end = "<!-- course map:", "<!-- end of course map -->"
    return text.split(start)[0] + text.split(end)[-1] if start in text else text


def counts(path: Path) -> tuple[int, int, int]:
    """Words of prose, code cells and exercises of the notebook at ``path``."""
    cells = nbformat.read(path, as_version=4).cells
    words = sum(len(_without_map(c.source).split()) for c in cells if c.cell_type == "markdown")
    code = sum(1 for c in cells if c.cell_type == "code")
    exercises = sum(c.source.count("### Exercise ") for c in cells if c.cell_type == "markdown")
    return words, code, exercises


def estimate(path: Path) -> Estimate:
    """The estimated minutes of the notebook at ``path``, rounded to 5."""
    words, code, exercises = counts(path)
    factor = difficulty(path.stem)
    total = _round5(factor * (words / WORDS_PER_MINUTE + code * MINUTES_PER_CODE_CELL
                              + exercises * MINUTES_PER_EXERCISE))
    on_exercises = min(total - 5, _round5(factor * exercises * MINUTES_PER_EXERCISE)) if exercises else 0
    return Estimate(total, total - on_exercises, on_exercises)


def stated(path: Path) -> Estimate:
    """The time the notebook at ``path`` states in its "*Time: about N minutes...*" line."""
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    found = TIME_LINE.findall(text)
    if len(found) != 1:
        raise ValueError(f"{path.name}: expected one '*Time: about N minutes.*' line, found {len(found)}")
    total, lesson, exercises = found[0]
    return Estimate(int(total), int(lesson or total), int(exercises or 0))


def time_line(e: Estimate) -> str:
    """The notebook's sentence for ``e``."""
    if e.exercises:
        return f"*Time: about {e.total} minutes ({e.lesson} for the lesson, {e.exercises} for the exercises).*"
    return f"*Time: about {e.total} minutes.*"


def guide_time(e: Estimate) -> str:
    """The instructor guide's bracket for ``e``, as in "### 03 Histograms (45 min: 25 lesson + 20 exercises)"."""
    return f"({e.total} min: {e.lesson} lesson + {e.exercises} exercises)" if e.exercises else f"({e.total} min)"


def _write(path: Path, e: Estimate, guide: str | None) -> str | None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and TIME_LINE.search(cell.source):
            cell.source = TIME_LINE.sub(time_line(e), cell.source)
    nbformat.write(nb, path)
    if guide is None:
        return None
    return re.sub(rf"^(### {path.name[:2]} .*?) \(\d+ min[^)]*\)$", lambda m: f"{m.group(1)} {guide_time(e)}",
                  guide, count=1, flags=re.MULTILINE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="restate the notebooks' and the guide's times")
    args = parser.parse_args(argv)
    guide = GUIDE.read_text(encoding="utf-8") if GUIDE.exists() else None     # the student bundle has no guide
    print(f"{'notebook':42} {'words':>6} {'cells':>5} {'ex':>3} {'factor':>6} {'stated':>6} {'estimate':>8}")
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        words, code, exercises = counts(path)
        e = estimate(path)
        print(f"{path.name:42} {words:6} {code:5} {exercises:3} {difficulty(path.stem):6.2f} "
              f"{stated(path).total:6} {e.total:8}")
        if args.write:
            guide = _write(path, e, guide)
    if args.write and guide is not None:
        GUIDE.write_text(guide, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
