"""Every exercise's check: passes the solution, says "not done yet" to the stub, and gives
its specific hint to typical wrong answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from imgsim_helpers import euclidean, load_image
from imgsim_helpers.checks import EXERCISES, check, check_all

DUCK = load_image("duck")
SWANS = load_image("swans")


def _stub_function(*args):
    raise NotImplementedError("Exercise: write this function")


# exercise -> (solution, [(wrong answer, words the hint must contain), ...])
CASES = {
    "1.1": (DUCK.shape[0] * DUCK.shape[1], [
        (DUCK.size, "number of values"),
        (len(DUCK), "only one side"),
    ]),
    "1.2": (DUCK[DUCK.shape[0] // 2, DUCK.shape[1] // 2], [
        (DUCK[DUCK.shape[1] // 2, DUCK.shape[0] // 2], "swapped row and column"),
        (DUCK[DUCK.shape[0] // 2], "a pixel is 3 numbers"),
    ]),
    "1.3": (lambda image: image.mean(axis=(0, 1)), [
        (lambda image: image.mean(axis=2), "wrong axis"),
        (lambda image: image.mean(), "averaged everything"),
    ]),
    "2.1": (SWANS.size, [
        (SWANS.shape[0] * SWANS.shape[1], "number of pixels"),
        (SWANS.shape[0] * SWANS.shape[1] * 4, "multiply all three sides"),
    ]),
    "2.2": (lambda image: image[:, :, 1].ravel(), [
        (lambda image: image[:, :, 1], "2-D"),
        (lambda image: image[:, 1].ravel(), "column 1"),
        (lambda image: image[:, :, 0].ravel(), "red values"),
    ]),
    "2.3": (lambda v, h, w: v.reshape(h, w, 3), [
        (lambda v, h, w: v.reshape(w, h, 3), "swapped"),
        (lambda v, h, w: v.reshape(h, w * 3), "expected shape"),
    ]),
    "3.1": (lambda image: np.bincount(image.ravel(), minlength=256), [
        (lambda image: np.bincount(image.ravel()), "minlength=256"),
        (lambda image: np.bincount(image.ravel(), minlength=256)[:255], "range(255) stops at 254"),
        (lambda image: np.bincount(image[:, :, 0].ravel(), minlength=256), "one channel only"),
    ]),
    "3.2": (6, [
        (100 / 16, "integer division"),
        (7, "off by one"),
    ]),
    "3.3": (lambda h, bins: h.reshape(bins, 256 // bins).sum(axis=1), [
        (lambda h, bins: h.reshape(-1, bins).sum(axis=1), "reshape to (bins, 256 // bins)"),
        (lambda h, bins: h[:: 256 // bins], "total changed"),
        (lambda h, bins: h.reshape(256 // bins, bins).sum(axis=0) if bins == 4 else
         h.reshape(bins, 256 // bins).sum(axis=1), "wrong axis"),
    ]),
    "4.1": (math.sqrt(25), [
        (25, "square root"),
        (7, "Manhattan"),
    ]),
    "4.2": (lambda a, b: a.astype(int) - b.astype(int), [
        (lambda a, b: a - b, "wraps around"),
        (lambda a, b: np.abs(a.astype(int) - b), "absolute differences"),
    ]),
    "4.3": (lambda h1, h2: np.sqrt(np.sum((np.asarray(h1, float) - h2) ** 2)), [
        (lambda h1, h2: np.sqrt(np.sum((h1 - h2) ** 2)), "wrapped around"),
        (lambda h1, h2: np.sum((np.asarray(h1, float) - h2) ** 2), "np.sqrt"),
        (lambda h1, h2: np.sum(np.abs(np.asarray(h1, float) - h2)), "Manhattan"),
    ]),
    "5.1": (lambda h: h / h.sum(), [
        (lambda h: h / h.max(), "largest count"),
        (lambda h: h / len(h), "not by the number of bins"),
        (lambda h: h // h.sum(), "integer division"),
    ]),
    "5.2": (lambda q, refs: min(refs, key=lambda n: euclidean(q, refs[n])), [
        (lambda q, refs: max(refs, key=lambda n: euclidean(q, refs[n])), "farthest"),
        (lambda q, refs: min(euclidean(q, h) for h in refs.values()), "not its distance"),
    ]),
    "8.1": (lambda p, q: np.sum(np.abs(p - q)), [
        (lambda p, q: np.sum(p - q), "cancel out"),
        (lambda p, q: np.sqrt(np.sum((p - q) ** 2)), "Euclidean"),
    ]),
    "8.2": (lambda p, q: 1 - np.sum(np.minimum(p, q)), [
        (lambda p, q: np.sum(np.minimum(p, q)), "similarity"),
        (lambda p, q: 1 - np.sum(np.maximum(p, q)), "np.minimum, not np.maximum"),
        (lambda p, q: 1 - np.min(np.minimum(p, q)), "bin by bin"),
    ]),
    "8.3": (9 / 99, [
        (1 / 10, "not its own neighbour"),
        (9 / 100, "9 classmates, 99 other photos"),
    ]),
    "5.3": (4, [
        (2, "both directions"),
        (9, "2 x 2 block"),
    ]),
}


def test_every_exercise_has_cases():
    assert set(CASES) == set(EXERCISES)


@pytest.mark.parametrize("number", sorted(CASES))
def test_solution_passes(number, capsys):
    assert check(number, CASES[number][0]) == "passed"
    assert "all tests passed" in capsys.readouterr().out


@pytest.mark.parametrize("number", sorted(CASES))
def test_stub_is_not_done_yet(number, capsys):
    stub = _stub_function if callable(CASES[number][0]) else ...
    assert check(number, stub) == "not done yet"
    out = capsys.readouterr().out
    assert "not done yet" in out and "Traceback" not in out


@pytest.mark.parametrize("number, wrong, hint",
                         [(n, wrong, hint) for n, (_, cases) in sorted(CASES.items()) for wrong, hint in cases])
def test_typical_wrong_answer_gets_its_hint(number, wrong, hint, capsys):
    assert check(number, wrong) == "try again"
    out = capsys.readouterr().out
    assert f"Exercise {number}: not yet. Hint:" in out
    assert hint in out


def test_crashing_function_is_reported_not_raised(capsys):
    assert check("3.1", lambda image: 1 / 0) == "try again"
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_value_given_where_function_expected(capsys):
    assert check("3.1", 42) == "try again"
    assert "expected a function" in capsys.readouterr().out


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(ValueError, match="no exercise '9.9'"):
        check("9.9", 1)


def test_check_all_reports_progress(capsys):
    check("1.1", DUCK.shape[0] * DUCK.shape[1])
    check("1.2", ...)
    check("1.3", lambda image: image.mean())
    table = check_all("01")
    out = capsys.readouterr().out
    assert table == {"1.1": "passed", "1.2": "not done yet", "1.3": "try again"}
    assert "1 of 3 passed" in out
    with pytest.raises(ValueError, match="no exercises"):
        check_all("09")


def test_learner_function_cannot_change_the_reference_photo():
    def vandal(image):
        image[0, 0] = 0
        return image.mean(axis=(0, 1))

    assert check("1.3", vandal) == "try again"
    assert check("1.3", CASES["1.3"][0]) == "passed"


@pytest.mark.parametrize("number, answer, hint", [
    ("3.1", lambda image: None, "did you forget `return`"),
    ("3.1", lambda image: np.histogram(image, bins=256, range=(0, 256)), "np.histogram"),
    ("3.1", lambda image: dict(enumerate(np.bincount(image.ravel(), minlength=256))), "dictionary"),
    ("3.1", lambda image: np.bincount(image, minlength=256), "flatten the image first"),
    ("2.2", lambda image: list(image[:, :, 1].ravel()), "wrap it in np.array"),
    ("2.2", lambda image: image[:, :, 2].ravel(), "blue values"),
    ("2.2", lambda image: DUCK[:, :, 1].ravel(), "one value per pixel"),
    ("1.3", lambda image: image.sum(axis=(0, 1)), "added the values up"),
    ("1.3", lambda image: np.round(image.mean(axis=(0, 1))), "without rounding"),
    ("5.1", lambda h: h.__itruediv__(h.sum()), "divided in place"),
    ("5.2", lambda q, refs: ("swans", 0.1), "return only the name"),
    ("5.2", lambda q, refs: next(iter(refs.values())), "not its name"),
    ("1.1", None, "did you forget `return`"),
])
def test_beginner_mistakes_get_plain_hints(number, answer, hint, capsys):
    assert check(number, answer) == "try again"
    assert hint in capsys.readouterr().out


def test_an_answer_no_checker_expected_is_reported_not_raised(capsys):
    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no array for you")

    assert check("3.3", lambda hist, bins: Weird()) == "try again"
    assert "could not be compared" in capsys.readouterr().out
