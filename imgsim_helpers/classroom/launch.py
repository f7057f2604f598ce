"""Start one grading kernel: the first code that runs in the sandbox (standalone, stdlib only).

The grader runs this file's source as ``python -c SOURCE MEMORY NPROC FILE_BYTES UID``
(``UID`` is -1 when the grader is not root) in the sandbox of :mod:`.sandbox`,
or, with ``--no-sandbox``, as a plain process (then ``/course`` is a temporary
folder named by ``IMGSIM_COURSE``). It:

1. reads the connection file the grader wrote, while it still can;
2. when started as root, drops to ``UID`` (no capabilities left), so the
   process limit counts only this kernel's processes;
3. sets the limits: address space, processes, bytes per written file, no core files;
4. copies the course snapshot (``data/``, ``imgsim_helpers/``, Matplotlib's font list) into the
   writable ``/course`` and moves there;
5. installs an audit hook (PEP 578; it cannot be removed once added) that
   writes one ``IMGSIM-AUDIT`` line to standard error, which only the grader
   reads, for each attempt worth an instructor's attention: killing another
   process, opening a socket, starting a program, loading C code, reading
   other processes' ``/proc`` entries, replacing the profile or trace hook
   outside the grader's own harvest (from the grader's first cell on: the
   kernel's own start-up does some of these);
6. starts ipykernel with the connection file rewritten to its Unix sockets.
"""

import json
import os
import resource
import shutil
import sys


def main():
    memory, nproc, file_bytes, uid = (int(value) for value in sys.argv[1:5])
    connection, course, source = (os.environ.pop(name) for name in ("IMGSIM_CONNECTION", "IMGSIM_COURSE",
                                                                    "IMGSIM_COURSE_SRC"))
    with open(connection) as stream:
        info = json.load(stream)
    if uid >= 0:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_NPROC, nproc),
                         (resource.RLIMIT_FSIZE, file_bytes), (resource.RLIMIT_CORE, 0)):
        if value > 0:
            resource.setrlimit(limit, (value, value))
    for name in ("data", "imgsim_helpers"):
        shutil.copytree(os.path.join(source, name), os.path.join(course, name))
    shutil.copytree(os.path.join(source, "mplconfig"), os.path.join(course, "home", "mplconfig"))
    for name in ("notebooks", ".kernel"):
        os.makedirs(os.path.join(course, name), exist_ok=True)
    info["ip"] = os.path.join(course, ".kernel", "kernel")
    mine = os.path.join(course, ".kernel", "connection.json")
    with open(mine, "w") as stream:
        json.dump(info, stream)
    os.environ.update(HOME=os.path.join(course, "home"), PYTHONPATH=course,
                      IMGSIM_DATA=os.path.join(course, "data"), MPLCONFIGDIR=os.path.join(course, "home", "mplconfig"))
    os.environ.pop("JPY_PARENT_PID", None)   # the kernel's parent is the sandbox, not the grader
    sys.path.insert(0, course)
    os.chdir(os.path.join(course, "notebooks"))
    # The grader's end of standard error, kept before ipykernel sends fd 2 through a pipe of its own
    # (whose last lines a killed kernel would lose).
    audit_fd = os.dup(2)
    sys.addaudithook(_hook(os.getpid(), os.path.join(course, "imgsim_helpers") + os.sep, audit_fd))
    sys.argv = [sys.argv[0], "-f", mine]
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()


def _hook(own_pid, package, fd):
    """The audit hook: one line per attempt, to the grader's end of standard error."""
    state = {"armed": False, "harvest": False, "seen": set()}
    write = os.write

    def report(what):
        if what not in state["seen"] and len(state["seen"]) < 50:
            state["seen"].add(what)
            try:
                write(fd, ("\nIMGSIM-AUDIT " + what.replace("\n", " ")[:200] + "\n").encode())
            except OSError:
                pass

    def hook(event, args):
        if event == "imgsim.arm":        # the grader's first cell: the kernel's own start-up is over
            state["armed"] = True
        elif event == "imgsim.harvest":
            state["harvest"] = args[0] == "start"
        elif not state["armed"]:
            return
        elif event in ("os.kill", "os.killpg") and args[0] not in (own_pid, 0) and args[1] != 0:
            report(f"kill: tried to send signal {args[1]} to process {args[0]}")
        elif event == "socket.connect" or event == "socket.bind" or event == "socket.sendto":
            report(f"network: {event.split('.')[1]} to {args[1]!r}")
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                       "os.forkpty"):
            report(f"process: {event} {str(args[0] if args else '')[:80]}")
        elif event == "ctypes.dlopen":
            report(f"native code: loaded {args[0]}")
        elif event in ("sys.setprofile", "sys.settrace") and not state["harvest"]:
            caller = sys._getframe(1).f_code.co_filename   # the course's own self-check watches too
            if not caller.startswith(package):
                report(f"checks: called {event}")
        elif event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], str):
            path = args[0]
            pid = path[6:].split("/")[0] if path.startswith("/proc/") else ""
            if path.rstrip("/") == "/proc" or (pid.isdigit() and int(pid) != own_pid):
                report(f"other processes: looked at {path}")
            elif "grading" in path or "hidden_cases" in path or "gradebook" in path or "points.toml" in path:
                report(f"grading data: tried to open {path}")
    return hook


if __name__ == "__main__":
    main()
