"""leaderboard(), plot_accuracies(), plot_table with missing cells, evaluation_set() (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest

from imgsim_helpers import (DATA_DIR, DESCRIPTORS, METRICS, describe, evaluate, evaluation_set,
                            leaderboard, load_image, plot_accuracies, plot_table, samples)


@pytest.fixture(scope="module")
def small():
    paths, labels = evaluation_set()
    chosen = list(range(0, len(paths), 7))
    return [load_image(paths[i]) for i in chosen], [labels[i] for i in chosen]


def test_evaluation_set_lists_the_big_set_and_samples_the_lessons():
    paths, labels = evaluation_set()
    assert len(paths) == len(labels) >= 200 and len(set(labels)) >= 8
    assert all(path.is_file() and path.parent.name == label for path, label in zip(paths, labels))
    assert list(zip(labels, [p.name for p in paths])) == sorted(zip(labels, [p.name for p in paths]))
    assert not any(row["file"].startswith("evaluation/") for row in samples())
    assert load_image("fish_01").shape[2] == 3            # its photos still load by name
    assert all(p.resolve().is_relative_to(DATA_DIR.resolve()) for p in paths)


def test_leaderboard_is_every_applicable_combination_best_first(small):
    photos, labels = small
    cache: dict[str, np.ndarray] = {}
    board = leaderboard(photos, labels, features=cache)
    applicable = sum(1 for d in DESCRIPTORS.values() for m in METRICS if not (m == "emd" and d.channels is None))
    assert len(board) == 2 * applicable
    assert [r.accuracy for r in board] == sorted((r.accuracy for r in board), reverse=True)
    assert set(cache) == set(DESCRIPTORS)
    combos = {(r.descriptor, r.metric, r.method) for r in board}
    assert ("joint", "emd", "neighbour") not in combos and ("rgb", "emd", "centroid") in combos
    one = next(r for r in board if (r.descriptor, r.metric, r.method) == ("edges", "cosine", "centroid"))
    again = evaluate(describe(photos, "edges"), labels, "cosine", descriptor="edges", method="centroid")
    assert one.correct.tolist() == again.correct.tolist()


def test_leaderboard_reuses_descriptions_and_checks_names(small, monkeypatch):
    photos, labels = small
    cache = {"rgb": describe(photos, "rgb")}
    import sys
    module = sys.modules["imgsim_helpers.measuring.leaderboard"]     # (the package's `leaderboard` is the function)

    def must_not_describe(*args, **kwargs):
        raise AssertionError("described again")

    monkeypatch.setattr(module, "describe", must_not_describe)
    board = leaderboard(photos, labels, descriptors=["rgb"], metrics=["manhattan"], features=cache)
    assert [(r.metric, r.method) for r in board] in ([("manhattan", "neighbour"), ("manhattan", "centroid")],
                                                     [("manhattan", "centroid"), ("manhattan", "neighbour")])
    with pytest.raises(ValueError, match="unknown metric 'L9'"):
        leaderboard(photos, labels, descriptors=["rgb"], metrics=["L9"], features=cache)
    with pytest.raises(ValueError, match="unknown descriptor 'colour'"):
        leaderboard(photos, labels, descriptors=["colour"], features=cache)


def test_plot_accuracies_draws_intervals_and_labels(small):
    photos, labels = small
    board = leaderboard(photos, labels, descriptors=["rgb", "edges"], metrics=["manhattan"])
    fig = plot_accuracies(board, "test", chance=board[0].chance, show=False)
    ax = fig.axes[0]
    assert ax.get_title() == "test" and "95% confidence interval" in ax.get_xlabel()
    labels_drawn = [t.get_text() for t in ax.get_yticklabels()]
    assert labels_drawn[0] == f"{board[0].descriptor} + manhattan" + (" (centroid)" if board[0].method == "centroid" else "")
    assert len(labels_drawn) == len(board)
    with pytest.raises(ValueError, match="at least one report"):
        plot_accuracies([], "empty")


def test_plot_table_marks_missing_cells():
    fig = plot_table(np.array([[0.5, np.nan]]), ["a"], ["x", "y"], "t", "x", "y", "accuracy", percent=True, show=False)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["50%", "n/a"]
