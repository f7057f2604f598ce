"""Start a JupyterLab server the way a learner does, wait until it answers, stop it afterwards.

Shared by the install tests. Port, token and "no browser" go through a throw-away Jupyter
config folder, so the command under test stays exactly as the README or Makefile writes it.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def get(url: str) -> tuple[int, str]:
    """The status and text of a GET request (an HTTP error's status with no text)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=5)
