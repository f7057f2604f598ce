"""The box every submission's kernel runs in: bubblewrap, on Linux.

Learned from Flatpak (which runs every desktop app under bubblewrap) and from
PrairieLearn and otter-grader (a fresh container per submission, no network):
the kernel starts in new namespaces where nothing is visible but what is bound
in, and dies with the grader.

What the kernel sees:

* read-only: the system (``/usr``, ``/etc``, the ``/bin`` and ``/lib`` links),
  the Python it runs on and its virtual environment (only those folders, even
  when they sit inside the course folder, a home folder or ``/tmp``), and the
  grader's private snapshot of ``data/`` and ``imgsim_helpers/`` at
  ``/course-src``;
* writable: ``/course`` and ``/tmp``, two size-limited in-memory folders that
  vanish with the kernel. The launcher copies the snapshot into ``/course``,
  so a student's code that deletes a photo or rewrites a helper changes only
  its own copy;
* not at all: the real course folder, ``grading/``, the grades folder, homes,
  other submissions, the host's processes (a PID namespace of its own: ``kill``
  reaches only the kernel's own children), the network (a network namespace
  with nothing in it: no loopback shared with the host), System V IPC.

The kernel's sockets are Unix sockets inside ``/course/.kernel``; the grader
reaches them through ``/proc/<kernel pid>/root``, so no folder of the host is
writable from inside. When the grader runs as root, the kernel drops to a user
id of its own (one per run), which makes the process limit real (root is exempt
from ``RLIMIT_NPROC``). Limits: address space, processes, bytes per written
file, size of the in-memory folders; outputs are capped by the grader.

What it does not do: prove who wrote the code, or stop a student from forging
their *own* answers by patching the kernel they run in (the grader flags the
attempts it sees, see :mod:`.flags`). It relies on the Linux kernel's
namespaces being sound.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

#: Inside the sandbox.
COURSE, COURSE_SRC, CONNECTION = "/course", "/course-src", "/run/grader/connection.json"
KERNEL_IP = COURSE + "/.kernel/kernel"
#: User ids the kernels run as when the grader is root: one per run, none of them a real user's.
FIRST_UID = 1_900_000
_uids = itertools.count()
_uid_lock = threading.Lock()

INSTALL_HINT = ("the grader runs every submission in a sandbox (bubblewrap), and it cannot start here: {why}. "
                "On Debian or Ubuntu: sudo apt-get install bubblewrap (make grade installs it when run as root). "
                "To grade anyway, without isolation, add --no-sandbox (make grade NO_SANDBOX=1): "
                "then only grade code you trust")


@dataclass(frozen=True)
class Box:
    """Sizes of the sandbox's limits."""

    course_mb: int = 256        # the writable /course (copy of data and helpers included)
    tmp_mb: int = 64            # the writable /tmp
    file_mb: int = 64           # largest file a process may write (RLIMIT_FSIZE)
    processes: int = 256        # tasks (processes and threads) of the kernel's user (RLIMIT_NPROC)


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    return args


def python_folders() -> list[str]:
    """The folders the kernel's Python needs, read-only: its installation and its environment."""
    folders = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix),
               os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}
    return sorted(f for f in folders if not (f == "/usr" or f.startswith("/usr/")))


def command(snapshot: Path, connection: Path, box: Box = Box()) -> list[str]:
    """The ``bwrap`` arguments that run a command in the sandbox (append the command).

    Parameters
    ----------
    snapshot : pathlib.Path
        The grader's private folder holding ``data/`` and ``imgsim_helpers/``
        (seen read-only at ``/course-src``).
    connection : pathlib.Path
        The kernel's connection file (seen read-only at ``/run/grader/connection.json``).
    box : Box, optional
        Sizes of the limits.
    """
    root = os.geteuid() == 0
    args = ["bwrap", "--die-with-parent", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "sandbox", "--clearenv"]
    if root:   # the launcher drops to a user id of its own, and needs these two to do it
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--disable-userns"]
    args += _system_binds()
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(box.tmp_mb << 20), "--tmpfs", "/tmp"]
    made: set[str] = {"/", "/tmp", "/usr"}
    for folder in python_folders():   # after /tmp, so a Python under /tmp stays visible
        for parent in reversed(Path(folder).parents):   # bwrap would make them 0700: the kernel's user
            if str(parent) not in made:                 # could not reach the folder
                made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]
        args += ["--ro-bind", folder, folder]
    args += ["--ro-bind", str(snapshot), COURSE_SRC, "--ro-bind", str(connection), CONNECTION,
             "--perms", "1777", "--size", str(box.course_mb << 20), "--tmpfs", COURSE,
             "--chdir", COURSE]
    return args


def next_uid() -> int:
    """A user id for the next kernel (used only when the grader runs as root)."""
    with _uid_lock:
        return FIRST_UID + next(_uids) % 100_000


@functools.cache
def unavailable() -> str | None:
    """Why the sandbox cannot run here, or None when it can (tried once per process)."""
    if not sys.platform.startswith("linux"):
        return f"it needs Linux, and this is {sys.platform}"
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed"
    probe = Path(os.path.realpath(os.environ.get("TMPDIR", "/tmp")))
    with tempfile.TemporaryDirectory(prefix="imgsim-probe-", dir=probe) as folder:
        snapshot, connection = Path(folder) / "snap", Path(folder) / "conn.json"
        snapshot.mkdir()
        connection.write_text("{}")
        cmd = command(snapshot, connection) + [sys.executable, "-c", "import numpy"]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bwrap did not run ({exc})"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"bwrap failed: {last}"
    return None


def kernel_pid(bwrap_pid: int) -> int | None:
    """The pid (as the host sees it) of the command bwrap started: the deepest first child."""
    pid, found = bwrap_pid, None
    for _ in range(4):
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return found
        if not children:
            return found
        pid = found = int(children[0])
    return found
