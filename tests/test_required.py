"""required.missing: a missing tool skips the test on a learner's machine and fails it under CI=true."""

from __future__ import annotations

import pytest

import required


def test_a_missing_tool_skips_with_its_reason(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no such tool: install it"):
        required.missing("no such tool: install it")


def test_under_ci_a_missing_tool_fails_the_run(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"no such tool: install it \(CI=true: a missing tool fails"):
        required.missing("no such tool: install it")


def test_require_browser_names_chromium_when_it_is_missing(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(required, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.skip.Exception, match="no-chromium is missing: `make test` installs Debian's chromium"):
        required.require_browser()
