"""``quizapp export``: quizzes, answers and a class's results to CSV from the command line,
with the teacher PIN for a class, clear messages, and nothing written or created on a mistake."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core import paths
from quizapp.core.loader import load_library
from quizapp.core.pin import PinGuard
from quizapp.core.store import DB_NAME, ScoreStore
from tests.banktext import bank as bank_text
from tests.conftest import REPO
from tests.scoredata import StoreClock, play
from tests.test_architecture import BLOCK_QT_AND_IMPORT_CORE

PIN = "4821"


@pytest.fixture(scope="module")
def bundled():
    library = load_library([paths.bundled_banks_dir()])
    assert library.banks and not library.failures
    return library.banks


@pytest.fixture
def data(tmp_path, bundled) -> Path:
    """A data folder where Zoë finished two quizzes and 김민준 one; both are in class 9B."""
    folder = tmp_path / "data"
    bank = bundled[0]
    with ScoreStore.open(folder, daily_backup=False, clock=StoreClock()) as store:
        zoe, min_jun = store.add_player("Zoë"), store.add_player("김민준")
        play(store, zoe.id, [bank], seed=1)
        play(store, zoe.id, [bank], seed=2, is_right=lambda item: False)
        play(store, min_jun.id, [bank], seed=3, answer_count=3)
        nine_b = store.add_class("9B")
        store.set_members(nine_b.id, [zoe.id, min_jun.id])
    return folder


def read(path: Path, delimiter: str = ",") -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # what the app's own exports write
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                           delimiter=delimiter))


def set_pin(folder: Path) -> None:
    with ScoreStore.open(folder, daily_backup=False) as store:
        PinGuard.for_store(store).set_pin(PIN)


def test_quizzes_of_everybody_or_of_one_player(data, tmp_path, capsys, bundled):
    everybody = tmp_path / "all.csv"
    assert main(["--data-dir", str(data), "export", "quizzes", str(everybody)]) == 0
    assert capsys.readouterr().out == f"Exported 3 quizzes to {everybody}.\n"
    rows = read(everybody)
    assert rows[0][:3] == ["attempt_id", "attempt_uuid", "player"]
    assert sorted(r[2] for r in rows[1:]) == ["Zoë", "Zoë", "김민준"]

    zoe = tmp_path / "zoe.csv"  # --data-dir after the command; the name ignoring case
    assert main(["export", "quizzes", str(zoe), "--player", "ZOË", "--data-dir", str(data)]) == 0
    rows = read(zoe)
    assert [r[2] for r in rows[1:]] == ["Zoë", "Zoë"]
    percent = rows[0].index("percent")
    assert sorted(float(r[percent]) for r in rows[1:]) == [0.0, 100.0]
    assert {r[rows[0].index("banks")] for r in rows[1:]} == {bundled[0].id}


def test_answers_with_semicolons(data, tmp_path, capsys, bundled):
    target = tmp_path / "answers.csv"
    code = main(["--data-dir", str(data), "export", "answers", str(target), "--player", "김민준",
                 "--semicolon"])
    assert code == 0
    assert capsys.readouterr().out == f"Exported 3 answers to {target}.\n"
    rows = read(target, delimiter=";")
    assert len(rows) == 4 and rows[0][2] == "player"
    assert {r[2] for r in rows[1:]} == {"김민준"}
    question_ids = {q.id for q in bundled[0].questions}
    assert {r[5] for r in rows[1:]} <= question_ids


def test_a_class_asks_for_the_teacher_pin(data, tmp_path, capsys, bundled):
    set_pin(data)
    target = tmp_path / "9b.csv"
    args = ["--data-dir", str(data), "export", "class", "9b", str(target), "--try", "best"]
    from quizapp import cli_export

    assert cli_export.run(_parse(args), data, read_pin=lambda: "0000") == 1
    assert "wrong teacher PIN" in capsys.readouterr().err
    assert not target.exists()

    assert cli_export.run(_parse(args), data, read_pin=lambda: PIN) == 0
    assert capsys.readouterr().out == (f"Exported 2 students of 9B to {target} "
                                       "(best try of each quiz).\n")
    rows = read(target)
    header = rows[0]
    assert header[:2] == ["student", "nickname"]
    assert header[2].startswith(bundled[0].title)  # the bank's title, not its id
    assert header[-2:] == ["quizzes_taken", "average_percent"]
    assert {r[0]: r[2] for r in rows[1:]} == {"Zoë": "100", "김민준": "100"}


def _parse(args: list[str]):
    from quizapp.cli import _parser

    return _parser().parse_args(args)


def test_the_pin_from_a_script_and_too_many_wrong_ones(data, tmp_path):
    set_pin(data)
    target = tmp_path / "9b.csv"
    command = [sys.executable, "-m", "quizapp", "--data-dir", str(data), "export", "class", "9B",
               str(target)]

    def export(stdin: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=REPO,
                              env={**os.environ}, timeout=120)

    done = export(PIN + "\n")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("Exported 2 students of 9B")
    target.unlink()
    assert "none was given" in export("").stderr
    for _ in range(3):  # the free tries
        assert "wrong teacher PIN" in export("1111\n").stderr
    locked = export(PIN + "\n")  # then even the right PIN waits, as in the app
    assert locked.returncode == 1 and "Too many wrong PINs" in locked.stderr
    assert "Traceback" not in locked.stderr and not target.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["quizzes", "{out}", "--player", "Nobody"],
     "no player is named 'Nobody' (players: Zoë, 김민준)"),
    (["quizzes", "{out}", "--player", ""], "no player is named ''"),
    (["class", "10A", "{out}"], "no class is named '10A' (classes: 9B)"),
])
def test_unknown_names_are_listed_and_nothing_is_written(data, tmp_path, capsys, args,
                                                         message):
    out = tmp_path / "out.csv"
    assert main(["--data-dir", str(data), "export", *[a.format(out=out) for a in args]]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_never_writes_over_a_file_that_is_not_csv(data, tmp_path, capsys):
    database = data / DB_NAME
    before = database.read_bytes()
    assert main(["--data-dir", str(data), "export", "answers", str(database)]) == 2
    assert "must end in .csv" in capsys.readouterr().err
    assert database.read_bytes() == before


def test_a_folder_without_scores_gets_no_database(tmp_path, capsys):
    folder = tmp_path / "empty"
    assert main(["--data-dir", str(folder), "export", "quizzes", str(tmp_path / "x.csv")]) == 1
    assert "no scores yet" in capsys.readouterr().err
    assert not (folder / DB_NAME).exists() and not (tmp_path / "x.csv").exists()


def test_an_unwritable_target_is_said_plainly(data, tmp_path, capsys):
    target = tmp_path / "no such folder" / "out.csv"
    assert main(["--data-dir", str(data), "export", "quizzes", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quizapp export: nothing was exported: ") and "Traceback" not in err


def test_export_needs_no_qt(data, tmp_path):
    target = tmp_path / "q.csv"
    code = BLOCK_QT_AND_IMPORT_CORE.replace("print('ok')", f"""
