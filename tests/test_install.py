"""A real, non-editable install in a fresh virtual environment finds its banks and assets."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import BUNDLED, REPO


def test_wheel_install_from_another_folder(tmp_path):
    env_dir = tmp_path / "venv"
    # System site packages only for the heavy dependencies (Qt); quizapp itself comes from
    # the wheel built here, and the test checks that it is the copy inside the venv.
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-build-isolation", str(REPO)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "QUIZAPP_DATA_DIR": str(tmp_path / "data")}
    where = subprocess.run([str(python), "-c", "import quizapp; print(quizapp.__file__)"],
                           capture_output=True, text=True, cwd=elsewhere, env=env)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout + where.stderr

    banks = len(list(BUNDLED.glob("*.yaml")))
    assert banks >= 8
    validate = subprocess.run([str(python), "-m", "quizapp", "validate"], capture_output=True,
                              text=True, cwd=elsewhere, env=env)
    assert validate.stdout.splitlines()[-1].startswith(f"{banks} banks, "), validate.stdout
    smoke = subprocess.run([str(python), "-m", "quizapp", "--smoke-test"], capture_output=True,
                           text=True, cwd=elsewhere, env=env, timeout=120)
    assert smoke.returncode == 0, smoke.stderr
    assert re.fullmatch(rf"ready in \d+ ms: {banks} banks, \d+ questions", smoke.stdout.strip())
    installed = Path(where.stdout.strip()).parent / "_bundled"
    assert sorted(p.name for p in (installed / "questions").glob("*.yaml")) == \
        sorted(p.name for p in BUNDLED.glob("*.yaml"))
    assert (installed / "assets").is_dir()
