"""Run one student's notebook in a fresh kernel, in a sandbox of its own.

For each submission the grader:

1. starts a new kernel (:mod:`.kernel`) in the sandbox of :mod:`.sandbox`: its own
   namespaces, a writable in-memory ``/course`` holding a copy of the grader's
   private snapshot of ``data/`` and ``imgsim_helpers/`` (:func:`make_snapshot`),
   limits on memory, processes and bytes written, Matplotlib's non-drawing
   backend; the real course folder, the grading data and the other
   submissions are not visible, and the kernel dies with the grader;
2. runs every code cell in order with a time limit per cell and for the whole
   notebook; an error, a timeout (the cell is interrupted) or a cell that kills
   the kernel is recorded and the run carries on (a dead or stuck kernel is
   restarted and the cells before are run again, without the bad one); a
   cell's outputs are capped;
3. sends the hidden inputs of each exercise, only now, and collects what the
   student's answers give back (:mod:`.answers`, and ``harvest.py`` inside the
   kernel), one cell per exercise;
4. reads what the kernel's audit hook saw it try (``launch.py``, :mod:`.answers`).

It returns raw results; nothing here judges them (:mod:`.judge` does, in the
grader's own process). With ``sandboxed=False`` (the grader's ``--no-sandbox``)
the kernel is a plain process of the grader's user in a temporary folder: it
can reach anything that user can.
"""

from __future__ import annotations

import compileall
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_core.utils import ensure_event_loop
from nbclient.exceptions import DeadKernelError

from . import sandbox
from .answers import audit_flags, harvest_answer
from .kernel import GraderClient, kernel_spec, new_client

__all__ = ["CellProblem", "Limits", "RunResult", "make_snapshot", "run_submission"]


@dataclass(frozen=True)
class Limits:
    """Time and memory limits for one submission."""

    cell_seconds: float = 30.0
    notebook_seconds: float = 180.0
    case_seconds: float = 10.0
    memory_mb: int = 2048


@dataclass
class CellProblem:
    """A cell that raised, timed out, killed the kernel or was not run."""

    index: int          # position in the notebook, counting every cell from 0
    first_line: str
    kind: str           # "error", "timeout", "killed the kernel", "not run"
    detail: str

    def __str__(self) -> str:
        return f"cell {self.index + 1} ({self.first_line}): {self.kind}: {self.detail}"


@dataclass
class RunResult:
    """Everything the kernel gave back for one submission."""

    answers: dict[str, tuple[dict, dict] | None] = field(default_factory=dict)  # number -> (desc, arrays)
    problems: list[CellProblem] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)   # what the kernel's audit hook saw it try
    seconds: float = 0.0


def make_snapshot(course: Path, folder: Path) -> Path:
    """Copy the course's ``data/`` and ``imgsim_helpers/`` into ``folder`` (once per grading run).

    Every kernel starts from this private snapshot (its own copy of it), so
    nothing a submission does to its copy, or to the real course folder in an
    unsandboxed run, changes what the next submission gets.
    """
    shutil.copytree(course / "data", folder / "data")
    shutil.copytree(course / "imgsim_helpers", folder / "imgsim_helpers",
                    ignore=shutil.ignore_patterns("classroom", "__pycache__"))
    # The helpers compiled once here: the kernels do not write bytecode, and would otherwise
    # compile every helper module again at each start (about 0.1 s each).
    compileall.compile_dir(folder / "imgsim_helpers", quiet=1)
    # Matplotlib's font list, built once here: a kernel would otherwise build it on its first plot
    # (seconds, and a run of fc-list that the audit hook would rightly report as a started program).
    (folder / "mplconfig").mkdir()
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], check=False, capture_output=True,
                   env={**os.environ, "MPLCONFIGDIR": str(folder / "mplconfig"), "MPLBACKEND": "Agg"}, timeout=120)
    return folder


