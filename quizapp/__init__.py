"""QuizApp: a desktop quiz app for current affairs."""

__version__ = "0.1.0"
