"""The look of the quiz show: a high-contrast theme, shapes with colours, sizes from the height.

Every choice carries three cues at once, so no student depends on colour: a letter (A, B, C...),
a shape drawn as a vector (triangle, diamond, circle, square...), and a colour from the
Okabe-Ito palette, which stays distinct with the common colour-vision deficiencies.

Sizes are pixels at a 1080-pixel-high window and scale with the window's height, so the
question is at least 48 px on a 1920x1080 projector and the layout looks the same at 1280x720.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

LETTERS = "ABCDEFGH"
SHAPE_NAMES = ("triangle", "diamond", "circle", "square", "star", "pentagon", "cross",
               "hexagon")
SHAPE_SYMBOLS = ("▲", "◆", "●", "■", "★", "⬟", "✚", "⬢")  # for screen readers and the console
# Okabe-Ito: distinct for deuteranopia, protanopia and tritanopia; bright on black.
SHAPE_COLOURS = ("#E69F00", "#56B4E9", "#F0E442", "#009E73", "#CC79A7", "#D55E00",
                 "#FFFFFF", "#0072B2")

BACKGROUND = "#000000"
PANEL = "#141414"
TEXT = "#FFFFFF"
DIM = "#9A9A9A"  # 7:1 on black: still readable, clearly not the answer
ACCENT = "#FFD700"  # the answer, the double-points round, time's up
RIGHT = "✔"
WRONG = "✘"

# Pixel sizes at 1080 px of height; the question never goes below QUESTION_MIN.
REFERENCE_HEIGHT = 1080
QUESTION_PX = 64
QUESTION_MIN = 48
SIZES = {"header": 40, "choice": 46, "answer": 52, "explanation": 38, "source": 30,
         "hint": 34, "countdown": 64, "title": 64, "team": 72, "podium": 64, "small": 30}
# The other texts give way first, down to these (still readable across a classroom).
MIN_SIZES = {"choice": 28, "answer": 34, "explanation": 24, "source": 20, "hint": 24}


def scale_for(height: int) -> float:
    return max(height, 1) / REFERENCE_HEIGHT


def px(size: float, scale: float) -> int:
    return max(8, round(size * scale))


def font(pixels: int, *, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(8, int(pixels)))
    f.setBold(bold)
    return f


def colour_of(index: int) -> QColor:
    return QColor(SHAPE_COLOURS[index % len(SHAPE_COLOURS)])


def letter_of(index: int) -> str:
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


def symbol_of(index: int) -> str:
    return SHAPE_SYMBOLS[index % len(SHAPE_SYMBOLS)]


def shape_path(index: int, rect: QRectF) -> QPainterPath:
    """The outline of choice ``index``'s shape, filling ``rect``."""
    name = SHAPE_NAMES[index % len(SHAPE_NAMES)]
    c, r = rect.center(), min(rect.width(), rect.height()) / 2
    path = QPainterPath()
    if name == "circle":
        path.addEllipse(c, r * 0.92, r * 0.92)
    elif name == "square":
        s = r * 0.82
        path.addRect(QRectF(c.x() - s, c.y() - s, 2 * s, 2 * s))
    elif name == "cross":
        a, b = r * 0.95, r * 0.34
        path.addPolygon(QPolygonF([QPointF(c.x() + x, c.y() + y) for x, y in (
            (-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b), (b, a), (-b, a), (-b, b),
            (-a, b), (-a, -b), (-b, -b))]))
        path.closeSubpath()
    else:
        corners = {"triangle": (3, -90, 1.0), "diamond": (4, -90, 1.0),
                   "pentagon": (5, -90, 0.98), "hexagon": (6, 0, 0.95), "star": (10, -90, 1.0)}
        count, start, size = corners[name]
        points = []
        for i in range(count):
            angle = math.radians(start + i * 360 / count)
            radius = r * size * (0.45 if name == "star" and i % 2 else 1.0)
            points.append(QPointF(c.x() + radius * math.cos(angle),
                                  c.y() + radius * math.sin(angle) + (r * 0.12 if name ==
                                                                       "triangle" else 0)))
        path.addPolygon(QPolygonF(points))
        path.closeSubpath()
    return path


class ShapeBadge(QWidget):
    """A choice's shape in its colour, with its letter on it, drawn at any size."""

    def __init__(self, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.index = index
        self._size = 64
        self.dimmed = False
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"{letter_of(index)} {SHAPE_NAMES[index % len(SHAPE_NAMES)]}")

    def set_size(self, pixels: int) -> None:
        self._size = max(16, pixels)
        self.setFixedSize(self._size, self._size)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._size, self._size)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = colour_of(self.index)
        line = max(2, self._size // 22)
        path = shape_path(self.index, QRectF(self.rect()).adjusted(line, line, -line, -line))
        if self.dimmed:  # not the answer: the outline only, the letter still readable
            painter.setPen(QPen(colour, line * 1.5))
            painter.drawPath(path)
            painter.setPen(QColor(DIM))
        else:
            painter.fillPath(path, colour)
            painter.setPen(QPen(QColor(TEXT), line))
            painter.drawPath(path)
            painter.setPen(QColor(BACKGROUND))
        painter.setFont(font(round(self._size * 0.42), bold=True))
        text_rect = QRectF(self.rect())
        if SHAPE_NAMES[self.index % len(SHAPE_NAMES)] == "triangle":
            text_rect.translate(0, self._size * 0.08)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, letter_of(self.index))
        painter.end()


def stylesheet(scale: float) -> str:
    """The show windows' style; fonts are set on the widgets, in pixels, by the views."""
    border = max(3, round(6 * scale))
    radius = max(6, round(14 * scale))
    return f"""
    QWidget#showRoot {{ background: {BACKGROUND}; color: {TEXT}; }}
    QWidget#showRoot QLabel {{ color: {TEXT}; background: transparent; }}
    QWidget#showRoot QLabel[tone="dim"] {{ color: {DIM}; }}
    QWidget#showRoot QLabel[tone="accent"] {{ color: {ACCENT}; }}
    QFrame#choiceTile {{ background: {PANEL}; border: {border}px solid #5A5A5A;
                         border-radius: {radius}px; }}
    QFrame#choiceTile[state="right"] {{ border: {border + 2}px solid {ACCENT}; }}
    QFrame#choiceTile[state="dim"] {{ border: {border}px solid #2A2A2A; background: #000000; }}
    QFrame#answerPanel {{ background: {PANEL}; border: {border}px solid {ACCENT};
                          border-radius: {radius}px; }}
    QWidget#showRoot QLabel#doubleBadge {{ color: {BACKGROUND}; background: {ACCENT};
        border-radius: {radius}px; padding: 0 {round(16 * scale)}px; }}
    QWidget#showRoot QLabel#countdown {{ color: {TEXT}; border: {border}px solid {TEXT};
                        border-radius: {radius}px; padding: 0 {round(18 * scale)}px; }}
    QWidget#showRoot QLabel#countdown[state="paused"] {{ color: {DIM}; border-color: {DIM}; }}
    QWidget#showRoot QLabel#countdown[state="ended"] {{ color: {BACKGROUND}; background: {ACCENT};
                                       border-color: {ACCENT}; }}
    QFrame#teamChip {{ border: {max(2, border - 2)}px solid #5A5A5A; border-radius: {radius}px;
                       background: {PANEL}; }}
    QFrame#teamChip[right="true"] {{ border-color: {ACCENT}; }}
    """
