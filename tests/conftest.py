"""Shared set-up for the test suite.

* Matplotlib draws off-screen (the Agg backend), so the tests run without a display.
  Only this process is switched, with ``matplotlib.use``: setting ``MPLBACKEND`` in
  ``os.environ`` would leak into every kernel and server the tests start (nbval's
  notebook kernels, ``make lab``), where it would replace the inline backend.
* Hypothesis runs few, small examples so the whole suite stays fast.
* ``make_image`` writes small test images into ``tmp_path``: the suite never adds
  files to ``data/``.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from notebook_pages import add_page_tests, record_cell, release_browser
from run_once import sharing_the_machine, use_lock_folder

settings.register_profile(
    "course",
    max_examples=50,
    deadline=None,  # the first call of a helper may be slow (imports); that is not a bug
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))


@pytest.fixture
def make_image(tmp_path):
    """Save a Pillow image (or the bytes of a file) in ``tmp_path`` and return its path.

    ``make_image("a.png", Image.new("L", (2, 1)))`` saves with Pillow (extra keyword
    arguments go to ``Image.save``); ``make_image("a.png", b"...")`` writes the bytes.
    """

    def save(name: str, content, **save_args) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            content.save(path, **save_args)
        return path

    return save


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(pixels: np.ndarray, colour_type: int) -> bytes:
    """Encode a PNG by hand (no Pillow), so the test controls the bit depth.

    ``pixels`` is an ``(H, W, C)`` array of dtype ``uint8`` (8-bit) or ``uint16``
    (16-bit); ``colour_type`` is PNG's: 0 gray, 2 RGB, 4 gray + alpha, 6 RGBA.
    """
    height, width = pixels.shape[:2]
    depth = 16 if pixels.dtype == np.uint16 else 8
    big_endian = pixels.astype(">u2" if depth == 16 else "u1")
    raw = b"".join(b"\x00" + big_endian[row].tobytes() for row in range(height))  # filter 0
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw))
        + _png_chunk(b"IEND", b"")
    )


@pytest.fixture
def handmade_png():
    """The :func:`png_bytes` encoder, for tests that need 16-bit PNG files."""
    return png_bytes


@pytest.fixture
def cut_in_half(tmp_path):
    """Copy the first half of a real file into ``tmp_path``: a truncated image."""

    def cut(source: Path) -> Path:
        data = Path(source).read_bytes()
        half = tmp_path / f"half-{Path(source).name}"
        half.write_bytes(data[: len(data) // 2])
        return half

    return cut


@pytest.fixture
def rgb_image():
    """A small random RGB image, the same every run."""
    return np.random.default_rng(2024).integers(0, 256, size=(6, 7, 3), dtype=np.uint8)



@pytest.fixture(scope="session")
def sandbox_ready():
    """The grader's sandbox (bubblewrap) works here: skip on a learner's machine without it, fail in CI."""
    from imgsim_helpers.classroom import sandbox

    why = sandbox.unavailable()
    if why:
        message = f"the grader's sandbox cannot run here: {why} (make test installs bubblewrap when root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI=true: a missing sandbox fails the run", pytrace=False)
        pytest.skip(message)


# --------------------------------------------------------------------------- both cores (make test)
# `make test` runs pytest-xdist with --dist loadfile: each test file (each notebook: nbval needs its
# cells in order, in one kernel) runs in one worker, so module-scoped fixtures are built once; each
# group of SHARED runs in one worker too, one file after the other; and the files are handed out
# slowest first, so no worker starts a long one last. Outside `make test` (make check, a plain
# pytest) only the order changes.

#: Test files that share something outside their tmp_path, so they run one after the other in one worker:
#: the browser tests serve the repository's own notebooks/ folder in JupyterLab (and remove the
#: .ipynb_checkpoints it leaves there), and share its server and one Chromium (tests/browser/conftest.py,
#: which stops them after the group's last test); the README's commands, Binder's steps and the student
#: bundle share one fresh environment (tests/install/conftest.py), in this order: the bundle's make
#: installs the bundle's own helpers into it, so it comes last.
SHARED = {
    "tests/browser/": "browser",
    "tests/install/test_plain_setup.py": "fresh-environment",
    "tests/install/test_binder_build.py": "fresh-environment",
    "tests/install/test_student_bundle.py": "fresh-environment",
}

#: The slowest groups first (measured with tools/time_tests.py); the rest in the order pytest collects them.
#: The two grading classes that run alone (run_once.alone) come before them: alone waits for the other
#: worker's current test to end, and then it is the other class's first test, not the 2.5-minute group of
#: the fresh environment.
SLOW_FIRST = [
    "tests/classroom/test_grading_sandbox.py",
    "tests/classroom/test_grading.py",
    "fresh-environment",
    "tests/hub/test_hub_end_to_end.py",
    "browser",
    "tests/test_setup.py",
    "notebooks/15-leaderboard.ipynb",
    "tests/classroom/test_collect_homes.py",
    "tests/test_readme.py",
    "tests/classroom/test_grading_reports.py",
    # make check's slowest files (4 to 10 s each): in collection order, test_widgets.py came last and
    # one worker ran it alone for the last 7.5 s
    "tests/test_widgets.py",
    "tests/test_duplicates.py",
    "tests/test_search.py",
    "tests/test_duplicates_widget.py",
    "tests/test_evaluation.py",
    "tests/test_checks.py",
    "tests/test_lab_smoke.py",
]


def _group(nodeid: str) -> tuple[str, int]:
    """The group of a test (its file, or its SHARED group) and, within a SHARED group, its file's place."""
    path = nodeid.split("::", 1)[0]
    for place, (prefix, group) in enumerate(SHARED.items()):
        if path.startswith(prefix):
            return group, place
    return path, 0


