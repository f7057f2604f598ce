"""Check that everything the course needs is installed: a tick or a cross per item."""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import sys
from pathlib import Path

__all__ = ["REQUIRED_PACKAGES", "check_setup"]

#: Import name and what it is for, for every package the course uses.
REQUIRED_PACKAGES = {
    "numpy": "arrays and fast arithmetic",
    "PIL": "reading photos (Pillow)",
    "matplotlib": "figures",
    "ipywidgets": "sliders and buttons",
    "jupyterlab": "the JupyterLab app",
    "jupyterlab_widgets": "lets JupyterLab draw sliders",
}

#: The app that runs the notebook, not something a notebook imports: looked up, not imported
#: (importing JupyterLab in a notebook takes a second or two and gives it nothing).
NOT_IMPORTED = {"jupyterlab"}

WIDGETS_LABEXTENSION = Path("share", "jupyter", "labextensions", "@jupyter-widgets", "jupyterlab-manager")


def _version(name: str) -> tuple[bool, str]:
    """Import ``name`` (or, for :data:`NOT_IMPORTED`, find it); return (ok, version or the reason it failed)."""
    if name in NOT_IMPORTED:
        if importlib.util.find_spec(name) is None:
            return False, f"not installed (no module named {name!r})"
        try:
            return True, importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return True, "installed"
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        return False, f"not installed ({exc})"
    return True, str(getattr(module, "__version__", "installed"))


def check_setup(verbose: bool = True) -> dict[str, bool]:
    """Check the course's packages, the widgets extension and the photos.

    Parameters
    ----------
    verbose : bool, optional
        Print one line per item, with a tick (OK) or a cross (problem)
        and what to do about a problem. Default ``True``.

    Returns
    -------
    dict of str to bool
        Each item checked and whether it is OK.

    Notes
    -----
    Sliders need ``jupyterlab_widgets`` installed in the **same** Python
    environment as JupyterLab. If a slider shows up as text such as
    ``IntSlider(value=0)`` or "Error displaying widget", stop JupyterLab and
    start it again with ``make lab``, which runs it from the course's own
    environment where both are installed.
    """
    results: dict[str, bool] = {}
    lines = []
    for name, purpose in REQUIRED_PACKAGES.items():
        ok, detail = _version(name)
        results[name] = ok
        lines.append((ok, f"{name} {detail}: {purpose}"))
    extension = Path(sys.prefix) / WIDGETS_LABEXTENSION
    results["widgets extension"] = extension.is_dir()
    lines.append((extension.is_dir(), f"widgets extension for JupyterLab in {sys.prefix}"))
    from .samples import DATA_DIR

    manifest = DATA_DIR / "manifest.csv"
    results["photos"] = manifest.is_file()
    lines.append((manifest.is_file(), f"course photos in {DATA_DIR}"))
    if verbose:
        for ok, text in lines:
            print(("\u2714 " if ok else "\u2718 ") + text)
        if all(results.values()):
            print("All set: every check passed.")
        else:
            print(
                "Something is missing. From the course folder, run `make lab` in a terminal: "
                "it installs what the course needs into .venv and starts JupyterLab from there "
                "(without make: the commands of README.md, 'Set-up')."
            )
    return results
