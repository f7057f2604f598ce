"""tools/time_tests.py, the script the README's Tests section names: how it reads the processor time."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("time_tests", ROOT / "tools" / "time_tests.py")
time_tests = importlib.util.module_from_spec(spec)
spec.loader.exec_module(time_tests)


def test_busy_seconds_adds_every_busy_column_and_leaves_idle_and_waiting_out(tmp_path):
    stat = tmp_path / "stat"
    ticks = os.sysconf("SC_CLK_TCK")
    #                 user nice system idle  iowait irq softirq steal
    stat.write_text(f"cpu  {3 * ticks} {ticks} {2 * ticks} 99999 777 {ticks} {ticks} 0 0 0\ncpu0 1 2 3 4 5 6 7\n")
    assert time_tests.busy_seconds(stat) == 8.0


def test_busy_seconds_is_none_without_the_file(tmp_path):
    assert time_tests.busy_seconds(tmp_path / "no-such-stat") is None


def test_busy_seconds_counts_this_process_working():
    before = time_tests.busy_seconds()
    if before is None:
        pytest.skip("no /proc/stat: not Linux")
    end = time.process_time() + 0.3
    while time.process_time() < end:       # 0.3 s of this process's own processor time
        pass
    assert time_tests.busy_seconds() - before >= 0.25   # every core counts: at least this process's work
