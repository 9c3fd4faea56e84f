"""The starter bank written by ``quizapp new-bank``."""

from __future__ import annotations

from importlib import resources


def starter_bank_text(bank_id: str) -> str:
    template = resources.files("quizapp.core").joinpath("templates/starter.yaml")
    return template.read_text(encoding="utf-8").replace("{bank_id}", bank_id)
