"""Every exercise's check: passes the solution, says "not done yet" to the stub, and gives
its specific hint (and misconception tag) to typical wrong answers."""

from __future__ import annotations

import json
import linecache
import math
import sys

import numpy as np
import pytest

from imgsim_helpers import change_brightness, euclidean, histogram, load_image, manhattan, rank
from imgsim_helpers.checks import (EXERCISES, HELPER_RULE, STORED, MissingExpected, assess, check, check_all, progress,
                                   run_case)
from imgsim_helpers.classroom.expected import expected, visible_table

DUCK = load_image("duck")


def _stub_function(*args):
    raise NotImplementedError("Exercise: write this function")


def _nan_bhattacharyya(p, q):
    with np.errstate(invalid="ignore"):     # the learner's sqrt of a negative number
        return np.sqrt(1 - np.sum(np.sqrt(p * q)))


def _wrapped_brighten(image, amount):
    with np.errstate(over="ignore"):
        return (image.astype(np.int64) + amount).astype(np.uint8)


def _int16_distance(a, b):
    with np.errstate(invalid="ignore"):     # 255 ** 2 wraps around in int16: the root of a negative sum
        return np.sqrt(np.sum((a.astype(np.int16) - b.astype(np.int16)) ** 2))


def _int8_distance(a, b):
    with np.errstate(invalid="ignore"):
        return np.sqrt(np.sum((a.astype(np.int8) - b.astype(np.int8)) ** 2))


def _float16_distance(a, b):
    with np.errstate(over="ignore"):
        return np.sqrt(np.sum((a.astype(np.float16) - b) ** 2))


def _int16_math_distance(a, b):
    return math.sqrt(np.sum((a.astype(np.int16) - b) ** 2))


def _loop_distance(a, b):
    total = 0.0
    for x, y in zip(a.ravel(), b.ravel()):
        total += (float(x) - float(y)) ** 2
    return math.sqrt(total)


def _loop_histogram(image):
    red = image[:, :, 0]
    counts = np.zeros(256, dtype=int)
    for value in range(256):
        counts[value] = np.sum(red == value)
    return counts


def _comprehension_manhattan(p, q):
    return sum(abs(a - b) for a, b in zip(p, q))


def _pixel_at_return_in_loop(flat, width, row, col):
    start = (row * width + col) * 3
    values = []
    for i in range(3):
        values.append(flat[start + i])
        return np.array(values)


def _pixel_at_filled_in_loop(flat, width, row, col):
    start = (row * width + col) * 3
    values = np.zeros(3, dtype=flat.dtype)
    for i in range(3):
        values[i] = flat[start + i]
        return values


def _fold_return_in_loop(hist256, bins):
    width = 256 // bins
    counts = np.zeros(bins, dtype=hist256.dtype)
    for i in range(bins):
        counts[i] = hist256[i * width:(i + 1) * width].sum()
        return counts


def _fold_list_return_in_loop(hist256, bins):
    width = 256 // bins
    counts = []
    for i in range(bins):
        counts.append(hist256[i * width:(i + 1) * width].sum())
        return np.array(counts)


def _channel_means_return_in_loop(image):
    for channel in range(3):
        return image[:, :, channel].mean()


