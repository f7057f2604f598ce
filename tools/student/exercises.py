"""The course's classroom command in the student edition: ``python -m imgsim_helpers.exercises update NEW.zip``.

``update`` brings this course folder to a new release of the course (the zip your instructor
hands out) and keeps your work: new files are added, files you never changed are replaced, a
notebook you worked in is merged cell by cell, and where you and the release changed the same
thing yours stays and the new version is written beside it. It is :mod:`imgsim_helpers.update`,
which also runs without the environment: ``python imgsim_helpers/update.py NEW.zip``.

The instructor's copy of the course has more commands here (the student copies, the bundle,
grading); they are not part of the student edition.
"""

from __future__ import annotations

import sys

from .update import main as _update

USAGE = ("usage: python -m imgsim_helpers.exercises update NEW_BUNDLE.zip [--course FOLDER]\n"
         "(the student edition has only this command; the others are the instructor's)")


def main(argv: list[str] | None = None) -> int:
    """Run ``update`` with the arguments after it; anything else prints the usage and returns 2."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["update"]:
        return _update(argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
