"""The README's code blocks, read by the install tests."""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def readme_block(after: str, language: str) -> list[str]:
    """The lines of the first ``language`` code block after the text ``after``."""
    start = README.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(README, start)
    assert match, f"no {language} block after {after!r}"
    return [line for line in match.group(1).splitlines() if line.strip()]
