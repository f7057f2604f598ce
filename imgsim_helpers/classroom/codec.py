"""Move values between the grader and a student's kernel without pickle.

Only plain data crosses: numbers, strings, None, ``...``, lists, tuples,
dicts and numeric NumPy arrays. Everything else becomes an :class:`Opaque`
stand-in that remembers only its type name and a short ``repr``, so nothing a
student's code returns can run code in the grader. Arrays travel in an
``.npz`` file read with ``allow_pickle=False``.

This file must stay standalone (standard library and NumPy only): the grader
also sends its source into the student's kernel.
"""

from __future__ import annotations

import json
import math

import numpy as np

MAX_ITEMS = 10_000
MAX_DEPTH = 4
MAX_BYTES = 64 * 1024 * 1024


class Opaque:
    """A value that cannot travel: its type name and the start of its ``repr``."""

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name, self.text = type_name, text

    def __repr__(self) -> str:
        return self.text


def encode(obj: object, arrays: dict, depth: int = 0) -> dict:
    """A JSON-able description of ``obj``; arrays are added to ``arrays``."""
    if obj is None:
        return {"k": "none"}
    if obj is Ellipsis:
        return {"k": "ellipsis"}
    kind = type(obj).__name__
    if isinstance(obj, (bool, np.bool_)):
        return {"k": "bool", "t": kind, "v": bool(obj)}
    if isinstance(obj, (int, np.integer)):
        return {"k": "int", "t": kind, "v": int(obj)}
    if isinstance(obj, (float, np.floating)):
        value = float(obj)
        return {"k": "float", "t": kind, "v": value if math.isfinite(value) else repr(value)}
    if isinstance(obj, str):
        return {"k": "str", "v": obj[:2000]}
    if isinstance(obj, np.ndarray) and obj.dtype.kind in "biuf" and obj.nbytes <= MAX_BYTES:
        key = f"a{len(arrays)}"
        arrays[key] = obj
        return {"k": "array", "key": key}
    if isinstance(obj, (list, tuple)) and depth < MAX_DEPTH and len(obj) <= MAX_ITEMS:
        return {"k": kind if kind in ("list", "tuple") else "list",
                "v": [encode(item, arrays, depth + 1) for item in obj]}
    if isinstance(obj, dict) and depth < MAX_DEPTH and len(obj) <= MAX_ITEMS:
        return {"k": "dict", "v": [[encode(k, arrays, depth + 1), encode(v, arrays, depth + 1)]
                                   for k, v in obj.items()]}
    try:
        text = repr(obj)[:200]
    except Exception:  # a repr that fails is the student's business, not the grader's
        text = f"<{kind}>"
    return {"k": "opaque", "t": kind, "r": text}


def decode(desc: dict, arrays: dict) -> object:
    """The value described by :func:`encode` (arrays looked up in ``arrays``)."""
    kind = desc["k"]
    if kind == "none":
        return None
    if kind == "ellipsis":
        return ...
    if kind in ("bool", "int", "float"):
        value = desc["v"]
        value = float(value) if isinstance(value, str) else value
        numpy_type = getattr(np, desc["t"], None)
        if desc["t"] not in ("bool", "int", "float") and isinstance(numpy_type, type) \
                and issubclass(numpy_type, np.generic):
            return numpy_type(value)
        return {"bool": bool, "int": int, "float": float}[kind](value)
    if kind == "str":
        return desc["v"]
    if kind == "array":
        return np.array(arrays[desc["key"]])
    if kind == "list":
        return [decode(item, arrays) for item in desc["v"]]
    if kind == "tuple":
        return tuple(decode(item, arrays) for item in desc["v"])
    if kind == "dict":
        return {_hashable(decode(k, arrays)): decode(v, arrays) for k, v in desc["v"]}
    return Opaque(desc.get("t", "object"), desc.get("r", ""))


def _hashable(key: object) -> object:
    return key if not isinstance(key, (list, dict, np.ndarray)) else repr(key)


def save(path: str, desc: object, arrays: dict) -> None:
    """Write ``desc`` as JSON to ``path`` and ``arrays`` to ``path + '.npz'``."""
    np.savez(path + ".npz", **arrays)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(desc, handle)


def load(path: str) -> tuple[object, dict]:
    """Read what :func:`save` wrote: the JSON description and the arrays (no pickle)."""
    with open(path, encoding="utf-8") as handle:
        desc = json.load(handle)
    with np.load(path + ".npz", allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    return desc, arrays
