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


#: Machado, Oliveira & Fernandes (2009), deuteranopia at severity 1.0, for linear RGB.
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968),
                (0.280085, 0.672501, 0.047413),
                (-0.011820, 0.042940, 0.968881))


def simulate_deuteranopia(rgb):
    """An ``(H, W, 3)`` uint8 picture as a person with deuteranopia sees it (Machado et al. 2009).

    The matrix applies to linear light, so the sRGB values are linearised first and
    encoded again after.
    """
    import numpy as np

    srgb = np.asarray(rgb, dtype=float)[..., :3] / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    seen = np.clip(linear @ np.asarray(DEUTERANOPIA).T, 0, 1)
    encoded = np.where(seen <= 0.0031308, seen * 12.92, 1.055 * seen ** (1 / 2.4) - 0.055)
    return np.round(encoded * 255).astype(np.uint8)


def render(fig):
    """``fig`` drawn as an ``(H, W, 3)`` uint8 array."""
    import numpy as np

    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
