"""The command line: validate, schema, new-bank, --version, --data-dir, --smoke-test."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import __version__
from quizapp.cli import main
from quizapp.core import paths
from tests.banktext import bank


def run(*args: str, env: dict | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"QuizApp {__version__}"


def test_validate_good_banks_exits_0(write_bank, capsys):
    path = write_bank(bank())
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 banks, 7 questions, 0 errors"


def test_validate_prints_every_problem_and_exits_1(write_bank, capsys):
    good = write_bank(bank(bank_id="good"), "good.yaml")
    bad = write_bank(bank("single", bank_id="bad").replace("type: single", "type: essay")
                     .replace("as_of: 2025-09-05", "as_of: 2025-02-30"), "bad.yaml")
    assert main(["validate", str(good.parent)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{bad}:4:8: as_of: 2025-02-30 is not a real date",
                   f"{bad}:13:11: question 'q-single': unknown question type 'essay'; use one of: "
                   "single, multiple, true_false, short, numeric, order, match",
                   "2 banks, 7 questions, 2 errors"]


def test_validate_strict(write_bank, capsys):
    path = write_bank(bank("single").replace('    explanation: "He came after the SCO summit."\n',
                                             ""))
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    assert "question 'q-single' has no explanation" in capsys.readouterr().out


def test_validate_usage_errors_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["validate", "--bogus"])
    assert info.value.code == 2


def test_validate_defaults_to_bundled_and_user_banks(data_dir, write_bank, capsys):
    write_bank(bank(bank_id="my-own"), folder=paths.user_banks_dir(data_dir))
    bundled = len(list(paths.bundled_banks_dir().glob("*.yaml")))
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"{bundled + 1} banks, ")


def test_schema_is_json_schema_of_the_format(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) == {"format", "id", "title", "as_of", "questions"}
    assert schema["additionalProperties"] is False
    assert "true_false" in json.dumps(schema)


def test_new_bank_writes_a_starter_that_validates_strictly(tmp_path, capsys):
    target = tmp_path / "sub" / "My Bank.yaml"
    assert main(["new-bank", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "id: my-bank" in text and text.count("  - id: ") == 7
    assert main(["validate", "--strict", str(target)]) == 0
    assert main(["new-bank", str(target)]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err


def test_data_dir_option_beats_environment(tmp_path):
    env = {paths.DATA_DIR_ENV: str(tmp_path / "env")}
    assert paths.resolve_data_dir(None, env) == tmp_path / "env"
    assert paths.resolve_data_dir(tmp_path / "opt", env) == tmp_path / "opt"
    assert paths.resolve_data_dir(None, {}).name in ("QuizApp", "quizapp")


def test_smoke_test_starts_the_app_and_exits(tmp_path, write_bank):
    data = tmp_path / "data"
    write_bank(bank(bank_id="user-bank"), folder=data / "banks")
    result = run("--data-dir", str(data), "--smoke-test", env={"QT_QPA_PLATFORM": "offscreen"},
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    bundled = len(list(paths.bundled_banks_dir().glob("*.yaml")))
    match = re.fullmatch(r"ready in \d+ ms: (\d+) banks, (\d+) questions", result.stdout.strip())
    assert match and int(match[1]) == bundled + 1
    # Everything was saved before the fast exit: the score database closed (SQLite removes its
    # log then), the window's place written to the settings.
    assert not (data / "scores.sqlite3-wal").exists()
    settings = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert len(base64.b64decode(settings["geometry"])) > 40


def test_smoke_test_fails_loudly_without_a_display(tmp_path):
    result = run("--data-dir", str(tmp_path), "--smoke-test",
                 env={"QT_QPA_PLATFORM": "nosuchplatform"}, cwd=tmp_path)
    assert result.returncode != 0
    assert "ready in" not in result.stdout
