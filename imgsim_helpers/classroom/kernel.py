"""How the grader starts a kernel, in the sandbox of :mod:`.sandbox` or as a plain process, and drives it.

:func:`kernel_spec` writes a kernel spec that starts ``launch.py`` (its source
passed with ``python -c``) with the submission's limits on memory, processes
and bytes written, and Matplotlib's non-drawing backend; :func:`new_client`
gives the nbclient client that runs the cells. In the sandbox the kernel is
reached by Unix sockets through ``/proc``. What the cells are and what the
kernel gives back is :mod:`.run`'s and :mod:`.answers`' business.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from . import sandbox

__all__ = ["GraderClient", "KERNEL_NAME", "OUTPUT_BYTES", "kernel_spec", "new_client"]

HERE = Path(__file__).resolve().parent
KERNEL_NAME = "imgsim-grader"
#: The most a cell's outputs may hold; the rest is dropped (a cell printing gigabytes costs
#: only its own output, not the grader's memory).
OUTPUT_BYTES = 256 * 1024


class GraderClient(NotebookClient):
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


class _KernelManager(AsyncKernelManager):
    """A kernel manager whose kernel may live in a sandbox, reached by Unix sockets through ``/proc``."""

    in_sandbox = False

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        if self.in_sandbox:
            pid = None
            for _ in range(200):
                pid = sandbox.kernel_pid(self.provisioner.process.pid)
                # the kernel itself (python -c launch.py), not a bwrap whose own arguments hold that command
                if pid is not None and Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:2] == [
                        os.fsencode(sys.executable), b"-c"]:
                    break
                await asyncio.sleep(0.05)
            if pid is None:
                raise RuntimeError("the sandbox did not start the kernel")
            self.ip = f"/proc/{pid}/root{sandbox.KERNEL_IP}"

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        # After the kill that ends every run: look every 10 ms whether the process has ended, not every
        # 100 ms (jupyter_client's default, which cost each submission about 0.1 s of waiting for nothing).
        await super()._async_wait(pollinterval)


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


def kernel_spec(private: Path, snapshot: Path, course: str, memory_mb: int, sandboxed: bool) -> KernelSpecManager:
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
    argv = prefix + [sys.executable, "-c", _launch_source(), str(memory_mb << 20), str(nproc),
                     str(box.file_mb << 20), str(uid)]
    (spec_dir / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "imgsim grader", "language": "python", "env": spec_env,
         "interrupt_mode": "message"}))
    return KernelSpecManager(kernel_dirs=[str(spec_dir.parent)])


@functools.cache
def _launch_source() -> str:
    return (HERE / "launch.py").read_text()


def new_client(notebook: nbformat.NotebookNode, specs: KernelSpecManager, private: Path, course: str,
               cell_seconds: float, sandboxed: bool) -> GraderClient:
    """A client that runs ``notebook``'s cells in a new kernel of ``specs`` (started by its ``setup_kernel``)."""
    km = _KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs, transport="ipc",
                        connection_file=str(private / "connection.json"), ip=course + "/.kernel/kernel")
    km.in_sandbox = sandboxed
    return GraderClient(notebook, km=km, timeout=int(cell_seconds), allow_errors=True,
                        interrupt_on_timeout=True, startup_timeout=60, iopub_timeout=2, shutdown_kernel="immediate",
                        error_on_timeout={"ename": "CellTimeoutError", "evalue": "time limit", "traceback": []},
                        resources={"metadata": {"path": str(private)}})

