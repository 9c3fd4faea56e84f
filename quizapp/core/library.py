"""What loading banks gives: the banks, and every file that failed with its located problems.

Kept apart from ``quizapp.core.loader`` (which reads YAML) so that the window can hold an empty
library before the loader is imported on the worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.core.bank import Bank


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank, where it is, in words a teacher understands."""

    path: Path
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class BankError(Exception):
    """A bank file could not be loaded. ``problems`` holds each located reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Library:
    """Every bank found, and every file that failed with its problems."""

    banks: list[Bank] = field(default_factory=list)
    failures: dict[Path, list[Problem]] = field(default_factory=dict)

    @property
    def question_count(self) -> int:
        return sum(len(b.facets) for b in self.banks)

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)
