"""Stop early, with one line, when a Python is too old for the course (the Makefile runs this).

Usage: ``python tools/check_python.py 3.11 [venv]``: exits 0 when this Python is at
least 3.11, otherwise prints one line saying what to do and exits 1 (the Makefile
shows that line with make's own ``***  Stop.``). With ``venv``
the Python is the one inside ``.venv`` (made earlier with an older Python).

Written without f-strings or other recent syntax, because its job is to run on old Pythons.
"""

import sys


def main(argv):
    need = tuple(int(part) for part in argv[1].split("."))
    have = sys.version_info[:2]
    if have >= need:
        return 0
    wanted = ".".join(str(part) for part in need)
    found = "%s is Python %d.%d" % (sys.executable, have[0], have[1])
    if len(argv) > 2 and argv[2] == "venv":
        advice = "delete .venv (make clean), then run make again with a newer one, e.g. make lab PYTHON=python%s" % wanted
    else:
        advice = "install Python %s or newer, then run make again with it, e.g. make lab PYTHON=python%s" % (wanted, wanted)
    sys.stderr.write("This course needs Python %s or newer, but %s: %s\n" % (wanted, found, advice))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
