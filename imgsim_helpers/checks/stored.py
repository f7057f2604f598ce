"""The expected results the judges compare with, as stored for the visible inputs.

A judge computes no answer itself: it compares with the right answer for the
inputs and the typical wrong answers its hints name. For the visible inputs
they are stored as data in ``imgsim_helpers/expected_visible.json``; the code
that computes them, for any input, is the instructor's
(``imgsim_helpers/classroom/expected.py``, not in the student bundle), and the
grader hands its results to the judges.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .framework import PACKAGE_DIR, Expected, frozen

#: The expected results of the visible inputs (written by ``python -m imgsim_helpers.classroom.expected``).
STORED = PACKAGE_DIR / "expected_visible.json"


class MissingExpected(LookupError):
    """No expected results are stored for these inputs: only the visible inputs' are."""


@dataclass(frozen=True)
class Fingerprint:
    """A large whole-number array, stored as its shape and a digest of its values."""

    shape: tuple[int, ...]
    sha256: str

    @property
    def size(self) -> int:
        return math.prod(self.shape)


def fingerprint(array: object) -> str | None:
    """A digest of a whole-number array's shape and values (``None`` if it holds other values).

    Equal values give the same digest whatever the dtype (``uint8`` 7 and
    ``float`` 7.0 alike), as :func:`numpy.array_equal` would find them equal.
    """
    array = np.asarray(array)
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.array_equal(array, np.round(array)):
            return None
    elif array.dtype.kind not in "biu":
        return None
    digest = hashlib.sha256(repr(tuple(array.shape)).encode())
    digest.update(np.ascontiguousarray(array, dtype="<i8").tobytes())
    return digest.hexdigest()


def same(got: np.ndarray, expected: object) -> bool:
    """Whether ``got`` has the shape and values of ``expected`` (an array, a :class:`Fingerprint` or ``None``)."""
    if expected is None:
        return False
    if isinstance(expected, Fingerprint):
        return got.shape == expected.shape and fingerprint(got) == expected.sha256
    return got.shape == np.shape(expected) and np.array_equal(got, expected)


def case_key(args: tuple) -> str:
    """A short digest naming the inputs ``args`` (arrays by dtype, shape and bytes; dictionaries in order)."""
    digest = hashlib.sha256()

    def feed(item: object) -> None:
        if isinstance(item, np.ndarray):
            digest.update(f"array {item.dtype.str} {item.shape};".encode())
            digest.update(np.ascontiguousarray(item).tobytes())
        elif isinstance(item, dict):
            digest.update(f"dict {len(item)};".encode())
            for key, value in item.items():
                feed(key)
                feed(value)
        elif isinstance(item, (tuple, list)):
            digest.update(f"{type(item).__name__} {len(item)};".encode())
            for value in item:
                feed(value)
        else:
            digest.update(f"{type(item).__name__} {item!r};".encode())

    feed(tuple(args))
    return digest.hexdigest()[:16]


def _decode(value: object) -> object:
    """A stored expected result as the judges use it (arrays read-only)."""
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict) and "sha256" in value:
        return Fingerprint(tuple(value["shape"]), value["sha256"])
    if isinstance(value, dict):
        return frozen(np.array(value["values"], dtype=value["dtype"]).reshape(value["shape"]))
    return value


@lru_cache(maxsize=1)
def _stored_table() -> dict:
    return json.loads(STORED.read_text(encoding="utf-8"))


def stored_expected(number: str, args: tuple = ()) -> Expected:
    """The stored expected results of exercise ``number`` for the visible inputs ``args``."""
    entry = _stored_table().get(number, {}).get(case_key(args))
    if entry is None:
        raise MissingExpected(f"no expected results are stored for these inputs of exercise {number}: only the "
                              "visible inputs' are (the grader computes the others with "
                              "imgsim_helpers.classroom.expected)")
    return {name: _decode(value) for name, value in entry.items()}

