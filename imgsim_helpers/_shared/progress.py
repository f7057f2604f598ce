"""A progress bar for long jobs: a widget in a notebook, a text line in a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]



def _in_notebook() -> bool:
    """True inside a Jupyter kernel (where a widget can be shown)."""
    ipython_module = sys.modules.get("IPython")
    if ipython_module is None:
        return False
    shell = ipython_module.get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class Progress:
    """How many of ``total`` files are done: a widget in a notebook, a ``\\r`` line in a terminal.

    Redraws at most ten times a second, so it costs nothing measurable.
    """

    def __init__(self, total: int, enabled: bool = True, label: str = "indexing",
                 stream: TextIO | None = None) -> None:
        self.total, self.done, self.skipped, self.label = total, 0, 0, label
        self.start = self.last_draw = time.perf_counter()
        self.stream = stream if stream is not None else sys.stderr
        self.widget = self.text = None
        if not enabled or total == 0:
            return
        if _in_notebook():
            try:
                import ipywidgets as widgets
                from IPython.display import display
            except ImportError:
                self.text = self.stream
            else:
                self.bar = widgets.IntProgress(min=0, max=total, value=0, description=label)
                self.words = widgets.Label(self._status())
                self.widget = widgets.HBox([self.bar, self.words])
                display(self.widget)
        elif getattr(self.stream, "isatty", lambda: False)():
            self.text = self.stream
        self._draw()

    def _status(self) -> str:
        seconds = time.perf_counter() - self.start
        note = f", {self.skipped:,} skipped" if self.skipped else ""
        return f"{self.done:,}/{self.total:,} files, {seconds:.1f} s{note}"

    def _draw(self) -> None:
        if self.widget is not None:
            self.bar.value = self.done
            self.words.value = self._status()
        elif self.text is not None:
            filled = int(30 * self.done / self.total)
            self.text.write(f"\r{self.label} [{'#' * filled}{'-' * (30 - filled)}] {self._status()} ")
            self.text.flush()

    def advance(self, skipped: bool = False) -> None:
        """Count one more file done (``skipped`` if it could not be read)."""
        self.done += 1
        self.skipped += bool(skipped)
        now = time.perf_counter()
        if now - self.last_draw >= 0.1:
            self.last_draw = now
            self._draw()

    def close(self) -> None:
        """Draw the final state (a terminal bar ends its line)."""
        if self.widget is None and self.text is None:
            return
        self._draw()
        if self.widget is not None:
            self.bar.bar_style = "success" if self.done == self.total else "warning"
        else:
            self.text.write("\n")
            self.text.flush()
        self.widget = self.text = None


