"""Sliders for exploring histograms and distances (notebook 06).

Each explorer is a thin layer over a pure function from
:mod:`imgsim_helpers.explore`: it reads its controls, calls the function,
and redraws **one** figure that it keeps for its whole life (no new figure
per change). Heavy sliders update when released (``continuous_update=False``),
so dragging does not queue up a backlog of redraws. Problems (a bad upload,
an impossible setting) appear as a message in the widget; the previous
picture stays.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .distances import METRICS, metric_named
from .explore import BIN_CHOICES, edit_photo, explore_histogram, explore_similarity
from .histograms import CHANNEL_MODES
from .images import ImageLoadError, ImageTooLargeError, MultiFrameWarning, decode_image, load_image
from .figures.plot_descriptions import describe_distances, describe_histogram, photo_summary
from .plotting import joint_cell_colours, plot_distances, plot_histogram, size_text
from .samples import OPENING_TRIO, samples
from .search.index import Index, load_image_fast
from .widget_figures import publish_figure as _publish, short_name as _short, shrink_to_draw as _thumbnail

__all__ = [
    "MAX_UPLOAD_BYTES", "HistogramExplorer", "SearchExplorer", "SimilarityExplorer",
    "histogram_explorer", "search_explorer", "similarity_explorer",
]

#: Largest upload the histogram explorer accepts, in bytes (20 MB).
MAX_UPLOAD_BYTES = 20_000_000
#: Largest uploaded image, in pixels (24 megapixels).
MAX_UPLOAD_PIXELS = 24_000_000
UPLOAD_OPTION = "(your upload)"
GIVEN_OPTION = "(your image)"


class _FigurePanel:
    """One figure (a photo beside a chart), redrawn in place, shown as a PNG in an Output widget."""

    def __init__(self, figsize: tuple[float, float] = (10, 3.6)) -> None:
        self.figure = Figure(figsize=figsize, dpi=90)
        FigureCanvasAgg(self.figure)
        self.ax_image, self.ax_chart = self.figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.84, wspace=0.3)
        self._picture = None
        self.output = w.Output()
        self.text = w.HTML("")
        self.png = b""
        self.description = ""
        self.redraws = 0

    def set_photo(self, image: np.ndarray, title: str) -> None:
        """Show ``image`` (shrunk for speed) on the left, reusing the picture when sizes match."""
        thumb = _thumbnail(image)
        height, width = image.shape[:2]
        if self._picture is not None and self._picture.get_extent() == [0, width, height, 0] \
                and self._picture.get_array().shape == thumb.shape:
            self._picture.set_data(thumb)
        else:
            self.ax_image.clear()
            self._picture = self.ax_image.imshow(thumb, extent=(0, width, height, 0))
            self.ax_image.set_axis_off()  # a photo needs no ticks; skipping them halves the redraw time
        self.ax_image.set_title(title, fontsize=10)

    def chart(self) -> Axes:
        """The right-hand axes, cleared, ready for a new chart."""
        self.ax_chart.clear()
        return self.ax_chart

    def show(self, description: str) -> None:
        """Render the figure and replace the Output widget's content with it, described by ``description``."""
        self.description = description
        self.png = _publish(self.figure, self.output, description, self.text)
        self.redraws += 1


