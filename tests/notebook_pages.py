"""Each notebook's offline page, from the run nbval makes in `make test`: no notebook runs twice.

nbval runs a notebook cell by cell in one kernel and keeps no executed notebook, so the page test
used to run every notebook a second time with nbclient (``tools/build_html.py``, about 80 s of a
worker). Instead, while nbval runs a notebook, :func:`record_cell` keeps the kernel messages it
reads for each cell; after the notebook's last cell one more test, ``notebooks/NN-name.ipynb::page``,
replays them through nbclient's own message handling (the code ``make html`` runs: outputs,
cleared outputs, display updates, the widgets' state, the Output widgets' captured figures),
exports the page as ``make html`` does, and checks it with :mod:`page_checks`: every figure
described, every ``<img>`` with that description as its ``alt``, and no axe violation of WCAG 2.1
A/AA in headless Chromium. ``tests/test_accessibility_pages.py`` then checks only the index page.

``tests/conftest.py`` adds the page tests (:func:`add_page_tests`) when nbval collects notebooks,
and wraps each cell's run (:func:`record_cell`). The page test runs in the notebook's worker
(``--dist loadfile`` keeps a notebook's tests together), right after its cells.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from page_checks import (assert_figures_described, assert_images_have_alt, assert_wcag_21_aa, load_build_html,
                         require_javascript)
from required import SharedChromium, last_of_group, require_browser

_MADE = pytest.StashKey[dict]()         # what _once made in this process: the pages' folder, exporter, browser
_CHECKED = pytest.StashKey[set]()       # the notebooks (stems) that have a page test this run


def checked_by_page_tests(config: pytest.Config) -> set[str]:
    """The notebooks (stems, ``06-explore-with-sliders``) whose pages a page test checks this run."""
    return config.stash.get(_CHECKED, set())


def add_page_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    """After the last cell of each notebook nbval collected, its page test (in place, in ``items``)."""
    if not config.pluginmanager.hasplugin("nbval"):   # -p no:nbval (make check): no notebook, no import
        return
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:
        return
    last_cell = {}
    for place, item in enumerate(items):
        if isinstance(item, IPyNbCell):
            last_cell[item.parent] = place
    if not last_cell:
        return
    _start_recording()
    config.stash[_CHECKED] = {Path(notebook.path).stem for notebook in last_cell}
    for notebook, place in sorted(last_cell.items(), key=lambda pair: -pair[1]):
        notebook.imgsim_recorded = {}    # code cell number -> the messages nbval read while it ran
        items.insert(place + 1, NotebookPage.from_parent(notebook, name="page"))


@contextmanager
def record_cell(item: pytest.Item) -> Iterator[None]:
    """While nbval runs the cell ``item``, keep the kernel messages it reads (for the page test)."""
    recorded = getattr(item.parent, "imgsim_recorded", None)    # a notebook with a page test (add_page_tests)
    if recorded is None or not hasattr(item, "cell_num"):       # not a cell (the page test itself)
        yield
        return
    item.parent.imgsim_recording = recorded[item.cell_num] = []
    try:
        yield
    finally:
        item.parent.imgsim_recording = None


def _start_recording() -> None:
    """Make nbval's notebook keep each message it reads while one of its cells runs (once per process)."""
    from nbval.plugin import IPyNbFile

    if getattr(IPyNbFile.get_kernel_message, "records", False):
        return
    read = IPyNbFile.get_kernel_message

    def get_kernel_message(self, timeout=None, stream="iopub"):
        message = read(self, timeout=timeout, stream=stream)
        recording = getattr(self, "imgsim_recording", None)
        if recording is not None and stream == "iopub":
            recording.append(message)
        return message

    get_kernel_message.records = True
    IPyNbFile.get_kernel_message = get_kernel_message


class _NoKernel:
    """Where nbclient's mimicked Output widget sends its outputs back to the kernel: nowhere, since the
    replay has no kernel (the widget state nbclient keeps is updated all the same)."""

    class session:  # noqa: N801 - the attribute names nbclient uses
        @staticmethod
        def msg(*args, **kwargs) -> dict:
            return {}

    class shell_channel:  # noqa: N801
        @staticmethod
        def send(message) -> None:
            pass


