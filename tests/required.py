"""What the browser, page and hub tests need from outside Python, and what a missing one does.

On a learner's machine a missing tool skips the test, with the reason and how to get it (``-rs``
prints it). Under ``CI=true`` it fails the run instead: there ``make test`` has installed every one
of them (Debian's Chromium, playwright, the pinned npm packages, the hub's packages), so a missing
one is a broken set-up, not a choice.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import NoReturn

import pytest

#: Debian's Chromium, which ``tools/ensure_chromium.sh`` installs (``make test``, as root).
CHROMIUM = Path("/usr/bin/chromium")


def missing(reason: str) -> NoReturn:
    """Skip the test for a missing tool (``reason`` says which and how to get it); fail under ``CI=true``."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(reason)


def require_browser() -> None:
    """Debian's Chromium and playwright, or :func:`missing`."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing: `make test` installs Debian's chromium when run as root "
                "(tools/ensure_chromium.sh), or run `apt-get install chromium`")
    if importlib.util.find_spec("playwright") is None:
        missing("playwright is not installed: `make test` installs requirements-test.txt")
