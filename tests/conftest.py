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
