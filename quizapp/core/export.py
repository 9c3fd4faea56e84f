"""CSV exports of the history, of every answer and of quiz shows, for spreadsheets.

UTF-8 with a byte order mark, so spreadsheet programs show accents, Korean and Chinese right.
Written atomically: the file on disk is the old complete one or the new complete one.
Times are the computer's local time. Text cells that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@`` at the start) get a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.core.atomic import replacing
from quizapp.core.store import ScoreStore

COMMA, SEMICOLON = ",", ";"  # a spreadsheet set to a decimal comma wants semicolons
ATTEMPT_COLUMNS = [
    "attempt_id", "attempt_uuid", "player", "mode", "status", "started", "ended", "banks",
    "questions", "answered", "points", "max_points", "percent", "seconds", "computer",
]
ANSWER_COLUMNS = [
    "attempt_id", "attempt_uuid", "player", "mode", "bank_id", "question_id", "content_hash",
    "response", "score", "points", "max_points", "seconds", "answered",
]
SHOW_COLUMNS = [
    "show_id", "show_uuid", "started", "status", "question_number", "bank_id", "question_id",
    "question", "double_points", "points_worth", "team_number", "team", "correct", "points",
    "team_total", "team_place",
]
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")


class ExportError(OSError):
    """The export file could not be written; the message says why in plain words."""


def export_attempts_csv(store: ScoreStore, path: Path, player_id: int | None = None, *,
                        delimiter: str = ",") -> int:
    """Every quiz (finished, unfinished, abandoned) of one player or all, newest first.
    Returns the number of rows."""
    rows = ([a.id, a.uuid, a.player_name, a.mode, a.status, _time(a.started_at),
             _time(a.ended_at), " ".join(a.bank_ids), a.questions, a.answered,
             _num(a.points), _num(a.max_points),
             "" if a.percent is None else round(a.percent, 1), round(a.seconds, 1),
             a.client or ""]
            for a in store.attempts(player_id, include_unfinished=True))
    return write_csv_atomically(path, ATTEMPT_COLUMNS, rows, delimiter=delimiter)


def export_answers_csv(store: ScoreStore, path: Path, player_id: int | None = None, *,
                       delimiter: str = ",") -> int:
    """Every answer of one player or all, oldest first. Returns the number of rows."""
    log = store.iter_answer_log(player_id)
    try:
        rows = ([e.answer.attempt_id, e.attempt_uuid, e.player_name, e.mode,
                 e.answer.bank_id, e.answer.question_id, e.answer.content_hash,
                 _response(e.answer.response), _num(e.answer.score), _num(e.answer.points),
                 _num(e.answer.max_points), round(e.answer.seconds, 1),
                 _time(e.answer.answered_at)]
                for e in log)
        return write_csv_atomically(path, ANSWER_COLUMNS, rows, delimiter=delimiter)
    finally:
        log.close()


def export_show_csv(store: ScoreStore, show_id: int, path: Path, *,
                    question_text: Mapping[tuple[str, str], str]
                    | Callable[[str, str], str | None] | None = None,
                    delimiter: str = ",") -> int:
    """A quiz show's results, one row per team per revealed question, in question order.

    ``question_text`` maps (bank id, question id) to the prompt (a mapping or a function);
    the score store keeps no question text, so without it the column stays empty.
    ``correct`` is 1 or 0; ``points`` what the team earned; ``team_total`` and ``team_place``
    (equal totals share a place) repeat on each of the team's rows. Returns the number of rows.
    """
    from quizapp.core.show import places

    results = store.show_results(show_id)
    show = results.show
    if question_text is None:
        def text_of(_b: str, _q: str) -> str | None:
            return None
    elif callable(question_text):
        text_of = question_text
    else:
        def text_of(b: str, q: str) -> str | None:
            return question_text.get((b, q))
    totals = [t.points for t in results.teams]
    ranks = places(totals)
    rows = ([show.id, show.uuid, _time(show.started_at), show.status, q.position + 1,
             q.bank_id, q.question_id, text_of(q.bank_id, q.question_id) or "",
             int(q.doubled), _num(q.points), team + 1, show.teams[team], int(right),
             _num(q.points if right else 0), _num(totals[team]), ranks[team]]
            for q in results.questions for team, right in enumerate(q.correct))
    return write_csv_atomically(path, SHOW_COLUMNS, rows, delimiter=delimiter)


def write_csv_atomically(path: Path, header: list[str], rows: Iterable[list[Any]], *,
                         delimiter: str = ",") -> int:
    """Write a CSV file all-or-nothing: a temporary file in the same folder, flushed and
    synced, then renamed over ``path`` (and the folder synced)."""
    path = Path(path)
    count = 0
    try:
        with replacing(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=delimiter)
            writer.writerow(header)
            for row in rows:
                writer.writerow([_cell(v) for v in row])
                count += 1
    except PermissionError as exc:
        raise ExportError(
            exc.errno, f"Cannot write {path}: it is open in another program (a spreadsheet?) "
                       f"or the folder is read-only. Close the file and try again.") from exc
    except OSError as exc:
        raise ExportError(exc.errno, f"Cannot write {path}: {exc.strerror or exc}") from exc
    return count


def _time(value: datetime | None) -> str:
    return "" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def _response(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula is shown as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
