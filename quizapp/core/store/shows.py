"""Classroom quiz shows in the score store: the show, its teams, and the marks of each question.

A mixin of ``ScoreStore`` (it uses the store's ``_transact``, ``_query``, ``_now`` and
``client``), kept apart so the quiz code and the show code can change without touching each
other. The same durability rules hold: each write is one short transaction (``BEGIN IMMEDIATE``
on SQLite), committed before the method returns. Totals are added up from the marks in SQL.
"""

from __future__ import annotations

import json
import math
import uuid as uuidlib
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, case, func, insert, select, update

from quizapp.core.store.errors import NotFound, ShowClosed
from quizapp.core.store.models import (
    QuestionMarks,
    ShowRecord,
    ShowResults,
    ShowSummary,
    TeamScore,
)
from quizapp.core.store.schema import show_marks, show_teams, shows

MIN_TEAMS, MAX_TEAMS = 2, 8
TEAM_NAME_MAX = 40
_MAX_INT64 = 2**63 - 1

T = TypeVar("T")


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def _text(value: Any, what: str, max_length: int) -> str:
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise ValueError(f"{what} must be text of 1 to {max_length} characters, not {value!r}")
    return value


def _dump(value: Any, what: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be plain JSON data (text, numbers, lists...): {exc}") \
            from None


class ShowMixin:
    """The quiz-show verbs of ``ScoreStore``; see ``docs/store.md``."""

    client: str | None
    _transact: Callable[..., Any]
    _query: Callable[..., Any]
    _now: Callable[[], datetime]
    _end_row: Callable[..., None]

    def start_show(self, *, settings: dict, seed: int, banks: list[tuple[str, date]],
                   question_keys: list[tuple[str, str]], teams: Sequence[str]) -> ShowRecord:
        """Record a new show, with its teams, before its first question is shown."""
        if not isinstance(settings, dict):
            raise ValueError("settings must be a dict")
        settings_json = _dump(settings, "settings")
        if isinstance(seed, bool) or not isinstance(seed, int) or abs(seed) > _MAX_INT64:
            raise ValueError("seed must be an integer that fits in 64 bits")
        bank_list = []
        for bank_id, as_of in banks:
            if isinstance(as_of, datetime):
                as_of = as_of.date()
            if not isinstance(as_of, date):
                raise ValueError(f"the as_of of bank {bank_id!r} must be a date")
            bank_list.append({"id": _text(bank_id, "a bank id", 80), "as_of": as_of.isoformat()})
        keys = [(_text(b, "a bank id", 80), _text(q, "a question id", 80))
                for b, q in question_keys]
        if not keys:
            raise ValueError("a show needs at least one question")
        if len(set(keys)) != len(keys):
            raise ValueError("question_keys lists a question twice; a show asks each once")
        names = [_text(t, "a team name", TEAM_NAME_MAX) for t in teams]
        if not MIN_TEAMS <= len(names) <= MAX_TEAMS:
            raise ValueError(f"a show has {MIN_TEAMS} to {MAX_TEAMS} teams, not {len(names)}")
        if len({n.casefold() for n in names}) != len(names):
            raise ValueError("two teams have the same name")
        row_uuid = str(uuidlib.uuid4())

        def start(conn: Connection) -> ShowRecord:
            now = self._now()
            result = conn.execute(insert(shows).values(
                uuid=row_uuid, settings=settings_json, seed=seed,
                banks=_dump(bank_list, "banks"), question_keys=_dump(keys, "keys"),
                question_count=len(keys), started_at=now, ended_at=None, abandoned=0,
                client=self.client))
            show_id = result.inserted_primary_key[0]
            conn.execute(insert(show_teams), [{"show_id": show_id, "position": i, "name": n}
                                              for i, n in enumerate(names)])
            return ShowRecord(show_id, row_uuid, json.loads(settings_json), seed,
                              [(b["id"], date.fromisoformat(b["as_of"])) for b in bank_list],
                              keys, names, _utc(now), None, False, self.client)
        return self._transact(start)

    def record_marks(self, show_id: int, *, bank_id: str, question_id: str, content_hash: str,
                     points: float, doubled: bool, correct: Sequence[bool]) -> bool:
        """Store which teams got one revealed question right; on disk when this returns.

        ``correct`` has one flag per team, in team order. Idempotent: recording the same marks
        again changes nothing and returns False; other marks replace the stored ones (the
        teacher corrected a mark) and return True. Raises ``ShowClosed`` once the show is
        finished or abandoned, ``ValueError`` for a question the show does not ask.
        """
        _text(bank_id, "bank_id", 80)
        _text(question_id, "question_id", 80)
        if not isinstance(content_hash, str) or len(content_hash) > 64:
            raise ValueError("content_hash must be text of at most 64 characters")
        if isinstance(points, bool) or not isinstance(points, int | float) \
                or not math.isfinite(points) or points < 0:
            raise ValueError(f"points must be a finite number >= 0, not {points!r}")
        flags = [bool(c) for c in correct]
        points = float(points)

        def record(conn: Connection) -> bool:
            show = conn.execute(select(shows.c.question_keys, shows.c.ended_at,
                                       shows.c.abandoned).where(shows.c.id == show_id)).first()
            if show is None:
                raise NotFound(f"No quiz show with id {show_id}.")
            keys = [tuple(k) for k in json.loads(show.question_keys)]
            if (bank_id, question_id) not in keys:
                raise ValueError(f"question {bank_id}/{question_id} is not in show {show_id}")
            position = keys.index((bank_id, question_id))
            teams = conn.execute(select(show_teams.c.id).where(show_teams.c.show_id == show_id)
                                 .order_by(show_teams.c.position)).scalars().all()
            if len(flags) != len(teams):
                raise ValueError(f"show {show_id} has {len(teams)} teams; got {len(flags)} "
                                 f"marks")
            stored = {r.team_id: r for r in conn.execute(
                select(show_marks.c.id, show_marks.c.team_id, show_marks.c.correct,
                       show_marks.c.points, show_marks.c.doubled, show_marks.c.content_hash)
                .where(show_marks.c.show_id == show_id, show_marks.c.bank_id == bank_id,
                       show_marks.c.question_id == question_id))}
            wanted = {team_id: (int(flag), points, int(bool(doubled)), content_hash)
                      for team_id, flag in zip(teams, flags, strict=True)}
            if all(team_id in stored and (stored[team_id].correct, stored[team_id].points,
                                          stored[team_id].doubled,
                                          stored[team_id].content_hash) == value
                   for team_id, value in wanted.items()):
                return False
            if show.ended_at is not None or show.abandoned:
                raise ShowClosed(f"Quiz show {show_id} is already "
                                 f"{'abandoned' if show.abandoned else 'finished'}.")
            now = self._now()
            for team_id, (flag, pts, dbl, chash) in wanted.items():
                if team_id in stored:
                    conn.execute(update(show_marks).where(show_marks.c.id == stored[team_id].id)
                                 .values(correct=flag, points=pts, doubled=dbl,
                                         content_hash=chash, marked_at=now))
                else:
                    conn.execute(insert(show_marks).values(
                        show_id=show_id, team_id=team_id, position=position, bank_id=bank_id,
                        question_id=question_id, content_hash=chash, points=pts, doubled=dbl,
                        correct=flag, marked_at=now))
            return True
        return self._transact(record)

    def finish_show(self, show_id: int) -> None:
        """Mark a show finished (the podium was shown). Finishing it again changes nothing."""
        self._end_row(shows, show_id, abandon=False, what="quiz show", closed=ShowClosed)

    def abandon_show(self, show_id: int) -> None:
        """Give up a show: kept among the past shows, no longer offered for resuming."""
        self._end_row(shows, show_id, abandon=True, what="quiz show", closed=ShowClosed)

    def show(self, show_id: int) -> ShowRecord:
        def read(conn: Connection) -> ShowRecord:
            row = conn.execute(select(shows).where(shows.c.id == show_id)).first()
            if row is None:
                raise NotFound(f"No quiz show with id {show_id}.")
            return self._show_record(conn, row)
        return self._query(read)

    def unfinished_show(self) -> ShowRecord | None:
        """The latest show that was neither finished nor abandoned: to resume."""
        def read(conn: Connection) -> ShowRecord | None:
            row = conn.execute(
                select(shows).where(shows.c.ended_at.is_(None), shows.c.abandoned == 0)
                .order_by(shows.c.started_at.desc(), shows.c.id.desc()).limit(1)).first()
            return None if row is None else self._show_record(conn, row)
        return self._query(read)

    def shows(self, *, include_unfinished: bool = False, limit: int | None = None,
              offset: int = 0) -> list[ShowSummary]:
        """Past shows, newest first (also unfinished and abandoned ones with
        ``include_unfinished``), with every team's total from the marks."""
        q = select(shows)
        if not include_unfinished:
            q = q.where(shows.c.ended_at.is_not(None), shows.c.abandoned == 0)
        q = q.order_by(shows.c.started_at.desc(), shows.c.id.desc())
        if limit is not None:
            q = q.limit(limit).offset(offset)

        def read(conn: Connection) -> list[ShowSummary]:
            rows = conn.execute(q).all()
            ids = [r.id for r in rows]
            teams = self._team_scores(conn, ids)
            revealed = dict(conn.execute(
                select(show_marks.c.show_id,
                       func.count(func.distinct(show_marks.c.position)))
                .where(show_marks.c.show_id.in_(ids)).group_by(show_marks.c.show_id)).all()) \
                if ids else {}
            return [ShowSummary(
                id=r.id, uuid=r.uuid, started_at=_utc(r.started_at), ended_at=_utc(r.ended_at),
                abandoned=bool(r.abandoned), bank_ids=[b["id"] for b in json.loads(r.banks)],
                questions=r.question_count, revealed=int(revealed.get(r.id, 0)),
                teams=teams.get(r.id, []), client=r.client) for r in rows]
        return self._query(read)

    def show_results(self, show_id: int) -> ShowResults:
        """The show, its teams' totals, and the marks of every revealed question in order."""
        def read(conn: Connection) -> ShowResults:
            row = conn.execute(select(shows).where(shows.c.id == show_id)).first()
            if row is None:
                raise NotFound(f"No quiz show with id {show_id}.")
            record = self._show_record(conn, row)
            marks = conn.execute(
                select(show_marks, show_teams.c.position.label("team"))
                .join_from(show_marks, show_teams, show_teams.c.id == show_marks.c.team_id)
                .where(show_marks.c.show_id == show_id)
                .order_by(show_marks.c.position, show_teams.c.position)).all()
            questions: list[QuestionMarks] = []
            by_position: dict[int, list[Any]] = {}
            for m in marks:
                by_position.setdefault(m.position, []).append(m)
            for position, group in sorted(by_position.items()):
                flags = [False] * len(record.teams)
                for m in group:
                    flags[m.team] = bool(m.correct)
                first = group[0]
                questions.append(QuestionMarks(
                    position, first.bank_id, first.question_id, first.content_hash,
                    float(first.points), bool(first.doubled), tuple(flags),
                    _utc(max(m.marked_at for m in group))))
            return ShowResults(record, self._team_scores(conn, [show_id]).get(show_id, []),
                               questions)
        return self._query(read)

    @staticmethod
    def _team_scores(conn: Connection, show_ids: list[int]) -> dict[int, list[TeamScore]]:
        if not show_ids:
            return {}
        t, m = show_teams, show_marks
        rows = conn.execute(
            select(t.c.show_id, t.c.position, t.c.name,
                   func.coalesce(func.sum(case((m.c.correct == 1, m.c.points), else_=0.0)),
                                 0.0).label("points"),
                   func.coalesce(func.sum(m.c.correct), 0).label("correct"))
            .select_from(t).outerjoin(m, m.c.team_id == t.c.id)
            .where(t.c.show_id.in_(show_ids))
            .group_by(t.c.show_id, t.c.position, t.c.name, t.c.id)
            .order_by(t.c.show_id, t.c.position)).all()
        result: dict[int, list[TeamScore]] = {}
        for r in rows:
            result.setdefault(r.show_id, []).append(
                TeamScore(int(r.position), r.name, float(r.points), int(r.correct)))
        return result

    @staticmethod
    def _show_record(conn: Connection, row: Any) -> ShowRecord:
        teams = conn.execute(select(show_teams.c.name).where(show_teams.c.show_id == row.id)
                             .order_by(show_teams.c.position)).scalars().all()
        return ShowRecord(
            id=row.id, uuid=row.uuid, settings=json.loads(row.settings), seed=int(row.seed),
            banks=[(b["id"], date.fromisoformat(b["as_of"])) for b in json.loads(row.banks)],
            question_keys=[(b, q) for b, q in json.loads(row.question_keys)], teams=list(teams),
            started_at=_utc(row.started_at), ended_at=_utc(row.ended_at),
            abandoned=bool(row.abandoned), client=row.client)
