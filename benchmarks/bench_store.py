"""Score store: history, charts, class results, item analysis and the questions due for review,
with 10,000 and with 100,000 stored answers.

Target (issue 5): going from 10,000 to 100,000 stored answers may at most double the time.

Two shapes of growth are measured:

- *classroom*: the database grows because more learners use the machine (1,000 answers each);
  the queries are those one learner's history, charts and review run, one page of everybody's
  history, and a teacher's class results and item analysis of a class of 10 learners. This
  is the target: what a learner or a teacher sees must not slow down as the file fills up.
- *one learner*: a single learner's own history grows tenfold. The charts aggregate every
  answer of that learner, and the review replays them all, so they grow with it (totals are
  always derived from the answers, never kept in counters); the figures are printed for
  information.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import insert

from quizapp.core import spaced
from quizapp.core.analysis import analyse
from quizapp.core.store import ScoreStore
from quizapp.core.store.schema import answers, attempts, players

TARGET = 2.0
ANSWERS_PER_LEARNER = 1_000
QUESTIONS_PER_QUIZ = 20
BANKS = [f"bank-{b}" for b in range(6)]
QUESTIONS = [(bank, f"q{q:03d}") for bank in BANKS for q in range(60)]
TYPES = ("single", "multiple", "true_false", "short", "numeric", "order", "match")
TAGS = [f"tag-{t}" for t in range(12)]
CONTENT_HASH = "0123456789abcdef"
# What the review scheduler needs of the banks: ids, and each question's id and content hash.
REVIEW_BANKS = [SimpleNamespace(id=bank, questions=[
    SimpleNamespace(id=qid, content_hash=CONTENT_HASH) for b, qid in QUESTIONS if b == bank])
    for bank in BANKS]


def populate(store: ScoreStore, total: int, learners: int, seed: int = 1) -> int:
    """Fill the store with ``total`` answers spread over ``learners``; return the first
    learner's id. Bulk inserts: this sets the scene, it is not what is measured."""
    rng = random.Random(seed)
    start = datetime(2025, 9, 3, 8, 0)
    per_learner = total // learners
    with store.engine.begin() as conn:
        first = None
        for n in range(learners):
            pid = conn.execute(insert(players).values(
                name=f"Learner {n}", name_key=f"learner {n}", created=start)
            ).inserted_primary_key[0]
            first = first or pid
            when = start + timedelta(minutes=n)
            for _ in range(per_learner // QUESTIONS_PER_QUIZ):
                keys = rng.sample(QUESTIONS, QUESTIONS_PER_QUIZ)
                aid = conn.execute(insert(attempts).values(
                    uuid=f"{pid}-{when.isoformat()}", player_id=pid, mode="practice",
                    settings="{}", seed=rng.randrange(2**31), banks='[{"id": "bank-0", '
                    '"as_of": "2025-09-03"}]', question_keys="[]",
                    question_count=QUESTIONS_PER_QUIZ, started_at=when,
                    ended_at=when + timedelta(minutes=10), abandoned=0,
                    client="bench")).inserted_primary_key[0]
                rows = []
                for i, (bank, qid) in enumerate(keys):
                    score = rng.choice((0.0, 0.5, 1.0, 1.0, 1.0))
                    rows.append(dict(attempt_id=aid, bank_id=bank, question_id=qid,
                                     content_hash=CONTENT_HASH, response='"answer"',
                                     score=score, points=score, max_points=1.0,
                                     seconds=rng.uniform(2, 30),
                                     answered_at=when + timedelta(seconds=30 * i)))
                conn.execute(insert(answers), rows)
                when += timedelta(hours=rng.randint(1, 48))
    return first


CLASS_SIZE = 10  # the class a teacher looks at: the first learners


def _item_analysis(store: ScoreStore, class_id: int) -> object:
    log = store.iter_class_answer_log(class_id)
    try:
        return analyse(log)
    finally:
        log.close()


def chart_queries(store: ScoreStore, player_id: int,
                  class_id: int) -> dict[str, Callable[[], object]]:
    rng = random.Random(2)
    tags = {key: rng.sample(TAGS, 2) for key in QUESTIONS}
    types = {key: rng.choice(TYPES) for key in QUESTIONS}
    return {
        "history (one learner)": lambda: store.attempts(player_id, include_unfinished=True),
        "history (all, 1 page)": lambda: store.attempts(include_unfinished=True, limit=100),
        "score over time": lambda: store.score_over_time(player_id),
        "mastery by bank": lambda: store.mastery_by_bank(player_id),
        "mastery by tag": lambda: store.mastery_by_tag(player_id, tags),
        "accuracy by type": lambda: store.accuracy_by_type(player_id, types),
        "most missed": lambda: store.most_missed(player_id),
        "class results grid": lambda: store.class_grid(class_id),
        "item analysis (class)": lambda: _item_analysis(store, class_id),
        "due for review": lambda: spaced.due_questions(store.iter_answer_log(player_id),
                                                       REVIEW_BANKS),
    }


def _median_seconds(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm the cache, as a second look at the same screen would
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(total: int, learners: int, repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = ScoreStore.open(Path(folder), daily_backup=False,
                                clock=lambda: datetime.now(UTC))
        try:
            player_id = populate(store, total, learners)
            school_class = store.add_class("Class 1")
            store.set_members(school_class.id,
                              range(player_id, player_id + min(CLASS_SIZE, learners)))
            return {name: _median_seconds(fn, repeats)
                    for name, fn in chart_queries(store, player_id, school_class.id).items()}
        finally:
            store.close()


def _report(title: str, small: int, large: int, base: dict[str, float],
            grown: dict[str, float], target: bool) -> float:
    print(f"  {title}:")
    for name in base:
        ratio = grown[name] / base[name]
        print(f"    {name:24s} {base[name] * 1000:7.2f} ms -> {grown[name] * 1000:7.2f} ms   "
              f"ratio {ratio:5.2f}")
    total_ratio = sum(grown.values()) / sum(base.values())
    verdict = (f"(target <= {TARGET}) {'OK' if total_ratio <= TARGET else 'MISSED'}"
               if target else "(grows with the learner's own history; for information)")
    print(f"    {'all of them':24s} {sum(base.values()) * 1000:7.2f} ms -> "
          f"{sum(grown.values()) * 1000:7.2f} ms   ratio {total_ratio:5.2f} {verdict}")
    return total_ratio


def run(small: int = 10_000, large: int = 100_000, repeats: int = 5) -> dict[str, float]:
    print(f"score store, history, charts, class results and item analysis, {small:,} vs "
          f"{large:,} stored answers:")
    base = measure(small, small // ANSWERS_PER_LEARNER, repeats)
    grown = measure(large, large // ANSWERS_PER_LEARNER, repeats)
    classroom = _report(f"classroom ({ANSWERS_PER_LEARNER:,} answers per learner, "
                        f"{small // ANSWERS_PER_LEARNER} vs {large // ANSWERS_PER_LEARNER} "
                        f"learners)", small, large, base, grown, target=True)
    base = measure(small, 1, repeats)
    grown = measure(large, 1, repeats)
    learner = _report("one learner with every answer", small, large, base, grown,
                      target=False)
    return {"store_classroom_ratio": classroom, "store_one_learner_ratio": learner}


if __name__ == "__main__":
    run()
