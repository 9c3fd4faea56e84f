"""``quizapp export``: the CSV exports of the app's menus, for scripts and a copy each night.

    quizapp export quizzes FILE.csv [--player NAME]       every quiz, newest first
    quizapp export answers FILE.csv [--player NAME]       every answer, oldest first
    quizapp export class NAME FILE.csv [--try latest]     a class's results (the teacher PIN)
    quizapp export moodle FILE.xml [--bank ID|FILE ...]   banks as Moodle XML questions

The files are those the app writes (``quizapp.core.export``, ``quizapp.core.classresults``):
UTF-8 for spreadsheets, written whole or not at all. A class export asks for the teacher PIN
when one is set, as the Teacher menu does: typed at the terminal, or one line on standard
input for a script. No Qt is imported.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.core import paths

if TYPE_CHECKING:
    from quizapp.core.bank import Bank
    from quizapp.core.store import ScoreStore

TRIES = ("first", "latest", "best")  # quizapp.core.classresults.PICKS, without importing it


class _Refused(Exception):
    """The export cannot be made; the message says why, for the user."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export", help="write scores to a CSV file (quizzes, answers, a class's results), "
                       "or banks as a Moodle XML file",
        description="Write scores to a CSV file for a spreadsheet, as the app's menus do, or "
                    "banks as a Moodle XML file.")
    kinds = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    for name, words in (("quizzes", "every quiz, newest first: one row each"),
                        ("answers", "every answer, oldest first: one row each")):
        kind = kinds.add_parser(name, help=words, description=f"Export {words}.")
        kind.add_argument("file", metavar="FILE.csv", help="the file to write (replaced)")
        kind.add_argument("--player", metavar="NAME",
                          help="only this player's (default: every player's)")
        _common_options(kind)
    school_class = kinds.add_parser(
        "class", help="a class's results: a row per student, a column per quiz",
        description="Export a class's results: one row per student, one column per quiz, "
                    "then the average. Asks for the teacher PIN when one is set.")
    school_class.add_argument("name", metavar="CLASS", help="the class's name")
    school_class.add_argument("file", metavar="FILE.csv", help="the file to write (replaced)")
    school_class.add_argument("--try", dest="how", choices=TRIES, default="latest",
                              help="which try of a quiz taken more than once (default: latest)")
    _common_options(school_class)
    moodle = kinds.add_parser(
        "moodle", help="banks as Moodle XML, for a school's Moodle question bank",
        description="Write banks as a Moodle XML file (Question bank > Import > Moodle XML "
                    "format), a category per bank. See docs/moodle.md.")
    moodle.add_argument("file", metavar="FILE.xml", help="the file to write (replaced)")
    moodle.add_argument("--bank", metavar="ID|FILE", action="append", dest="banks",
                        help="a bank's id, or a bank file; again for more (default: every "
                             "bank QuizApp loads)")
    _common_options(moodle, csv=False)


def _common_options(parser: argparse.ArgumentParser, *, csv: bool = True) -> None:
    if csv:
        parser.add_argument("--semicolon", action="store_true",
                            help="separate cells with semicolons, for spreadsheets set to a "
                                 "decimal comma")
    # Also after the command; SUPPRESS keeps a --data-dir given before it.
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="the data folder (as before the command)")


def run(args: argparse.Namespace, data_dir: Path,
        read_pin: Callable[[], str] | None = None) -> int:
    """Exit 0 when the file is written, 1 when it cannot be (said on stderr), 2 for a file
    name that is not ``.csv``. ``read_pin`` replaces the prompt (tests)."""
    if args.what == "moodle":
        return _export_moodle(args, data_dir)
    from quizapp.core.export import COMMA, SEMICOLON
    from quizapp.core.store import DB_NAME, ScoreStore, StoreError

    target = Path(args.file)
    if target.suffix.lower() != ".csv":  # never write a CSV over a bank or the database
        print(f"quizapp export: the file name must end in .csv: {target}", file=sys.stderr)
        return 2
    if not (data_dir / DB_NAME).exists():  # do not create an empty database to export it
        print(f"quizapp export: no scores yet: there is no score database in {data_dir}",
              file=sys.stderr)
        return 1
    delimiter = SEMICOLON if args.semicolon else COMMA
    try:
        store = ScoreStore.open(data_dir, daily_backup=False)
        try:
            if args.what == "class":
                message = _export_class(store, args, target, delimiter, data_dir,
                                        read_pin or _ask_pin)
            else:
                message = _export_log(store, args, target, delimiter)
        finally:
            store.close()
    except _Refused as exc:
        print(f"quizapp export: {exc}", file=sys.stderr)
        return 1
    except (StoreError, OSError) as exc:  # export.ExportError says why in plain words
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"quizapp export: nothing was exported: {why}", file=sys.stderr)
        return 1
    print(message)
    return 0


