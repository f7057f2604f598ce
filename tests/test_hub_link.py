"""The class on a JupyterHub: the nbgitpuller link, and the student edition as a git repository (issue 17).

The link is checked against what nbgitpuller reads from it (its UI handler takes ``repo``, ``branch``,
``urlpath`` and ``targetpath`` from the query; ``urlpath`` is opened relative to the student's server);
the git edition must be one commit per release on top of the last, since nbgitpuller merges.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from imgsim_helpers.classroom.hub import GitEditionError, hub_link, write_git_edition
from imgsim_helpers.exercises import main

#: What only maintainers and instructors change: `make test` runs it, a learner's `make check` leaves it out.
pytestmark = pytest.mark.maintainers


def _query(link: str) -> dict[str, str]:
    parts = urlsplit(link)
    return {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}


def test_the_link_opens_notebook_00_of_the_course_folder():
    link = hub_link("https://hub.example.org", "https://git.example.org/teach/imgsim course.git")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    assert _query(link) == {"repo": "https://git.example.org/teach/imgsim course.git", "branch": "main",
                            "urlpath": "lab/tree/imgsim-course/notebooks/00-start-here.ipynb",
                            "targetpath": "imgsim-course"}
    assert " " not in link and "/imgsim course" not in link          # every value URL-encoded
    assert link.index("repo=") < link.index("branch=") < link.index("urlpath=")


@pytest.mark.parametrize("hub", ["https://hub.example.org/", "https://hub.example.org/hub",
                                 "https://hub.example.org/hub/", " https://hub.example.org "])
def test_the_hub_address_may_end_with_a_slash_or_hub(hub):
    assert hub_link(hub, "r").startswith("https://hub.example.org/hub/user-redirect/git-pull?repo=r&")


def test_a_hub_under_a_path_keeps_it():
    assert hub_link("https://uni.example/jupyter", "r").startswith("https://uni.example/jupyter/hub/user-redirect/")


def test_branch_and_folder_can_be_chosen_or_left_to_the_repository():
    query = _query(hub_link("http://127.0.0.1:8000", "/srv/course.git", branch="spring", target="imgsim"))
    assert query == {"repo": "/srv/course.git", "branch": "spring", "targetpath": "imgsim",
                     "urlpath": "lab/tree/imgsim/notebooks/00-start-here.ipynb"}
    assert "branch" not in _query(hub_link("http://127.0.0.1:8000", "r", branch=None))


@pytest.mark.parametrize("hub, repo, target, words", [
    ("hub.example.org", "r", "imgsim-course", "must start with https://"),
    ("https://hub.example.org/?next=x", "r", "imgsim-course", "without ?..."),
    ("https://hub.example.org", "  ", "imgsim-course", "repository is empty"),
    ("https://hub.example.org", "r", "../etc", "folder name inside the student's home"),
    ("https://hub.example.org", "r", ".hidden", "folder name inside the student's home"),
])
def test_a_wrong_address_is_a_clear_error(hub, repo, target, words):
    with pytest.raises(ValueError, match=words.replace("?", r"\?").replace(".", r"\.")):
        hub_link(hub, repo, target=target)


def test_the_command_prints_the_link(capsys):
    assert main(["hub-link", "--hub", "https://hub.example.org", "--repo", "https://g.example/c.git"]) == 0
    assert capsys.readouterr().out == hub_link("https://hub.example.org", "https://g.example/c.git") + "\n"
    assert main(["hub-link", "--hub", "https://h.example", "--repo", "r", "--branch", ""]) == 0
    assert "branch=" not in capsys.readouterr().out
    assert main(["hub-link", "--hub", "h.example", "--repo", "r"]) == 2
    assert "https://" in capsys.readouterr().err


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


def _stage(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_each_release_is_one_commit_on_top_of_the_last(tmp_path):
    repo = tmp_path / "edition"
    first, changed = write_git_edition(_stage(tmp_path / "r1", {"notebooks/00.ipynb": "{}", "old.txt": "x"}), repo)
    assert changed and _git(repo, "branch", "--show-current") == "main"
    assert sorted(_git(repo, "ls-files").split()) == [".gitignore", "notebooks/00.ipynb", "old.txt"]
    assert ".ipynb_checkpoints/" in (repo / ".gitignore").read_text()
    second, changed = write_git_edition(_stage(tmp_path / "r2", {"notebooks/00.ipynb": "{ }", "new.txt": "y"}), repo)
    assert changed and _git(repo, "rev-parse", "HEAD~1") == first        # on top: nbgitpuller can merge it
    assert sorted(_git(repo, "ls-files").split()) == [".gitignore", "new.txt", "notebooks/00.ipynb"]   # old.txt gone
    assert _git(repo, "log", "--format=%s") == "Release 2 of the student edition\nRelease 1 of the student edition"
    again, changed = write_git_edition(tmp_path / "r2", repo)              # the same release: no empty commit
    assert (again, changed) == (second, False)
    assert _git(repo, "status", "--porcelain") == ""


def test_a_clone_works_and_local_changes_or_a_plain_folder_are_refused(tmp_path):
    repo = tmp_path / "edition"
    write_git_edition(_stage(tmp_path / "r1", {"a.txt": "1"}), repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    _, changed = write_git_edition(_stage(tmp_path / "r2", {"a.txt": "2"}), clone)
    assert changed and _git(clone, "rev-list", "--count", "HEAD") == "2"
    (clone / "a.txt").write_text("edited by hand")
    with pytest.raises(GitEditionError, match="uncommitted changes"):
        write_git_edition(tmp_path / "r1", clone)
    plain = _stage(tmp_path / "plain", {"mine.txt": "keep me"})
    with pytest.raises(GitEditionError, match="not a git repository"):
        write_git_edition(tmp_path / "r1", plain)
    assert (plain / "mine.txt").read_text() == "keep me"


def test_the_bundle_command_commits_the_zips_files(tmp_path, capsys):
    import zipfile

    from imgsim_helpers.classroom.bundle import TOP

    out, repo = tmp_path / "dist" / "student.zip", tmp_path / "dist" / "student-git"
    assert main(["bundle", "--out", str(out), "--git", str(repo)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {repo} (new commit " in printed and "hub-link" in printed
    with zipfile.ZipFile(out) as archive:
        zipped = {name.removeprefix(f"{TOP}/"): archive.read(name) for name in archive.namelist()}
    tracked = set(_git(repo, "ls-files").splitlines())
    assert tracked == set(zipped) | {".gitignore"}
    assert all((repo / name).read_bytes() == data for name, data in zipped.items())
    assert main(["bundle", "--out", str(out), "--git", str(repo)]) == 0      # nothing changed: no new commit
    assert "unchanged since the last release" in capsys.readouterr().out
    assert _git(repo, "rev-list", "--count", "HEAD") == "1"
    assert main(["bundle", "--out", str(out), "--no-git", "--git", str(tmp_path / "none")]) == 0
    assert not (tmp_path / "none").exists()


def test_a_repository_on_this_machine_becomes_a_file_url(tmp_path, capsys):
    folder = tmp_path / "my course"
    folder.mkdir()
    assert main(["hub-link", "--hub", "http://127.0.0.1:8000", "--repo", str(folder)]) == 0
    assert _query(capsys.readouterr().out.strip())["repo"] == folder.resolve().as_uri()
    assert main(["hub-link", "--hub", "http://127.0.0.1:8000", "--repo", "git@host.example:c.git"]) == 0
    assert _query(capsys.readouterr().out.strip())["repo"] == "git@host.example:c.git"


def test_a_release_that_changes_a_cell_students_write_in_says_who_will_not_get_it(tmp_path):
    import json

    from imgsim_helpers.classroom.hub import unseen_changes

    def notebook(stub: str, text: str) -> str:
        cells = [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": text},
                 {"cell_type": "code", "id": "b", "metadata": {}, "outputs": [], "execution_count": None,
                  "source": stub}]
        return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

    repo = tmp_path / "edition"
    stub = "n = ...  # Exercise 1.1: replace ... with your answer"
    assert unseen_changes(tmp_path, tmp_path) == []                   # not a repository: nothing to compare
    write_git_edition(_stage(tmp_path / "r1", {"notebooks/01.ipynb": notebook(stub, "Text")}), repo)
    same_stub = _stage(tmp_path / "r2", {"notebooks/01.ipynb": notebook(stub, "Corrected text")})
    assert unseen_changes(repo, same_stub) == []                      # only a cell students run: reaches all
    new_stub = _stage(tmp_path / "r3", {"notebooks/01.ipynb": notebook("# count the pixels\n" + stub, "Text")})
    (warning,) = unseen_changes(repo, new_stub)
    assert warning.startswith("notebooks/01.ipynb: the cell where students write exercise 1.1's answer changed")
