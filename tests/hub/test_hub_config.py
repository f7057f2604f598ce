"""The hub's configuration and the deployment files, read without starting anything (issue 17).

``tools/hub/jupyterhub_config.py`` is loaded as JupyterHub loads it (traitlets' config loader) and its
settings checked; the files for real deployments (``docs/hub/``), which no test here can deploy, are
checked to parse and to name the versions the course pins. The hub itself runs in test_hub_end_to_end.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
HUB = ROOT / "tools" / "hub"


def _load(path: Path, monkeypatch, **env: str):
    for name in ("IMGSIM_HUB_PASSWORD", "IMGSIM_HUB_PORT", "IMGSIM_CLASS_LIST", "IMGSIM_HUB_STATE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


def test_the_class_list_logs_in_with_the_class_password(tmp_path, monkeypatch):
    roster = tmp_path / "class.csv"
    roster.write_text("username,full name\nAlice,Alice A.\n\n bob ,Bob B.\n# a comment\ncarol\n")
    config = _load(HUB / "jupyterhub_config.py", monkeypatch, IMGSIM_HUB_STATE=str(tmp_path / "state"),
                   IMGSIM_CLASS_LIST=str(roster), IMGSIM_HUB_PASSWORD="twelve-chars")
    assert config.Authenticator.allowed_users == {"alice", "bob", "carol"}
    assert config.JupyterHub.authenticator_class == "shared-password"
    assert config.SharedPasswordAuthenticator.user_password == "twelve-chars"
    assert (config.JupyterHub.ip, config.JupyterHub.port) == ("127.0.0.1", 8000)


def test_a_password_is_made_once_and_kept(tmp_path, monkeypatch):
    state = tmp_path / "state"
    first = _load(HUB / "jupyterhub_config.py", monkeypatch, IMGSIM_HUB_STATE=str(state))
    again = _load(HUB / "jupyterhub_config.py", monkeypatch, IMGSIM_HUB_STATE=str(state))
    password = first.SharedPasswordAuthenticator.user_password
    assert len(password) >= 8 and again.SharedPasswordAuthenticator.user_password == password
    assert (state / "password").stat().st_mode & 0o077 == 0
    assert first.Authenticator.allowed_users == {"alice", "bob", "carol"}      # the example class


def test_each_student_has_a_folder_the_course_environment_and_a_culler(tmp_path, monkeypatch):
    state = tmp_path / "state"
    config = _load(HUB / "jupyterhub_config.py", monkeypatch, IMGSIM_HUB_STATE=str(state))
    assert config.JupyterHub.spawner_class == "simple"
    assert config.SimpleLocalProcessSpawner.home_dir_template == str(state.resolve() / "homes" / "{username}")
    assert Path(config.Spawner.cmd[0]).name == "jupyterhub-singleuser"
    assert config.Spawner.default_url == "/lab"
    python_path = config.Spawner.environment["PYTHONPATH"](SimpleNamespace(home_dir="/h/alice"))
    assert python_path == "/h/alice/imgsim-course"
    assert config.ConfigurableHTTPProxy.command == [str(HUB / "node_modules" / ".bin" / "configurable-http-proxy")]
    assert config.JupyterHub.db_url == f"sqlite:///{state.resolve() / 'jupyterhub.sqlite'}"
    (culler,) = config.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"] and "--timeout=3600" in culler["command"]
    (role,) = config.JupyterHub.load_roles
    assert role["services"] == [culler["name"]]
    assert set(role["scopes"]) == {"list:users", "read:users:activity", "read:servers", "delete:servers"}


def test_the_hubs_packages_and_proxy_are_pinned():
    lines = [line.strip() for line in (ROOT / "requirements-hub.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][\w.]*", line) for line in lines), lines
    package = json.loads((HUB / "package.json").read_text())
    lock = json.loads((HUB / "package-lock.json").read_text())
    pinned = package["dependencies"]["configurable-http-proxy"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == pinned


def test_the_deployment_files_parse_and_name_the_pinned_versions(monkeypatch):
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((ROOT / "docs" / "hub" / "z2jh-values.yaml").read_text())
    assert values["singleuser"]["extraEnv"]["PYTHONPATH"] == "/home/jovyan/imgsim-course"
    assert values["singleuser"]["defaultUrl"] == "/lab"
    assert values["cull"]["enabled"] is True and values["proxy"]["https"]["enabled"] is True
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"].endswith("LTI13Authenticator")
    dockerfile = (ROOT / "docs" / "hub" / "Dockerfile").read_text()
    assert "grep -v '^-e' /tmp/course/requirements.txt" in dockerfile and "'^nbgitpuller=='" in dockerfile
    guide = (ROOT / "docs" / "instructor.md").read_text()
    nbgitpuller = next(line for line in (ROOT / "requirements-hub.txt").read_text().splitlines()
                       if line.startswith("nbgitpuller=="))
    assert f"{nbgitpuller}   # into TLJH's user environment" in guide
    tljh = PyFileConfigLoader("tljh-course.py", str(ROOT / "docs" / "hub")).load_config()
    user = SimpleNamespace(user=SimpleNamespace(name="alice"))
    assert tljh.Spawner.environment.get_value({})["PYTHONPATH"](user) == "/home/jupyter-alice/imgsim-course"
