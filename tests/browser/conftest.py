"""The JupyterLab servers and the Chromium shared by the browser tests (``labs``).

Starting JupyterLab took about 5 s of each browser test, and Chromium (with Playwright's
driver) about 1 s more: the tests now share them (:class:`SharedLabs` in
``test_notebook_sliders_in_browser.py``, which says how each test still starts from a fresh
server: its notebook alone, in a fresh kernel). They are started when a test first needs them
and stopped after the last browser test, not at the end of the whole run: ``make test`` runs the
browser tests one after the other in one worker (the group "browser" of ``tests/conftest.py``),
which then goes on with other files, and Playwright's sync API, while it runs, makes its thread
look like a running asyncio loop to them (``asyncio.run`` would refuse to start).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from required import last_of_group
from test_notebook_sliders_in_browser import SharedLabs

HERE = Path(__file__).resolve().parent
_opened: list[SharedLabs] = []


@pytest.fixture(scope="session")
def labs(tmp_path_factory) -> SharedLabs:
    """The shared servers and browser; a test asks it for the server of the folder it serves."""
    shared = SharedLabs(tmp_path_factory.mktemp("browser-labs"))
    _opened.append(shared)
    yield shared
    shared.close()


def _is_browser_test(item: pytest.Item | None) -> bool:
    return item is not None and Path(item.path).resolve().is_relative_to(HERE)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last browser test (the next test is elsewhere, or none), stop the shared servers and browser."""
    if last_of_group(item, nextitem, _is_browser_test):
        for shared in _opened:
            shared.close()