def pytest_collection_modifyitems(config, items):
    """Each notebook's page test after its cells (notebook_pages); then the slowest groups first, each
    group's files in SHARED's order, each file's tests as collected."""
    add_page_tests(config, items)
    rank = {group: n for n, group in enumerate(SLOW_FIRST)}
    first_seen: dict[str, int] = {}
    for item in items:
        first_seen.setdefault(_group(item.nodeid)[0], len(first_seen))

    def order(item: pytest.Item) -> tuple[int, int, int]:
        group, place = _group(item.nodeid)
        return rank.get(group, len(rank)), first_seen[group], place

    items.sort(key=order)


@pytest.hookimpl(optionalhook=True)   # python -m pytest in an environment without pytest-xdist
def pytest_xdist_make_scheduler(config, log):
    """With --dist loadfile, xdist's file scheduler with the SHARED groups as one file each.

    (pytest-xdist's own --dist loadgroup cannot do this under pytest 9: it renames node ids, which
    pytest 9 no longer lets it do, and then spreads a group over every worker.)
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedFileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _group(nodeid)[0]

    return SharedFileScheduling(config, log)


def pytest_configure(config):
    """Under xdist, the locks of run_once live in the folder of this run's worker folders; the hooks of
    every test are registered (EveryTest)."""
    basetemp = getattr(config.option, "basetemp", None)
    if os.environ.get("PYTEST_XDIST_WORKER") and basetemp:
        use_lock_folder(Path(basetemp).parent / "locks")
    config.pluginmanager.register(EveryTest(), "imgsim-every-test")


class EveryTest:
    """Hooks around every test of the run, the notebooks' cells included: a plugin, since a conftest's
    own test hooks reach only the tests in its folder (tests/), not nbval's cells in notebooks/."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        """Every test runs while holding the run's shared lock, so a set-up that needs the machine to
        itself (run_once.alone) waits for the tests of the other worker to finish."""
        with sharing_the_machine():
            return (yield)

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item, nextitem):
        """After a run of notebooks, their page tests' Chromium is closed (notebook_pages.release_browser)."""
        release_browser(item, nextitem)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        """While nbval runs a notebook's cell, keep the kernel messages it reads, for the page test."""
        with record_cell(item):
            return (yield)
