"""Look: the system's light or dark scheme, an optional high-contrast theme, text size."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

DEFAULT_POINT_SIZE = 11
MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 32


def _high_contrast_palette() -> QPalette:
    palette = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role, color in (
        (QPalette.ColorRole.Window, black), (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black), (QPalette.ColorRole.AlternateBase, QColor("#1a1a1a")),
        (QPalette.ColorRole.Text, white), (QPalette.ColorRole.Button, black),
        (QPalette.ColorRole.ButtonText, white), (QPalette.ColorRole.Highlight, yellow),
        (QPalette.ColorRole.HighlightedText, black), (QPalette.ColorRole.ToolTipBase, black),
        (QPalette.ColorRole.ToolTipText, white), (QPalette.ColorRole.PlaceholderText,
                                                  QColor("#c0c0c0")),
        (QPalette.ColorRole.Link, QColor("#00ffff")), (QPalette.ColorRole.BrightText, yellow),
    ):
        palette.setColor(role, color)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#d0d0d0"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                     QColor("#d0d0d0"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText,
                     QColor("#d0d0d0"))
    return palette


def stylesheet(point_size: int, high_contrast: bool) -> str:
    big = round(point_size * 1.5)
    bigger = round(point_size * 1.8)
    right, wrong, partly = ("#7CFC00", "#FF6B6B", "#FFD700") if high_contrast else \
        ("#1b7f3b", "#b3261e", "#8a5a00")
    border = "#ffff00" if high_contrast else "palette(mid)"
    focus = "#ffff00" if high_contrast else "palette(highlight)"
    return f"""
    QLabel#prompt {{ font-size: {big}pt; font-weight: 600; }}
    QLabel#headline {{ font-size: {bigger}pt; font-weight: 700; }}
    QLabel#heading {{ font-weight: 700; font-size: {round(point_size * 1.15)}pt; }}
    QLabel#position, QLabel#timer, QLabel#score {{ font-weight: 600; }}
    QLabel#context, QLabel#detail, QLabel#source {{ color: palette(placeholder-text); }}
    QLabel#verdict {{ font-size: {round(point_size * 1.4)}pt; font-weight: 700; }}
    QLabel#verdict[outcome="right"] {{ color: {right}; }}
    QLabel#verdict[outcome="wrong"] {{ color: {wrong}; }}
    QLabel#verdict[outcome="partly"] {{ color: {partly}; }}
    QFrame#feedback {{ border: 2px solid {border}; border-radius: 8px; padding: 8px; }}
    QRadioButton[role="choice"], QCheckBox[role="choice"] {{
        font-size: {round(point_size * 1.2)}pt; padding: 6px; }}
    QRadioButton[role="choice"]:disabled, QCheckBox[role="choice"]:disabled,
    QPushButton[role="big"]:disabled, QLineEdit:disabled, QListWidget:disabled,
    QComboBox:disabled {{ color: palette(window-text); }}
    QPushButton[role="big"]:checked {{ border: 3px solid {focus}; }}
    QPushButton[role="big"] {{ font-size: {round(point_size * 1.4)}pt; font-weight: 700; }}
    QPushButton#primary {{ font-weight: 700; padding: 6px 18px; }}
    QRadioButton[role="choice"]:focus, QCheckBox[role="choice"]:focus,
    QPushButton:focus, QLineEdit:focus, QListWidget:focus, QComboBox:focus {{
        outline: 2px solid {focus}; }}
    """


HIGH_CONTRAST_EXTRA = """
    QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator {
        width: 16px; height: 16px; border: 2px solid #ffffff; background: #000000; }
    QRadioButton::indicator { border-radius: 10px; }
    QCheckBox::indicator:checked, QRadioButton::indicator:checked,
    QAbstractItemView::indicator:checked { background: #ffff00; border-color: #ffff00; }
    QLineEdit, QSpinBox, QComboBox, QAbstractItemView, QPushButton {
        border: 1px solid #ffffff; }
    QPushButton { padding: 4px 10px; }
    QMenuBar, QMenu { background: #000000; color: #ffffff; }
    QMenu::item:selected, QMenuBar::item:selected { background: #ffff00; color: #000000; }
    """


def apply_theme(app: QApplication, *, point_size: int = DEFAULT_POINT_SIZE,
                high_contrast: bool = False) -> None:
    if app.style().name() != "fusion":  # setting it again would style every widget again
        app.setStyle("Fusion")  # follows the system's light or dark scheme
    point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, point_size))
    font = QFont(app.font())
    font.setPointSize(point_size)
    app.setFont(font)
    if high_contrast:
        app.setPalette(_high_contrast_palette())
    else:
        app.setPalette(QPalette())  # the platform's, light or dark
    app.setStyleSheet(stylesheet(point_size, high_contrast)
                      + (HIGH_CONTRAST_EXTRA if high_contrast else ""))