def _read_upload(files: tuple, message: w.HTML) -> tuple[np.ndarray | None, str]:
    """The uploaded photo as an RGB array (or None, with the problem shown in ``message``), and a note.

    The note is ``""``, or says that an animated image or multi-page file gave its first frame.
    """
    if not files:
        return None, ""
    upload = files[0]
    name, size = upload["name"], upload["size"]
    if size > MAX_UPLOAD_BYTES:
        message.value = (f"\u26a0 {name} is {size / 1e6:.1f} MB; the limit is "
                         f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB. Try a smaller photo.")
        return None, ""
    try:
        with warnings.catch_warnings(record=True) as caught:  # an animated GIF: shown after the redraw
            warnings.simplefilter("always", MultiFrameWarning)
            image = decode_image(bytes(upload["content"]), name=name, max_pixels=MAX_UPLOAD_PIXELS)
    except ImageTooLargeError as problem:  # max_pixels is not a slider: say what the learner can do
        message.value = ("\u26a0 Could not use the upload: "
                         f"{problem.advise('save a smaller copy (for example 4000 x 3000 pixels) and upload that')}")
        return None, ""
    except ImageLoadError as problem:
        message.value = f"\u26a0 Could not use the upload: {problem}"
        return None, ""
    return image, " ".join(f"Note: {w.message}." for w in caught if issubclass(w.category, MultiFrameWarning))


def _show_note(message: w.HTML, note: str) -> None:
    """Show ``note`` unless the redraw just reported a problem there."""
    if note and not message.value:
        message.value = note


def _controls(bins: int) -> dict[str, w.Widget]:
    """The bins, channels, normalise, brightness and contrast controls both explorers share."""
    style = {"description_width": "90px"}
    return {
        "bins": w.SelectionSlider(options=BIN_CHOICES, value=bins, description="bins",
                                  continuous_update=False, style=style),
        "channels": w.ToggleButtons(options=list(CHANNEL_MODES), value="pooled", description="channels",
                                    tooltips=["red, green and blue counted together", "one histogram per channel",
                                              "one bin per (r, g, b) colour-cube cell"],
                                    style={"description_width": "90px", "button_width": "70px"}),
        "normalize": w.Checkbox(value=False, description="normalise (sum = 1)", indent=False),
        "brightness": w.IntSlider(value=0, min=-100, max=100, step=5, description="brightness",
                                  continuous_update=False, style=style),
        "contrast": w.FloatSlider(value=1.0, min=0.2, max=3.0, step=0.1, description="contrast",
                                  continuous_update=False, style=style),
    }


def _total_text(hist: np.ndarray, channels: str, normalize: bool) -> str:
    """What a histogram's counts add up to, and why (pooled counts 3 values per pixel, joint 1)."""
    if normalize:
        return "total 1.0 (fractions)"
    total = int(hist.sum())
    return {"pooled": f"total {total:,} values (3 per pixel: red, green and blue counted together)",
            "rgb": f"total {total:,} values (each channel's histogram counts every pixel once)",
            "joint": f"total {total:,} pixels (one colour-cube cell per pixel)",
            "gray": f"total {total:,} pixels (one gray level per pixel)"}.get(channels, f"total {total:,}")


class HistogramExplorer(w.VBox):
    """A photo and its histogram, with sliders; see :func:`histogram_explorer`."""

    def __init__(self, image: np.ndarray | None = None) -> None:
        names = [row["name"] for row in samples()]
        self.images: dict[str, np.ndarray] = {}
        if image is not None:
            self.images[GIVEN_OPTION] = image
            names = [GIVEN_OPTION] + names
        self.photo = w.Dropdown(options=names, value=names[0] if image is not None else "duck",
                                description="photo")
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="upload a photo")
        controls = _controls(bins=64)
        self.bins, self.channels = controls["bins"], controls["channels"]
        self.normalize, self.brightness = controls["normalize"], controls["brightness"]
        self.contrast = controls["contrast"]
        self.message = w.HTML("")
        self.summary = w.HTML("")
        self.panel = _FigurePanel()
        self.histogram: np.ndarray | None = None
        row1 = w.HBox([self.photo, self.upload])
        row2 = w.HBox([self.bins, self.brightness, self.contrast])
        row3 = w.HBox([self.channels, self.normalize])
        super().__init__([row1, row2, row3, self.message, self.summary, self.panel.output, self.panel.text])
        for control in (self.photo, self.bins, self.channels, self.normalize, self.brightness, self.contrast):
            control.observe(self._on_change, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.redraw()

    def current_image(self) -> np.ndarray:
        """The chosen photo, before brightness and contrast."""
        name = self.photo.value
        if name not in self.images:
            self.images[name] = load_image(name)
        return self.images[name]

    def _on_change(self, change: dict) -> None:
        self.redraw()

    def _on_upload(self, change: dict) -> None:
        image, note = _read_upload(change["new"], self.message)
        if image is None:
            return
        self.images[UPLOAD_OPTION] = image
        if UPLOAD_OPTION not in self.photo.options:
            self.photo.options = [UPLOAD_OPTION] + list(self.photo.options)
        if self.photo.value == UPLOAD_OPTION:
            self.redraw()
        else:
            self.photo.value = UPLOAD_OPTION  # triggers redraw
        _show_note(self.message, note)

    def redraw(self) -> None:
        """Recompute from the controls and redraw; on a problem, say so and keep the old picture."""
        try:
            edited, hist = explore_histogram(
                self.current_image(), bins=self.bins.value, channels=self.channels.value,
                normalize=self.normalize.value, brightness=self.brightness.value,
                contrast=self.contrast.value)
        except (ValueError, ImageLoadError) as problem:
            self.message.value = f"\u26a0 {problem}"
            return
        self.message.value = ""
        self.histogram = hist
        self.panel.set_photo(edited, f"{self.photo.value}\n{size_text(edited)}")
        kind = "fractions" if self.normalize.value else "counts"
        title = f"{self.bins.value} bins, {self.channels.value}, {kind}"
        plot_histogram(hist, channels=self.channels.value, ax=self.panel.chart(), title=title)
        colours = joint_cell_colours(self.bins.value) if self.channels.value == "joint" else None
        photo = (f"The photo {self.photo.value}, {size_text(edited)}, brightness {self.brightness.value:+d}, "
                 f"contrast {self.contrast.value:.1f}, {photo_summary(edited)}, beside its histogram. ")
        self.panel.show(photo + describe_histogram(hist, self.channels.value, f"{self.photo.value} ({kind})",
                                                   colours))
        self.summary.value = (f"<b>{len(hist):,}</b> bins \u00b7 {_total_text(hist, self.channels.value, self.normalize.value)}"
                              f" \u00b7 fullest bin holds {hist.max() / hist.sum():.1%}")


class SimilarityExplorer(w.VBox):
    """A test photo, references and the distances; see :func:`similarity_explorer`."""

    def __init__(self, test: np.ndarray | None = None,
                 references: Mapping[str, np.ndarray] | None = None) -> None:
        if test is None:
            test = load_image(OPENING_TRIO["test"])
        if references is None:
            references = {OPENING_TRIO[k]: load_image(OPENING_TRIO[k]) for k in ("similar", "different")}
        if len(references) < 2:
            raise ValueError(f"give at least 2 reference photos to compare, got {len(references)}")
        self.test, self.references = test, dict(references)
        controls = _controls(bins=256)
        self.bins, self.channels = controls["bins"], controls["channels"]
        self.normalize, self.brightness = controls["normalize"], controls["brightness"]
        self.contrast = controls["contrast"]
        self.metric = w.Dropdown(options=list(METRICS), value="euclidean", description="metric",
                                 style={"description_width": "90px"})
        self.message = w.HTML("")
        self.winner = w.HTML("")
        self.panel = _FigurePanel()
        self.ranking: list[tuple[str, float]] = []
        row1 = w.HBox([self.bins, self.brightness, self.contrast])
        row2 = w.HBox([self.channels, self.normalize, self.metric])
        super().__init__([row1, row2, self.message, self.winner, self.panel.output, self.panel.text])
        for control in (self.bins, self.channels, self.normalize, self.brightness, self.contrast, self.metric):
            control.observe(self._on_change, names="value")
        self.redraw()

    def _on_change(self, change: dict) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Recompute the ranking from the controls and redraw the bar chart."""
        try:
            ranking = explore_similarity(
                self.test, self.references, bins=self.bins.value, channels=self.channels.value,
                normalize=self.normalize.value, brightness=self.brightness.value,
                metric=metric_named(self.metric.value), contrast=self.contrast.value)
        except ValueError as problem:
            self.message.value = f"\u26a0 {problem}"
            return
        self.message.value = ""
        self.ranking = ranking
        shift, contrast = self.brightness.value, self.contrast.value
        self.panel.set_photo(edit_photo(_thumbnail(self.test), shift, contrast),
                             f"test photo, {size_text(self.test)}\nbrightness {shift:+d}, contrast {contrast:.1f}")
        kind = "fractions" if self.normalize.value else "raw counts"
        title = f"{self.metric.value}, {self.bins.value} bins {self.channels.value}, {kind}"
        plot_distances(ranking, ax=self.panel.chart(), title=title)
        self.panel.show(f"The test photo (brightness {shift:+d}, contrast {contrast:.1f}) beside the distances "
                        f"to the references. {describe_distances(ranking, title)}")
        self.winner.value = f"Nearest reference: <b>{ranking[0][0]}</b>"


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
        image, note = _read_upload(change["new"], self.message)
        if image is not None:
            self.uploaded = image
            self.redraw()
            _show_note(self.message, note)

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
        titles = [f"query:\n{_short(title)}"] + [
            f"{_short(path)}\n{self.metric.value} {dist:.3f}" for path, dist in results]
        for ax, photo, text in zip(axes, photos, titles):
            ax.imshow(_thumbnail(photo, 200))
            ax.set_title(text, fontsize=8)
            ax.set_axis_off()
        fig.suptitle(f"Nearest photos first by {self.index.descriptor.name} + {self.metric.value} "
                     "(smaller distance = more similar)", fontsize=10)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.74, wspace=0.08)
        found = "; ".join(f"{i}. {_short(path, 40)} ({self.metric.value} {dist:.3f})"
                          for i, (path, dist) in enumerate(results, 1))
        self.description = (f"The query {title} ({photo_summary(photos[0])}) and its {len(results)} nearest "
                            f"photos by {self.index.descriptor.name} + {self.metric.value}, nearest first: "
                            f"{found}")
        self.png = _publish(fig, self.output, self.description, self.text)


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


def histogram_explorer(image: np.ndarray | None = None) -> HistogramExplorer:
    """A photo and its histogram, with sliders for bins, brightness and contrast.

    Parameters
    ----------
    image : numpy.ndarray, optional
        A ``(H, W, 3)`` uint8 photo to start with; default the duck. The
        dropdown offers every bundled photo, and you can upload your own.

    Returns
    -------
    HistogramExplorer
        A widget; show it by making it the last line of a cell. Its controls
        are attributes (``.bins``, ``.brightness``, ``.contrast``,
        ``.channels``, ``.normalize``, ``.photo``, ``.upload``) and
        ``.histogram`` is what it currently shows.
    """
    return HistogramExplorer(image)


def similarity_explorer(test: np.ndarray | None = None,
                        references: Mapping[str, np.ndarray] | None = None) -> SimilarityExplorer:
    """A test photo against references, with the distances as a bar chart.

    Parameters
    ----------
    test : numpy.ndarray, optional
        The test photo; default the duck of notebook 05.
    references : mapping of str to numpy.ndarray, optional
        Two or more reference photos by name; default the swans and the macaw.

    Returns
    -------
    SimilarityExplorer
        A widget. Bins, channels, normalise and metric apply to every photo;
        brightness to the test photo only. ``.ranking`` holds the current
        ``(name, distance)`` list and ``.winner`` names the nearest.
    """
    return SimilarityExplorer(test, references)
