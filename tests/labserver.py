"""Start a JupyterLab server the way a learner does, wait until it answers, stop it afterwards.

Shared by the tests that start one (``make lab``, the install tests, the browser tests):
``free_port`` and ``stop``. ``running_lab`` gives port, token and "no browser" through a
throw-away Jupyter config folder, so the command under test stays exactly as the README or
Makefile writes it; ``wheelhouse`` and ``offline_env`` let the install tests install without
the network (the wheels are downloaded once, by one worker of the run); ``own_make`` gives a
``make`` started by a test a run of its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from run_once import locked

ROOT = Path(__file__).resolve().parent.parent


def get(url: str) -> tuple[int, str]:
    """The status and text of a GET request (an HTTP error's status with no text)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(server: subprocess.Popen) -> None:
    """SIGTERM the process group we started (the server shuts its kernels down), SIGKILL it if it hangs."""
    if server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait(timeout=5)


def wheelhouse() -> Path:
    """Wheels for requirements.txt (and setuptools, which builds ``-e .``), downloaded once."""
    requirements = (ROOT / "requirements.txt").read_bytes()
    folder = ROOT / "build" / f"wheelhouse-{hashlib.sha256(requirements).hexdigest()[:12]}"
    with locked(folder.parent / f"{folder.name}.lock"):   # one worker downloads, the others wait for it
        if not (folder / ".complete").exists():
            pins = folder.parent / f"{folder.name}.txt"
            folder.mkdir(parents=True, exist_ok=True)
            pins.write_text("\n".join(line for line in requirements.decode().splitlines()
                                      if line.strip() and not line.startswith(("#", "-e"))) + "\nsetuptools\n")
            result = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "-d", str(folder), "-r",
                                     str(pins)], capture_output=True, text=True)
            if result.returncode != 0:
                pytest.skip(f"could not download the wheels (no network?): {result.stderr[-500:]}")
            (folder / ".complete").touch()
    return folder


#: What a running make passes down to the commands it starts (``make test`` runs pytest).
MAKE_VARIABLES = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")


def own_make(env: dict[str, str]) -> dict[str, str]:
    """``env`` without :data:`MAKE_VARIABLES`: a ``make`` started in it is a run of its own, even inside
    ``make test`` (no inherited flags, no "Entering directory" lines)."""
    return {key: value for key, value in env.items() if key not in MAKE_VARIABLES}


def offline_env(env: dict[str, str], scratch: Path) -> dict[str, str]:
    """``env`` in which ``python3`` is this suite's Python and pip installs from :func:`wheelhouse` only."""
    wheels = wheelhouse()
    # `python3` is the Python this suite runs on (3.11 or newer), whatever else is on PATH.
    python3 = scratch / "bin" / "python3"
    python3.parent.mkdir()
    python3.symlink_to(Path(getattr(sys, "_base_executable", sys.executable)).resolve())
    return dict(env, PATH=f"{python3.parent}{os.pathsep}{env.get('PATH', '')}", PIP_NO_INDEX="1",
                # a file: URL, since pip splits PIP_FIND_LINKS at spaces (a course in "/tmp/ci run/")
                PIP_FIND_LINKS=wheels.resolve().as_uri(), PIP_DISABLE_PIP_VERSION_CHECK="1")


@contextmanager
def running_lab(command: str, cwd: Path, env: dict[str, str], scratch: Path) -> Iterator[tuple[str, str, Path]]:
    """Run ``command`` (a bash line that starts JupyterLab) until the server answers.

    Yields ``(base URL, token, log file)``; the server is stopped on leaving.
    """
    port, token = free_port(), secrets.token_hex(16)
    config = scratch / "jupyter-config"
    config.mkdir(exist_ok=True)
    (config / "jupyter_server_config.json").write_text(json.dumps({
        "ServerApp": {"port": port, "port_retries": 0, "open_browser": False, "allow_root": True},
        "IdentityProvider": {"token": token},
    }))
    env = dict(env, JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"))
    log = scratch / "lab.log"
    with log.open("wb") as out:
        server = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()[-3000:]
            try:
                if get(f"{base}/api/status?token={token}")[0] == 200:
                    break
            except (urllib.error.URLError, OSError):
                pass
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        yield base, token, log
    finally:
        stop(server)
