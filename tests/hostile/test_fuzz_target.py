"""The atheris target (``fuzz/fuzz_loader.py``) keeps working: its check runs over the hostile
corpus and the bundled banks here, without atheris; long fuzzing runs are not part of CI."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import BUNDLED, REPO
from tests.hostile import corpus

SPEC = importlib.util.spec_from_file_location("fuzz_loader", REPO / "fuzz" / "fuzz_loader.py")
target = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(target)

SEEDS = sorted(p for p in [*corpus.CORPUS.iterdir(), *BUNDLED.glob("*.yaml")]
               if p.name != ".gitattributes")


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name for p in SEEDS])
def test_the_fuzz_target_accepts_every_seed(seed):
    target.test_one_input(seed.read_bytes())


def test_the_fuzz_target_reports_a_disagreement(monkeypatch):
    answers = iter(["loads", "fails"])
    monkeypatch.setattr(target, "outcome", lambda _data, _fast: next(answers))
    with pytest.raises(AssertionError, match="disagree"):
        target.test_one_input(b"format: 1\n")
