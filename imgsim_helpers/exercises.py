"""The classroom commands: ``python -m imgsim_helpers.exercises release | bundle | hub-link | grade | practice-class``.

* ``release`` writes the student copies of the notebooks to ``student/``
  (solutions replaced by stubs; see :mod:`imgsim_helpers.classroom.release`);
* ``bundle`` writes the student bundle, ``dist/imgsim-course-student.zip``
  (:mod:`imgsim_helpers.classroom.bundle`), and the same files as a new commit
  of ``dist/imgsim-course-student-git`` (:mod:`imgsim_helpers.classroom.hub`);
* ``update`` brings a learner's course folder to a new bundle, keeping their work
  (:mod:`imgsim_helpers.update`; the student edition has the same command, and only that one);
* ``hub-link`` prints the nbgitpuller link that gives a student the course on a
  JupyterHub (:func:`imgsim_helpers.classroom.hub.hub_link`);
* ``grade`` grades a folder of submissions and writes the reports
  (:mod:`imgsim_helpers.classroom.grade`, :mod:`imgsim_helpers.classroom.gradebook` and
  :mod:`imgsim_helpers.classroom.report`);
* ``practice-class`` writes a made-up class's submissions, to try the grader
  (:mod:`imgsim_helpers.classroom.practice`).

The functions behind them live in :mod:`imgsim_helpers.classroom`; the most used
are importable from here too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .classroom.hub import BRANCH, TARGET
from .classroom.release import (ANSWER_PROMPT, BEGIN, END, RECORD, ROOT, add_new_exercises, exercise_ids, release,
                                 student_notebook, stub_for)

__all__ = ["ANSWER_PROMPT", "BEGIN", "END", "RECORD", "add_new_exercises", "exercise_ids", "main", "release",
           "student_notebook", "stub_for"]


def _grade(args: argparse.Namespace) -> int:
    """The ``grade`` command: grade a folder of submissions and write the reports."""
    from .classroom.assignments import UnknownAssignment
    from .classroom.grade import GradingDataMissing, SandboxUnavailable, grade
    from .classroom.gradebook import read_gradebook
    from .classroom.report import write_reports
    from .classroom.run import Limits

    limits = Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.notebook_timeout,
                    case_seconds=args.case_timeout, memory_mb=args.memory)
    out = args.out or (Path("grades") / f"assignment-{args.assignment}" if args.assignment else Path("grades"))
    previous = read_gradebook(out / "gradebook.csv")   # the marks as they are before any submission runs
    try:
        if (args.submissions is None) == (args.from_homes is None):
            raise FileNotFoundError("give either a folder of submissions or --from-homes HOMES (the folder of the "
                                    "students' home folders on the hub), not both")
        results, unusable = grade(args.submissions, limits, workers=args.workers, assignment=args.assignment,
                                  sandboxed=not args.no_sandbox, homes=args.from_homes,
                                  course_dir=args.course_dir, home_prefix=args.home_prefix)
    except (GradingDataMissing, FileNotFoundError, UnknownAssignment, SandboxUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.no_sandbox:
        print("warning: --no-sandbox: the submissions ran as plain processes of this user, with access to "
              "everything it can reach; every report says so", file=sys.stderr)
    warnings = write_reports(results, unusable, out, args.assignment, sandboxed=not args.no_sandbox,
                             previous=previous)
    for problem in unusable:
        print(f"could not use {problem}")
    for warning in warnings:
        print(f"warning: gradebook: {warning}")
    scope = f" on assignment {args.assignment}" if args.assignment else ""
    print(f"{len(results)} students graded{scope}; open {out / 'class-report.html'} "
          f"(gradebook: {out / 'gradebook.csv'})")
    return 0


def _bundle(args: argparse.Namespace) -> int:
    """The ``bundle`` command: write the student bundle zip, and the same files as a git commit."""
    from .classroom.bundle import build_editions
    from .classroom.hub import GitEditionError

    git_repo = None if args.no_git else args.git
    warnings: list[str] = []
    try:
        path, commit, changed = build_editions(args.out, git_repo, warnings=warnings)
    except GitEditionError as exc:
        print(f"wrote {args.out}\nerror: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    if commit:
        state = "new commit" if changed else "unchanged since the last release, still"
        print(f"wrote {git_repo} ({state} {commit[:12]} on branch main): push it to the course repository the hub "
              f"pulls from, then give students the link of: python -m imgsim_helpers.exercises hub-link")
    for warning in warnings:
        print(f"warning: {warning} (docs/instructor.md, 'Updates that keep the students' work')")
    return 0


def _update(args: argparse.Namespace) -> int:
    """The ``update`` command: a learner's course folder brought to a new bundle (:mod:`imgsim_helpers.update`)."""
    from .update import main as update_main

    return update_main([str(args.bundle), "--course", str(args.course)])


