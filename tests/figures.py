"""What every figure test asks of a figure (shared by the plotting tests)."""

from __future__ import annotations

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