# exercise -> (solution, [(wrong answer, words the hint must contain, misconception tag), ...])
CASES = {
    "1.1": (DUCK.shape[0] * DUCK.shape[1], [
        (DUCK.size, "number of values", "values, not pixels"),
        (len(DUCK), "only one side", "one side only"),
    ]),
    "1.2": (DUCK[DUCK.shape[0] // 2, DUCK.shape[1] // 2], [
        (DUCK[DUCK.shape[1] // 2, DUCK.shape[0] // 2], "swapped row and column", "row and column swapped"),
        (DUCK[DUCK.shape[0] // 2], "a pixel is 3 numbers", "not a pixel"),
    ]),
    "1.3": (lambda image: image.mean(axis=(0, 1)), [
        (lambda image: image.mean(axis=2), "wrong axis", "wrong axis"),
        (lambda image: image.mean(axis=0), "one axis only", "one axis only"),
        (lambda image: image.mean(), "averaged everything", "one number"),
        (_channel_means_return_in_loop, "`return` inside the loop", "return inside the loop"),
    ]),
    "2.1": (1080 * 1920 * 3, [
        (1080 * 1920, "number of pixels", "pixels, not values"),
        (1080 * 1920 * 4, "3 channels", "4 channels"),
    ]),
    "2.2": (lambda image: image[:, :, 1].ravel(), [
        (lambda image: image[:, :, 1], "2-D", "not flat"),
        (lambda image: image[:, 1].ravel(), "column 1", "column, not channel"),
        (lambda image: image[:, :, 0].ravel(), "red values", "wrong channel"),
    ]),
    "2.3": (lambda flat, w, r, c: flat[(r * w + c) * 3:(r * w + c) * 3 + 3], [
        (lambda flat, w, r, c: flat[(c * w + r) * 3:(c * w + r) * 3 + 3], "swapped", "row and column swapped"),
        (lambda flat, w, r, c: flat[r * w + c:r * w + c + 3], "3 values per pixel", "forgot 3 values per pixel"),
        (lambda flat, w, r, c: flat[(r * w + c) * 3], "you returned one", "one value"),
        (_pixel_at_return_in_loop, "`return` inside the loop", "return inside the loop"),
        (_pixel_at_filled_in_loop, "`return` inside the loop", "return inside the loop"),
    ]),
    "3.1": (lambda image: np.bincount(image[:, :, 0].ravel(), minlength=256), [
        (lambda image: np.bincount(image[:, :, 0].ravel()), "minlength", "no minlength"),
        (lambda image: np.bincount(image[:, :, 0].ravel(), minlength=256)[:255], "range(255) stops at 254",
         "range(255)"),
        (lambda image: np.bincount(image.ravel(), minlength=256), "all three channels", "pooled"),
        (lambda image: np.bincount(image[:, :, 1].ravel(), minlength=256), "another channel", "wrong channel"),
        (lambda image: np.histogram(image[:, :, 0], bins=256)[0], "smallest and the largest",
         "np.histogram range"),
        (lambda image: np.histogram(image[:, :, 0], bins=255, range=(0, 255))[0], "bins=255", "np.histogram bins"),
        (_loop_histogram, "the task says no loop", "loop"),
    ]),
    "3.2": (6, [
        (100 / 16, "whole numbers", "not a whole number"),
        (7, "off by one", "off by one"),
    ]),
    "3.3": (lambda h, bins: h.reshape(bins, 256 // bins).sum(axis=1), [
        (lambda h, bins: h.reshape(-1, bins).sum(axis=1), "groups of", "wrong reshape"),
        (lambda h, bins: h[:: 256 // bins], "total changed", "lost counts"),
        (lambda h, bins: h.reshape(256 // bins, bins).sum(axis=0) if bins == 4 else
         h.reshape(bins, 256 // bins).sum(axis=1), "far apart", "wrong axis"),
        (_fold_return_in_loop, "`return` inside the loop", "return inside the loop"),
        (_fold_list_return_in_loop, "`return` inside the loop", "return inside the loop"),
    ]),
    "4.1": (math.sqrt(169), [
        (169, "sum of the squares", "no root"),
        (19, "Manhattan", "manhattan"),
        (5, "only the first two coordinates", "two coordinates only"),
        (float("nan"), "square each difference first", "no squares"),
    ]),
    "4.2": (lambda image, amount: np.clip(image.astype(int) + amount, 0, 255).astype(np.uint8), [
        (_wrapped_brighten, "wrapped around", "uint8 wrap-around"),
        (lambda image, amount: np.clip(image.astype(int) + amount, 0, 255), "must be uint8", "not uint8"),
        (lambda image, amount: image.astype(int) + amount, "outside 0-255", "not clipped"),
    ]),
    "4.3": (lambda a, b: np.sqrt(np.sum((a.astype(float) - b) ** 2)), [
        (lambda a, b: np.sqrt(np.sum((a - b) ** 2)), "wrapped around", "uint8 wrap-around"),
        (lambda a, b: np.sum((a.astype(float) - b) ** 2), "sum of squares", "no root"),
        (lambda a, b: np.sum(np.abs(a.astype(float) - b)), "Manhattan", "manhattan"),
        (_int16_distance, "overflowed", "narrow type overflow"),
        (_int8_distance, "overflowed", "narrow type overflow"),
        (_float16_distance, "overflowed float16", "narrow type overflow"),
        (_int16_math_distance, "overflowed", "narrow type overflow"),
        (_loop_distance, "the task says no loop", "loop"),
    ]),
    "5.1": (lambda h: h / h.sum(), [
        (lambda h: h / h.max(), "tallest bin", "divided by the maximum"),
        (lambda h: h / len(h), "number of bins", "divided by the bin count"),
        (lambda h: h // h.sum(), "integer division", "integer division"),
    ]),
    "5.2": (lambda q, refs: min(refs, key=lambda n: euclidean(q, refs[n])), [
        (lambda q, refs: max(refs, key=lambda n: euclidean(q, refs[n])), "farthest", "farthest, not nearest"),
        (lambda q, refs: min(euclidean(q, h) for h in refs.values()), "not its distance", "returned a distance"),
    ]),
    "5.3": (4, [
        (2, "both directions", "one direction only"),
        (9, "2 x 2 block", "wrong factor"),
    ]),
    "8.1": (lambda p, q: np.sum(np.abs(p - q)), [
        (lambda p, q: np.sum(p - q), "cancel out", "no absolute value"),
        (lambda p, q: np.sqrt(np.sum((p - q) ** 2)), "Euclidean", "euclidean"),
        (_comprehension_manhattan, "the task says no loop", "loop"),
    ]),
    "8.2": (lambda p, q: 1 - np.sum(np.minimum(p, q)), [
        (lambda p, q: np.sum(np.minimum(p, q)), "similarity", "similarity, not distance"),
        (lambda p, q: 1 - np.sum(np.maximum(p, q)), "not the larger", "larger, not smaller"),
        (lambda p, q: 1 - np.min(np.minimum(p, q)), "each bin", "np.min, not bin by bin"),
        (lambda p, q: 1 - np.sum(min(p, q)), "element-wise", "built-in min on arrays"),
    ]),
    "8.3": (lambda p, q: np.sqrt(max(0.0, 1 - np.sum(np.sqrt(p * q)))), [
        (_nan_bhattacharyya, "nan", "rounding below zero"),
        (lambda p, q: 1 - np.sum(np.sqrt(p * q)), "outer square root", "no outer root"),
        (lambda p, q: np.sqrt(max(0.0, 1 - np.sqrt(np.sum(p * q)))), "root of the sum", "root of the sum"),
    ]),
}


def _last(number: str) -> str:
    return progress(f"{int(number.split('.')[0]):02d}")[number]


def test_every_checked_exercise_has_cases():
    assert set(CASES) == {n for n, e in EXERCISES.items() if e.kind != "written"}


def test_every_exercise_says_where_its_answer_lives():
    for number, exercise in EXERCISES.items():
        assert exercise.kind in ("value", "function", "written"), number
        if exercise.kind != "written":
            assert exercise.name.isidentifier() and exercise.name in exercise.task, number
        if exercise.kind == "function":
            assert exercise.cases(), number


@pytest.mark.parametrize("number", sorted(CASES))
def test_solution_passes(number, capsys):
    assert check(number, CASES[number][0]) is None      # nothing echoed in the notebook
    assert "all tests passed" in capsys.readouterr().out
    assert _last(number) == "passed"


@pytest.mark.parametrize("number", sorted(CASES))
def test_stub_is_not_done_yet(number, capsys):
    stub = _stub_function if callable(CASES[number][0]) else ...
    check(number, stub)
    out = capsys.readouterr().out
    assert "not done yet" in out and "Traceback" not in out
    assert _last(number) == "not done yet"


@pytest.mark.parametrize("number, wrong, hint, tag",
                         [(n, wrong, hint, tag) for n, (_, cases) in sorted(CASES.items())
                          for wrong, hint, tag in cases])
def test_typical_wrong_answer_gets_its_hint_and_tag(number, wrong, hint, tag, capsys):
    check(number, wrong)
    out = capsys.readouterr().out
    assert _last(number) == "try again"
    assert f"Exercise {number}: not yet. Hint:" in out
    assert hint in out
    # the grader's side: the same judge, on the same inputs, names the misconception
    exercise = EXERCISES[number]
    if exercise.kind == "value":
        verdicts = [assess(number, wrong)]
    else:
        verdicts = [assess(number, wrong, args, run_case(wrong, args)) for args in exercise.cases()]
    assert tag in [t for outcome, _, t in verdicts if outcome == "try again"]


def test_crashing_function_is_reported_not_raised(capsys):
    check("3.1", lambda image: 1 / 0)
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_value_given_where_function_expected(capsys):
    check("3.1", 42)
    assert "expected a function" in capsys.readouterr().out


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(ValueError, match="no exercise '9.9'"):
        check("9.9", 1)
    with pytest.raises(ValueError, match="no exercise '5.4' to check"):
        check("5.4", "a written answer is read by the instructor")


def test_check_all_reports_progress(capsys):
    check("1.1", DUCK.shape[0] * DUCK.shape[1])
    check("1.2", ...)
    check("1.3", lambda image: image.mean())
    capsys.readouterr()
    assert check_all("01") is None
    out = capsys.readouterr().out
    assert progress("01") == {"1.1": "passed", "1.2": "not done yet", "1.3": "try again"}
    assert "1 of 3 passed" in out
    assert "5.4" not in "".join(progress("05"))        # written exercises are not checked
    with pytest.raises(ValueError, match="no exercises"):
        check_all("09")


def test_learner_function_cannot_change_the_reference_photo():
    def vandal(image):
        image[0, 0] = 0
        return image.mean(axis=(0, 1))

    check("1.3", vandal)
    assert _last("1.3") == "try again"
    check("1.3", CASES["1.3"][0])
    assert _last("1.3") == "passed"


@pytest.mark.parametrize("number, answer", [
    ("3.1", lambda image: histogram(image, channels="rgb")[:256]),
    ("3.3", lambda h, bins: histogram(DUCK, bins=bins)),
    ("4.2", change_brightness),
    ("5.2", lambda q, refs: rank(q, refs)[0][0]),
    ("8.1", manhattan),
    ("8.1", lambda p, q: 2 * __import__("imgsim_helpers").intersection(p, q)),
])
def test_the_course_helper_as_an_answer_is_refused(number, answer, capsys):
    check(number, answer)
    out = capsys.readouterr().out
    assert _last(number) == "try again" and HELPER_RULE in out


def test_calling_allowed_helpers_is_fine(capsys):
    # 5.2 asks for euclidean to be used; only rank is the helper it asks you to write
    def nearest(query, references):
        best_name, best = None, None
        for name, hist in references.items():
            d = euclidean(query, hist)
            if best is None or d < best:
                best_name, best = name, d
        return best_name

    check("5.2", nearest)
    assert _last("5.2") == "passed"


@pytest.mark.parametrize("number, answer, hint", [
    ("3.1", lambda image: None, "did you forget `return`"),
    ("3.1", lambda image: np.histogram(image[:, :, 0], bins=256, range=(0, 256)), "np.histogram"),
    ("3.1", lambda image: dict(enumerate(np.bincount(image[:, :, 0].ravel(), minlength=256))), "dictionary"),
    ("3.1", lambda image: np.bincount(image[:, :, 0], minlength=256), "flatten the values first"),
    ("2.2", lambda image: list(image[:, :, 1].ravel()), "wrap it in np.array"),
    ("2.2", lambda image: image[:, :, 2].ravel(), "blue values"),
    ("1.3", lambda image: image.sum(axis=(0, 1)), "added the values up"),
    ("1.3", lambda image: np.round(image.mean(axis=(0, 1))), "without rounding"),
    ("4.2", lambda image, amount: image + amount, "wrapped around"),
    ("4.2", lambda image, amount: image + amount * 30, "a uint8 array cannot hold"),
    ("5.1", lambda h: h.__itruediv__(h.sum()), "tried to change the array it was given"),
    ("5.2", lambda q, refs: ("swans", 0.1), "return only the name"),
    ("5.2", lambda q, refs: next(iter(refs.values())), "not its name"),
    ("1.1", None, "did you forget `return`"),
    ("1.3", lambda image: DUCK.mean(axis=(0, 1)), "use the parameter `image`"),
    ("3.1", lambda image: np.bincount(DUCK[:, :, 0].ravel(), minlength=256), "use the parameter `image`"),
    ("3.3", lambda h, bins: h.reshape(bins, 256 / bins).sum(axis=1), "// divides and rounds down"),
    ("8.2", lambda p, q: 1 - np.sum(np.min(p, q)), "reads b as an axis"),
    ("2.2", lambda image: DUCK[:, :, 1].flatten(), "use the parameter `image`"),
    ("2.3", lambda flat, width, row, col: DUCK[row, col], "not of the flat vector"),
    ("5.2", lambda q, refs: next(iter(refs)), "is the `return` inside the loop"),
    ("5.2", lambda q, refs: next((n for n in refs if euclidean(q, refs[n]) < 0), None), "never was"),
])
def test_beginner_mistakes_get_plain_hints(number, answer, hint, capsys):
    check(number, answer)
    assert _last(number) == "try again"
    assert hint in capsys.readouterr().out


def test_an_answer_no_checker_expected_is_reported_not_raised(capsys):
    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no array for you")

    check("3.3", lambda hist, bins: Weird())
    assert "could not be compared" in capsys.readouterr().out
    assert _last("3.3") == "try again"


def test_in_place_division_of_whole_numbers_is_explained():
    # hidden grading inputs are writable integer counts: there /= raises NumPy's casting error
    counts = np.array([1, 2, 3])
    outcome, hint, tag = assess("5.1", _stub_function, (counts,), run_case(lambda h: h.__itruediv__(h.sum()),
                                                                             (counts.copy(),)))
    assert outcome == "try again" and "divided in place" in hint and tag == "in-place division"


def test_a_function_that_never_returns_in_time_is_judged_too_slow():
    outcome, hint, tag = assess("3.1", _stub_function, (DUCK,), __import__("imgsim_helpers").checks.Raised(
        "GradingTimeout", "10 s per test"))
    assert outcome == "try again" and "endless loop" in hint and tag == "too slow"


def test_the_stored_expected_results_are_up_to_date():
    # python -m imgsim_helpers.classroom.expected writes them again
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(visible_table())), "expected_visible.json is out of date"


def test_the_judges_compute_no_answer_and_need_expected_results_for_unseen_inputs():
    right = CASES["4.2"][0]
    unseen = (np.full((2, 2, 3), 250, dtype=np.uint8), 9)
    with pytest.raises(MissingExpected, match="only the visible inputs"):
        assess("4.2", right, unseen, run_case(right, unseen))
    # the grader passes what the instructor's module computes for its inputs
    assert assess("4.2", right, unseen, run_case(right, unseen), expected("4.2", unseen))[0] == "passed"
    wrapped = assess("4.2", _wrapped_brighten, unseen, run_case(_wrapped_brighten, unseen), expected("4.2", unseen))
    assert wrapped[2] == "uint8 wrap-around"


def _error_of_cell(code: str, monkeypatch) -> None:
    """Run ``code`` as a notebook cell that fails, and keep its error as IPython does (``sys.last_value``)."""
    filename = f"<cell {abs(hash(code))}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)   # as IPython caches cells
    try:
        exec(compile(code, filename, "exec"), {"img": DUCK, "math": math, "np": np})
    except Exception as error:
        monkeypatch.setattr(sys, "last_value", error, raising=False)
        monkeypatch.setattr(sys, "last_exc", error, raising=False)
    else:
        raise AssertionError("the cell was meant to fail")


@pytest.mark.parametrize("number, cell, words", [
    ("1.2", "h, w = img.shape[:2]\ncentre = img[h / 2, w / 2]", ["computes `centre` raised IndexError", "// divides"]),
    ("4.1", "d_example = math.sqrt((1 - 4) + (2 - 6) + (3 - 15))",
     ["computes `d_example` raised ValueError", "square each difference first"]),
    ("3.1", "def red_histogram(image):\n    return np.bincount(image[:, :, 0].ravel(), minlength=256)\n"
            "red_histogram(img[0, 0, 0])", ["defines `red_histogram` raised IndexError"]),
])
def test_an_answer_cell_that_raised_is_explained_by_its_check(number, cell, words, monkeypatch, capsys):
    # the answer cell failed, so the answer is still the stub: the check explains the error, not "not done yet"
    _error_of_cell(cell, monkeypatch)
    check(number, ... if EXERCISES[number].kind == "value" else _stub_function)
    out = capsys.readouterr().out
    assert _last(number) == "try again" and "not done yet" not in out
    assert all(word in out for word in words), out


def test_an_error_of_another_cell_leaves_the_stub_not_done_yet(monkeypatch, capsys):
    _error_of_cell("total = img.sum() + undefined_name", monkeypatch)
    check("1.2", ...)
    assert "not done yet" in capsys.readouterr().out


def _count_values(values):
    return np.array([np.sum(values == v) for v in range(256)])


def _red_histogram_through_a_helper(image):
    return _count_values(image[:, :, 0])


def test_the_loop_rule_reads_the_code_of_the_learners_own_helpers_too(capsys):
    def count(values):
        return np.array([np.sum(values == v) for v in range(256)])

    def red_histogram(image):
        return count(image[:, :, 0])

    for answer in (red_histogram, _red_histogram_through_a_helper):    # defined around it, or beside it
        check("3.1", answer)
        assert "the task says no loop" in capsys.readouterr().out


def test_the_solutions_have_no_loop():
    for number in ("3.1", "4.3", "8.1"):
        assert EXERCISES[number].no_loop
        assert not __import__("imgsim_helpers").checks.loops(CASES[number][0])


# ---- the catalogue of typical mistakes (tests/mistakes_catalogue.py) --------------------------------------------

def test_the_checks_name_at_least_95_percent_of_the_typical_beginner_mistakes():
    # issue 16's standing goal; python benchmarks/bench_mistakes.py --verbose prints the table and what is not named
    from mistakes_catalogue import CATALOGUE, measure, share

    counts = {}
    for mistake in CATALOGUE:
        counts[mistake.number] = counts.get(mistake.number, 0) + 1
    assert set(counts) == set(CASES) and min(counts.values()) >= 8, counts
    verdicts = measure()
    unnamed = [f"{v.mistake.number} {v.mistake.why}: {v.hint or v.outcome}" for v in verdicts if not v.named]
    assert share(verdicts) >= 0.95, unnamed


def _pixel_at_by_comprehension(flat, width, row, col):
    start = (row * width + col) * 3
    return np.array([flat[start + i] for i in range(1)])


def _normalise_return_in_loop(hist):
    fractions = []
    for count in hist:
        fractions.append(count / hist.sum())
        return np.array(fractions)


def _intersection_return_in_loop(p, q):
    shared = 0.0
    for a, b in zip(p, q):
        shared += min(a, b)
        return 1 - shared


def _bhattacharyya_return_in_loop(p, q):
    overlap = 0.0
    for a, b in zip(p, q):
        overlap += math.sqrt(a * b)
        return math.sqrt(max(0.0, 1 - overlap))


def _nearest_keeps_the_last(query, references):
    for name in references:
        best = name
    return best


def _nearest_forgets_the_best_distance(query, references):
    names = list(references)
    best_name, best_distance = names[0], euclidean(query, references[names[0]])
    for name, hist in references.items():
        if euclidean(query, hist) < best_distance:
            best_name = name
    return best_name


def _nearest_by_name(query, references):
    best_name, best_distance = None, None
    for name in references:
        d = euclidean(query, name)
        if best_distance is None or d < best_distance:
            best_name, best_distance = name, d
    return best_name


def _nearest_without_items(query, references):
    for name, hist in references:
        return name


@pytest.mark.parametrize("number, answer, hint", [
    ("1.1", DUCK.shape[:2], "is a shape (a tuple)"),
    ("1.1", DUCK.shape[0] + DUCK.shape[1], "you added the height and the width"),
    ("1.1", None, "print(...) shows a value but gives None"),
    ("1.2", DUCK[DUCK.shape[0] // 2, DUCK.shape[1] // 2, 0], "without a channel"),
    ("1.2", (DUCK.shape[0] // 2, DUCK.shape[1] // 2), "use them as an index"),
    ("1.2", DUCK[DUCK.shape[0] // 2], "a whole row of pixels"),
    ("1.2", DUCK[DUCK.shape[0] // 2, DUCK.shape[0] // 2], "len(img) is the height"),
    ("1.2", DUCK[(DUCK.shape[0] - 1) // 2, (DUCK.shape[1] - 1) // 2], "one pixel up and to the left"),
    ("1.3", lambda image: image.mean(axis=(1, 2)), "one mean per row"),
    ("1.3", lambda image: image.mean(axis=(0, 1)).astype(np.uint8), "whole-number type such as uint8"),
    ("1.3", lambda image: np.array([image[0].mean(), image[1].mean(), image[2].mean()]), "image[0] is the first row"),
    ("1.3", lambda image: (image.sum(axis=(0, 1)) % 256) / (image.shape[0] * image.shape[1]),   # totals kept in uint8
     "your totals wrapped around"),
    ("2.1", (1080, 1920, 3), "is a shape (a tuple), not a length"),
    ("2.1", 1080 + 1920, "you added the sides"),
    ("2.1", DUCK.size, "length of the duck photo"),
    ("2.1", 1920 * 3, "the values of one row"),
    ("2.1", 1080 * 1920 * 9, "by the 3 channels twice"),
    ("2.2", lambda image: image[1].ravel(), "image[1] is row 1"),
    ("2.2", lambda image: image.reshape(-1, 3)[1], "the 3 values of one pixel"),
    ("2.2", lambda image: image[:, :, 1].ravel(order="F"), "column by column"),
    ("2.3", lambda flat, w, r, c: flat[(r * w + c) * 3:3], "your slice is empty"),
    ("2.3", lambda flat, w, r, c: flat[(r * w + c) * 3:(r * w + c) * 3 + 2], "a slice stops before its end"),
    ("2.3", lambda flat, w, r, c: flat[r * w * 3 + c:r * w * 3 + c + 3], "the column moves 3 values per pixel too"),
    ("2.3", lambda flat, w, r, c: flat[((r - 1) * w + c - 1) * 3:((r - 1) * w + c - 1) * 3 + 3], "count from 0"),
    ("3.1", lambda image: np.unique(image[:, :, 0], return_counts=True)[1] if image.max() < 200 else
     np.bincount(image[:, :, 0].ravel(), minlength=256), "np.unique counts only the values present"),
    ("3.1", lambda image: np.bincount(image[:, :, 0].ravel(), minlength=255), "minlength=255 asks for 255 bins"),
    ("3.1", lambda image: np.bincount(image[0].ravel(), minlength=256), "you counted the values of one row"),
    ("3.1", lambda image: np.bincount(image[:, :, 0].ravel(), minlength=256) / image[:, :, 0].size,
     "those are fractions"),
    ("3.1", lambda image: np.array(list(map(lambda v: np.sum(image[:, :, 0] == v), range(256)))),
     "`map`, a Python loop in disguise"),
    ("3.1", lambda image: np.vectorize(lambda v: np.sum(image[:, :, 0] == v))(np.arange(256)),
     "`np.vectorize`, a Python loop in disguise"),
    ("3.1", lambda image: np.array([np.sum(image[:, :, 0] == v) for v in range(256)]), "a comprehension"),
    ("3.2", 100 % 16, "% gives the remainder"),
    ("3.2", 256 // 16, "16 is the width of a bin"),
    ("3.2", 16 // 100, "not the other way round"),
    ("3.3", lambda h, bins: h.reshape(bins, 256 // bins).sum(), "tell sum which axis"),
    ("3.3", lambda h, bins: h.reshape(bins, 256 // bins), "laid the counts out as a table"),
    ("3.3", lambda h, bins: h.reshape(bins, 256 // bins).mean(axis=1), "you averaged each group"),
    ("3.3", lambda h, bins: np.histogram(h, bins=bins)[0], "a histogram of the counts themselves"),
    ("3.3", lambda h, bins: np.array([h[i:i + 256 // bins].sum() for i in range(bins)]), "your groups overlap"),
    ("3.3", lambda h, bins: h.sum(axis=1), "reshape them into a table first"),
    ("4.1", 169 / 2, "** 1/2 reads as (... ** 1) / 2"),
    ("4.1", math.sqrt((1 + 4) ** 2 + (2 + 6) ** 2 + (3 + 15) ** 2), "you added the coordinates"),
    ("4.1", 169, "one step is missing: the square root"),
    ("4.1", 3 + 4 + 12, "square root of each square"),
    ("4.2", lambda image, amount: np.minimum(image.astype(int) + amount, 255).astype(np.uint8),
     "uint8 has no negative numbers"),
    ("4.2", lambda image, amount: np.clip(image.astype(int) + amount, 0, 256).astype(np.uint8),
     "256 wraps around to 0"),
    ("4.2", lambda image, amount: np.clip(image.astype(np.int8) + amount, 0, 255).astype(np.uint8),
     "int8 holds only -128 to 127"),
    ("4.2", lambda image, amount: np.clip(image.astype(np.uint16) + amount, 0, 255).astype(np.uint8),
     "uint16 has no negative numbers either"),
    ("4.3", lambda a, b: np.sqrt(np.sum(a.astype(float) - b)), "not squared"),
    ("4.3", lambda a, b: np.sqrt(np.sum(a.astype(float) ** 2 - b.astype(float) ** 2)), "you subtracted the squares"),
    ("4.3", lambda a, b: np.sqrt(np.mean((a.astype(float) - b) ** 2)), "you averaged the squares"),
    ("4.3", lambda a, b: np.sqrt(np.sum(a.astype(float) - b) ** 2), "you squared the sum of the differences"),
    ("4.3", lambda a, b: np.sum((a.astype(float) - b) ** 2) ** 1 / 2, "** 1/2 reads as (... ** 1) / 2"),
    ("4.3", lambda a, b: np.sqrt((a.astype(float) - b) ** 2), "a distance is one number: add them up"),
    ("4.3", _int8_distance, "int8 overflowed: it holds only -128 to 127"),
    ("4.3", lambda a, b: np.sqrt(sum(((a.astype(float) - b) ** 2).ravel())), "Python's built-in `sum`"),
    ("4.3", lambda a, b: np.sqrt(np.fromiter(((float(x) - y) ** 2 for x, y in zip(a.ravel(), b.ravel())), float).sum()),
     "a comprehension"),
    ("5.1", lambda h: h / 255, "dividing by 255 scales pixel values"),
    ("5.1", lambda h: h / h.mean(), "dividing by the mean count"),
    ("5.1", lambda h: h / np.linalg.norm(h), "np.linalg.norm gives the vector's length"),
    ("5.1", lambda h: h.sum() / h, "upside down"),
    ("5.1", lambda h: (h - h.min()) / (h.max() - h.min()), "min-max scaling"),
    ("5.1", lambda h: np.round(h / h.sum(), 2), "without rounding"),
    ("5.1", lambda h: h / h.sum() * 100, "those are percentages"),
    ("5.1", lambda h: h / (DUCK.shape[0] * DUCK.shape[1]), "but the total of the counts is"),
    ("5.1", _normalise_return_in_loop, "is its `return` inside the loop?"),
    ("5.2", lambda q, refs: sorted(refs, key=lambda n: euclidean(q, refs[n])), "you returned a list"),
    ("5.2", lambda q, refs: np.argmin([euclidean(q, h) for h in refs.values()]), "you returned a position"),
    ("5.2", lambda q, refs: min({n: euclidean(q, h) for n, h in refs.items()}), "comes first in the alphabet"),
    ("5.2", _nearest_keeps_the_last, "you returned the last reference"),
    ("5.2", _nearest_forgets_the_best_distance, "update the best distance too"),
    ("5.2", _nearest_by_name, "you gave euclidean a name"),
    ("5.2", _nearest_without_items, "loop over references.items()"),
    ("5.3", 3, "the notebook's example enlarged 3 x 3"),
    ("5.3", 1, "raw counts do change"),
    ("5.3", 0.25, "the factor is more than 1"),
    ("5.3", 12, "the channels are not repeated"),
    ("5.3", np.repeat(np.repeat(DUCK, 2, axis=0), 2, axis=1).size, "not a factor"),
    ("8.1", lambda p, q: np.abs(np.sum(p - q)), "inside the sum (not of the total)"),
    ("8.1", lambda p, q: np.sum((p - q) ** 2), "you squared the differences"),
    ("8.1", lambda p, q: np.max(np.abs(p - q)), "the largest difference of one bin"),
    ("8.1", lambda p, q: np.mean(np.abs(p - q)), "the mean (average) difference"),
    ("8.1", lambda p, q: np.abs(p - q), "one per bin; a distance is one number"),
    ("8.1", lambda p, q: np.fromiter(map(lambda a, b: abs(a - b), p, q), dtype=float).sum(), "`map`"),
    ("8.1", lambda p, q: sum(np.abs(p - q)), "Python's built-in `sum`"),
    ("8.2", lambda p, q: np.sum(np.minimum(p, q)) - 1, "not the shared part minus 1"),
    ("8.2", lambda p, q: 1 - np.sum(p * q), "you multiplied the two values of each bin"),
    ("8.2", lambda p, q: 1 - min(np.sum(p), np.sum(q)), "you compared the two totals"),
    ("8.2", lambda p, q: 1 - np.mean(np.minimum(p, q)), "you averaged the shared parts"),
    ("8.2", _intersection_return_in_loop, "the first bin only. Your function has a loop: is its `return`"),
    ("8.3", lambda p, q: np.sqrt(max(0.0, 1 - np.sum(p * q))), "you left out the inner square roots"),
    ("8.3", lambda p, q: -np.log(np.sum(np.sqrt(p * q))), "another Bhattacharyya formula"),
    ("8.3", lambda p, q: 1 - np.sum(np.sqrt(p * q)) ** 0.5, "put brackets around everything under the root"),
    ("8.3", _bhattacharyya_return_in_loop, "the first bin only. Your function has a loop: is its `return`"),
    ("8.3", lambda p, q: np.sqrt(np.maximum(0.0, 1 - np.sqrt(p * q))), "add them up (np.sum)"),
])
def test_more_beginner_mistakes_get_plain_hints(number, answer, hint, capsys):
    with np.errstate(all="ignore"):
        check(number, answer)
    assert _last(number) == "try again"
    assert hint in capsys.readouterr().out


def test_a_return_in_a_comprehension_is_not_called_a_return_inside_the_loop(capsys):
    check("2.3", _pixel_at_by_comprehension)      # one value: the symptom, but a comprehension holds no `return`
    out = capsys.readouterr().out
    assert "got 1 values" in out and "`return` inside the loop" not in out


@pytest.mark.parametrize("number, cell, words", [
    ("1.1", "n_pixels = img.shape(0) * img.shape(1)", ["'tuple' object is not callable", "square brackets"]),
    ("1.1", "n_pixels = img.size()", ["'int' object is not callable", "leave out the ()"]),
    ("1.1", "n_pixels = img.width * img.height", ["no attribute 'width'", "its size is in .shape"]),
    ("1.2", "h, w = img.shape\ncentre = img[h // 2, w // 2]", ["too many values to unpack", "img.shape[:2]"]),
    ("4.1", "d_example = math.sqrt((1 - 4) ^ 2 + (2 - 6) ^ 2 + (3 - 15) ^ 2)", ["^ is not a power in Python"]),
    ("4.1", "d_example = math.sqrt((1 - 4) * 2 + (2 - 6) * 2 + (3 - 15) * 2)", ["* 2 doubles a number"]),
    ("4.1", "d_example = math.sqrt(1 - 4 ** 2 + 2 - 6 ** 2 + 3 - 15 ** 2)", ["** is done before -"]),
])
def test_more_answer_cell_errors_are_explained(number, cell, words, monkeypatch, capsys):
    _error_of_cell(cell, monkeypatch)
    check(number, ... if EXERCISES[number].kind == "value" else _stub_function)
    out = capsys.readouterr().out
    assert _last(number) == "try again" and all(word in out for word in words), out


def test_the_grader_explains_an_answer_cells_error_by_its_code_too():
    from imgsim_helpers.checks import explain_error

    xor = "d_example = math.sqrt((1 - 4) ^ 2 + (2 - 6) ^ 2 + (3 - 15) ^ 2)"
    assert "^ is not a power" in explain_error("4.1", "ValueError", "math domain error", xor)[0]
    assert "square each difference first" in explain_error("4.1", "ValueError", "math domain error")[0]


@pytest.mark.parametrize("code, kind", [
    ("def f(p, q):\n    return sum(map(lambda a, b: abs(a - b), p, q))", "map"),
    ("def f(p, q):\n    return np.sum(np.vectorize(lambda a, b: abs(a - b))(p, q))", "vectorize"),
    ("from numpy import vectorize\ndef f(p, q):\n    return np.sum(vectorize(abs)(p - q))", "vectorize"),
    ("def f(p, q):\n    return np.fromiter(np.abs(p - q), float).sum()", "fromiter"),
    ("def f(p, q):\n    return sum(np.abs(p - q))", "sum"),
    ("def f(p, q):\n    return sum(abs(a - b) for a, b in zip(p, q))", "comprehension"),
    ("def f(p, q):\n    t = 0\n    for a, b in zip(p, q):\n        t += abs(a - b)\n    return t", "for"),
    ("def f(p, q):\n    return np.sum(np.abs(p - q))", None),
    ("from numpy import sum\ndef f(p, q):\n    return sum(np.abs(p - q))", None),     # NumPy's sum, not Python's
])
def test_every_loop_spelling_is_read_alike_from_the_function_and_from_its_source(code, kind):
    from imgsim_helpers.checks import loop_kind
    from imgsim_helpers.classroom import flags

    namespace: dict = {"np": np}
    exec(compile(code, "<cell>", "exec"), namespace)
    assert loop_kind(namespace["f"]) == kind                                     # the check, in a notebook
    assert flags.loop_kind("8.1", code.replace("def f(", "def my_manhattan(")) == kind   # the grader, from the source