def _hub_link(args: argparse.Namespace) -> int:
    """The ``hub-link`` command: print the nbgitpuller link that opens notebook 00 on the hub (or on Binder)."""
    from .classroom.hub import binder_link, hub_link

    if args.binder:
        try:
            link = binder_link(args.repo, args.branch or "main")
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(link)
        print(f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({link})")
        return 0
    if not args.hub:
        print("error: give the hub's address with --hub (or --binder for a Binder link)", file=sys.stderr)
        return 2
    repo = args.repo
    if "://" not in repo and ":" not in repo.split("/", 1)[0] and Path(repo).is_dir():
        repo = Path(repo).resolve().as_uri()     # a repository on this machine: git clones file:// URLs
    try:
        print(hub_link(args.hub, repo, args.branch or None, args.target))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _practice(args: argparse.Namespace) -> int:
    """The ``practice-class`` command: write a made-up class's submissions."""
    from .classroom.practice import practice_class

    written = practice_class(args.folder, students=args.students, seed=args.seed)
    print(f"wrote {len(written)} notebooks of {args.students} made-up students into {args.folder}; "
          f"grade them with: python -m imgsim_helpers.exercises grade {args.folder}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``release``, ``bundle`` and ``grade`` (see ``--help``)."""
    parser = argparse.ArgumentParser(prog="python -m imgsim_helpers.exercises",
                                     description="Student copies, the student bundle, the hub link, and grading.")
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="write student/ from notebooks/ (solutions replaced by stubs)")
    rel.add_argument("--source", type=Path, default=ROOT / "notebooks", help="source notebooks (default: notebooks/)")
    rel.add_argument("--out", type=Path, default=ROOT / "student", help="output folder (default: student/)")
    rel.add_argument("--force", action="store_true", help="overwrite student copies even if they were edited")
    bun = sub.add_parser("bundle", help="write the student bundle (a zip without any answer)")
    bun.add_argument("--out", type=Path, default=ROOT / "dist" / "imgsim-course-student.zip",
                     help="the zip to write (default: dist/imgsim-course-student.zip)")
    bun.add_argument("--git", type=Path, default=ROOT / "dist" / "imgsim-course-student-git",
                     help="the git repository the same files are committed to, one commit per release, for a "
                          "JupyterHub to pull (default: dist/imgsim-course-student-git; a clone of your course "
                          "repository works too)")
    bun.add_argument("--no-git", action="store_true", help="write the zip only")
    hub = sub.add_parser("hub-link", help="print the link that gives a student the course on a JupyterHub",
                         description="The nbgitpuller link: on a student's first click it copies the course "
                                     "repository into their home folder and opens notebook 00; on later clicks it "
                                     "merges the new release into their copy, keeping their work.")
    hub.add_argument("--hub", help="the hub's address, such as https://hub.example.org")
    hub.add_argument("--binder", action="store_true", help="print the Binder link (and badge) for --repo instead: "
                     "the course in a temporary server, nothing kept")
    hub.add_argument("--repo", required=True, help="the student edition's git repository, as the hub reaches it "
                     "(push dist/imgsim-course-student-git there); a folder on this machine becomes a file:// URL")
    hub.add_argument("--branch", default=BRANCH, help=f"the branch to pull (default: {BRANCH}; '' for the "
                     "repository's default branch)")
    hub.add_argument("--target", default=TARGET, help=f"the course's folder in each student's home (default: {TARGET})")
    upd = sub.add_parser("update", help="update a student's course folder to a new bundle, keeping their work "
                         "(the student edition has the same command)")
    upd.add_argument("bundle", type=Path, help="the new imgsim-course-student.zip")
    upd.add_argument("--course", type=Path, default=Path("."), help="the course folder (default: the current one)")
    gra = sub.add_parser("grade", help="grade a folder of submissions; reports go to --out",
                         description="Grade every student's notebooks: each runs in a fresh kernel in a sandbox of its "
                                     "own (bubblewrap: its own copy of the course, no network, nothing of yours "
                                     "visible); hidden tests judge the answers. Reports: gradebook.csv, "
                                     "feedback/<student>.html, class-report.html, written/<exercise>.html.")
    gra.add_argument("submissions", type=Path, nargs="?", help="folder of submissions: one subfolder or zip per "
                     "student, or files named <student>_<anything>_<notebook>.ipynb (or --from-homes)")
    gra.add_argument("--from-homes", type=Path, default=None, metavar="HOMES",
                     help="on a hub: collect each student's notebooks from HOMES/<user>/<course-dir>/notebooks/ "
                          "(HOMES: /home on The Littlest JupyterHub, .hub/homes for make hub)")
    gra.add_argument("--course-dir", default=TARGET, help=f"the course's folder in each home (default: {TARGET}, "
                     "the hub link's folder)")
    gra.add_argument("--home-prefix", default="", help="taken off a home folder's name to give the student's "
                     "(jupyter- on The Littlest JupyterHub)")
    gra.add_argument("--out", type=Path, default=None, help="folder for the reports (default: grades/, or "
                     "grades/assignment-NAME/ with --assignment)")
    gra.add_argument("--assignment", default=None, help="grade only this assignment of grading/assignments.toml "
                     "(such as 1); exercises outside it are not graded")
    gra.add_argument("--workers", type=int, default=None, help="submissions run at once (default: one per core)")
    gra.add_argument("--cell-timeout", type=float, default=30.0, help="seconds per cell (default: 30)")
    gra.add_argument("--notebook-timeout", type=float, default=180.0, help="seconds per notebook (default: 180)")
    gra.add_argument("--case-timeout", type=float, default=10.0, help="seconds per hidden test (default: 10)")
    gra.add_argument("--no-sandbox", action="store_true",
                     help="run the submissions without the sandbox (bubblewrap): only for code you trust; "
                          "every report then says the run was not sandboxed")
    gra.add_argument("--memory", type=int, default=2048, help="memory limit per kernel in MB (default: 2048)")
    pra = sub.add_parser("practice-class", help="write a made-up class's submissions, to try the grader")
    pra.add_argument("folder", type=Path, help="where to write them (one subfolder per student)")
    pra.add_argument("--students", type=int, default=40, help="how many students (default: 40)")
    pra.add_argument("--seed", type=int, default=0, help="random seed: the same seed, the same class (default: 0)")
    args = parser.parse_args(argv)
    if args.command == "practice-class":
        return _practice(args)
    if args.command == "grade":
        return _grade(args)
    if args.command == "bundle":
        return _bundle(args)
    if args.command == "hub-link":
        return _hub_link(args)
    if args.command == "update":
        return _update(args)
    report = release(args.source, args.out, force=args.force)
    for name in report["written"]:
        print(f"wrote     {args.out / name}")
    for name in report["unchanged"]:
        print(f"unchanged {args.out / name}")
    for entry in report["added"]:
        print(f"ADDED     {args.out / entry}: new exercises added to the learner's edited copy, their work kept")
    for entry in report["updated copy"]:
        print(f"NEW COPY  {args.out / entry}: the edited copy has no cell ids to place the new exercises by, "
              "so it was kept and a fresh copy written beside it")
    for name in report["kept"]:
        print(f"KEPT      {args.out / name}: edited since the last release; --force overwrites it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
