"""Classes in the score store: a teacher's lists of players, nicknames, and results per class.

A mixin of ``ScoreStore`` (it uses the store's ``_transact``, ``_query``, ``_read``, ``_now``
and ``_answer``), kept apart like the quiz-show verbs. The same durability rules hold: each
write is one short transaction (``BEGIN IMMEDIATE`` on SQLite), committed before the method
returns; a roster import is one transaction, so it is stored whole or not at all. Results are
added up from the stored answers in SQL, never kept in counters.

A player can be in several classes, or in none; deleting a class keeps its players and their
scores. Class names are unique ignoring case, like player names. A nickname is what classmates
see in the list of names on a shared computer; it is unique ignoring case among nicknames and
never another player's name.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from quizapp.core.store.errors import DuplicateName, NotFound
from quizapp.core.store.models import (
    ClassGrid,
    GridAttempt,
    GridQuiz,
    LoggedAnswer,
    Player,
    RosterImport,
    SchoolClass,
)
from quizapp.core.store.schema import answers, attempts, class_members, classes, players

NAME_MAX = 100

T = TypeVar("T")


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def clean_label(value: Any, what: str) -> tuple[str, str]:
    """A class name or nickname as stored, and its key for comparing regardless of case
    (the same rules as player names)."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    if not value:
        raise ValueError(f"{what} cannot be empty")
    if len(value) > NAME_MAX:
        raise ValueError(f"{what} can have at most {NAME_MAX} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise ValueError(f"{what} cannot contain control characters")
    return value, unicodedata.normalize("NFKC", value).casefold()


def _player(row: Any) -> Player:
    return Player(row.id, row.name, _utc(row.created), row.nickname)


def _ids(values: Iterable[int], what: str) -> list[int]:
    ids = list(dict.fromkeys(values))
    if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise ValueError(f"{what} must be whole numbers")
    return ids


def _entry(entry: Any) -> tuple[Any, Any]:
    """(name, nickname) from a ``RosterEntry``-like object or a pair."""
    if isinstance(entry, tuple | list):
        name, nickname = (list(entry) + [None])[:2]
        return name, nickname
    return getattr(entry, "name", None), getattr(entry, "nickname", None)


class ClassMixin:
    """The class verbs of ``ScoreStore``; see ``docs/store.md``."""

    _transact: Callable[..., Any]
    _query: Callable[..., Any]
    _read: Callable[[], Connection]
    _now: Callable[[], datetime]
    _translate: Callable[..., Exception]
    _answer: Callable[[Any], Any]
    _player_row: Callable[[Connection, int], Any]

    # --- classes ----------------------------------------------------------------------------

    def add_class(self, name: str) -> SchoolClass:
        """A new, empty class. ``DuplicateName`` if a class has this name (ignoring case)."""
        name, key = clean_label(name, "a class name")

        def add(conn: Connection) -> SchoolClass:
            if conn.execute(select(classes.c.id).where(classes.c.name_key == key)).first():
                raise DuplicateName(f"There is already a class called {name!r}.")
            now = self._now()
            result = conn.execute(insert(classes).values(name=name, name_key=key, created=now))
            return SchoolClass(result.inserted_primary_key[0], name, _utc(now), 0)
        try:
            return self._transact(add)
        except IntegrityError as exc:
            raise DuplicateName(f"There is already a class called {name!r}.") from exc

    def rename_class(self, class_id: int, name: str) -> SchoolClass:
        name, key = clean_label(name, "a class name")

        def rename(conn: Connection) -> SchoolClass:
            self._class_row(conn, class_id)
            if conn.execute(select(classes.c.id).where(classes.c.name_key == key,
                                                       classes.c.id != class_id)).first():
                raise DuplicateName(f"There is already a class called {name!r}.")
            conn.execute(update(classes).where(classes.c.id == class_id)
                         .values(name=name, name_key=key))
            return self._class(conn, class_id)
        try:
            return self._transact(rename)
        except IntegrityError as exc:
            raise DuplicateName(f"There is already a class called {name!r}.") from exc

    def delete_class(self, class_id: int) -> None:
        """Delete a class; its players, and their scores, stay."""
        def remove(conn: Connection) -> None:
            self._class_row(conn, class_id)
            conn.execute(delete(class_members).where(class_members.c.class_id == class_id))
            conn.execute(delete(classes).where(classes.c.id == class_id))
        self._transact(remove)

    def classes(self, *where: Any) -> list[SchoolClass]:
        """Every class (or those matching the ``where`` clauses), by name, with how many
        players are in it."""
        counts = (select(class_members.c.class_id, func.count().label("n"))
                  .group_by(class_members.c.class_id).subquery("counts"))
        q = (select(classes, func.coalesce(counts.c.n, 0).label("members"))
             .outerjoin(counts, counts.c.class_id == classes.c.id)
             .where(*where)
             .order_by(classes.c.name_key, classes.c.id))
        rows = self._query(lambda c: c.execute(q).all())
        return [SchoolClass(r.id, r.name, _utc(r.created), int(r.members)) for r in rows]

    def find_class(self, name: str) -> SchoolClass | None:
        """The class with this name (ignoring case, as names are compared), if any."""
        try:
            key = clean_label(name, "a class name")[1]
        except ValueError:
            return None
        found = self.classes(classes.c.name_key == key)
        return found[0] if found else None

    def school_class(self, class_id: int) -> SchoolClass:
        return self._query(lambda c: self._class(c, class_id))

    def class_members(self, class_id: int) -> list[Player]:
        """The players in a class, by name."""
        def read(conn: Connection) -> list[Player]:
            self._class_row(conn, class_id)
            return [_player(r) for r in conn.execute(self._members_query(class_id))]
        return self._query(read)

    def set_members(self, class_id: int, player_ids: Iterable[int]) -> None:
        """Make these players (and only these) the class. ``NotFound`` for an unknown class or
        player; then nothing changes."""
        wanted = _ids(player_ids, "player ids")

        def put(conn: Connection) -> None:
            self._class_row(conn, class_id)
            known = set(conn.execute(select(players.c.id).where(players.c.id.in_(wanted)))
                        .scalars()) if wanted else set()
            missing = [i for i in wanted if i not in known]
            if missing:
                raise NotFound(f"No player with id {missing[0]}.")
            now_in = set(conn.execute(select(class_members.c.player_id)
                                      .where(class_members.c.class_id == class_id)).scalars())
            gone = now_in - set(wanted)
            if gone:
                conn.execute(delete(class_members).where(
                    class_members.c.class_id == class_id,
                    class_members.c.player_id.in_(sorted(gone))))
            new = [i for i in wanted if i not in now_in]
            if new:
                now = self._now()
                conn.execute(insert(class_members), [
                    {"class_id": class_id, "player_id": i, "added_at": now} for i in new])
        self._transact(put)

    def import_roster(self, class_id: int, entries: Iterable[Any]) -> RosterImport:
        """Put a roster into a class, in one transaction: each entry (a ``RosterEntry`` from
        ``quizapp.core.roster``, or a ``(name, nickname)`` pair) becomes a member, reusing the
        player of that name (ignoring case) or creating one.

        A nickname given replaces the player's nickname; a nickname that is already another
        player's nickname or name is left out and told in ``problems``, as are unusable names.
        Players already in the class stay; nobody is removed.
        """
        items = [_entry(e) for e in entries]

        def put(conn: Connection) -> RosterImport:
            self._class_row(conn, class_id)
            members = set(conn.execute(select(class_members.c.player_id)
                                       .where(class_members.c.class_id == class_id)).scalars())
            added: list[Player] = []
            joined: list[Player] = []
            already: list[Player] = []
            problems: list[str] = []
            nicknames = 0
            now = self._now()
            for raw_name, raw_nick in items:
                try:
                    name, key = clean_label(raw_name, "a name")
                except ValueError as exc:
                    problems.append(f"{raw_name!r}: {exc}; left out.")
                    continue
                row = conn.execute(select(players).where(players.c.name_key == key)).first()
                if row is None:
                    pid = conn.execute(insert(players).values(
                        name=name, name_key=key, created=now)).inserted_primary_key[0]
                    row = conn.execute(select(players).where(players.c.id == pid)).one()
                    new = True
                else:
                    new = False
                if raw_nick:
                    try:
                        changed = self._put_nickname(conn, row, raw_nick)
                    except (ValueError, DuplicateName) as exc:
                        problems.append(f"{row.name}: {_sentence(exc)} The nickname was left "
                                        f"out.")
                    else:
                        if changed:
                            nicknames += 1
                            row = conn.execute(select(players)
                                               .where(players.c.id == row.id)).one()
                player = _player(row)
                if row.id in members:
                    if not new:
                        already.append(player)
                    continue
                conn.execute(insert(class_members).values(class_id=class_id,
                                                          player_id=row.id, added_at=now))
                members.add(row.id)
                (added if new else joined).append(player)
            return RosterImport(tuple(added), tuple(joined), tuple(already), nicknames,
                                tuple(problems))
        return self._transact(put)

    # --- nicknames --------------------------------------------------------------------------

    def set_nickname(self, player_id: int, nickname: str | None) -> Player:
        """Give a player a nickname (None or blank: none). ``DuplicateName`` when it is
        another player's nickname or name (ignoring case)."""
        def put(conn: Connection) -> Player:
            row = self._player_row(conn, player_id)
            if nickname is None or not str(nickname).strip():
                conn.execute(update(players).where(players.c.id == player_id)
                             .values(nickname=None, nickname_key=None))
            else:
                self._put_nickname(conn, row, nickname)
            return _player(self._player_row(conn, player_id))
        try:
            return self._transact(put)
        except IntegrityError as exc:
            raise DuplicateName(f"Another player already has the nickname {nickname!r}.") \
                from exc

    def find_player_by_nickname(self, nickname: str) -> Player | None:
        """The player with this nickname (ignoring case), if any."""
        try:
            key = clean_label(nickname, "a nickname")[1]
        except ValueError:
            return None
        row = self._query(lambda c: c.execute(
            select(players).where(players.c.nickname_key == key)).first())
        return None if row is None else _player(row)

    @staticmethod
    def _put_nickname(conn: Connection, row: Any, nickname: Any) -> bool:
        """Set ``row``'s nickname; True if it changed."""
        nick, key = clean_label(nickname, "a nickname")
        if key == row.name_key:
            nick = key = None  # the same as the name: nothing to add
        elif conn.execute(select(players.c.id).where(players.c.id != row.id,
                                                     players.c.nickname_key == key)).first():
            raise DuplicateName(f"\u201c{nick}\u201d is already another player\u2019s "
                                f"nickname.")
        elif conn.execute(select(players.c.id).where(players.c.id != row.id,
                                                     players.c.name_key == key)).first():
            raise DuplicateName(f"\u201c{nick}\u201d is the name of another player.")
        if (nick, key) == (row.nickname, row.nickname_key):
            return False
        conn.execute(update(players).where(players.c.id == row.id)
                     .values(nickname=nick, nickname_key=key))
        return True

    # --- results per class ------------------------------------------------------------------

    def class_grid(self, class_id: int) -> ClassGrid:
        """The class's students by the quizzes they finished. A column is every finished quiz
        on the same banks in the same mode (a teacher's "quiz on the parade, exam"); a cell
        holds the student's quizzes of that column, oldest first, each with its percent
        (points over the maximum of the questions answered, as in the history)."""
        t, a, m = attempts, answers, class_members
        q = (select(t.c.id, t.c.player_id, t.c.mode, t.c.banks, t.c.question_count,
                    t.c.started_at, t.c.ended_at,
                    func.count(a.c.id).label("answered"),
                    func.coalesce(func.sum(a.c.points), 0.0).label("points"),
                    func.coalesce(func.sum(a.c.max_points), 0.0).label("max_points"))
             .select_from(t)
             .join(m, and_(m.c.player_id == t.c.player_id, m.c.class_id == class_id))
             .outerjoin(a, a.c.attempt_id == t.c.id)
             .where(t.c.ended_at.is_not(None), t.c.abandoned == 0)
             .group_by(t.c.id)
             .order_by(t.c.started_at, t.c.id))

        def read(conn: Connection) -> tuple[SchoolClass, list[Player], list[Any]]:
            school_class = self._class(conn, class_id)  # one snapshot for all three
            students = [_player(r) for r in conn.execute(self._members_query(class_id))]
            return school_class, students, conn.execute(q).all()
        school_class, students, rows = self._query(read)

        columns: dict[tuple[str, tuple[str, ...]], int] = {}
        firsts: list[datetime] = []
        counts: list[int] = []
        cells: dict[tuple[int, int], list[GridAttempt]] = {}
        for r in rows:
            key = (r.mode, tuple(sorted({b["id"] for b in json.loads(r.banks)})))
            if key not in columns:
                columns[key] = len(columns)
                firsts.append(_utc(r.started_at))
                counts.append(0)
            column = columns[key]
            counts[column] += 1
            points, max_points = float(r.points), float(r.max_points)
            cells.setdefault((r.player_id, column), []).append(GridAttempt(
                r.id, _utc(r.started_at), _utc(r.ended_at), int(r.question_count),
                int(r.answered), points, max_points,
                100.0 * points / max_points if max_points else None))
        quizzes = tuple(GridQuiz(mode, banks, firsts[i], counts[i])
                        for (mode, banks), i in columns.items())
        return ClassGrid(school_class, tuple(students), quizzes,
                         {k: tuple(v) for k, v in cells.items()})

    def iter_class_answer_log(self, class_id: int | None, *, mode: str | None = None,
                              attempt_ids: Iterable[int] | None = None
                              ) -> Iterator[LoggedAnswer]:
        """Every answer of the players of a class (everyone's with None), oldest first, for
        the item analysis: only quizzes in ``mode`` if given, only the quizzes
        ``attempt_ids`` if given. Reads in one snapshot; close the iterator (or use it up)."""
        q = (select(answers, attempts.c.uuid.label("attempt_uuid"), attempts.c.mode,
                    players.c.id.label("pid"), players.c.name.label("player_name"))
             .join_from(answers, attempts, attempts.c.id == answers.c.attempt_id)
             .join(players, players.c.id == attempts.c.player_id)
             .order_by(answers.c.id))
        if class_id is not None:
            q = q.join(class_members, and_(class_members.c.player_id == players.c.id,
                                           class_members.c.class_id == class_id))
        if mode is not None:
            q = q.where(attempts.c.mode == mode)
        if attempt_ids is not None:
            q = q.where(attempts.c.id.in_(_ids(attempt_ids, "quiz ids")))
        try:
            with self._read() as conn:
                result = conn.execution_options(yield_per=1000).execute(q)
                for row in result:
                    yield LoggedAnswer(self._answer(row), row.attempt_uuid, row.mode, row.pid,
                                       row.player_name)
        except DBAPIError as exc:
            raise self._translate(exc) from exc

    # --- resetting scores -------------------------------------------------------------------

    def quiz_counts(self, player_ids: Iterable[int]) -> dict[int, int]:
        """How many quizzes (any state) each of these players has; an index lookup, without
        adding up answers."""
        ids = _ids(player_ids, "player ids")
        if not ids:
            return {}
        q = (select(attempts.c.player_id, func.count().label("n"))
             .where(attempts.c.player_id.in_(ids)).group_by(attempts.c.player_id))
        rows = self._query(lambda c: c.execute(q).all())
        return {r.player_id: int(r.n) for r in rows}

    def count_results(self, player_ids: Iterable[int] | None = None) -> tuple[int, int]:
        """(quizzes, answers) stored for these players (everyone's with None)."""
        q = (select(func.count(func.distinct(attempts.c.id)), func.count(answers.c.id))
             .select_from(attempts).outerjoin(answers, answers.c.attempt_id == attempts.c.id))
        if player_ids is not None:
            q = q.where(attempts.c.player_id.in_(_ids(player_ids, "player ids")))
        row = self._query(lambda c: c.execute(q).one())
        return int(row[0]), int(row[1])

    def delete_results(self, player_ids: Iterable[int] | None = None) -> int:
        """Delete every quiz and answer of these players (everyone's with None), keeping the
        players, their nicknames and their classes. Returns how many quizzes went. Take a
        backup first (``backup("pre-reset")``): this cannot be undone otherwise."""
        ids = None if player_ids is None else _ids(player_ids, "player ids")

        def remove(conn: Connection) -> int:
            chosen = select(attempts.c.id)
            if ids is not None:
                chosen = chosen.where(attempts.c.player_id.in_(ids))
            conn.execute(delete(answers).where(answers.c.attempt_id.in_(chosen)))
            gone = delete(attempts)
            if ids is not None:
                gone = gone.where(attempts.c.player_id.in_(ids))
            return conn.execute(gone).rowcount
        return int(self._transact(remove))

    # --- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _members_query(class_id: int) -> Any:
        return (select(players)
                .join(class_members, and_(class_members.c.player_id == players.c.id,
                                          class_members.c.class_id == class_id))
                .order_by(players.c.name_key, players.c.id))

    @staticmethod
    def _class_row(conn: Connection, class_id: int) -> Any:
        row = conn.execute(select(classes).where(classes.c.id == class_id)).first()
        if row is None:
            raise NotFound(f"No class with id {class_id}.")
        return row

    def _class(self, conn: Connection, class_id: int) -> SchoolClass:
        row = self._class_row(conn, class_id)
        members = conn.execute(select(func.count()).select_from(class_members)
                               .where(class_members.c.class_id == class_id)).scalar()
        return SchoolClass(row.id, row.name, _utc(row.created), int(members or 0))

def _sentence(exc: Exception) -> str:
    text = str(exc).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