def replay(nb, recorded: dict[int, list[dict]], language_info: dict):
    """A copy of the notebook ``nb`` with the outputs, widget state and numbering that nbclient would
    have written from the kernel messages ``recorded`` for each code cell (numbered from 0, as nbval
    does), and the kernel's ``language_info`` (which the page's syntax colouring follows)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete

    nb = copy.deepcopy(nb)
    nb.metadata["language_info"] = language_info
    client = NotebookClient(nb, store_widget_state=True, record_timing=False)
    client.reset_execution_trackers()
    client.kc = _NoKernel()
    code = [(index, cell) for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    count = 0
    for number, (index, cell) in enumerate(code):
        if number not in recorded or not recorded[number]:
            raise AssertionError(f"code cell {number} did not run to the end, so its page cannot be checked")
        messages = recorded[number]
        msg_id = messages[-1]["parent_header"].get("msg_id")   # nbval stops at this cell's idle status
        cell.outputs = []
        client.clear_before_next_output = False
        for message in messages:
            if message["parent_header"].get("msg_id") != msg_id:
                continue                                        # as nbval and nbclient: another request's
            try:
                client.process_message(message, cell, index)
            except CellExecutionComplete:
                break
        # nbval runs cells without keeping history, so the kernel numbers none of them; nbclient's run
        # numbers 1, 2, 3... every cell it runs (not the blank ones), and its results with them.
        count += bool(cell.source.strip())
        cell.execution_count = count if cell.source.strip() else None
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output.execution_count = cell.execution_count
    client.set_widgets_metadata()
    return nb


class NotebookPage(pytest.Item):
    """The offline page of the notebook nbval has just run: described, with alt text, WCAG 2.1 AA."""

    def runtest(self) -> None:
        require_javascript()
        require_browser()
        build_html = load_build_html()
        name = Path(self.parent.path).stem
        info = self.parent.kernel.kc.kernel_info(reply=True, timeout=60)["content"]["language_info"]
        nb = replay(self.parent.nb, self.parent.imgsim_recorded, info)
        assert_figures_described(name, nb)
        page = _once(self.config, _pages_folder) / f"{name}.html"
        names = {path.stem for path in build_html.NOTEBOOKS.glob("*.ipynb")}
        page.write_text(build_html.export_page(nb, names, page.name, _once(self.config, _exporter)),
                        encoding="utf-8")
        assert_images_have_alt(page)
        assert_wcag_21_aa([page], _once(self.config, _chromium).get())

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}::page (its offline page: described, alt text, WCAG 2.1 AA)"


def _pages_folder(config: pytest.Config) -> Path:
    """This process's folder for pages, with the JavaScript they load (``static/``)."""
    build_html = load_build_html()
    folder = config._tmp_path_factory.mktemp("pages")   # pytest's own tmp_path factory
    build_html.copy_static(build_html.NODE_MODULES, folder / build_html.STATIC)
    return folder


def _exporter(config: pytest.Config):
    """``make html``'s page exporter (nbconvert's, with the offline template)."""
    return load_build_html().exporter()


def _chromium(config: pytest.Config) -> SharedChromium:
    """Debian's Chromium, headless, for this process's pages; :func:`release_browser` closes it (and the end of
    the run, for a run stopped early, by -x or Ctrl+C, after a notebook)."""
    from axe_pages import launch_chromium

    shared = SharedChromium(launch_chromium)
    config.add_cleanup(shared.close)
    return shared


def is_notebook_test(item: pytest.Item) -> bool:
    """A notebook's cell (nbval) or its page test."""
    return item.path.suffix == ".ipynb"


def release_browser(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After the last notebook test before a test of another kind (or the end), close the pages' Chromium:
    the browser tests start their own (see :class:`required.SharedChromium`)."""
    made = item.config.stash.get(_MADE, {})
    if _chromium in made and last_of_group(item, nextitem, is_notebook_test):
        made[_chromium].close()


def _once(config: pytest.Config, make):
    """What ``make(config)`` returns, made once per process (a worker checks several pages)."""
    made = config.stash.setdefault(_MADE, {})
    if make not in made:
        made[make] = make(config)
    return made[make]
