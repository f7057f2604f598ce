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


def test_last_of_group_is_the_test_before_another_kind_or_the_end():
    def in_group(item):
        return item.startswith("nb")

    assert required.last_of_group("nb1", "test_a", in_group)
    assert required.last_of_group("nb1", None, in_group)
    assert not required.last_of_group("nb1", "nb2", in_group)
    assert not required.last_of_group("test_a", "test_b", in_group)   # not in the group at all


@pytest.mark.maintainers   # starts Chromium: the browser tests' own machinery, checked by make test
def test_a_shared_chromium_is_one_browser_until_closed_then_starts_again():
    required.require_browser()
    shared = required.SharedChromium(lambda playwright: playwright.chromium.launch(
        executable_path=str(required.CHROMIUM), headless=True, args=["--no-sandbox"]))
    try:
        first = shared.get()
        assert shared.get() is first and first.is_connected()
        shared.close()
        assert not first.is_connected()
        again = shared.get()
        assert again is not first and again.is_connected()
    finally:
        shared.close()
