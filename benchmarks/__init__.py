"""Speed figures for QuizApp: run all with ``python -m benchmarks``."""
