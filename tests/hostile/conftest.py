"""The reliability suite: hostile banks, crashes and broken disks (see docs/reliability.md)."""

from __future__ import annotations

from tests.hostile.figures import FIGURES, report


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    if FIGURES:
        terminalreporter.section("reliability figures")
        for line in report():
            terminalreporter.write_line(line)
