"""`make lab` really starts JupyterLab on the course folder, and it is not open to everyone.

Starts the server the way a learner does (through the Makefile) on a free port
with a random token, waits for the page, then stops the whole process group.
It serves the course folder (so notebooks can open ``../README.md`` and the helpers),
starts at notebook 00, and a terminal opened in it, once the environment is
activated as the README says, runs the command-line tool. Takes a few seconds.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from labserver import free_port, stop

REPO_ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # let a 3xx surface as an HTTPError we can inspect


def fetch(url: str, timeout: float = 5.0) -> tuple[int, str, dict]:
    """(status, body, headers) of a GET, without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


# What notebook 16 and the README tell a learner to type in a terminal of JupyterLab.
TERMINAL_COMMAND = ("source .venv/bin/activate && python -m imgsim_helpers compare "
                    "data/opening/duck.jpg data/opening/swans.jpg data/opening/macaw.jpg")


async def _terminal(base: str, token: str, command: str, timeout: float = 60.0) -> str:
    """Open a JupyterLab terminal, type ``command``, return what it printed (then close it)."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"}
    client = AsyncHTTPClient()
    response = await client.fetch(HTTPRequest(f"{base}/api/terminals", method="POST", body="{}", headers=headers))
    name = json.loads(response.body)["name"]
    socket = await websocket_connect(HTTPRequest(f"{base.replace('http', 'ws')}/terminals/websocket/{name}",
                                                 headers=headers))
    output = ""
    try:
        socket.write_message(json.dumps(["stdin", f"{command}; echo DONE-$((6*7))\r"]))
        deadline = time.monotonic() + timeout
        while "DONE-42" not in output and time.monotonic() < deadline:
            try:
                message = await asyncio.wait_for(socket.read_message(), timeout=max(0.1, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                break
            if message is None:
                break
            kind, *content = json.loads(message)
            if kind == "stdout":
                output += content[0]
    finally:
        socket.close()
        await client.fetch(HTTPRequest(f"{base}/api/terminals/{name}", method="DELETE", headers=headers),
                           raise_error=False)
    return output


@pytest.mark.skipif(os.name != "posix", reason="uses make and POSIX process groups")
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_jupyterlab(tmp_path):
    # `make lab` installs the venv first if requirements changed; that needs the network
    # and minutes, so only run when it is up to date (as it is inside `make test`).
    up_to_date = subprocess.run(["make", "-q", "venv"], cwd=REPO_ROOT, capture_output=True)
    if up_to_date.returncode != 0:
        pytest.skip("the venv is out of date, so `make lab` would reinstall it first: run `make venv`")

    port, token = free_port(), secrets.token_hex(16)
    lab_args = (
        f"--no-browser --port={port} --IdentityProvider.token={token} --ServerApp.open_browser=False"
    )
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    # As on a CI runner or a service: no SHELL, so JupyterLab's terminals would be plain sh,
    # where the `source` the notebooks tell learners to type does not exist.
    env.pop("SHELL", None)
    log_path = tmp_path / "lab.log"
    base = f"http://127.0.0.1:{port}"

    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            ["make", "lab", f"LAB_ARGS={lab_args}"],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        try:
            status, body = None, ""
            deadline = time.monotonic() + STARTUP_SECONDS
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    pytest.fail(f"make lab exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
                try:
                    status, body, _ = fetch(f"{base}/lab?token={token}")
                    if status == 200:
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    pass
                time.sleep(0.5)
            assert status == 200, f"no JupyterLab page after {STARTUP_SECONDS} s:\n{log_path.read_text()[-3000:]}"
            assert "JupyterLab" in body

            # Without the token the API refuses (or sends us to the login page).
            status, _, headers = fetch(f"{base}/api/contents")
            location = headers.get("Location", "")
            assert status in (401, 403) or (300 <= status < 400 and "login" in location), (status, headers)

            # With it, the file browser shows the course folder: notebooks, helpers, README.
            status, body, _ = fetch(f"{base}/api/contents?token={token}")
            assert status == 200
            listed = {item["name"] for item in json.loads(body)["content"]}
            assert {"notebooks", "imgsim_helpers", "README.md", "data"} <= listed, listed
            status, body, _ = fetch(f"{base}/api/contents/notebooks?token={token}")
            listed = {item["name"] for item in json.loads(body)["content"]}
            expected = {path.name for path in (REPO_ROOT / "notebooks").glob("*.ipynb")}
            assert expected <= listed, (expected, listed)
            for path in ("README.md", "imgsim_helpers/histograms.py"):
                status, _, _ = fetch(f"{base}/api/contents/{path}?token={token}&content=0")
                assert status == 200, path

            # It starts at notebook 00: the address it prints (and opens) is that notebook's.
            start = f"{base}/lab/tree/notebooks/00-start-here.ipynb?token="  # a token given is shown as ...
            assert start in log_path.read_text(), log_path.read_text()[-3000:]
            assert fetch(start + token)[0] == 200

            # A terminal inside JupyterLab starts in the course folder; activated, the CLI runs.
            output = asyncio.run(_terminal(base, token, TERMINAL_COMMAND))
            assert "winner: data/opening/swans.jpg" in output, output[-3000:]
        finally:
            stop(process)
    assert process.poll() is not None
