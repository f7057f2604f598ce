"""The search widget of notebook 16: pick or upload a query, see its nearest photos in an index.

Like the sliders of notebook 06 (:mod:`imgsim_helpers.widgets`), it is a thin layer over
the engine: every redraw is exactly :meth:`Index.query` for the chosen query, ``k`` and
metric, drawn into **one** figure that it keeps for its whole life, with a text
alternative that changes with it. A problem (a bad upload, a metric the index's
descriptor cannot use) appears as a message in the widget; the previous picture stays.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..distances import METRICS, metric_named
from ..figures.plot_descriptions import photo_summary
from ..errors import ImageLoadError
from ..widget_parts import display_thumbnail, publish_figure, read_upload, short_name, show_note
from .folders import load_image_fast
from .index_class import Index

__all__ = ["SearchExplorer", "search_explorer"]


class SearchExplorer(w.VBox):
    """Pick or upload a query photo and see its nearest photos in an index; see :func:`search_explorer`."""

    def __init__(self, index: Index, k: int = 5, query: str | None = None, metric: str = "euclidean") -> None:
        metric = metric_named(metric).name
        if len(index) == 0:
            raise ValueError(f"the index of {index.folder} is empty: there is nothing to search")
        if query is not None and query not in index.files:
            raise ValueError(f"{query!r} is not in the index; give one of index.files, e.g. {index.files[0]!r}")
        self.index = index
        self.query_photo = w.Dropdown(options=list(index.files), value=query or index.files[0],
                                      description="query", layout=w.Layout(width="420px"))
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="upload a query")
        self.k = w.IntSlider(value=k, min=1, max=min(12, len(index)), description="results",
                             continuous_update=False)
        self.metric = w.Dropdown(options=list(METRICS), value=metric, description="metric")
        self.message = w.HTML("")
        self.output = w.Output()
        self.results: list[tuple[str, float]] = []
        self.uploaded: np.ndarray | None = None
        self.figure = Figure(figsize=(10, 2.6), dpi=90)
        FigureCanvasAgg(self.figure)
        self.png = b""
        self.text = w.HTML("")
        self.description = ""
        super().__init__([w.HBox([self.query_photo, self.upload]), w.HBox([self.k, self.metric]),
                          self.message, self.output, self.text])
        for control in (self.query_photo, self.k, self.metric):
            control.observe(self._on_change, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.redraw()

    def _on_change(self, change: dict) -> None:
        if change["owner"] is self.query_photo:
            self.uploaded = None
        self.redraw()

    def _on_upload(self, change: dict) -> None:
        image, note = read_upload(change["new"], self.message)
        if image is not None:
            self.uploaded = image
            self.redraw()
            show_note(self.message, note)

    def redraw(self) -> None:
        """Query the index and show the query beside its nearest photos, with distances."""
        if self.uploaded is not None:
            query, title = self.uploaded, "your upload"
        else:
            query, title = str(self.index.folder / self.query_photo.value), self.query_photo.value
        try:
            results = self.index.query(query, k=self.k.value, metric=metric_named(self.metric.value))
            photos = [self.uploaded if self.uploaded is not None else load_image_fast(query)]
            photos += [load_image_fast(path) for path, _ in results]
        except (ValueError, ImageLoadError) as problem:
            self.message.value = f"\u26a0 {problem}"
            return
        self.message.value = ""
        self.results = results
        fig = self.figure
        fig.clear()
        fig.set_size_inches(max(6.0, 1.35 * len(photos)), 2.3)
        axes = fig.subplots(1, len(photos))
        titles = [f"query:\n{short_name(title)}"] + [
            f"{short_name(path)}\n{self.metric.value} {dist:.3f}" for path, dist in results]
        for ax, photo, text in zip(axes, photos, titles):
            ax.imshow(display_thumbnail(photo, 200))
            ax.set_title(text, fontsize=8)
            ax.set_axis_off()
        fig.suptitle(f"Nearest photos first by {self.index.descriptor.name} + {self.metric.value} "
                     "(smaller distance = more similar)", fontsize=10)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.74, wspace=0.08)
        found = "; ".join(f"{i}. {short_name(path, 40)} ({self.metric.value} {dist:.3f})"
                          for i, (path, dist) in enumerate(results, 1))
        self.description = (f"The query {title} ({photo_summary(photos[0])}) and its {len(results)} nearest "
                            f"photos by {self.index.descriptor.name} + {self.metric.value}, nearest first: "
                            f"{found}")
        self.png = publish_figure(fig, self.output, self.description, self.text)


def search_explorer(index: Index, k: int = 5, query: str | None = None, metric: str = "euclidean") -> SearchExplorer:
    """Search an index interactively: pick or upload a query, see the nearest photos.

    Parameters
    ----------
    index : Index
        From :func:`build_index` or ``Index.load``.
    k : int, optional
        How many results to show at first (the slider goes up to 12).
    query : str, optional
        The indexed photo to start with, as listed in ``index.files``
        (e.g. ``"opening/duck.jpg"``); default the first one.
    metric : str, optional
        The metric to start with, a name from ``METRICS``. The photos are
        described with the index's descriptor (``index.descriptor``).

    Returns
    -------
    SearchExplorer
        A widget. ``.results`` holds the current ``(path, distance)`` list,
        exactly ``index.query(...)`` for the chosen query, ``k`` and metric.
    """
    return SearchExplorer(index, k, query, metric)