def _first_line(source: str) -> str:
    line = next((text.strip() for text in source.splitlines() if text.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def _run_cells(client: GraderClient, cells: list, bad: dict[int, str], deadline: float, limits: Limits,
               result: RunResult) -> int | None:
    """Run the code cells; return the index of a cell that killed or hung the kernel, else None."""
    arm = nbformat.v4.new_code_cell("__import__('sys').audit('imgsim.arm')")   # see launch.py
    client.nb.cells.append(arm)
    client.execute_cell(arm, len(client.nb.cells) - 1, store_history=False)
    for index, cell in cells:
        if index in bad:
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            result.problems.append(CellProblem(index, _first_line(cell.source), "not run",
                                               "the notebook's time limit was reached"))
            continue
        client.timeout = max(1, int(min(limits.cell_seconds, remaining)))
        try:
            client.execute_cell(cell, index)
        except DeadKernelError:
            bad[index] = "killed the kernel (out of memory, or the process exited)"
            return index
        reply = client.replies.get(index, {})
        if reply.get("status") != "error":
            continue
        if reply.get("ename") == "CellTimeoutError":
            client.timeout = 10
            probe = nbformat.v4.new_code_cell("pass")
            client.nb.cells.append(probe)
            client.execute_cell(probe, len(client.nb.cells) - 1, store_history=False)
            if client.replies.get(len(client.nb.cells) - 1, {}).get("ename") == "CellTimeoutError":
                bad[index] = f"did not finish within {int(limits.cell_seconds)} s and could not be interrupted"
                return index
            result.problems.append(CellProblem(index, _first_line(cell.source), "timeout",
                                               f"did not finish within {int(limits.cell_seconds)} s; interrupted"))
        else:
            detail = f"{reply.get('ename', 'Error')}: {reply.get('evalue', '')}".strip()
            result.problems.append(CellProblem(index, _first_line(cell.source), "error", detail))
    return None


def run_submission(notebook: nbformat.NotebookNode, name: str, snapshot: Path, specs: dict[str, tuple[dict, dict]],
                   limits: Limits, scratch: Path, sandboxed: bool = True) -> RunResult:
    """Run one submitted notebook and collect the answers named in ``specs``.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The student's notebook (outputs are ignored).
    name : str
        The course notebook's file name, such as ``"03-histograms.ipynb"``.
    snapshot : pathlib.Path
        The grader's private copy of ``data/`` and ``imgsim_helpers/``
        (:func:`make_snapshot`); the kernel works on a copy of it.
    specs : dict
        ``{exercise: (spec, arrays)}``: what to collect, and the hidden inputs.
    limits : Limits
        Time and memory limits.
    scratch : pathlib.Path
        A folder of the grader's for temporary files (each run makes and removes its own).
    sandboxed : bool, optional
        Run the kernel in the sandbox of :mod:`.sandbox` (the default).

    Returns
    -------
    RunResult
    """
    start = time.monotonic()
    result = RunResult()
    private = Path(os.path.realpath(scratch)) / f"run-{secrets.token_hex(6)}"
    private.mkdir(parents=True)
    try:
        notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))   # the caller's stays as it was
        code = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
        for i in code:
            notebook.cells[i].outputs, notebook.cells[i].execution_count = [], None
        course = sandbox.COURSE if sandboxed else str(private / "course")
        bad: dict[int, str] = {}
        deadline = time.monotonic() + limits.notebook_seconds
        kernel_specs = kernel_spec(private, snapshot, course, limits.memory_mb, sandboxed)
        for _attempt in range(4):
            if not sandboxed:   # a fresh copy for the replay (the sandbox's is new with every kernel)
                shutil.rmtree(course, ignore_errors=True)
            work = nbformat.from_dict(json.loads(json.dumps(notebook)))
            client = new_client(work, kernel_specs, private, course, limits.cell_seconds, sandboxed)
            try:
                with open(private / "kernel.log", "ab") as log, \
                        client.setup_kernel(cleanup_kc=True, stdout=log, stderr=log):
                    outside = course if not sandboxed else client.km.ip.rsplit("/.kernel/", 1)[0]
                    problems_before = len(result.problems)
                    culprit = _run_cells(client, [(i, work.cells[i]) for i in code], bad, deadline, limits, result)
                    if culprit is not None:
                        del result.problems[problems_before:]   # these cells run again
                        continue
                    for number, (spec, arrays) in specs.items():
                        spec = dict(spec, package_dir=course + "/imgsim_helpers")
                        result.answers[number] = harvest_answer(client, outside, course, spec, arrays,
                                                                limits.case_seconds)
                    break
            except DeadKernelError:
                continue
            except RuntimeError as exc:  # the kernel did not start
                result.flags.append(f"the grader could not start a kernel: {exc}")
                break
        else:
            result.flags.append("the kernel kept dying; gave up")
        result.audit = audit_flags(private / "kernel.log")
        for index, reason in sorted(bad.items()):
            result.problems.append(CellProblem(index, _first_line(notebook.cells[index].source),
                                               "killed the kernel" if "killed" in reason else "timeout", reason))
        result.problems.sort(key=lambda p: p.index)
    finally:
        shutil.rmtree(private, ignore_errors=True)
        ensure_event_loop().close()  # nbclient ran this thread's event loop; the next run makes a new one
    result.seconds = time.monotonic() - start
    return result
