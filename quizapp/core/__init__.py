"""The core of QuizApp: banks, loading, validation, sessions, scoring and the score store.

Nothing in this package imports Qt; ``tests/test_architecture.py`` and the import-linter
contract in ``pyproject.toml`` enforce that.
"""