from quizapp.cli import main
assert main(['--data-dir', {str(data)!r}, 'export', 'quizzes', {str(target)!r}]) == 0
""")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_banks_as_moodle_xml(tmp_path, capsys, bundled, write_bank):
    every = tmp_path / "all.xml"
    assert main(["--data-dir", str(tmp_path / "d"), "export", "moodle", str(every)]) == 0
    total = sum(len(b.questions) for b in bundled)
    assert capsys.readouterr().out == (f"Exported {total} questions of {len(bundled)} banks "
                                       f"to {every}.\n")
    mine = write_bank(bank_text(bank_id="mine"), folder=tmp_path / "elsewhere")
    two = tmp_path / "two.xml"
    code = main(["--data-dir", str(tmp_path / "d"), "export", "moodle", str(two),
                 "--bank", bundled[0].id, "--bank", str(mine), "--bank", bundled[0].id])
    assert code == 0
    categories = [q.find("category/text").text for q in ET.parse(two).getroot()
                  if q.get("type") == "category"]
    assert categories == [f"$course$/top/QuizApp/{bundled[0].title}",
                          "$course$/top/QuizApp/Test bank"]


def test_moodle_export_mistakes_are_said_and_write_nothing(tmp_path, capsys, write_bank):
    out = tmp_path / "out.xml"
    data = ["--data-dir", str(tmp_path / "d"), "export", "moodle"]
    assert main([*data, str(tmp_path / "out.csv")]) == 2
    assert "must end in .xml" in capsys.readouterr().err
    assert main([*data, str(out), "--bank", "no-such-bank"]) == 1
    assert "no bank has the id 'no-such-bank' (banks: " in capsys.readouterr().err
    broken = write_bank(bank_text().replace("type: single", "type: singel"),
                        folder=tmp_path / "elsewhere")
    assert main([*data, str(out), "--bank", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:" in err and "nothing was exported" in err and "Traceback" not in err
    assert not out.exists()
