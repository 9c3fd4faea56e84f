"""The fixed words and limits of the bank format, importable without the bank classes.

``quizapp.core.bank`` re-exports them; the window's first screen needs these and nothing else
of the bank format (docs/performance.md).
"""

FORMAT_VERSION = 1
# Bounds that keep any bank cheap to load and to show (a window of 40 choices or a 7 MB prompt
# would stall it): at most this many characters in a text, entries in a list of choices,
# items, pairs or accepted answers, and tags in a list.
MAX_TEXT = 5000
MAX_ENTRIES = 26
MAX_TAGS = 26
QUESTION_TYPES = ("single", "multiple", "true_false", "short", "numeric", "order", "match")
DIFFICULTIES = ("easy", "medium", "hard")
