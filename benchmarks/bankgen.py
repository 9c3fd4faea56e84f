"""Generate large, valid banks of every question type for benchmarks and tests."""

from __future__ import annotations

import random


def generate_bank(questions: int, *, bank_id: str = "generated", seed: int = 1) -> str:
    rng = random.Random(seed)
    out = [
        "format: 1", f"id: {bank_id}", f'title: "Generated bank of {questions} questions"',
        "as_of: 2025-09-05", "tags: [generated]", "sources:", "  - key: src",
        '    title: "Generated source"', "    publisher: Benchmark", "    published: 2025-09-03",
        "    url: https://example.org/", "questions:",
    ]
    types = ["single", "multiple", "true_false", "short", "numeric", "order", "match"]
    for i in range(questions):
        kind = types[i % len(types)]
        words = " ".join(rng.choice(["parade", "leader", "Beijing", "treaty", "missile",
                                     "summit", "envoy"]) for _ in range(12))
        out += [f"  - id: q{i}", f"    type: {kind}",
                f'    prompt: "Question {i}: which of these relates to {words}?"',
                f'    explanation: "Because {words}, as reported on the day."',
                "    source: src", f"    difficulty: {['easy', 'medium', 'hard'][i % 3]}",
                "    tags: [generated, bench]"]
        choices = [f"Choice {i}-{j} {words[:20]}" for j in range(4)]
        if kind == "single":
            out += ["    choices:"] + [f'      - "{c}"' for c in choices]
            out.append(f'    answer: "{choices[i % 4]}"')
        elif kind == "multiple":
            out += ["    choices:"] + [f'      - "{c}"' for c in choices]
            out += ["    answer:", f'      - "{choices[0]}"', f'      - "{choices[2]}"']
        elif kind == "true_false":
            out.append(f"    answer: {'true' if i % 2 else 'false'}")
        elif kind == "short":
            out += ["    answer:", f'      - "Answer {i}"', f'      - "Answer number {i}"']
        elif kind == "numeric":
            out += [f"    answer: {1900 + i % 125}", "    tolerance: 0"]
        elif kind == "order":
            out += ["    items:"] + [f'      - "{c}"' for c in choices]
        else:
            out += ["    pairs:"] + [f'      "Left {i}-{j}": "{c}"' for j, c in enumerate(choices)]
    return "\n".join(out) + "\n"
