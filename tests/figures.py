"""What every figure test asks of a figure, and a clean slate of figures (shared by the plotting tests)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure


def assert_labelled(fig) -> None:
    """A Figure whose every visible axes (colour bars aside) has a title, an x label and a y label."""
    assert isinstance(fig, Figure)
    visible = [ax for ax in fig.axes if ax.axison and ax.get_label() != "<colorbar>"]
    assert visible
    for ax in visible:
        assert ax.get_title().strip(), "missing title"
        assert ax.get_xlabel().strip(), "missing x label"
        assert ax.get_ylabel().strip(), "missing y label"


@pytest.fixture(autouse=True)
def no_open_figures():
    """Every test starts and ends with no figure open (autouse wherever it is imported)."""
    plt.close("all")
    yield
    plt.close("all")
