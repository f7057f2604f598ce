"""Text alternatives for figures: what a figure shows, in words, carried with its picture.

A learner who cannot see a figure (a screen reader, a braille display, a page that
failed to load its images) gets its description instead. Every plotting helper
writes one from the data it drew, e.g. "Histograms of the duck, the swans and the
macaw: the swans' curve follows the duck's; the macaw's peaks at 250", and a
notebook's own figure gets one with :func:`describe_figure`.

Where the description goes
--------------------------
A figure with a description is shown as one ``display_data`` output::

    data:     {"image/png": "<base64>", "text/plain": "<the description>",
               "text/html": '<img src="data:image/png;base64,<base64>" alt="<the description>">'}
    metadata: {"image/png": {"alt": "<the description>"}}

Each key is one that a Jupyter tool already reads, so no tool needs ours:

- ``metadata["image/png"]["alt"]`` is what ``IPython.display.Image(alt=...)`` writes
  and what nbconvert's ``classic`` template turns into ``<img alt="...">``. Its ``lab``
  template (nbconvert 7.17) ignores it and writes the placeholder "No description has
  been provided for this image"; ``tools/build_html.py`` overrides that block to read
  the same key.
- ``text/plain`` is what MyST (mystmd) uses as an output image's alt text, and what a
  text-only front end (a terminal, ``jupyter nbconvert --to markdown``) shows; without
  a description it is ``<Figure size 700x320 with 1 Axes>``.
- ``text/html`` is for JupyterLab (4.6), whose image renderer writes ``<img src=...>``
  and never reads ``alt`` (``renderImage`` in ``@jupyterlab/rendermime``; a proposal to
  standardise the key, jupyter/enhancement-proposals#120, is open). JupyterLab ranks
  ``text/html`` (rank 50) before ``image/png`` (90) and shows the first it can, so it
  shows this ``<img>`` with its ``alt``: as it is in a notebook just run (trusted), and
  through its HTML sanitiser in a saved notebook opened fresh (untrusted), which keeps
  ``alt``, ``width``, ``height`` and a ``data:`` ``src`` on an ``<img>``. nbconvert's
  pages prefer ``text/html`` too. The picture is stored twice (once in each key): the
  cost of being read aloud everywhere.
How it is attached
------------------
:func:`describe_figure` gives the figure an ``_ipython_display_``, so *every* way IPython
displays it carries the description: ``display(fig)``, the figure as a cell's last
line, and the inline backend showing the open figures at the end of a cell. The
picture is made once, by the kernel's own PNG formatter (the same pixels as without
a description; ``retina`` still works). (A ``_repr_mimebundle_`` would not do: IPython
renders the PNG a second time with the inline backend's formatter, whose metadata
replaces the ``alt``.)
"""

from __future__ import annotations

import base64
import functools
import html
import io

from matplotlib.figure import Figure

__all__ = ["describe_figure", "figure_description", "figure_bundle", "described_png", "show_figure",
           "is_placeholder", "PLACEHOLDERS"]

#: Texts that stand where a description should be, but describe nothing (lower case, compared by prefix).
PLACEHOLDERS = ("no description has been provided", "<figure size", "figure", "image", "plot", "chart", "")


def is_placeholder(text: str | None) -> bool:
    """Whether ``text`` is missing or a placeholder instead of a real description."""
    if text is None:
        return True
    cleaned = " ".join(str(text).split()).strip().lower().rstrip(".")
    return cleaned in PLACEHOLDERS or cleaned.startswith(PLACEHOLDERS[:2]) or len(cleaned.split()) < 4


