"""Run one student's notebook in a fresh kernel, in a throwaway copy of the course.

For each submission the grader:

1. copies the course's ``data/`` and ``imgsim_helpers/`` into a new temporary
   folder, with the notebook in ``notebooks/`` beside them, so whatever the
   student's code does to files (deleting a photo, rewriting a helper) happens
   to the copy and is thrown away with it;
2. starts a new kernel there (nbclient), with a memory limit and Matplotlib's
   non-drawing backend, importing the helpers from the copy;
3. runs every code cell in order with a time limit per cell and for the whole
   notebook; an error, a timeout (the cell is interrupted) or a cell that kills
   the kernel is recorded and the run carries on (a dead or stuck kernel is
   restarted and the cells before are run again, without the bad one);
4. sends the hidden inputs of each exercise and collects what the student's
   answers give back (see ``harvest.py``), one cell per exercise.

It returns raw results; nothing here judges them (``grade.py`` does, in the
grader's own process).

This is a teaching grader, not a security sandbox: student code runs with the
grader's permissions and could reach files outside the copy by absolute path.
For untrusted code run the grader inside a container or under bubblewrap.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.utils import ensure_event_loop
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from . import codec

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
KERNEL_NAME = "imgsim-grader"
#: Cell source that starts the kernel process with a memory limit, then ipykernel.
_LAUNCH = ("import resource, sys\n"
           "limit = int(sys.argv[1])\n"
           "if limit > 0:\n"
           "    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
           "del sys.argv[1]\n"
           "from ipykernel import kernelapp\n"
           "kernelapp.launch_new_instance()\n")


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
    seconds: float = 0.0


class _Client(NotebookClient):
    """nbclient's NotebookClient, keeping each cell's execute reply instead of raising on errors."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.replies: dict[int, dict] = {}

    async def _check_raise_for_error(self, cell, cell_index, exec_reply):  # noqa: D102 (nbclient hook)
        self.replies[cell_index] = (exec_reply or {}).get("content", {})


def make_course_copy(root: Path, course: Path, notebook: nbformat.NotebookNode, name: str) -> Path:
    """Copy the course's data and helpers into ``root`` and write the notebook; return its folder."""
    shutil.copytree(course / "data", root / "data")
    shutil.copytree(course / "imgsim_helpers", root / "imgsim_helpers",
                    ignore=shutil.ignore_patterns("classroom", "__pycache__"))
    folder = root / "notebooks"
    folder.mkdir()
    nbformat.write(notebook, folder / name)
    return folder


def _kernel_spec(root: Path, limits: Limits) -> KernelSpecManager:
    """A kernel spec in ``root`` that limits memory and imports the helpers from the copy."""
    spec_dir = root / ".kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    env = {"MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": str(root), "IMGSIM_DATA": str(root / "data"), "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [sys.executable, "-c", _LAUNCH, str(limits.memory_mb * 1024 * 1024), "-f", "{connection_file}"]
    (spec_dir / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "imgsim grader", "language": "python", "env": env}))
    return KernelSpecManager(kernel_dirs=[str(spec_dir.parent)])


