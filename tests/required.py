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


class SharedChromium:
    """One headless Chromium (from ``launch(playwright)``) for a run of consecutive tests, started on first use.

    Playwright's synchronous API runs one instance at a time in a thread, and while it runs, its thread
    looks like a running asyncio loop to other code. So whoever keeps a browser open between tests (the
    notebooks' page tests, the browser tests) closes it with :meth:`close` after its last test, before a
    test of another group starts its own. Closed, it starts again on the next :meth:`get`.
    """

    def __init__(self, launch):
        self._launch = launch
        self._playwright = self._browser = None

    def get(self):
        """The browser, launched now if it is not running."""
        if self._browser is None or not self._browser.is_connected():
            from playwright.sync_api import sync_playwright

            if self._playwright is None:
                self._playwright = sync_playwright().start()
            self._browser = self._launch(self._playwright)
        return self._browser

    def close(self) -> None:
        """Close the browser and stop playwright, if they run."""
        try:
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()
        finally:
            self._playwright = self._browser = None


def last_of_group(item, nextitem, in_group) -> bool:
    """Whether ``item`` is in a group (``in_group(item)``) and ``nextitem`` (None at the end) is not."""
    return in_group(item) and (nextitem is None or not in_group(nextitem))