def describe_figure(fig: Figure, text: str) -> None:
    """Give ``fig`` a text alternative: what it shows and the one thing to notice.

    Every later display of the figure carries ``text`` (see the module's
    docstring for where it goes). Call it before the figure is shown, e.g. as
    the last line of a cell that draws a figure with Matplotlib::

        fig, ax = plt.subplots()
        ax.plot(sizes, seconds)
        describe_figure(fig, "Seconds against image size for the loop and NumPy: "
                             "the loop's line climbs, NumPy's stays near zero")

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (``plt.gcf()`` is the current one).
    text : str
        One or two sentences: what is plotted, then what to notice. Name the
        things drawn ("the duck's histogram"), not the kind of picture alone.

    Raises
    ------
    TypeError
        If ``fig`` is not a Matplotlib figure.
    ValueError
        If ``text`` is empty or a placeholder ("figure", "plot", ...).
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"describe_figure needs a Matplotlib Figure (e.g. plt.gcf()), got {type(fig).__name__}")
    text = " ".join(str(text).split())
    if is_placeholder(text):
        raise ValueError(f"{text!r} does not describe the figure: say what it shows and what to notice, "
                         "in a sentence of four words or more")
    fig._imgsim_description = text
    fig._ipython_display_ = functools.partial(_display_described, fig)


def figure_description(fig: Figure) -> str | None:
    """The description given to ``fig`` by :func:`describe_figure` (or a helper), or None."""
    return getattr(fig, "_imgsim_description", None)


def _png(fig: Figure) -> tuple[str, dict]:
    """``fig`` as base64 PNG and its metadata, made the way the running kernel makes figures."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with the course
        shell = None
    if shell is not None:
        formatter = shell.display_formatter.formatters["image/png"]
        try:
            printer = formatter.lookup_by_type(Figure)
        except KeyError:
            printer = None
        if printer is not None:
            made = printer(fig)
            if isinstance(made, tuple):  # 'retina': (data, {"width": ..., "height": ...})
                return made[0], dict(made[1] or {})
            if made is not None:
                return made, {}
    buffer = io.BytesIO()  # the inline backend's default: the figure's own dpi, trimmed to what is drawn
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii"), {}


def described_png(png: str, text: str, png_metadata: dict | None = None) -> tuple[dict, dict]:
    """``(data, metadata)`` of an output showing ``png`` (base64) described by ``text``.

    The PNG with ``text`` as its ``alt`` and its ``text/plain``, and the same picture as
    an ``<img>`` in ``text/html`` for JupyterLab (see the module's docstring). A ``width``
    or ``height`` in ``png_metadata`` (the ``retina`` format's) sizes the ``<img>`` too.

    Examples
    --------
    >>> data, metadata = described_png("iVBORw0KGgo=", 'Histograms of the "duck" and the swans')
    >>> data["text/html"]
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Histograms of the &quot;duck&quot; and the swans">'
    >>> metadata
    {'image/png': {'alt': 'Histograms of the "duck" and the swans'}}
    """
    png_metadata = dict(png_metadata or {}, alt=text)
    size = "".join(f' {key}="{int(png_metadata[key])}"' for key in ("width", "height") if key in png_metadata)
    img = f'<img src="data:image/png;base64,{png.strip()}" alt="{html.escape(text, quote=True)}"{size}>'
    return {"image/png": png, "text/plain": text, "text/html": img}, {"image/png": png_metadata}


def figure_bundle(fig: Figure) -> tuple[dict, dict]:
    """``(data, metadata)`` of a figure's output: for a described figure, as :func:`described_png` makes it."""
    text = figure_description(fig)
    png, png_metadata = _png(fig)
    if text is not None:
        return described_png(png, text, png_metadata)
    return {"image/png": png, "text/plain": repr(fig)}, ({"image/png": png_metadata} if png_metadata else {})


def _display_described(fig: Figure) -> None:
    """IPython's hook (``_ipython_display_``): publish the figure as :func:`figure_bundle` makes it."""
    from IPython.display import publish_display_data

    data, metadata = figure_bundle(fig)
    publish_display_data(data=data, metadata=metadata)


def show_figure(fig: Figure) -> None:
    """Show ``fig`` with its description (in IPython) and close it."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(fig)
    plt.close(fig)
