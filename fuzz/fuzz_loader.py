"""Coverage-guided fuzzing of QuizApp's bank loader with atheris (libFuzzer), for long runs.

    python3 -m pip install atheris
    python3 fuzz/fuzz_loader.py -max_total_time=3600

runs for an hour (CI runs the Hypothesis tests instead: tests/hostile/test_fuzz_more.py).
Without arguments it fuzzes from the hostile corpus and the bundled banks, writes new inputs
to ``fuzz/work/`` and uses ``fuzz/yaml.dict``; any libFuzzer flag may be added
(``-jobs=4``, ``-rss_limit_mb=2048``, ``-timeout=10``...). A failure is saved as
``crash-*`` (or ``timeout-*``, ``oom-*``) in the current folder; replay it with
``python3 fuzz/fuzz_loader.py crash-...``.

What counts as a failure, for every input, loaded with both YAML parsers:
- any exception but ``BankError`` (promise 2: only our located error escapes);
- a problem that does not name the file, or names a line outside it;
- the two parsers disagreeing (promise 8);
- more than ``-timeout`` seconds or ``-rss_limit_mb`` of memory (promise 10).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

try:
    import atheris
except ImportError:  # the target itself runs without it (tests/hostile/test_fuzz_target.py)
    atheris = None

if atheris is not None:
    with atheris.instrument_imports():
        import yaml  # noqa: F401 - instrumented for coverage

        from quizapp.core import bank, loader, yamlsafe  # noqa: F401
from quizapp.core.bank import as_data  # noqa: E402
from quizapp.core.loader import BankError, load_bank_text  # noqa: E402

NAME = "fuzz.yaml"


def outcome(data: bytes, fast: bool):
    try:
        loaded = load_bank_text(data, NAME, fast=fast)
    except BankError as exc:
        if not exc.problems:
            raise AssertionError("a BankError without problems") from None
        lines = data.count(b"\n") + data.count(b"\r") + 2
        for p in exc.problems:
            if str(p.path) != NAME or not p.message:
                raise AssertionError(f"a problem without its file or words: {p!r}") from None
            if p.line is not None and not 1 <= p.line <= lines:
                raise AssertionError(f"line {p.line} of a {lines}-line file: {p}") from None
        return [(p.line, p.column, p.message) for p in exc.problems]
    return json.dumps(as_data(loaded), sort_keys=True)


def test_one_input(data: bytes) -> None:
    """One input: both parsers, the same outcome, only ``BankError`` escapes."""
    fast, pure = outcome(data, True), outcome(data, False)
    if fast != pure:
        raise AssertionError(f"LibYAML and the pure parser disagree:\n{fast}\n{pure}")


def main(argv: list[str]) -> None:
    if atheris is None:
        raise SystemExit("atheris is not installed: python3 -m pip install atheris")
    args = list(argv)
    if not any(not a.startswith("-") for a in args[1:]):  # no corpus named: the default ones
        work = HERE / "work"
        work.mkdir(exist_ok=True)
        args += [str(work), str(REPO / "tests" / "hostile" / "corpus"), str(REPO / "questions")]
    if not any(a.startswith("-dict=") for a in args):
        args.append(f"-dict={HERE / 'yaml.dict'}")
    if not any(a.startswith("-max_len=") for a in args):
        args.append("-max_len=65536")
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
