# The course's JupyterHub for one Linux server: `make hub` starts it with this file (read it in a minute).
#
# Who: the user names of the class list (CSV, first column, a header line allowed), all with one shared
#      class password. What each student gets: their own folder, HUB_STATE/homes/<name>/, and a
#      JupyterLab running the course's environment (.venv: the course's packages and kernel, the widgets'
#      JupyterLab extension, nbgitpuller). The course reaches them through the hub link (README,
#      "Running the class on a JupyterHub"); servers idle for CULL_AFTER seconds are stopped (work is
#      kept: it is on disk). For a test or a class on one trusted machine only: every student's server
#      runs as the user who started the hub (root included), so students are not protected from each
#      other. docs/instructor.md says what a real deployment changes.
#
# Set by `make hub` (all have defaults, so `jupyterhub -f tools/hub/jupyterhub_config.py` works too):
#   IMGSIM_HUB_STATE     the hub's folder: database, secrets, homes/       (default: .hub in the course)
#   IMGSIM_CLASS_LIST    the class list                                    (default: tools/hub/class-example.csv)
#   IMGSIM_HUB_PASSWORD  the class password, 8 characters or more          (default: written to HUB_STATE/password)
#   IMGSIM_HUB_IP, IMGSIM_HUB_PORT  where the hub listens                  (default: 127.0.0.1 and 8000)
#   IMGSIM_HUB_API_PORT, IMGSIM_PROXY_API_PORT  its two internal ports     (default: 8081 and 8001, on 127.0.0.1)
#   IMGSIM_COURSE_DIR    the course's folder in each home (the hub link's targetpath; default: imgsim-course)
#   IMGSIM_CULL_AFTER    seconds of inactivity before a server is stopped  (default: 3600)

import csv
import os
import secrets
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("IMGSIM_HUB_STATE", HERE.parent.parent / ".hub")).resolve()
CLASS_LIST = Path(os.environ.get("IMGSIM_CLASS_LIST", HERE / "class-example.csv"))
COURSE_DIR = os.environ.get("IMGSIM_COURSE_DIR", "imgsim-course")
STATE.mkdir(parents=True, exist_ok=True)


def class_list(path):
    """The user names in the first column of the CSV (a header 'username' or 'name' is skipped)."""
    with open(path, newline="", encoding="utf-8") as handle:
        names = [row[0].strip().lower() for row in csv.reader(handle) if row and row[0].strip()]
    return {name for name in names if name not in ("username", "name", "user") and not name.startswith("#")}


def class_password():
    """IMGSIM_HUB_PASSWORD, or one made once and kept in STATE/password (printed by make hub)."""
    if os.environ.get("IMGSIM_HUB_PASSWORD"):
        return os.environ["IMGSIM_HUB_PASSWORD"]
    kept = STATE / "password"
    if not kept.exists():
        kept.write_text(secrets.token_urlsafe(9) + "\n")
        kept.chmod(0o600)
    return kept.read_text().strip()


# Where the hub listens, and where it keeps its state.
c.JupyterHub.ip = os.environ.get("IMGSIM_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("IMGSIM_HUB_PORT", "8000"))
c.JupyterHub.hub_port = int(os.environ.get("IMGSIM_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('IMGSIM_PROXY_API_PORT', '8001')}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# The proxy (configurable-http-proxy, pinned in tools/hub/package.json; `make hub` installs it here).
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]

# Who may log in: the class list, with the class password (a real deployment: docs/instructor.md).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = class_password()
c.Authenticator.allowed_users = class_list(CLASS_LIST)

# Each student: a JupyterLab from the course's environment, in a folder of their own.
c.JupyterHub.spawner_class = "simple"   # SimpleLocalProcessSpawner: no Unix user per student needed
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# The notebooks import the helpers of the student's own copy (the one the hub link pulled and updates).
c.Spawner.environment = {"PYTHONPATH": lambda spawner: str(Path(spawner.home_dir) / COURSE_DIR)}
c.Spawner.start_timeout = 120
if os.geteuid() == 0:                   # JupyterLab refuses root unless told
    c.Spawner.args = ["--ServerApp.allow_root=True"]

# Stop the servers of students who left (their files stay).
c.JupyterHub.services = [{"name": "idle-culler", "command": [
    sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={os.environ.get('IMGSIM_CULL_AFTER', '3600')}"]}]
c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