def _export_log(store: ScoreStore, args: argparse.Namespace, target: Path,
                delimiter: str) -> str:
    from quizapp.core.export import export_answers_csv, export_attempts_csv

    player_id = None
    if args.player is not None:
        try:
            player = store.find_player(args.player)
        except ValueError:  # not a name a player could have (empty, control characters)
            player = None
        if player is None:
            known = ", ".join(p.name for p in store.players()) or "none yet"
            raise _Refused(f"no player is named {args.player!r} (players: {known})")
        player_id = player.id
    write = export_attempts_csv if args.what == "quizzes" else export_answers_csv
    count = write(store, target, player_id, delimiter=delimiter)
    noun = {"quizzes": ("quiz", "quizzes"), "answers": ("answer", "answers")}[args.what]
    return f"Exported {count} {noun[count != 1]} to {target}."


def _export_class(store: ScoreStore, args: argparse.Namespace, target: Path, delimiter: str,
                  data_dir: Path, read_pin: Callable[[], str]) -> str:
    from quizapp.core import classresults

    school_class = store.find_class(args.name)
    if school_class is None:
        known = ", ".join(c.name for c in store.classes()) or "none yet"
        raise _Refused(f"no class is named {args.name!r} (classes: {known})")
    _check_pin(store, read_pin)
    titles = _bank_titles(data_dir)
    count = classresults.export_class_csv(
        store, school_class.id, target, how=args.how, delimiter=delimiter,
        title_of=lambda quiz: classresults.quiz_title(quiz, titles))
    return (f"Exported {count} student{'s' * (count != 1)} of {school_class.name} to {target} "
            f"({args.how} try of each quiz).")


def _check_pin(store: ScoreStore, read_pin: Callable[[], str]) -> None:
    from quizapp.core.pin import PinError, PinGuard, TooManyTries

    guard = PinGuard.for_store(store)
    if not guard.is_set():
        return
    try:
        if guard.check(read_pin()):
            return
    except TooManyTries as exc:
        raise _Refused(str(exc)) from None
    except PinError as exc:  # a damaged record: the tools stay locked
        raise _Refused(f"{exc} (`quizapp reset-pin` removes the PIN)") from None
    except (EOFError, KeyboardInterrupt):
        raise _Refused("class results need the teacher PIN; none was given") from None
    raise _Refused("wrong teacher PIN: nothing was exported")


def _ask_pin() -> str:
    """At a terminal, ask without echo; from a script, the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Teacher PIN: ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise EOFError
    return line.strip()


def _export_moodle(args: argparse.Namespace, data_dir: Path) -> int:
    from quizapp.core.library import BankError
    from quizapp.core.loader import load_bank
    from quizapp.core.moodle import write_moodle_xml

    target = Path(args.file)
    if target.suffix.lower() != ".xml":
        print(f"quizapp export: the file name must end in .xml: {target}", file=sys.stderr)
        return 2
    library = _library(data_dir)
    by_id = {bank.id: bank for bank in library.banks}
    banks = []
    for wanted in args.banks or list(by_id):
        if wanted in by_id:
            banks.append(by_id[wanted])
        elif wanted.lower().endswith((".yaml", ".yml")):
            try:
                banks.append(load_bank(Path(wanted)))
            except BankError as exc:
                for problem in exc.problems:
                    print(problem, file=sys.stderr)
                print("quizapp export: nothing was exported", file=sys.stderr)
                return 1
        else:
            known = ", ".join(by_id) or "none"
            print(f"quizapp export: no bank has the id {wanted!r} (banks: {known})",
                  file=sys.stderr)
            return 1
    once: dict[str, Bank] = {}
    for bank in banks:  # a bank named twice is exported once
        once.setdefault(bank.id, bank)
    banks = list(once.values())
    try:
        exported = write_moodle_xml(banks, target)
    except OSError as exc:
        print(f"quizapp export: nothing was exported: cannot write {target}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return 1
    for why in exported.left_out:
        print(f"quizapp export: left out {why}", file=sys.stderr)
    count = exported.questions
    print(f"Exported {count} question{'s' * (count != 1)} of {len(banks)} "
          f"bank{'s' * (len(banks) != 1)} to {target}.")
    return 0


def _library(data_dir: Path):
    """The banks the app would load (bundled and the user's)."""
    from quizapp.core.cache import BankCache
    from quizapp.core.loader import load_library

    return load_library([paths.bundled_banks_dir(), paths.user_banks_dir(data_dir)],
                        cache=BankCache(data_dir / "cache" / "banks"))


def _bank_titles(data_dir: Path) -> dict[str, str]:
    """Bank id to title, from the banks the app would load (quizzes of banks no longer
    there are named by their id)."""
    return {bank.id: bank.title for bank in _library(data_dir).banks}
