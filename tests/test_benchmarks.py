"""The benchmark command runs (no timing is asserted here: machines are noisy)."""

from __future__ import annotations

import subprocess
import sys

from benchmarks.bankgen import generate_bank
from quizapp.core.bank import QUESTION_TYPES
from quizapp.core.loader import load_bank_text
from tests.conftest import REPO


def test_generated_bank_is_valid_and_has_every_type():
    bank = load_bank_text(generate_bank(70), strict=True)
    assert len(bank.questions) == 70
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)


def test_benchmark_command_runs():
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout and "target" in result.stdout
