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

from collections.abc import Mapping

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .distances import METRICS, metric_named
from .explore import BIN_CHOICES, edit_photo, explore_histogram, explore_similarity
from .histograms import CHANNEL_MODES
from .errors import ImageLoadError
from .images import load_image
from .figures.plot_descriptions import describe_distances, describe_histogram, photo_summary
from .plotting import joint_cell_colours, plot_distances, plot_histogram, size_text
from .samples import OPENING_TRIO, samples
from .widget_parts import MAX_UPLOAD_BYTES, display_thumbnail, publish_figure, read_upload, show_note

__all__ = [
    "MAX_UPLOAD_BYTES", "HistogramExplorer", "SimilarityExplorer",
    "histogram_explorer", "similarity_explorer",
]

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
        thumb = display_thumbnail(image)
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
        self.png = publish_figure(self.figure, self.output, description, self.text)
        self.redraws += 1


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
        image, note = read_upload(change["new"], self.message)
        if image is None:
            return
        self.images[UPLOAD_OPTION] = image
        if UPLOAD_OPTION not in self.photo.options:
            self.photo.options = [UPLOAD_OPTION] + list(self.photo.options)
        if self.photo.value == UPLOAD_OPTION:
            self.redraw()
        else:
            self.photo.value = UPLOAD_OPTION  # triggers redraw
        show_note(self.message, note)

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
        self.panel.set_photo(edit_photo(display_thumbnail(self.test), shift, contrast),
                             f"test photo, {size_text(self.test)}\nbrightness {shift:+d}, contrast {contrast:.1f}")
        kind = "fractions" if self.normalize.value else "raw counts"
        title = f"{self.metric.value}, {self.bins.value} bins {self.channels.value}, {kind}"
        plot_distances(ranking, ax=self.panel.chart(), title=title)
        self.panel.show(f"The test photo (brightness {shift:+d}, contrast {contrast:.1f}) beside the distances "
                        f"to the references. {describe_distances(ranking, title)}")
        self.winner.value = f"Nearest reference: <b>{ranking[0][0]}</b>"


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
