"""Every helper's docstring example runs and prints what it shows (a learner copies them)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import imgsim_helpers

MODULES = sorted(info.name for info in pkgutil.walk_packages(imgsim_helpers.__path__, "imgsim_helpers.")
                 if not info.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_the_docstrings_run_as_shown(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples print something else"
