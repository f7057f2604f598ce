"""Run one student's notebook in a fresh kernel, in a sandbox of its own.

For each submission the grader:

1. starts a new kernel (nbclient) in the sandbox of :mod:`.sandbox`: its own
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
   student's answers give back (see ``harvest.py``), one cell per exercise;
4. reads what the kernel's audit hook saw it try (``launch.py``).

It returns raw results; nothing here judges them (``grade.py`` does, in the
grader's own process). With ``sandboxed=False`` (the grader's ``--no-sandbox``)
the kernel is a plain process of the grader's user in a temporary folder: it
can reach anything that user can.
"""

from __future__ import annotations

import asyncio
import compileall
import functools
import io
import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.utils import ensure_event_loop
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from . import codec, sandbox

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
KERNEL_NAME = "imgsim-grader"
#: The most a cell's outputs may hold; the rest is dropped (a cell printing gigabytes costs
#: only its own output, not the grader's memory).
OUTPUT_BYTES = 256 * 1024


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


class _Client(NotebookClient):
    """nbclient's NotebookClient, keeping each cell's execute reply instead of raising on errors."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.replies: dict[int, dict] = {}

        self.output_bytes: dict[int, int] = {}

    async def _check_raise_for_error(self, cell, cell_index, exec_reply):  # noqa: D102 (nbclient hook)
        self.replies[cell_index] = (exec_reply or {}).get("content", {})

    def output(self, outs, msg, display_id, cell_index):  # noqa: D102 (nbclient hook)
        size = len(json.dumps(msg.get("content", {}), default=str))
        self.output_bytes[cell_index] = self.output_bytes.get(cell_index, 0) + size
        if self.output_bytes[cell_index] > OUTPUT_BYTES:
            return None   # past the cap: dropped, so a flood of output cannot fill the grader's memory
        return super().output(outs, msg, display_id, cell_index)


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


class _KernelManager(AsyncKernelManager):
    """A kernel manager whose kernel may live in a sandbox, reached by Unix sockets through ``/proc``."""

    in_sandbox = False

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        if self.in_sandbox:
            pid = None
            for _ in range(200):
                pid = sandbox.kernel_pid(self.provisioner.process.pid)
                if pid is not None and b"-c" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                    break
                await asyncio.sleep(0.05)
            if pid is None:
                raise RuntimeError("the sandbox did not start the kernel")
            self.ip = f"/proc/{pid}/root{sandbox.KERNEL_IP}"


def _processes_of_this_user() -> int:
    """How many tasks (processes and threads) this user runs now (for a non-root process limit)."""
    uid, count = os.geteuid(), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(entry / "task"))
            except OSError:
                continue
    return count


def _kernel_spec(private: Path, snapshot: Path, course: str, limits: Limits, sandboxed: bool) -> KernelSpecManager:
    """A kernel spec in ``private`` that starts the launcher, in the sandbox or as a plain process."""
    spec_dir = private / ".kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    box = sandbox.Box()
    env = {"MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONNOUSERSITE": "1", "LANG": "C.UTF-8", "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
           "IMGSIM_COURSE": course}
    root = os.geteuid() == 0
    if sandboxed:
        env.update(IMGSIM_CONNECTION=sandbox.CONNECTION, IMGSIM_COURSE_SRC=sandbox.COURSE_SRC)
        uid = sandbox.next_uid() if root else -1
        nproc = box.processes if root else _processes_of_this_user() + box.processes
        prefix = sandbox.command(snapshot, private / "connection.json", box)
        for name, value in env.items():
            prefix += ["--setenv", name, value]
        spec_env: dict = {}
    else:
        env.update(IMGSIM_CONNECTION=str(private / "connection.json"), IMGSIM_COURSE_SRC=str(snapshot))
        uid, nproc, prefix, spec_env = -1, 0, [], env
    argv = prefix + [sys.executable, "-c", _launch_source(), str(limits.memory_mb << 20), str(nproc),
                     str(box.file_mb << 20), str(uid)]
    (spec_dir / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "imgsim grader", "language": "python", "env": spec_env,
         "interrupt_mode": "message"}))
    return KernelSpecManager(kernel_dirs=[str(spec_dir.parent)])


@functools.cache
def _launch_source() -> str:
    return (HERE / "launch.py").read_text()


def _first_line(source: str) -> str:
    line = next((text.strip() for text in source.splitlines() if text.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def _new_client(notebook: nbformat.NotebookNode, specs: KernelSpecManager, private: Path, course: str,
                limits: Limits, sandboxed: bool) -> _Client:
    km = _KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs, transport="ipc",
                        connection_file=str(private / "connection.json"), ip=course + "/.kernel/kernel")
    km.in_sandbox = sandboxed
    return _Client(notebook, km=km, timeout=int(limits.cell_seconds), allow_errors=True,
                   interrupt_on_timeout=True, startup_timeout=60, iopub_timeout=2, shutdown_kernel="immediate",
                   error_on_timeout={"ename": "CellTimeoutError", "evalue": "time limit", "traceback": []},
                   resources={"metadata": {"path": str(private)}})


def _run_cells(client: _Client, cells: list, bad: dict[int, str], deadline: float, limits: Limits,
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


def _harvest(client: _Client, outside: str, inside: str, spec: dict, arrays: dict, limits: Limits,
             source: str) -> tuple[dict, dict] | None:
    """Run the harvest of one exercise in the kernel and read back what it wrote.

    ``inside`` is the kernel's ``/course`` as the kernel sees it, ``outside`` as
    the grader reaches it. The hidden inputs are written there only now, after
    the student's cells ran.
    """
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
    client.timeout = int(limits.case_seconds * max(1, len(spec.get("cases", []))) + 30)
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


def _audit_flags(log: Path) -> list[str]:
    """The attempts the kernel's audit hook reported (see launch.py), one flag each."""
    text = _read_plain(str(log), limit=1 << 30) or b""
    flags = []
    for line in text.decode("utf-8", "replace").splitlines():
        if line.startswith("IMGSIM-AUDIT ") and line[13:] not in flags:
            flags.append(line[13:])
    return flags[:20]


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
        source = _harvest_source()
        kernel_specs = _kernel_spec(private, snapshot, course, limits, sandboxed)
        for _attempt in range(4):
            if not sandboxed:   # a fresh copy for the replay (the sandbox's is new with every kernel)
                shutil.rmtree(course, ignore_errors=True)
            work = nbformat.from_dict(json.loads(json.dumps(notebook)))
            client = _new_client(work, kernel_specs, private, course, limits, sandboxed)
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
                        result.answers[number] = _harvest(client, outside, course, spec, arrays, limits, source)
                    break
            except DeadKernelError:
                continue
            except RuntimeError as exc:  # the kernel did not start
                result.flags.append(f"the grader could not start a kernel: {exc}")
                break
        else:
            result.flags.append("the kernel kept dying; gave up")
        result.audit = _audit_flags(private / "kernel.log")
        for index, reason in sorted(bad.items()):
            result.problems.append(CellProblem(index, _first_line(notebook.cells[index].source),
                                               "killed the kernel" if "killed" in reason else "timeout", reason))
        result.problems.sort(key=lambda p: p.index)
    finally:
        shutil.rmtree(private, ignore_errors=True)
        ensure_event_loop().close()  # nbclient ran this thread's event loop; the next run makes a new one
    result.seconds = time.monotonic() - start
    return result
