"""Headless tests of the sliders: set a control's value, check the result and what the widget shows."""

from __future__ import annotations

import datetime
import io

import numpy as np
import pytest
from PIL import Image

from imgsim_helpers import METRICS, explore_histogram, explore_similarity, load_image
from imgsim_helpers.widgets import MAX_UPLOAD_BYTES, UPLOAD_OPTION, histogram_explorer, similarity_explorer


def _upload(name: str, content: bytes, size: int | None = None) -> tuple[dict, ...]:
    """The value a FileUpload widget (ipywidgets 8) holds after one upload."""
    return ({"name": name, "type": "image/png", "size": len(content) if size is None else size,
             "content": memoryview(content), "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)},)


def _png_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def duck() -> np.ndarray:
    return load_image("duck")


def test_histogram_explorer_starts_drawn(duck):
    explorer = histogram_explorer()
    assert explorer.photo.value == "duck"
    assert explorer.panel.redraws == 1 and explorer.panel.png.startswith(b"\x89PNG")
    assert np.array_equal(explorer.histogram, explore_histogram(duck, bins=64)[1])
    assert "<b>64</b> bins" in explorer.summary.value
    assert explorer.message.value == ""


@pytest.mark.parametrize(
    "control, value, expected",
    [
        ("bins", 8, {"bins": 8}),
        ("brightness", 50, {"brightness": 50}),
        ("contrast", 2.0, {"contrast": 2.0}),
        ("channels", "rgb", {"channels": "rgb"}),
        ("normalize", True, {"normalize": True}),
    ],
)
def test_histogram_explorer_each_control_updates(duck, control, value, expected):
    explorer = histogram_explorer()
    before_png, before_count = explorer.panel.png, explorer.panel.redraws
    getattr(explorer, control).value = value
    settings = {"bins": 64, **expected}
    assert np.array_equal(explorer.histogram, explore_histogram(duck, **settings)[1])
    assert explorer.panel.redraws == before_count + 1
    assert explorer.panel.png != before_png
    assert explorer.message.value == ""


def test_histogram_explorer_summary_follows_controls():
    explorer = histogram_explorer()
    explorer.channels.value = "rgb"
    assert "<b>192</b> bins" in explorer.summary.value      # 64 bins x 3 channels
    explorer.normalize.value = True
    assert "total 1.0" in explorer.summary.value


def test_histogram_explorer_photo_dropdown():
    explorer = histogram_explorer()
    explorer.photo.value = "macaw"
    assert np.array_equal(explorer.histogram, explore_histogram(load_image("macaw"), bins=64)[1])


def test_histogram_explorer_given_image():
    image = np.full((10, 12, 3), 2, dtype=np.uint8)
    explorer = histogram_explorer(image)
    assert explorer.photo.value == "(your image)"
    assert explorer.histogram[0] == image.size            # all values 2 -> bin 0 of 64 (values 0-3)


def test_impossible_setting_shows_message_and_keeps_picture():
    explorer = histogram_explorer()
    explorer.channels.value = "joint"
    explorer.bins.value = 128
    assert "joint histogram with 128 bins" in explorer.message.value
    kept = explorer.histogram.copy()
    png = explorer.panel.png
    explorer.bins.value = 256
    assert np.array_equal(explorer.histogram, kept) and explorer.panel.png == png
    explorer.bins.value = 16
    assert explorer.message.value == "" and len(explorer.histogram) == 16**3


def test_upload_good_image_is_shown():
    explorer = histogram_explorer()
    image = np.zeros((20, 30, 3), dtype=np.uint8)
    image[:, :, 0] = 255
    explorer.upload.value = _upload("red.png", _png_bytes(image))
    assert explorer.photo.value == UPLOAD_OPTION
    assert explorer.message.value == ""
    assert explorer.histogram.sum() == image.size
    assert explorer.histogram[-1] == 20 * 30                # the red values, all 255


def test_upload_not_an_image_shows_message_and_keeps_state():
    explorer = histogram_explorer()
    kept = explorer.histogram.copy()
    explorer.upload.value = _upload("notes.png", b"this is not a picture")
    assert "Could not use the upload" in explorer.message.value
    assert "notes.png" in explorer.message.value and "not an image" in explorer.message.value
    assert explorer.photo.value == "duck" and np.array_equal(explorer.histogram, kept)


def test_upload_too_large_is_refused_before_decoding():
    explorer = histogram_explorer()
    explorer.upload.value = _upload("huge.jpg", b"\xff\xd8", size=MAX_UPLOAD_BYTES + 1)
    assert "huge.jpg" in explorer.message.value and "limit" in explorer.message.value
    assert explorer.photo.value == "duck"


def test_upload_with_too_many_pixels_says_what_a_learner_can_do(monkeypatch):
    from imgsim_helpers import widget_parts

    monkeypatch.setattr(widget_parts, "MAX_UPLOAD_PIXELS", 100)  # the duck has 386,560 pixels
    explorer = histogram_explorer()
    explorer.upload.value = _upload("duck.png", _png_bytes(load_image("duck")))
    assert explorer.message.value == (
        "\u26a0 Could not use the upload: duck.png is 640 x 604 = 386,560 pixels, more than the limit of 100; "
        "save a smaller copy (for example 4000 x 3000 pixels) and upload that")
    assert "max_pixels" not in explorer.message.value  # no option a learner could not set


def _animated_gif_bytes() -> bytes:
    frames = [Image.new("RGB", (8, 6), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


GIF_NOTE = "Note: blink.gif holds 2 frames (an animated GIF); only the first frame is used."


def test_upload_animated_gif_shows_its_first_frame_and_says_so():
    explorer = histogram_explorer()
    explorer.upload.value = _upload("blink.gif", _animated_gif_bytes())
    assert explorer.message.value == GIF_NOTE
    assert explorer.images[UPLOAD_OPTION][0, 0].tolist() == [255, 0, 0]  # the first frame, red


def test_upload_truncated_image_is_refused():
    explorer = histogram_explorer()
    data = _png_bytes(np.zeros((50, 50, 3), dtype=np.uint8))
    explorer.upload.value = _upload("cut.png", data[: len(data) // 2])
    assert "cut.png" in explorer.message.value


def test_similarity_explorer_defaults_are_the_opening_trio():
    explorer = similarity_explorer()
    assert [name for name, _ in explorer.ranking] == ["swans", "macaw"]
    assert "swans" in explorer.winner.value
    assert explorer.bins.value == 256 and explorer.normalize.value is False


def test_similarity_explorer_brightness_flips_winner():
    explorer = similarity_explorer()
    explorer.normalize.value = True
    assert "swans" in explorer.winner.value
    png = explorer.panel.png
    explorer.brightness.value = 10
    assert "macaw" in explorer.winner.value
    assert explorer.panel.png != png
    explorer.bins.value = 8
    assert "swans" in explorer.winner.value


@pytest.mark.parametrize("control, value", [("bins", 16), ("channels", "rgb"), ("normalize", True), ("brightness", -20),
                                            ("contrast", 2.0)])
def test_similarity_explorer_matches_pure_function(duck, control, value):
    explorer = similarity_explorer()
    getattr(explorer, control).value = value
    settings = {"bins": 256, "channels": "pooled", "normalize": False, "brightness": 0, "contrast": 1.0,
                control: value}
    refs = {"swans": load_image("swans"), "macaw": load_image("macaw")}
    assert explorer.ranking == explore_similarity(duck, refs, **settings)


def test_similarity_explorer_photo_title_fits_and_names_the_edits():
    explorer = similarity_explorer()
    explorer.contrast.value = 1.5
    title = explorer.panel.ax_image.get_title()
    assert title == "test photo, 604 rows x 640 columns\nbrightness +0, contrast 1.5"
    explorer.panel.figure.canvas.draw()
    box = explorer.panel.ax_image.title.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= explorer.panel.figure.bbox.width   # not cut off at either side


@pytest.mark.parametrize("channels, words", [("pooled", "values (3 per pixel"), ("rgb", "counts every pixel once"),
                                             ("joint", "386,560 pixels (one colour-cube cell per pixel)")])
def test_histogram_explorer_says_what_its_total_counts(channels, words):
    explorer = histogram_explorer()
    explorer.channels.value = channels
    assert words in explorer.summary.value


def test_similarity_explorer_metric_choices_come_from_registry():
    explorer = similarity_explorer()
    assert list(explorer.metric.options) == list(METRICS)


def test_similarity_explorer_needs_two_references(duck):
    with pytest.raises(ValueError, match="at least 2 reference photos"):
        similarity_explorer(duck, {"only": duck})


def test_redraws_reuse_one_figure():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    explorer = similarity_explorer()
    figure = explorer.panel.figure
    for bins in (128, 64, 32, 16, 8, 4, 2, 256) * 3:
        explorer.bins.value = bins
    assert explorer.panel.figure is figure
    assert plt.get_fignums() == before                      # no pyplot figures pile up
    assert len(explorer.panel.output.outputs) == 1          # one picture, replaced each time


def test_heavy_sliders_do_not_update_while_dragging():
    explorer = histogram_explorer()
    for slider in (explorer.bins, explorer.brightness, explorer.contrast):
        assert slider.continuous_update is False


# ---- the search explorer of notebook 16 -----------------------------------------------------

@pytest.fixture(scope="module")
def opening_index():
    from imgsim_helpers import DATA_DIR, build_index

    return build_index(DATA_DIR / "opening", progress=False)


def test_search_explorer_shows_index_query(opening_index):
    from imgsim_helpers import search_explorer

    explorer = search_explorer(opening_index, k=2)
    first = str(opening_index.folder / opening_index.files[0])
    assert explorer.results == opening_index.query(first, k=2)
    assert explorer.results[0][1] == 0.0                      # a photo is nearest to itself
    assert explorer.png.startswith(b"\x89PNG") and len(explorer.output.outputs) == 1


@pytest.mark.parametrize("control, value", [("k", 3), ("metric", "chi_square"), ("query_photo", "swans.jpg")])
def test_search_explorer_controls_update_results(opening_index, control, value):
    from imgsim_helpers import search_explorer

    explorer = search_explorer(opening_index, k=2)
    png = explorer.png
    getattr(explorer, control).value = value
    settings = {"k": 2, "metric": "euclidean", "query_photo": opening_index.files[0], control: value}
    query = str(opening_index.folder / settings["query_photo"])
    assert explorer.results == opening_index.query(query, k=settings["k"], metric=settings["metric"])
    assert explorer.png != png


def test_search_explorer_upload(opening_index):
    from imgsim_helpers import search_explorer

    explorer = search_explorer(opening_index, k=1)
    explorer.upload.value = _upload("duck.png", _png_bytes(load_image("duck")))
    assert explorer.message.value == ""
    assert explorer.results[0][0].endswith("duck.jpg")
    explorer.upload.value = _upload("notes.png", b"not a photo")
    assert "Could not use the upload" in explorer.message.value
    assert explorer.results[0][0].endswith("duck.jpg")       # the previous results stay
    explorer.upload.value = _upload("blink.gif", _animated_gif_bytes())
    assert explorer.message.value == GIF_NOTE                # searched, with a note


def test_search_explorer_starts_from_the_given_query(opening_index):
    from imgsim_helpers import search_explorer

    explorer = search_explorer(opening_index, k=2, query="swans.jpg")
    assert explorer.query_photo.value == "swans.jpg" and explorer.results[0][0].endswith("swans.jpg")
    with pytest.raises(ValueError, match="not in the index"):
        search_explorer(opening_index, query="pigeon.png")


def test_search_explorer_starts_with_the_given_metric_and_names_the_descriptor():
    from imgsim_helpers import DATA_DIR, build_index, search_explorer

    index = build_index(DATA_DIR / "opening", descriptor="regions", progress=False)
    explorer = search_explorer(index, k=2, metric="manhattan")
    assert explorer.metric.value == "manhattan"
    assert explorer.results == index.query(str(index.folder / index.files[0]), k=2, metric="manhattan")
    assert "regions + manhattan" in explorer.figure._suptitle.get_text()
    explorer.metric.value = "emd"                       # regions are 1-D histograms: EMD applies
    assert explorer.message.value == ""
    with pytest.raises(ValueError, match="unknown metric 'L3'"):
        search_explorer(index, metric="L3")


def test_search_explorer_explains_a_metric_the_descriptor_cannot_use():
    from imgsim_helpers import DATA_DIR, build_index, search_explorer

    explorer = search_explorer(build_index(DATA_DIR / "opening", descriptor="joint", progress=False))
    explorer.metric.value = "emd"
    assert "emd compares histograms over ordered values" in explorer.message.value
