"""The ``quizapp`` command: the window by default, and what is not a window.

Only the GUI path imports Qt, so ``quizapp validate`` and ``quizapp schema`` run on machines
without a display.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from quizapp import __version__, cli_export
from quizapp.core import paths


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizapp", description="QuizApp: quizzes on current affairs from YAML banks.")
    parser.add_argument("--version", action="version", version=f"QuizApp {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"where scores, settings and your banks live "
                             f"(default: ${paths.DATA_DIR_ENV} or the system's user data folder)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="start the app as a user would, print one 'ready' line and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check bank files and print every problem with file and line")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="bank files or folders (default: bundled and your banks)")
    validate.add_argument("--strict", action="store_true",
                          help="also report what a careful author would fix: missing "
                               "explanations or sources, overdue review dates, giveaways")

    commands.add_parser("schema", help="print the JSON Schema of the bank format")

    new_bank = commands.add_parser("new-bank", help="write a commented starter bank")
    new_bank.add_argument("path", metavar="PATH", help="the .yaml file to create")

    cli_export.add_parser(commands)

    reset_pin = commands.add_parser(
        "reset-pin", help="forget the teacher PIN (scores are kept); close QuizApp first")
    reset_pin.add_argument("--data-dir", metavar="DIR", dest="pin_data_dir",
                           help="the data folder whose PIN to remove (default: as above)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data_dir = paths.resolve_data_dir(args.data_dir)
    if args.command == "validate":
        return _validate(args.paths, data_dir, strict=args.strict)
    if args.command == "schema":
        from quizapp.core.bankformat import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command == "new-bank":
        return _new_bank(Path(args.path))
    if args.command == "export":
        return cli_export.run(args, data_dir)
    if args.command == "reset-pin":
        return _reset_pin(paths.resolve_data_dir(args.pin_data_dir or args.data_dir))
    from quizapp.gui.app import run  # Qt only from here on

    code = run(data_dir, smoke_test=args.smoke_test)
    # Scores and settings are saved and the store is closed by now. Without this, the
    # interpreter's exit walks every object left (SQLAlchemy's, the banks', Qt's wrappers) for
    # reference cycles, again and again: about 70 ms of a start-up smoke test, for nothing.
    gc.freeze()
    return code


def main_gui() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main()


def _validate(targets: list[str], data_dir: Path, *, strict: bool) -> int:
    from quizapp.core.loader import bank_files, load_library

    if targets:
        missing = [t for t in targets if not Path(t).exists()]
        if missing:
            for target in missing:
                print(f"quizapp validate: no such file or folder: {target}", file=sys.stderr)
            return 2
        folders = [Path(t) for t in targets]
    else:
        folders = [paths.bundled_banks_dir(), paths.user_banks_dir(data_dir)]
    files = bank_files(folders)
    library = load_library(files, strict=strict)
    errors = 0
    for problems in library.failures.values():
        for problem in problems:
            print(problem)
        errors += len(problems)
    questions = library.question_count
    print(f"{len(files)} banks, {questions} questions, {errors} errors")
    return 1 if errors else 0


def _new_bank(target: Path) -> int:
    from quizapp.core.starter import starter_bank_text

    if target.suffix.lower() not in (".yaml", ".yml"):
        print(f"quizapp new-bank: the file name must end in .yaml: {target}", file=sys.stderr)
        return 2
    if target.exists():
        print(f"quizapp new-bank: {target} already exists; choose another name",
              file=sys.stderr)
        return 1
    bank_id = "".join(c if c.isalnum() else "-" for c in target.stem.lower()).strip("-")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(starter_bank_text(bank_id or "my-bank"))
    except OSError as exc:
        print(f"quizapp new-bank: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {target}: edit it, then run `quizapp validate {target}`")
    return 0


def _reset_pin(data_dir: Path) -> int:
    """``quizapp reset-pin``: remove the teacher PIN record (docs/teacher-pin.md)."""
    from quizapp.core.pin import reset_pin
    from quizapp.core.store import DB_NAME, ScoreStore, StoreError

    if not (data_dir / DB_NAME).exists():  # nothing to reset: do not create a database
        print(f"No teacher PIN was set (no score database in {data_dir}).")
        return 0
    try:
        store = ScoreStore.open(data_dir, daily_backup=False)
        try:
            removed = reset_pin(store)
        finally:
            store.close()
    except StoreError as exc:
        print(f"quizapp reset-pin: {exc}", file=sys.stderr)
        return 1
    print("Teacher PIN removed." if removed else "No teacher PIN was set.")
    return 0
