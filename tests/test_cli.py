"""The command-line tool: ``python -m imgsim_helpers compare`` and ``search``.

A few runs go through a real ``python -m imgsim_helpers`` subprocess (exit codes,
nothing but one line on stderr, no traceback); they start together, because each
start-up imports the whole package. The other cases call ``main()`` in this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imgsim_helpers import cli
from imgsim_helpers.search.index import Index

from cli_runs import file_hashes, run

ROOT = Path(__file__).resolve().parent.parent
DUCK, SWANS, MACAW = (f"data/opening/{name}.jpg" for name in ("duck", "swans", "macaw"))


def _photo(seed: int, size: tuple[int, int] = (40, 30)) -> Image.Image:
    rng = np.random.default_rng(seed)
    base = rng.uniform(0, 255, 3)
    pixels = base + rng.normal(0, 15, (size[1], size[0], 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


@pytest.fixture
def folder(tmp_path):
    """Four small photos (one nested) and one file that is not an image."""
    photos = tmp_path / "photos"
    (photos / "sub").mkdir(parents=True)
    for i, name in enumerate(["a.jpg", "b.png", "c.jpg", "sub/d.png"]):
        _photo(i).save(photos / name)
    (photos / "broken.jpg").write_text("not a picture")
    return photos


# --------------------------------------------------------------------------- real subprocesses


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    """Run every subprocess case at once (each start-up takes about a second) and collect them."""
    tmp = tmp_path_factory.mktemp("cli")
    photos = tmp / "photos"
    photos.mkdir()
    for i in range(3):
        _photo(i).save(photos / f"p{i}.jpg")
    cases = {
        "compare": ["compare", DUCK, SWANS, MACAW],
        "missing": ["compare", "missing.jpg", SWANS],
        "bad_bins": ["compare", DUCK, SWANS, "--bins", "3"],
        "help": ["--help"],
        "search": ["search", str(photos / "p1.jpg"), str(photos), "-k", "2", "--index", str(tmp / "index.npz")],
    }
    env = {**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning"}
    running = {
        name: subprocess.Popen([sys.executable, "-m", "imgsim_helpers", *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, args in cases.items()
    }
    results = {}
    for name, process in running.items():
        out, err = process.communicate(timeout=120)
        results[name] = (process.returncode, out, err)
    return results, tmp


def test_python_m_compare_prints_the_swans_as_the_winner(processes):
    status, out, err = processes[0]["compare"]
    assert (status, err) == (0, "")
    assert out.strip().splitlines()[-1] == f"winner: {SWANS}"
    assert "normalised" in out and "euclidean" in out


def test_python_m_missing_file_is_one_line_and_status_1(processes):
    status, out, err = processes[0]["missing"]
    assert (status, out, err) == (1, "", "error: no such file: missing.jpg\n")


def test_python_m_usage_error_is_status_2_without_a_traceback(processes):
    status, out, err = processes[0]["bad_bins"]
    assert status == 2 and out == ""
    assert err.startswith("usage: python -m imgsim_helpers compare")
    assert "error: argument --bins: must divide 256" in err and "Traceback" not in err


def test_python_m_help_has_examples(processes):
    status, out, err = processes[0]["help"]
    assert status == 0 and err == ""
    assert "usage: python -m imgsim_helpers" in out and "examples:" in out and "exit status:" in out


def test_python_m_search_builds_and_saves_the_index(processes):
    (status, out, err), tmp = processes[0]["search"], processes[1]
    assert status == 0, err
    assert "indexed 3 photos" in err and "saved the index to" in err
    assert out.splitlines()[2:] and out.splitlines()[3].split()[0:2] == ["1", "0.000000"]
    assert Path(out.splitlines()[3].split()[2]).name == "p1.jpg"
    assert len(Index.load(tmp / "index.npz")) == 3


# --------------------------------------------------------------------------- compare


def test_compare_prints_distances_nearest_first_and_the_winner(capsys):
    status, out, err = run(capsys, "compare", DUCK, MACAW, SWANS)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"test photo: {DUCK}"
    assert lines[1] == "histograms: pooled, 256 bins, normalised (fractions); metric: euclidean (smaller = more similar)"
    assert lines[3].split() == ["rank", "distance", "reference"]
    assert lines[4].split()[0::2] == ["1", SWANS] and lines[5].split()[0::2] == ["2", MACAW]
    assert float(lines[4].split()[1]) < float(lines[5].split()[1])
    assert lines[-1] == f"winner: {SWANS}"


@pytest.mark.parametrize("options", [["--no-normalize"], ["--channels", "rgb", "--bins", "32"],
                                     ["--channels", "joint"], ["--metric", "chi_square"]])
def test_the_swans_win_with_other_options_too(capsys, options):
    status, out, _ = run(capsys, "compare", "duck", "swans", "macaw", *options)
    assert status == 0
    assert out.splitlines()[-1] == "winner: swans"
    if options == ["--no-normalize"]:
        assert "raw counts" in out
    if options == ["--channels", "joint"]:
        assert "joint, 8 bins" in out  # joint's default: 8 bins per channel, 512 cells


def test_compare_reports_a_tie(capsys):
    status, out, _ = run(capsys, "compare", DUCK, SWANS, SWANS)
    assert status == 0 and out.splitlines()[-1] == f"winner: a tie between {SWANS}, {SWANS}"


def test_compare_bad_files_are_one_line_errors_with_status_1(capsys, tmp_path):
    (tmp_path / "notes.jpg").write_text("hello")
    cases = {
        ("compare", "nope.jpg", SWANS): "error: no such file: nope.jpg\n",
        ("compare", DUCK, "nosuchsample"): "error: no such file: nosuchsample (the course's photos have lower-case",
        ("compare", DUCK, "Swans"): "error: no such file: Swans (did you mean swans?",
        ("compare", DUCK, str(tmp_path)): f"error: {tmp_path} is a folder, not an image file\n",
        ("compare", DUCK, str(tmp_path / "notes.jpg")):
            f"error: {tmp_path / 'notes.jpg'} is not an image file Pillow can read",
    }
    for argv, message in cases.items():
        status, out, err = run(capsys, *argv)
        assert status == 1 and out == "", argv
        assert err.startswith(message) and err.count("\n") == 1, err


@pytest.mark.parametrize("argv, message", [
    (["compare", DUCK], "the following arguments are required: REF"),
    (["compare", DUCK, SWANS, "--bins", "300"], "argument --bins: must divide 256"),
    (["compare", DUCK, SWANS, "--bins", "many"], "argument --bins: must be a whole number, got 'many'"),
    (["compare", DUCK, SWANS, "--channels", "joint", "--bins", "128"], "--channels joint needs --bins 64 or fewer"),
    (["compare", DUCK, SWANS, "--metric", "L7"], "argument --metric: invalid choice: 'L7'"),
    (["search", DUCK, "data", "-k", "0"], "argument -k: must be at least 1, got 0"),
    ([], "the following arguments are required: COMMAND"),
    (["compare", DUCK, SWANS, "--metrc", "cosine"], "compare: error: unrecognized arguments: --metrc cosine (did you mean --metric?)"),
])
def test_usage_errors_exit_with_status_2(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert message in err


def test_help_explains_the_normalize_default(capsys):
    status, out, _ = run(capsys, "compare", "--help")
    assert status == 0
    text = " ".join(out.split())
    assert "(default: on)" in text and "--no-normalize compares raw counts, as the original tutorial does" in text
    assert "examples:" in out
    status, out, _ = run(capsys, "search", "--help")
    assert status == 0 and "--index FILE" in out and "never written to" in " ".join(out.split())


# --------------------------------------------------------------------------- search


def test_search_prints_the_nearest_photos_and_lists_skipped_files(capsys, folder):
    before = file_hashes(folder)
    status, out, err = run(capsys, "search", str(folder / "c.jpg"), str(folder), "-k", "3")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"photos most like {folder / 'c.jpg'} (rgb, euclidean")
    assert lines[2].split() == ["rank", "distance", "photo"]
    assert lines[3].split() == ["1", "0.000000", str(folder / "c.jpg")]
    assert len(lines) == 6
    assert "indexed 4 photos" in err
    assert f"skipped 1 files that could not be read:\n  {folder / 'broken.jpg'}: not an image file" in err
    assert file_hashes(folder) == before


def test_search_with_an_index_file_builds_then_reuses_then_updates_it(capsys, folder, tmp_path):
    index_file = tmp_path / "photos-index.npz"
    query = str(folder / "a.jpg")
    status, _, err = run(capsys, "search", query, str(folder), "--index", str(index_file))
    assert status == 0 and "indexed 4 photos" in err and f"saved the index to {index_file}" in err
    saved = index_file.read_bytes()

    status, _, err = run(capsys, "search", query, str(folder), "--index", str(index_file))
    assert status == 0 and f"{index_file} is up to date (4 photos)" in err
    assert index_file.read_bytes() == saved  # nothing changed: not rewritten

    _photo(9).save(folder / "sub" / "e.jpg")
    (folder / "b.png").unlink()
    status, out, err = run(capsys, "search", query, str(folder), "--index", str(index_file), "-k", "10")
    assert status == 0
    assert f"updated {index_file}: 1 new, 0 changed, 1 removed, 3 unchanged" in err
    assert str(folder / "sub" / "e.jpg") in out and str(folder / "b.png") not in out
    assert len(Index.load(index_file)) == 4

    status, _, err = run(capsys, "search", query, str(folder), "--index", str(index_file), "--descriptor", "joint")
    assert status == 0 and f"{index_file} was built with descriptor='rgb': building it again" in err
    assert Index.load(index_file).settings["descriptor"] == "joint"

    other = tmp_path / "other"
    other.mkdir()
    _photo(3).save(other / "x.png")
    status, out, err = run(capsys, "search", query, str(other), "--index", str(index_file), "--descriptor", "joint")
    assert status == 0 and "was built with folder" in err and str(other / "x.png") in out


def test_search_refuses_to_overwrite_a_file_that_is_not_an_index(capsys, folder, tmp_path):
    precious = tmp_path / "thesis.npz"
    np.savez(precious, results=np.arange(3))
    content = precious.read_bytes()
    status, out, err = run(capsys, "search", str(folder / "a.jpg"), str(folder), "--index", str(precious))
    assert status == 1 and out == ""
    assert err.startswith(f"error: {precious} is not an index file saved by Index.save")
    assert precious.read_bytes() == content


def test_search_bad_input_is_one_line_with_status_1(capsys, folder, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = {
        ("search", "nope.jpg", str(folder)): "error: no such file: nope.jpg\n",
        ("search", str(folder / "a.jpg"), str(tmp_path / "nowhere")): f"error: no such folder: {tmp_path / 'nowhere'}\n",
        ("search", str(folder / "a.jpg"), str(folder / "b.png")): f"error: {folder / 'b.png'} is a file, not a folder",
        ("search", str(folder / "broken.jpg"), str(folder)):
            f"error: cannot read {folder / 'broken.jpg'}: not an image file Pillow can read\n",
        ("search", str(folder / "a.jpg"), str(empty)): f"error: found no readable photos in {empty}",
        ("search", str(folder / "a.jpg"), str(folder), "--index", str(tmp_path / "no" / "dir.npz")):
            "error: cannot save the index to",
    }
    for argv, message in cases.items():
        status, out, err = run(capsys, *argv)
        assert status == 1 and out == "", (argv, err)
        assert err.splitlines()[-1].startswith(message.rstrip("\n")) and err.endswith("\n"), err
        assert err.count("error: ") == 1 and "Traceback" not in err


def test_search_accepts_a_course_photo_name_as_query(capsys, folder):
    status, out, _ = run(capsys, "search", "duck", str(folder), "-k", "1")
    assert status == 0 and out.startswith("photos most like duck")


def test_unexpected_problems_are_still_one_line(capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("something odd")

    monkeypatch.setattr(cli, "run_compare", broken)
    status, out, err = run(capsys, "compare", DUCK, SWANS)
    assert status == 1
    assert err == "error: unexpected RuntimeError: something odd (this is a bug in imgsim_helpers; please report it)\n"

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_compare", interrupted)
    assert run(capsys, "compare", DUCK, SWANS)[:3:2] == (130, "interrupted\n")


# --------------------------------------------------------------------------- issue 10: no dead ends


def _animated(path: Path, frames: int = 3) -> Path:
    pictures = [_photo(i) for i in range(frames)]
    pictures[0].save(path, save_all=True, append_images=pictures[1:])
    return path


def test_a_course_photo_file_name_gets_a_did_you_mean(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    for typed in ("duck.jpg", "Duck.JPG", "data/opening/duk.jpg"):
        status, out, err = run(capsys, "compare", typed, SWANS, MACAW)
        assert (status, out, err) == (1, "", f"error: no such file: {typed} (did you mean {DUCK}?)\n")


def test_max_pixels_advice_names_the_option_that_exists(capsys):
    status, out, err = run(capsys, "compare", DUCK, SWANS, "--max-pixels", "1000")
    assert status == 1 and out == ""
    assert err.endswith("is 640 x 604 = 386,560 pixels, more than the limit of 1,000; "
                        "shrink it first, or give a larger --max-pixels (e.g. --max-pixels 400000)\n")
    assert "max_pixels" not in err  # the Python argument's name means nothing on the command line
    assert run(capsys, "compare", DUCK, SWANS, "--max-pixels", "400000")[0] == 0  # the advice works
    status, out, err = run(capsys, "search", DUCK, "data/opening", "--max-pixels", "1000")
    assert status == 1 and "give a larger --max-pixels" in err


def test_search_refuses_an_index_inside_the_photo_folder(capsys, folder, monkeypatch):
    before = file_hashes(folder)
    for index in (folder / "index.npz", folder / "sub" / "index.npz"):
        status, out, err = run(capsys, "search", str(folder / "a.jpg"), str(folder), "--index", str(index))
        assert status == 2 and out == ""
        assert err.splitlines()[-1] == (f"python -m imgsim_helpers search: error: --index {index} is inside the "
                                        f"photo folder {folder}, which is only read, never written to; keep the "
                                        "index elsewhere, e.g. --index photos-index.npz")
    monkeypatch.chdir(folder)
    assert run(capsys, "search", "a.jpg", ".", "--index", "index.npz")[0] == 2
    assert file_hashes(folder) == before  # nothing written
    status, out, err = run(capsys, "search", "--help")
    assert "FILE must be\noutside FOLDER" in out and "never written to" in out


def test_search_index_that_is_not_an_npz_file_is_left_alone_without_numpy_advice(capsys, folder, tmp_path):
    for name, content in (("notes.txt", b"my notes"), ("photo.jpg", (folder / "a.jpg").read_bytes())):
        other = tmp_path / name
        other.write_bytes(content)
        status, out, err = run(capsys, "search", str(folder / "a.jpg"), str(folder), "--index", str(other))
        assert (status, out) == (1, "")
        assert err == (f"error: {other} is not an index file saved by Index.save: it is not a NumPy .npz file "
                       "at all. It was left as it is: give --index a new file name (e.g. photos-index.npz), "
                       "and the index is built there\n")
        assert "pickle" not in err and other.read_bytes() == content


def test_search_skip_list_names_a_float_tiff_once(capsys, folder):
    Image.fromarray(np.zeros((4, 4), dtype=np.float32)).save(folder / "scan.tif")
    status, out, err = run(capsys, "search", str(folder / "a.jpg"), str(folder))
    assert status == 0
    line = next(line for line in err.splitlines() if "scan.tif" in line)
    assert line == (f"  {folder / 'scan.tif'}: floating-point images (values with decimals) are not supported; "
                    "save it as 8-bit (whole numbers 0-255) first")


def test_animated_and_multi_page_files_give_a_note_not_a_warning_trace(capsys, folder, tmp_path):
    gif = _animated(tmp_path / "blink.gif")
    status, out, err = run(capsys, "compare", str(gif), SWANS)
    assert status == 0 and "winner: " in out
    assert err == f"note: {gif} holds 3 frames (an animated GIF); only the first frame is used\n"
    _animated(folder / "x.gif")
    _animated(folder / "sub" / "y.gif", frames=2)
    status, out, err = run(capsys, "search", str(gif), str(folder), "--no-progress")
    assert status == 0
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert notes == [
        f"note: {gif} holds 3 frames (an animated GIF); only the first frame is used",
        "note: 2 files hold several frames (animated images or multi-page TIFFs); only the first frame "
        "of each is used: sub/y.gif, x.gif",
    ]
    assert "Warning" not in err and ".py:" not in err


def test_help_says_which_python_to_use(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert '"python" is the course\'s Python: activate the course\'s environment first' in out
    assert ".venv/bin/python (Windows: .venv\\Scripts\\python)" in out


def test_search_takes_a_descriptor_from_the_registry(capsys, folder):
    status, out, err = run(capsys, "search", str(folder / "c.jpg"), str(folder), "-k", "2",
                           "--descriptor", "regions", "--metric", "manhattan")
    assert status == 0, err
    assert out.splitlines()[0].startswith(f"photos most like {folder / 'c.jpg'} (regions, manhattan")
    status, _, err = run(capsys, "search", str(folder / "c.jpg"), str(folder), "--descriptor", "colour")
    assert status == 2 and "invalid choice: 'colour'" in err and "regions" in err
    status, out, _ = run(capsys, "search", "--help")
    assert status == 0 and "hue_saturation" in out and "--descriptor" in out
