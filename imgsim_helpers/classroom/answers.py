"""Collect what a grading kernel gives back: each exercise's answers, and what its audit hook saw it try.

The grader's side of :mod:`.harvest`: after the student's cells ran, the hidden
inputs of one exercise are written, only now, as files into the kernel's
``/course``; one cell runs the harvest there, which writes the answers beside
them (JSON and ``.npz``, no pickle, see :mod:`.codec`), and the grader reads
them back as plain files only (never through a link, never past a size).
Nothing here judges them (:mod:`.judge` does, in the grader's own process).
"""

from __future__ import annotations

import functools
import io
import json
import os
import secrets
import stat
import zipfile
from pathlib import Path

import nbformat
import numpy as np
from nbclient.exceptions import DeadKernelError

from . import codec
from .kernel import GraderClient

__all__ = ["audit_flags", "harvest_answer"]

HERE = Path(__file__).resolve().parent


@functools.cache
def _harvest_source() -> str:
    return (HERE / "codec.py").read_text() + "\n\n" + (HERE / "harvest.py").read_text()


def _write_new(path: str, data: bytes) -> None:
    """Create ``path`` (never through a link, never over an existing file) and write ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)


def _read_plain(path: str, limit: int = codec.MAX_BYTES + (1 << 20)) -> bytes | None:
    """The bytes of ``path`` if it is a plain file (no link, no pipe) of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return stream.read(limit + 1)


def harvest_answer(client: GraderClient, outside: str, inside: str, spec: dict, arrays: dict,
                   case_seconds: float) -> tuple[dict, dict] | None:
    """Run the harvest of one exercise in the kernel and read back what it wrote.

    ``inside`` is the kernel's ``/course`` as the kernel sees it, ``outside`` as
    the grader reaches it. The hidden inputs are written there only now, after
    the student's cells ran. ``case_seconds`` is the time each hidden case may take.
    """
    source = _harvest_source()
    nonce = secrets.token_hex(8)
    spec_name, out_name = f".spec-{nonce}.json", f".answer-{nonce}.json"
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    try:
        _write_new(f"{outside}/{spec_name}.npz", buffer.getvalue())
        _write_new(f"{outside}/{spec_name}", json.dumps(spec).encode())
    except OSError:
        return None
    call = (f"(lambda _ns: (exec({source!r}, _ns), _ns['harvest']({inside + '/' + spec_name!r}, "
            f"{inside + '/' + out_name!r}, globals())) and None)({{'__name__': 'imgsim_grader'}})")
    cell = nbformat.v4.new_code_cell(call)
    client.nb.cells.append(cell)
    client.timeout = int(case_seconds * max(1, len(spec.get("cases", []))) + 30)
    try:
        client.execute_cell(cell, len(client.nb.cells) - 1, store_history=False)
    except DeadKernelError:
        return None
    text, packed = _read_plain(f"{outside}/{out_name}"), _read_plain(f"{outside}/{out_name}.npz")
    if text is None or packed is None:
        return None
    try:
        desc = json.loads(text)
        with np.load(io.BytesIO(packed), allow_pickle=False) as data:
            answer_arrays = {key: data[key] for key in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None
    return (desc, answer_arrays) if isinstance(desc, dict) else None


def audit_flags(log: Path) -> list[str]:
    """The attempts the kernel's audit hook reported (see launch.py), one flag each."""
    text = _read_plain(str(log), limit=1 << 30) or b""
    flags = []
    for line in text.decode("utf-8", "replace").splitlines():
        if line.startswith("IMGSIM-AUDIT ") and line[13:] not in flags:
            flags.append(line[13:])
    return flags[:20]
