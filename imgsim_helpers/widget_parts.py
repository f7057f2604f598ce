"""The parts every explorer widget shares: a figure shown in place, an upload read safely.

The sliders of notebook 06 (:mod:`imgsim_helpers.widgets`), the search widget of
notebook 16 (:mod:`imgsim_helpers.search.explorer`) and the duplicates widget of
notebook 18 each redraw one figure: :func:`publish_figure` shows it as a PNG with its
text alternative, in place. :func:`read_upload` turns an uploaded file into a photo, or
into a message the learner can act on; :func:`display_thumbnail` and :func:`short_name`
keep pictures fast to draw and titles short.
"""

from __future__ import annotations

import base64
import html
import io
import warnings

import ipywidgets as w
import numpy as np
from matplotlib.figure import Figure

from .figures.figure_text import described_png
from .errors import ImageLoadError
from .images import ImageTooLargeError, MultiFrameWarning, decode_image

__all__ = ["MAX_UPLOAD_BYTES", "MAX_UPLOAD_PIXELS", "display_thumbnail", "publish_figure", "read_upload",
           "short_name", "show_note"]

#: Largest upload the explorers accept, in bytes (20 MB).
MAX_UPLOAD_BYTES = 20_000_000
#: Largest uploaded image, in pixels (24 megapixels).
MAX_UPLOAD_PIXELS = 24_000_000


def display_thumbnail(image: np.ndarray, longest: int = 400) -> np.ndarray:
    """Every n-th pixel, so the longest side is about ``longest`` (fast to draw).

    Examples
    --------
    >>> display_thumbnail(np.zeros((1000, 500, 3), np.uint8)).shape
    (500, 250, 3)
    """
    step = max(1, max(image.shape[:2]) // longest)
    return image[::step, ::step]


def short_name(path: str, keep: int = 22) -> str:
    """The end of a path, short enough for a small title.

    Examples
    --------
    >>> short_name("holiday/duck.jpg"), short_name("holiday/IMG_20240612_183455.jpg", keep=12)
    ('duck.jpg', '…_183455.jpg')
    """
    name = str(path).replace("\\", "/").split("/")[-1]
    return name if len(name) <= keep else "\u2026" + name[-keep + 1:]


def publish_figure(figure: Figure, output: w.Output, description: str, text: w.HTML) -> bytes:
    """Render ``figure`` to PNG and make it the only thing ``output`` shows; return the PNG.

    Setting ``output.outputs`` directly (instead of ``with output: display(...)``)
    replaces the picture in place and never leaks into the cell's own outputs. The
    picture carries ``description`` as its text alternative, as every described figure
    does (:func:`imgsim_helpers.figures.figure_text.described_png`: ``alt``, ``text/plain``, and an
    ``<img alt>`` in ``text/html`` that JupyterLab shows), and ``text`` shows it beside the
    picture in a live region, so a screen reader reads the new description after each
    redraw without leaving the slider.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    png = buffer.getvalue()
    data, metadata = described_png(base64.b64encode(png).decode("ascii"), description)
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)
    text.value = (f'<p role="status" aria-live="polite" style="margin: 0.2em 0; color: #333; font-size: 90%;">'
                  f"<b>Figure:</b> {html.escape(description)}</p>")
    return png


def read_upload(files: tuple, message: w.HTML) -> tuple[np.ndarray | None, str]:
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


def show_note(message: w.HTML, note: str) -> None:
    """Show ``note`` unless the redraw just reported a problem there."""
    if note and not message.value:
        message.value = note
