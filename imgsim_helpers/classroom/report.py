"""Write the grading reports: the gradebook, feedback per student, the class report, written answers.

Everything goes under one folder (``GRADES/``):

* ``gradebook.csv``: one row per student, the points (:mod:`.gradebook`);
* ``feedback/<student>.html``: per exercise the result and the targeted hint,
  ready to hand back.
* ``class-report.html``: success rate per exercise and the misconception table
  (how many students hit each targeted hint), with a plot.
* ``written/<exercise>.html``: every student's written answer, side by side.

This module writes the HTML pages from the results of :mod:`.grade`, and calls
:mod:`.gradebook` for the CSV file.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections import Counter
from pathlib import Path

from .. import checks
from .._shared.status import Status
from .assignments import OUTSIDE
from .collect import Unusable
from .grade import StudentResult, all_exercises, written_exercises
from .gradebook import points_text, read_manual_points, typed_points, write_gradebook
from .release import exercise_order
from .scrub import scrub_paths

__all__ = ["NOT_MISCONCEPTIONS", "NOT_SANDBOXED", "class_report", "feedback_page", "misconceptions", "safe_name",
           "write_reports", "written_page"]

_STYLE = """<style>
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #bbb; padding: .3rem .6rem;
text-align: left; vertical-align: top; } th { background: #eee; } .passed { color: #00734d; }
.partial { color: #8a5a00; } .bad { color: #a02c00; } .answers { display: grid;
grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem; } .card { border: 1px solid #bbb;
padding: .6rem; border-radius: .3rem; white-space: pre-wrap; } .muted { color: #666; }
.warning { border: 2px solid #a02c00; padding: .6rem; background: #fff4f0; }
</style>"""


def safe_name(student: str) -> str:
    """A file name for a student: letters, digits, dot, dash and underscore only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "student"


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"{_STYLE}</head><body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


def _listed(heading: str, items: list[str]) -> list[str]:
    """The lines of a section: ``heading`` (HTML, with any introduction), then ``items`` (HTML) as a list."""
    return [f"{heading}<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"]


def _student_row(student: str, text: str) -> str:
    """A table row of the class report: the student, linked to their feedback page, and ``text``."""
    return (f"<tr><td><a href='feedback/{safe_name(student)}.html'>{html.escape(student)}</a></td>"
            f"<td>{html.escape(text)}</td></tr>")


def _status_class(status: Status) -> str:
    return {Status.PASSED: "passed", Status.PARTIAL: "partial", Status.TO_BE_MARKED: "muted"}.get(status, "bad")


def _graded(result: StudentResult) -> list[str]:
    """The exercises graded for this student: all but those outside the assignment."""
    return [n for n in all_exercises() if result.exercises[n].status != OUTSIDE]


def _total(result: StudentResult, manual: dict[str, str]) -> str:
    """"Total: 12 of 20 points", and which written answers are still to be marked."""
    total, most, waiting = 0.0, 0.0, []
    for number in _graded(result):
        ex = result.exercises[number]
        most += ex.max_points
        if ex.points is not None:
            total += ex.points
            continue
        typed, _why = typed_points(manual.get(number, ""), ex.max_points)
        if typed is not None:
            total += typed
        else:
            waiting.append(f"{number} (up to {points_text(ex.max_points)})")
    line = f"Total: <b>{points_text(round(total, 2))} of {points_text(most)} points</b>"
    if waiting:
        line += f", not counting {', '.join(waiting)}: your instructor marks written answers by hand"
    return f"<p>{line}.</p>"


def _detail(number: str, ex) -> str:
    """The feedback column of one exercise; hidden tests are named only where there are some."""
    hidden = checks.EXERCISES[number].kind == "function"
    if ex.status == Status.PARTIAL and hidden:
        return f"{ex.passed} of {ex.cases} hidden tests passed. First problem: {ex.hint}"
    if ex.status == Status.HELPER_ANSWER:
        return f"Your answer {checks.HELPER_RULE}, so it scores 0: write the code yourself."
    if ex.status == Status.PASSED:
        return f"All {ex.cases} hidden tests passed." if hidden and ex.cases else "Right."
    if ex.status == Status.NO_SUBMISSION:
        return "The grader found no notebook of yours with this exercise."
    return ex.hint


def feedback_page(result: StudentResult, unusable: list[Unusable] = (), manual: dict[str, str] | None = None,
                  assignment: str | None = None) -> str:
    """The feedback page of one student.

    Parameters
    ----------
    result : StudentResult
        The student's results.
    unusable : list of Unusable, optional
        The student's files the grader could not use; each is named with its reason.
    manual : dict, optional
        ``{written exercise: the points typed in the gradebook}``, counted in the total.
    assignment : str, optional
        The assignment graded, for the title; exercises outside it are left out.
    """
    numbers = _graded(result)
    rows = []
    for number in numbers:
        ex = result.exercises[number]
        task = checks.EXERCISES[number].task
        points = f"{points_text(ex.points)} / {points_text(ex.max_points)}" if ex.points is not None else \
            f"marked by your instructor (out of {points_text(ex.max_points)})"
        rows.append(f"<tr><td>{number}</td><td>{html.escape(task)}</td><td>{points}</td>"
                    f"<td class='{_status_class(ex.status)}'>{html.escape(ex.status)}</td>"
                    f"<td>{html.escape(scrub_paths(_detail(number, ex)))}</td></tr>")
    body = [_total(result, manual or {})]
    if any(checks.EXERCISES[n].kind == "function" for n in numbers):
        body.append("<p>Functions are tried on hidden tests: inputs you did not see (other photos, random arrays, "
                    "edge cases), so an answer that only fits the visible checks can pass there and still lose "
                    "points here.</p>")
    body += ["<table><tr><th>exercise</th><th>task</th><th>points</th><th>result</th><th>feedback</th></tr>",
             *rows, "</table>"]
    if unusable:
        body += _listed("<h2>Files the grader could not use</h2>",
                        [f"{html.escape(u.source)}: {html.escape(scrub_paths(u.reason))}" for u in unusable])
    problems = [(nb, p) for nb, items in sorted(result.problems.items()) for p in items]
    if problems:
        body += _listed("<h2>Cells that did not run cleanly</h2>",
                        [f"{html.escape(nb)}: {html.escape(scrub_paths(str(p)))}" for nb, p in problems])
    written = {n: text for n, text in result.written.items() if n in numbers}
    if written:
        body.append("<h2>Your written answers</h2>")
        body += [f"<h3>{n}</h3><div class='card'>{html.escape(text) or '<i>(empty)</i>'}</div>"
                 for n, text in sorted(written.items())]
    if result.sources:
        body.append("<p class='muted'>Graded files: " +
                    ", ".join(html.escape(s) for _, s in sorted(result.sources.items())) + "</p>")
    title = f"Feedback for {result.student}" + (f", assignment {assignment}" if assignment else "")
    return _page(title, "\n".join(body))


#: Tags that are not a misunderstanding to re-teach: listed with the attempts instead.
NOT_MISCONCEPTIONS = (Status.HELPER_ANSWER,)


def misconceptions(results: list[StudentResult]) -> list[tuple[str, str, int, int, str]]:
    """``(exercise, tag, students who hit it, students who tried, an example hint)``, most common first."""
    hits: Counter = Counter()
    example: dict[tuple[str, str], str] = {}
    tried: Counter = Counter()
    for result in results:
        for number, ex in result.exercises.items():
            if ex.status not in (Status.NO_SUBMISSION, Status.TO_BE_MARKED, OUTSIDE):
                tried[number] += 1
            for tag in ex.tags:
                if tag in NOT_MISCONCEPTIONS:
                    continue
                hits[(number, tag)] += 1
                example.setdefault((number, tag), ex.hint)
    table = [(n, tag, count, tried[n], example[(n, tag)]) for (n, tag), count in hits.items()]
    return sorted(table, key=lambda row: (-row[2], exercise_order(row[0]), row[1]))


def _plot(table: list[tuple[str, str, int, int, str]]) -> str:
    """A horizontal bar chart of the most common misconceptions, as a base64 PNG."""
    from matplotlib.figure import Figure

    from ..figures.style import OKABE_ITO

    top = table[:15][::-1]
    fig = Figure(figsize=(8, 0.45 * len(top) + 1.2), layout="constrained")
    ax = fig.subplots()
    ax.barh([f"{n}: {tag}" for n, tag, *_ in top], [count for _, _, count, _, _ in top], color=OKABE_ITO[4])
    ax.set_title("Misconceptions: students who got each targeted hint")
    ax.set_xlabel("number of students")
    ax.set_ylabel("exercise: misconception")
    ax.xaxis.get_major_locator().set_params(integer=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def class_report(results: list[StudentResult], unusable: list[Unusable], assignment: str | None = None) -> str:
    """The class report: success per exercise, misconceptions, flags, unusable files."""
    graded = [n for n in all_exercises() if any(r.exercises[n].status != OUTSIDE for r in results)]
    scope = f"Assignment {html.escape(assignment)} ({', '.join(graded)}). " if assignment else ""
    body = [f"<p>{scope}{len(results)} students. Points are in <code>gradebook.csv</code>; each student's feedback "
            "is in <code>feedback/</code>.</p>", "<h2>Exercises</h2>",
            "<table><tr><th>exercise</th><th>task</th><th>full marks</th><th>partly right</th><th>not done</th>"
            "<th>mean points</th></tr>"]
    for number in graded:
        exs = [r.exercises[number] for r in results if r.exercises[number].status != Status.NO_SUBMISSION]
        task = html.escape(checks.EXERCISES[number].task)
        if checks.EXERCISES[number].kind == "written":
            body.append(f"<tr><td>{number}</td><td>{task}</td><td colspan='4'>written: "
                        f"<a href='written/{number}.html'>read the {len(exs)} answers side by side</a></td></tr>")
            continue
        full = sum(e.status == Status.PASSED for e in exs)
        part = sum(e.status == Status.PARTIAL for e in exs)
        todo = sum(e.status in (Status.NOT_DONE, Status.NOT_DEFINED, Status.NOT_IN_COPY) for e in exs)
        mean = sum(e.points or 0 for e in exs) / len(exs) if exs else 0.0
        max_points = results[0].exercises[number].max_points if results else 1
        body.append(f"<tr><td>{number}</td><td>{task}</td><td>{full} of {len(exs)}</td><td>{part}</td>"
                    f"<td>{todo}</td><td>{mean:.2f} / {points_text(max_points)}</td></tr>")
    body.append("</table>")
    table = misconceptions(results)
    body.append("<h2>What to re-teach: misconceptions</h2>")
    if table:
        body.append(f"<img alt='bar chart of misconceptions' src='data:image/png;base64,{_plot(table)}'>")
        body.append("<table><tr><th>exercise</th><th>misconception</th><th>students</th><th>example hint</th></tr>")
        body += [f"<tr><td>{n}</td><td>{html.escape(tag)}</td><td>{count} of {tried}</td>"
                 f"<td>{html.escape(hint)}</td></tr>" for n, tag, count, tried, hint in table]
        body.append("</table>")
    else:
        body.append("<p>No student hit a targeted hint.</p>")
    attempts = [(r, r.attempts + [f"{n}: {Status.HELPER_ANSWER}" for n, ex in r.exercises.items()
                                   if ex.status == Status.HELPER_ANSWER]) for r in results]
    attempts = [(r, items) for r, items in attempts if items]
    body.append("<h2>Attempts to leave the sandbox, patch the checks or use the course's helpers</h2>")
    if attempts:
        body.append("<p>What each submission's code tried (from its source and from what the sandbox saw "
                    "it do). The sandbox stopped it from reaching anything outside its own copy; the "
                    "helper answers scored 0.</p><table><tr><th>student</th><th>tried</th></tr>")
        body += [_student_row(r.student, "; ".join(items)) for r, items in attempts]
        body.append("</table>")
    else:
        body.append("<p>None.</p>")
    errors = [r for r in results if r.grader_errors]
    if errors:
        body += _listed("<h2>The grader's own errors</h2><p>Not the students' mistakes: grade these notebooks "
                        "again, or look at them by hand.</p>",
                        [f"{html.escape(r.student)}: {html.escape(error)}"
                         for r in errors for error in r.grader_errors])
    flagged = [r for r in results if r.flags]
    if flagged:
        body.append("<h2>Flags</h2><table><tr><th>student</th><th>flags</th></tr>")
        body += [_student_row(r.student, "; ".join(r.flags)) for r in flagged]
        body.append("</table>")
    if unusable:
        body += _listed("<h2>Files that could not be used</h2>", [html.escape(str(u)) for u in unusable])
    return _page("Class report" + (f", assignment {assignment}" if assignment else ""), "\n".join(body))


def written_page(number: str, results: list[StudentResult]) -> str:
    """Every student's answer to written exercise ``number``, side by side."""
    cards = []
    for result in results:
        if number in result.written:
            text = result.written[number]
            cards.append(f"<div class='card'><b>{html.escape(result.student)}</b>\n\n"
                         f"{html.escape(text) if text else '<i>(empty)</i>'}</div>")
    body = [f"<p>{html.escape(checks.EXERCISES[number].task)}. Type each student's points in the "
            f"<code>{number}</code> column of <code>gradebook.csv</code>; grading again keeps them.</p>",
            "<div class='answers'>", *cards, "</div>"]
    return _page(f"Written exercise {number}: every answer", "\n".join(body))


#: At the top of every page of a run made with ``--no-sandbox``.
NOT_SANDBOXED = ("<p class='warning' role='alert'><strong>Not sandboxed:</strong> these submissions ran without "
                 "the grader's sandbox (<code>--no-sandbox</code>), as plain processes with the instructor's "
                 "rights. Their code could have read or changed anything those rights reach, other grades "
                 "included: trust these results only for code you trust.</p>")


def write_reports(results: list[StudentResult], unusable: list[Unusable], out: Path,
                  assignment: str | None = None, sandboxed: bool = True,
                  previous: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Write every report into ``out``; return warnings about manual points.

    Every student gets a feedback page, also one whose files were all unusable (the page names them).
    Without the sandbox (``sandboxed=False``) every page says so at its top.
    ``previous`` is the gradebook as it was before grading (see :func:`write_gradebook`).
    """
    out.mkdir(parents=True, exist_ok=True)
    if not sandboxed:
        for page in out.glob("**/*.html"):   # an earlier run's page this run does not rewrite would stay unmarked
            page.unlink()
    warnings = write_gradebook(results, out / "gradebook.csv", previous)
    manual = read_manual_points(out / "gradebook.csv")
    pages = {}
    for result in results:
        mine = [u for u in unusable if u.student == result.student]
        page = feedback_page(result, mine, manual.get(result.student, {}), assignment)
        pages[out / "feedback" / f"{safe_name(result.student)}.html"] = page
    pages[out / "class-report.html"] = class_report(results, unusable, assignment)
    for number in written_exercises():
        if any(r.exercises[number].status != OUTSIDE for r in results):
            pages[out / "written" / f"{number}.html"] = written_page(number, results)
    (out / "feedback").mkdir(exist_ok=True)
    (out / "written").mkdir(exist_ok=True)
    for path, page in pages.items():
        if not sandboxed:
            page = page.replace("<body>\n", "<body>\n" + NOT_SANDBOXED + "\n", 1)
        path.write_text(page, encoding="utf-8")
    return warnings
