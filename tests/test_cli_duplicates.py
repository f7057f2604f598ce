"""``python -m imgsim_helpers duplicates FOLDER``: groups, JSON, one-line errors, exit codes, read-only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from imgsim_helpers.near_duplicates import folder_hashes as folder_hashes_module
from imgsim_helpers.near_duplicates.copies import write_copies_folder

from cli_runs import file_hashes, run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def copies(tmp_path):
    """The duck and two edited copies, the swans alone, and a file that is not an image."""
    folder = tmp_path / "photos"
    folder.mkdir()
    write_copies_folder(folder, ["duck", "swans"], ["duck"], ["resized to half", "JPEG quality 30"])
    (folder / "broken.jpg").write_text("not a picture")
    return folder


def test_groups_are_printed_and_nothing_is_touched(capsys, copies):
    before = file_hashes(copies)
    status, out, err = run(capsys, "duplicates", str(copies), "--no-progress")
    assert status == 0 and file_hashes(copies) == before
    lines = out.splitlines()
    assert lines[0].startswith("group 1 of 1: 3 photos,") and "could be freed" in lines[0]
    assert lines[1].split()[0] == "keep" and lines[1].endswith("duck/original.jpg")
    assert {line.split()[-5].rsplit("/", 1)[-1] for line in lines[2:4]} == {
        "jpeg-quality-30.jpg", "resized-to-half.jpg"}
    assert "bits, colour" in lines[2]
    assert lines[-1].startswith("1 group, 2 copies:") and lines[-1].endswith("Nothing was deleted or moved.")
    assert "hashed 4 photos" in err and "broken.jpg: not an image" in err


def test_json_prints_only_the_groups(capsys, copies):
    status, out, err = run(capsys, "duplicates", str(copies), "--json")
    assert status == 0
    groups = json.loads(out)
    assert groups == [{"paths": [str(copies / "duck/original.jpg"), str(copies / "duck/jpeg-quality-30.jpg"),
                                 str(copies / "duck/resized-to-half.jpg")],
                       "mixes_gray_and_colour": False}]
    assert "hashed" in err


@pytest.fixture
def gray_and_colour(tmp_path):
    """The macaw (the bundled JPEG), and older copies: gray at the same size, and at quality 30."""
    folder = tmp_path / "photos"
    folder.mkdir()
    write_copies_folder(folder, ["macaw", "duck"], ["macaw"], ["JPEG quality 30"])
    macaw = folder / "macaw"
    with Image.open(macaw / "original.jpg") as photo:
        photo.convert("L").save(macaw / "gray.jpg", quality=95)
    for name in ("gray.jpg", "jpeg-quality-30.jpg"):
        os.utime(macaw / name, ns=(10**18, 10**18))  # older than the original: the old rule kept the gray one
    return folder


def test_a_group_of_gray_and_colour_says_so(capsys, gray_and_colour):
    status, out, _ = run(capsys, "duplicates", str(gray_and_colour), "--no-progress")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("group 1 of 1: 3 photos,") and lines[0].endswith(
        "could be freed; gray and colour photos (a colour one is kept)")
    assert lines[1].split()[0] == "keep" and lines[1].endswith("macaw/original.jpg")
    copies = {line.split()[6].rsplit("/", 1)[-1]: line for line in lines[2:4]}
    assert copies["gray.jpg"].endswith("[gray]") and "[" not in copies["jpeg-quality-30.jpg"]
    assert lines[-1].startswith("1 group, 2 copies:") and lines[-1].endswith(
        "could be freed. 1 group mixes gray and colour photos (a colour one is kept). Nothing was deleted or moved.")
    status, out, _ = run(capsys, "duplicates", str(gray_and_colour), "--json")
    assert status == 0 and json.loads(out) == [{
        "paths": [str(gray_and_colour / "macaw" / name) for name in ("original.jpg", "gray.jpg",
                                                                     "jpeg-quality-30.jpg")],
        "mixes_gray_and_colour": True}]


def test_options(capsys, copies):
    status, out, _ = run(capsys, "duplicates", str(copies), "--threshold", "0", "--hash", "average",
                         "--workers", "1", "--json")
    assert status == 0 and len(json.loads(out)) <= 1


def test_no_duplicates(capsys, tmp_path):
    write_copies_folder(tmp_path, ["duck", "swans", "macaw"], [])
    status, out, _ = run(capsys, "duplicates", str(tmp_path))
    assert status == 0 and out == "no near-duplicates among 3 photos\n"


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing", "error: no such folder: {p}\n"),
    (lambda p: p / "duck.png", "error: {p} is a file, not a folder of photos\n"),
    (lambda p: p / "empty", "error: found no readable photos in {p} (looked for .jpg"),
])
def test_input_errors_are_one_line(capsys, tmp_path, make, message):
    Image.new("RGB", (20, 20)).save(tmp_path / "duck.png")
    (tmp_path / "empty").mkdir()
    path = make(tmp_path)
    status, out, err = run(capsys, "duplicates", str(path))
    assert status == 1 and out == ""
    assert err.count("\n") <= 2  # the error, after "hashed ..." if the folder could be read
    assert err.splitlines()[-1].startswith(message.format(p=path).rstrip("\n"))


@pytest.mark.parametrize("argv, message", [
    (["--threshold", "65"], "argument --threshold: must be between 0 and 64 (a hash has 64 bits), got 65"),
    (["--threshold", "few"], "argument --threshold: must be a whole number of bits, got 'few'"),
    (["--hash", "phash"], "argument --hash: invalid choice: 'phash'"),
    (["--treshold", "4"], "unrecognized arguments: --treshold 4 (did you mean --threshold?)"),
    (["--workers", "0"], "argument --workers: must be at least 1, got 0"),
])
def test_usage_errors_exit_2(capsys, copies, argv, message):
    status, out, err = run(capsys, "duplicates", str(copies), *argv)
    assert status == 2 and out == ""
    assert err.startswith("usage: python -m imgsim_helpers duplicates") and message in err


def test_ctrl_c_prints_the_partial_groups_and_exits_130(capsys, tmp_path, monkeypatch):
    write_copies_folder(tmp_path, ["duck"], None, ["as PNG", "as JPEG", "as WebP", "JPEG quality 30",
                                                   "resized to half", "brightness +20"])
    real, calls = folder_hashes_module._try_hash, []

    def interrupting(path, hash_name):
        calls.append(path)
        if len(calls) == 4:
            os.kill(os.getpid(), signal.SIGINT)
        return real(path, hash_name)

    monkeypatch.setattr(folder_hashes_module, "_try_hash", interrupting)
    status, out, err = run(capsys, "duplicates", str(tmp_path), "--workers", "1")
    assert status == 130
    assert out.startswith("group 1 of 1: 3 photos") or out.startswith("group 1 of 1: 4 photos")
    assert "interrupted: read" in err and "of 7 files; the groups are among those only" in err


def test_a_real_process(copies):
    done = subprocess.run([sys.executable, "-m", "imgsim_helpers", "duplicates", str(copies), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert len(json.loads(done.stdout)) == 1
    done = subprocess.run([sys.executable, "-m", "imgsim_helpers", "duplicates", str(copies / "nope")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1 and done.stdout == "" and done.stderr.count("\n") == 1