def _first_line(source: str) -> str:
    line = next((text.strip() for text in source.splitlines() if text.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def _new_client(notebook: nbformat.NotebookNode, specs: KernelSpecManager, folder: Path, limits: Limits) -> _Client:
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)
    return _Client(notebook, km=km, timeout=int(limits.cell_seconds), allow_errors=True,
                   interrupt_on_timeout=True, startup_timeout=60, iopub_timeout=2, shutdown_kernel="immediate",
                   error_on_timeout={"ename": "CellTimeoutError", "evalue": "time limit", "traceback": []},
                   resources={"metadata": {"path": str(folder)}})


def _run_cells(client: _Client, cells: list, bad: dict[int, str], deadline: float, limits: Limits,
               result: RunResult) -> int | None:
    """Run the code cells; return the index of a cell that killed or hung the kernel, else None."""
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


@functools.cache
def _harvest_source() -> str:
    return (HERE / "codec.py").read_text() + "\n\n" + (HERE / "harvest.py").read_text()


def _harvest(client: _Client, root: Path, spec: dict, arrays: dict, limits: Limits,
             source: str) -> tuple[dict, dict] | None:
    """Run the harvest of one exercise in the kernel and read back what it wrote."""
    nonce = secrets.token_hex(8)
    spec_path, out_path = root / f".spec-{nonce}.json", root / f".answer-{nonce}.json"
    codec.save(str(spec_path), spec, arrays)
    call = (f"(lambda _ns: (exec({source!r}, _ns), _ns['harvest']({str(spec_path)!r}, {str(out_path)!r}, "
            f"globals())) and None)({{'__name__': 'imgsim_grader'}})")
    cell = nbformat.v4.new_code_cell(call)
    client.nb.cells.append(cell)
    client.timeout = int(limits.case_seconds * max(1, len(spec.get("cases", []))) + 30)
    try:
        client.execute_cell(cell, len(client.nb.cells) - 1, store_history=False)
    except DeadKernelError:
        return None
    if not out_path.exists() or not Path(str(out_path) + ".npz").exists():
        return None
    try:
        return codec.load(str(out_path))
    except (OSError, ValueError, json.JSONDecodeError):
        return None


def run_submission(notebook: nbformat.NotebookNode, name: str, course: Path, specs: dict[str, tuple[dict, dict]],
                   limits: Limits, scratch: Path) -> RunResult:
    """Run one submitted notebook and collect the answers named in ``specs``.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The student's notebook (outputs are ignored).
    name : str
        The course notebook's file name, such as ``"03-histograms.ipynb"``.
    course : pathlib.Path
        The course folder (``data/`` and ``imgsim_helpers/`` are copied from it).
    specs : dict
        ``{exercise: (spec, arrays)}``: what to collect, and the hidden inputs.
    limits : Limits
        Time and memory limits.
    scratch : pathlib.Path
        A folder for temporary copies (each run makes and removes its own).

    Returns
    -------
    RunResult
    """
    start = time.monotonic()
    result = RunResult()
    root = Path(os.path.realpath(scratch)) / f"run-{secrets.token_hex(6)}"
    root.mkdir(parents=True)
    try:
        notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))   # the caller's stays as it was
        code = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
        for i in code:
            notebook.cells[i].outputs, notebook.cells[i].execution_count = [], None
        folder = make_course_copy(root, course, notebook, name)
        bad: dict[int, str] = {}
        deadline = time.monotonic() + limits.notebook_seconds
        source = _harvest_source()
        kernel_specs = _kernel_spec(root, limits)
        for _attempt in range(4):
            work = nbformat.from_dict(json.loads(json.dumps(notebook)))
            client = _new_client(work, kernel_specs, folder, limits)
            try:
                with open(root / "kernel.log", "ab") as log, client.setup_kernel(cleanup_kc=True, stdout=log, stderr=log):
                    problems_before = len(result.problems)
                    culprit = _run_cells(client, [(i, work.cells[i]) for i in code], bad, deadline, limits, result)
                    if culprit is not None:
                        del result.problems[problems_before:]   # these cells run again
                        continue
                    for number, (spec, arrays) in specs.items():
                        spec = dict(spec, package_dir=str(root / "imgsim_helpers"))
                        result.answers[number] = _harvest(client, root, spec, arrays, limits, source)
                    break
            except DeadKernelError:
                continue
            except RuntimeError as exc:  # the kernel did not start
                result.flags.append(f"the grader could not start a kernel: {exc}")
                break
        else:
            result.flags.append("the kernel kept dying; gave up")
        for index, reason in sorted(bad.items()):
            result.problems.append(CellProblem(index, _first_line(notebook.cells[index].source),
                                               "killed the kernel" if "killed" in reason else "timeout", reason))
        result.problems.sort(key=lambda p: p.index)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        ensure_event_loop().close()  # nbclient ran this thread's event loop; the next run makes a new one
    result.seconds = time.monotonic() - start
    return result
