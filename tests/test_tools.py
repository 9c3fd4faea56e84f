"""The screenshot tools still run against the real app (the README's pictures come from them)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import REPO


@pytest.mark.parametrize(("tool", "expected"), [
    ("show_screenshots.py", {"show-reveal.png": (1280, 720), "show-podium.png": (1280, 720)}),
    ("screenshots.py", {"library.png": None, "results.png": None}),
    ("teacher_screenshots.py", {"teacher-results.png": None}),
])
def test_screenshot_tool_renders_its_screens(tmp_path, tool, expected):
    result = subprocess.run([sys.executable, str(REPO / "tools" / tool), str(tmp_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    for name, size in expected.items():
        image = QImage(str(tmp_path / name))
        assert not image.isNull(), name
        if size is not None:
            assert (image.width(), image.height()) == size
