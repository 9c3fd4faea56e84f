"""Teacher tools: the teacher PIN, classes and rosters, results per class, item analysis,
resetting scores and printable worksheets.

Everything here is opened from the window's Teacher menu (``MainWindow._build_teacher_menu``).
The modules are imported when first used, so starting the app does not pay for them.
"""
