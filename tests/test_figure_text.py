"""Text alternatives for figures (issue 18): the format, and that each display path carries it."""

from __future__ import annotations

import base64

import matplotlib.pyplot as plt
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from imgsim_helpers.figures.figure_text import describe_figure, figure_bundle, figure_description, is_placeholder
from figures import no_open_figures  # noqa: F401  (autouse fixture)


@pytest.mark.parametrize("text", [None, "", "  ", "Figure", "figure.", "plot", "Image",
                                  "No description has been provided for this image",
                                  "<Figure size 700x320 with 1 Axes>", "a bar chart"])
def test_placeholders_are_not_descriptions(text):
    assert is_placeholder(text)


def test_a_sentence_is_a_description():
    assert not is_placeholder("Histograms of the duck and the swans: the swans' curve follows the duck's")


def test_described_figure_bundle_has_png_text_and_alt():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3])
    describe_figure(fig, "A line  rising from 1 to 3:\n it climbs steadily")
    data, metadata = figure_bundle(fig)
    text = "A line rising from 1 to 3: it climbs steadily"     # white space made single
    assert figure_description(fig) == text
    assert data["text/plain"] == text
    assert metadata["image/png"]["alt"] == text
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_describe_refuses_placeholders_and_non_figures():
    fig = plt.figure()
    with pytest.raises(ValueError, match="does not describe"):
        describe_figure(fig, "plot")
    with pytest.raises(TypeError, match="Matplotlib Figure"):
        describe_figure(fig.add_subplot(), "The axes, not the figure: refused")


def test_every_display_path_in_a_kernel_carries_the_description():
    """display(fig), the figure as the cell's value, and the inline backend's end-of-cell display."""
    from nbclient import NotebookClient

    setup = ("import matplotlib.pyplot as plt\nfrom IPython.display import display\n"
             "from imgsim_helpers.figures.figure_text import describe_figure\n")
    nb = new_notebook(cells=[
        new_code_cell(setup + "fig, ax = plt.subplots()\nax.plot([1, 2])\n"
                      "describe_figure(fig, 'A line from 1 to 2: shown by the inline backend')"),
        new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 2])\n"
                      "describe_figure(fig, 'A line from 1 to 2: shown by display')\ndisplay(fig)\nplt.close(fig)"),
        new_code_cell("%config InlineBackend.figure_formats = ['retina']\nfig, ax = plt.subplots()\n"
                      "describe_figure(fig, 'Empty retina axes: the last value of the cell')\nplt.close(fig)\nfig"),
    ])
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    found = []
    for cell in nb.cells:
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1, [o.get("output_type") for o in cell.outputs]
        found.append((images[0].data["text/plain"], images[0].metadata["image/png"]["alt"]))
    assert [alt for _, alt in found] == ["A line from 1 to 2: shown by the inline backend",
                                         "A line from 1 to 2: shown by display",
                                         "Empty retina axes: the last value of the cell"]
    assert all(text == alt for text, alt in found)
    assert nb.cells[2].outputs[0].metadata["image/png"]["width"] > 0    # retina's own metadata is kept


def test_pages_write_the_alt_from_output_metadata():
    from nbformat.v4 import new_output
    from page_checks import load_build_html

    build_html = load_build_html()

    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    nb = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("display_data", data={"image/png": png, "text/plain": "t"},
                   metadata={"image/png": {"alt": 'Histograms of the "duck" & the swans'}})])])
    page = build_html.export_page(nb)
    assert "alt='Histograms of the \"duck\" &amp; the swans'" in page or \
        'alt="Histograms of the &quot;duck&quot; &amp; the swans"' in page
    assert "No description has been provided" not in page
