"""The class on a JupyterHub: the student edition as a git repository, and the link that pulls it.

A hub hands the course out with `nbgitpuller <https://nbgitpuller.readthedocs.io>`_:
each student clicks one link; the first click clones the course repository into
their home folder and opens notebook 00, every later click fetches the new
release and merges it into their copy (their edits win; see
``docs/instructor.md``, "Running the class on a JupyterHub").

* :func:`write_git_edition` puts the student edition (the bundle's files, see
  :mod:`.bundle`) into a git repository as one new commit on top of the previous
  release, ready to push to any git host the hub can reach. Each release must be
  a commit on top of the last one: nbgitpuller merges, it does not re-clone.
* :func:`unseen_changes` names what a release changes that students who already wrote in a
  cell will not receive (their lines win the merge), so the instructor can say it in class;
* :func:`hub_link` builds the link (``python -m imgsim_helpers.exercises hub-link``);
* :func:`binder_link` the link that opens the same repository on Binder instead (no hub, no
  account, nothing kept: for a try or a demonstration; ``hub-link --binder``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

__all__ = ["BRANCH", "FIRST_NOTEBOOK", "TARGET", "GitEditionError", "binder_link", "hub_link", "unseen_changes",
           "write_git_edition"]

#: The folder the course lands in, in each student's home (the zip's top folder too).
TARGET = "imgsim-course"
#: The notebook the link opens, inside the course folder.
FIRST_NOTEBOOK = "notebooks/00-start-here.ipynb"
#: The branch the git edition is written to.
BRANCH = "main"
#: What a student's own running leaves in their copy on the hub: never part of a release.
GITIGNORE = ".ipynb_checkpoints/\n__pycache__/\n*.pyc\n.venv/\n.virtual_documents/\n"
#: The identity of the release commits when git has none configured (the instructor's is used otherwise).
FALLBACK_IDENTITY = {"GIT_AUTHOR_NAME": "imgsim course release", "GIT_AUTHOR_EMAIL": "course@localhost",
                     "GIT_COMMITTER_NAME": "imgsim course release", "GIT_COMMITTER_EMAIL": "course@localhost"}


class GitEditionError(RuntimeError):
    """The git edition cannot be written (the message says why and what to do)."""


def hub_link(hub: str, repo: str, branch: str | None = BRANCH, target: str = TARGET,
             notebook: str = FIRST_NOTEBOOK) -> str:
    """The nbgitpuller link that pulls the course into a student's home and opens ``notebook``.

    Parameters
    ----------
    hub : str
        The hub's address, such as ``https://hub.example.org`` (a trailing
        ``/`` or ``/hub/`` is allowed).
    repo : str
        The student edition's git repository, as the hub's servers can reach
        it (``https://...``, or a path on the hub's own disk).
    branch : str or None, optional
        The branch to pull (default ``main``, the one :func:`write_git_edition`
        writes); None lets nbgitpuller take the repository's default branch.
    target : str, optional
        The folder the course is cloned into, relative to the student's home.
    notebook : str, optional
        The notebook JupyterLab opens, relative to the course folder.

    Returns
    -------
    str
        ``{hub}/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...&targetpath=...``, the
        ``urlpath`` being ``lab/tree/{target}/{notebook}``, each value URL-encoded as nbgitpuller's
        own link generator does.

    Examples
    --------
    >>> link = hub_link("https://hub.example.org", "https://git.example.org/course.git")
    >>> link.split("&")   # doctest: +NORMALIZE_WHITESPACE
    ['https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgit.example.org%2Fcourse.git',
     'branch=main', 'urlpath=lab%2Ftree%2Fimgsim-course%2Fnotebooks%2F00-start-here.ipynb',
     'targetpath=imgsim-course']
    """
    parts = urlsplit(hub.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the hub's address must start with https:// (or http://), such as "
                         f"https://hub.example.org; got {hub!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"the hub's address must be the hub itself, without ?... or #...; got {hub!r}")
    base = hub.strip().rstrip("/")
    base = base[:-len("/hub")] if base.endswith("/hub") else base
    if not repo.strip():
        raise ValueError("the course repository is empty: give the address the hub clones it from")
    target = target.strip("/")
    if not target or target.startswith(".") or ".." in Path(target).parts:
        raise ValueError(f"the course folder must be a folder name inside the student's home, such as "
                         f"{TARGET}; got {target!r}")
    params = {"repo": repo.strip()}
    if branch:
        params["branch"] = branch
    params["urlpath"] = f"lab/tree/{target}/{notebook.lstrip('/')}"
    params["targetpath"] = target
    return f"{base}/hub/user-redirect/git-pull?{urlencode(params)}"


def binder_link(repo: str, branch: str = BRANCH, notebook: str = FIRST_NOTEBOOK,
                binder: str = "https://mybinder.org") -> str:
    """The Binder link that builds ``repo`` with repo2docker and opens ``notebook`` in JupyterLab.

    Binder reads the repository as the course lays it out: ``requirements.txt``, ``runtime.txt`` and
    ``postBuild`` at the top (``tests/install/test_binder_build.py``). The repository is the server's folder,
    so the notebook's path is the one inside the course.

    Examples
    --------
    >>> binder_link("https://github.com/you/imgsim-course-student")
    'https://mybinder.org/v2/gh/you/imgsim-course-student/main?urlpath=lab%2Ftree%2Fnotebooks%2F00-start-here.ipynb'
    """
    repo = repo.strip().rstrip("/")
    if not repo:
        raise ValueError("the course repository is empty: give its public address, such as "
                         "https://github.com/you/imgsim-course-student")
    query = urlencode({"urlpath": f"lab/tree/{notebook.lstrip('/')}"})
    github = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?", repo)
    where = f"gh/{github[1]}/{github[2]}" if github else f"git/{quote(repo, safe='')}"
    return f"{binder.rstrip('/')}/v2/{where}/{quote(branch, safe='')}?{query}"


#: What marks a cell students write in, in a student copy (see :func:`.release.stub_for`).
STUB = re.compile(r"Exercise (\d+\.\d+): (?:replace \.\.\. with your answer|write this function)")


def unseen_changes(repo: Path, staged: Path) -> list[str]:
    """The cells students write in that this release changes, which students who already answered will not get.

    On the hub, nbgitpuller merges with the student's lines winning (docs/instructor.md, "Updates that
    keep the students' work"): a change to a cell a student has written in never reaches them. Compares
    each notebook of ``staged`` with the last commit of ``repo``, by cell id; returns one sentence per
    such cell (nothing for a first release).
    """
    if subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"], cwd=repo,
                      capture_output=True).returncode != 0:
        return []
    found = []
    for path in sorted(staged.glob("notebooks/*.ipynb")):
        name = path.relative_to(staged).as_posix()
        shown = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=repo, capture_output=True, text=True)
        if shown.returncode != 0:
            continue
        old = {c.get("id"): "".join(c["source"]) for c in json.loads(shown.stdout)["cells"]}
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            before = old.get(cell.get("id"))
            if before is not None and before != "".join(cell["source"]) and (stub := STUB.search(before)):
                found.append(f"{name}: the cell where students write exercise {stub[1]}'s answer changed; students "
                             "who already answered keep theirs on the hub and will not see the change")
    return found


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                            env={**os.environ, **(env or {}), "LANG": "C"})
    if result.returncode != 0:
        raise GitEditionError(f"git {' '.join(args)} failed in {repo}: {result.stderr.strip()[-500:]}")
    return result.stdout.strip()


def _identity(repo: Path) -> dict[str, str]:
    """The instructor's git identity if there is one; otherwise a stand-in (git refuses to commit without one)."""
    probe = subprocess.run(["git", "var", "GIT_COMMITTER_IDENT"], cwd=repo, capture_output=True, text=True,
                           env={**os.environ, "LANG": "C"})
    return {} if probe.returncode == 0 and "@" in probe.stdout else dict(FALLBACK_IDENTITY)


def write_git_edition(staged: Path, repo: Path, message: str | None = None) -> tuple[str, bool]:
    """Make ``repo``'s branch ``main`` hold exactly the files of ``staged``, as one new commit.

    Parameters
    ----------
    staged : pathlib.Path
        The student edition laid out in a folder (:func:`.bundle.stage`).
    repo : pathlib.Path
        The git repository: created (``git init``) when the folder does not
        exist or is empty; otherwise it must be a git repository on branch
        ``main`` with no uncommitted change (a clone of the published course
        repository is fine). Files not in ``staged`` are removed from it.
    message : str, optional
        The commit message (default: ``Release N of the student edition``).

    Returns
    -------
    tuple
        ``(commit, changed)``: the commit that holds the edition, and whether
        a new one was made (False when the edition is the same as the last one).
    """
    repo.mkdir(parents=True, exist_ok=True)
    if not (repo / ".git").exists():
        if any(repo.iterdir()):
            raise GitEditionError(f"{repo} holds files but is not a git repository: give an empty folder, or a "
                                  "clone of the course repository")
        _git(repo, "init", "--quiet", "--initial-branch", BRANCH)
    branch = _git(repo, "symbolic-ref", "--short", "HEAD")
    if branch != BRANCH:
        raise GitEditionError(f"{repo} is on branch {branch}; the student edition is written to {BRANCH} "
                              f"(git -C {repo} switch {BRANCH})")
    if _git(repo, "status", "--porcelain"):
        raise GitEditionError(f"{repo} has uncommitted changes; commit or discard them first "
                              f"(git -C {repo} status)")
    for entry in repo.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    shutil.copytree(staged, repo, dirs_exist_ok=True)
    (repo / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    _git(repo, "add", "--all")
    has_head = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"], cwd=repo,
                              capture_output=True).returncode == 0
    if has_head and not _git(repo, "status", "--porcelain"):
        return _git(repo, "rev-parse", "HEAD"), False
    count = int(_git(repo, "rev-list", "--count", "HEAD")) if has_head else 0
    _git(repo, "commit", "--quiet", "-m", message or f"Release {count + 1} of the student edition",
         env=_identity(repo))
    return _git(repo, "rev-parse", "HEAD"), True
