"""A class's results as a teacher reads them: one mark per student per quiz, and a CSV file.

``store.class_grid(class_id)`` gives every finished quiz of every student, grouped in columns
(the same banks in the same mode). A student may have taken a quiz several times, so the
teacher chooses which try a cell shows: the ``first`` (what they knew before practising it),
the ``latest`` or the ``best``. No Qt: the window and the CSV export both use this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from quizapp.core.export import write_csv_atomically
from quizapp.core.store import AttemptSummary, ClassGrid, GridAttempt, GridQuiz, ScoreStore

PICKS = ("first", "latest", "best")
MODE_WORDS = {"practice": "practice", "exam": "exam"}


def pick(tries: Sequence[GridAttempt], how: str = "latest") -> GridAttempt | None:
    """The try a cell shows. ``tries`` are oldest first; ``best`` takes the highest percent
    (the earlier of equal ones), counting a quiz with nothing answered as 0."""
    if how not in PICKS:
        raise ValueError(f"how must be one of {', '.join(PICKS)}, not {how!r}")
    if not tries:
        return None
    if how == "first":
        return tries[0]
    if how == "latest":
        return tries[-1]
    best = max(range(len(tries)), key=lambda i: (tries[i].percent or 0.0, -i))
    return tries[best]


def average(grid: ClassGrid, player_id: int, how: str = "latest") -> float | None:
    """The mean percent of the student's chosen tries over the quizzes they took (quizzes
    they did not take are left out, not counted as 0); None when they took none."""
    values = [chosen.percent for column in range(len(grid.quizzes))
              if (chosen := pick(grid.cell(player_id, column), how)) is not None
              and chosen.percent is not None]
    return sum(values) / len(values) if values else None


def group_attempts(summaries: Sequence[AttemptSummary]
                   ) -> list[tuple[GridQuiz, tuple[int, ...]]]:
    """Finished quizzes grouped as the class grid groups them (the same banks in the same
    mode), each group with its quiz ids, by the first time it was taken: the sets of quizzes
    a teacher can analyse together."""
    groups: dict[tuple[str, tuple[str, ...]], list[AttemptSummary]] = {}
    for a in sorted(summaries, key=lambda a: (a.started_at, a.id)):
        if a.status != "finished":
            continue
        groups.setdefault((a.mode, tuple(sorted(set(a.bank_ids)))), []).append(a)
    return [(GridQuiz(mode, banks, rows[0].started_at, len(rows)),
             tuple(r.id for r in rows)) for (mode, banks), rows in groups.items()]


def quiz_title(quiz: GridQuiz, bank_titles: Mapping[str, str] | None = None) -> str:
    """'Parade weapons + Diplomacy (exam)': the banks' titles (ids of banks no longer
    loaded) and the mode."""
    titles = bank_titles or {}
    banks = " + ".join(titles.get(b, b) for b in quiz.bank_ids) or "?"
    return f"{banks} ({MODE_WORDS.get(quiz.mode, quiz.mode)})"


def export_class_csv(store: ScoreStore, class_id: int, path: Path, *, how: str = "latest",
                     title_of: Callable[[GridQuiz], str] | None = None,
                     delimiter: str = ",") -> int:
    """The class grid as a spreadsheet: one row per student (name, nickname), one column per
    quiz with the percent of the chosen try (empty when not taken), then how many quizzes
    they took and their average. UTF-8 with BOM, written atomically (``export``'s rules).
    Returns the number of students written."""
    grid = store.class_grid(class_id)
    title = title_of or quiz_title
    header = ["student", "nickname"]
    seen: dict[str, int] = {}
    for quiz in grid.quizzes:
        name = title(quiz)
        seen[name] = seen.get(name, 0) + 1
        header.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    header += ["quizzes_taken", "average_percent"]
    rows = []
    for student in grid.students:
        cells: list[object] = [student.name, student.nickname or ""]
        taken = 0
        for column in range(len(grid.quizzes)):
            chosen = pick(grid.cell(student.id, column), how)
            if chosen is not None:
                taken += 1
            cells.append("" if chosen is None else _percent(chosen.percent))
        cells += [taken, _percent(average(grid, student.id, how))]
        rows.append(cells)
    return write_csv_atomically(path, header, rows, delimiter=delimiter)


def _percent(value: float | None) -> float | int | str:
    """One decimal, and no ".0" on whole numbers: what a teacher types in a gradebook."""
    if value is None:
        return ""
    value = round(value, 1)
    return int(value) if value.is_integer() else value
