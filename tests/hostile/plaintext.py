"""The plain-text audit (promise 5): a walk over every widget of every top-level window that
finds each place showing bank text and checks that Qt shows it as text, never as markup.

Generic on purpose: it knows no page, so screens added later are audited as soon as a test
opens them. What it checks, for each widget that shows any of the given bank strings:

- a ``QLabel`` has ``Qt.PlainText`` (``AutoText`` renders ``<img src=...>``);
- a label with a buddy, and a button, shows ``&`` doubled (else Qt eats it as a shortcut);
- a ``QMessageBox`` has ``Qt.PlainText`` (its informative text follows it);
- a tool tip (of a widget, or of any item of an item view) holds no raw markup from a bank:
  tool tips are always guessed as rich text, so bank text must be escaped; and no tool tip
  (bank text or not) holds an image or a link;
- an item view paints with Qt's own delegates (which paint text literally), not a custom one;
- a rich-text editor or browser holds no image and no link, and shows bank text literally;
- a chart (QtCharts draws titles and labels as rich text) holds no raw markup from a bank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from quizapp.core.bank import Bank

STOCK_DELEGATES = {"QStyledItemDelegate", "QItemDelegate", "QComboBoxDelegate",
                   "QComboMenuDelegate"}
MIN_LENGTH = 5  # shorter bank strings ("Yes", "A") would match the app's own words
MARKUP = re.compile(r"[<&]")
SINGLE_AMPERSAND = re.compile(r"(?<!&)&(?!&)")
MAX_ROWS = 500  # per item view: enough for every hostile bank, bounded for huge tables


def bank_strings(banks: Iterable[Bank]) -> set[str]:
    """Every text of these banks that a screen may show."""
    found: set[str] = set()

    def add(value) -> None:
        if isinstance(value, str):
            if len(value.strip()) >= MIN_LENGTH:
                found.add(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                add(k)
                add(v)
        elif isinstance(value, list | tuple):
            for v in value:
                add(v)

    for bank in banks:
        add([bank.title, bank.description, bank.tags])
        for source in bank.sources:
            add([source.title, source.publisher, source.url])
        for q in bank.questions:
            add([q.prompt, q.explanation, q.tags, getattr(q, "choices", None),
                 getattr(q, "answer", None), getattr(q, "items", None),
                 getattr(q, "pairs", None)])
    return found


def _columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model hides columnCount from Python: one column
        return 1


def _children(model, index: QModelIndex) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # a list model: flat
        return False


class Audit:
    """Collects what was checked and every violation, over several walks."""

    def __init__(self, strings: set[str]):
        self.strings = sorted(strings, key=len, reverse=True)
        self.markup = [s for s in self.strings if MARKUP.search(s)]
        self.violations: list[str] = []
        self.shown: set[str] = set()  # bank strings seen on screen, to prove the walk saw them
        self.checked = 0

    # --- helpers -----------------------------------------------------------------------

    def bank_text_in(self, text: str) -> list[str]:
        if not text:
            return []
        hits = [s for s in self.strings if s in text]
        self.shown.update(hits)
        return hits

    def fail(self, widget: QWidget, what: str, text: str) -> None:
        name = f"{type(widget).__name__}({widget.objectName() or '-'})"
        self.violations.append(f"{self.where}: {name}: {what}: {text[:120]!r}")

    # --- the walk ----------------------------------------------------------------------

    def walk(self, where: str, roots: Iterable[QWidget] | None = None) -> None:
        """Check every widget under ``roots`` (default: every top-level widget), shown or
        hidden (a hidden label is shown later)."""
        self.where = where
        roots = list(roots) if roots is not None else QApplication.topLevelWidgets()
        seen: set[int] = set()
        for root in roots:
            for widget in [root, *root.findChildren(QWidget)]:
                if id(widget) in seen:
                    continue
                seen.add(id(widget))
                self.check(widget)

    def check(self, widget: QWidget) -> None:
        self.checked += 1
        self.check_tooltip(widget, widget.toolTip())
        if isinstance(widget, QLabel):
            text = widget.text()
            hits = self.bank_text_in(text)
            if hits and widget.textFormat() != Qt.TextFormat.PlainText:
                self.fail(widget, f"bank text in a {widget.textFormat().name} label", text)
            if hits and widget.buddy() is not None and SINGLE_AMPERSAND.search(
                    text.replace("&&", "")):
                self.fail(widget, "'&' shown as a shortcut (label with a buddy)", text)
        elif isinstance(widget, QAbstractButton):
            text = widget.text()
            if self.bank_text_in(text.replace("&&", "&")) and \
                    SINGLE_AMPERSAND.search(text.replace("&&", "")):
                self.fail(widget, "'&' shown as a shortcut (button)", text)
        if isinstance(widget, QMessageBox):
            texts = " ".join([widget.text(), widget.informativeText(), widget.detailedText()])
            if self.bank_text_in(texts) and widget.textFormat() != Qt.TextFormat.PlainText:
                self.fail(widget, "bank text in a rich message box", texts)
        if isinstance(widget, QTextEdit | QTextBrowser):
            self.check_document(widget, widget.document(), widget.toPlainText())
        if isinstance(widget, QAbstractItemView):
            self.check_view(widget)
        if type(widget).__name__ == "QChartView":
            self.check_chart(widget)

    def check_tooltip(self, widget: QWidget, tip: str) -> None:
        if not tip:
            return
        if GuiQt.mightBeRichText(tip):
            for raw in self.markup:
                if raw in tip:
                    self.shown.add(raw)
                    self.fail(widget, "raw bank markup in a tool tip (tool tips are rich)", tip)
                    break
            document = QTextDocument()
            document.setHtml(tip)
            self.check_document(widget, document, document.toPlainText(), tooltip=True)
        else:
            self.bank_text_in(tip)

    def check_document(self, widget: QWidget, document: QTextDocument, plain: str, *,
                       tooltip: bool = False) -> None:
        self.bank_text_in(plain)
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.isValid():
                    fmt = fragment.charFormat()
                    if fmt.isImageFormat():
                        self.fail(widget, "an image in " + ("a tool tip" if tooltip else
                                                             "a text view"), plain)
                    if fmt.isAnchor():
                        self.fail(widget, "a link in " + ("a tool tip" if tooltip else
                                                          "a text view"), plain)
                it += 1
            block = block.next()

    def check_view(self, view: QAbstractItemView) -> None:
        model = view.model()
        delegates = {view.itemDelegate()}
        if model is not None:
            delegates.update(view.itemDelegateForColumn(c)
                             for c in range(_columns(model, QModelIndex())))
        for delegate in delegates:
            if delegate is not None:
                name = delegate.metaObject().className()
                if name not in STOCK_DELEGATES:
                    self.fail(view, f"a custom item delegate ({name}) may paint rich text",
                              name)
        if model is None:
            return

        def visit(parent: QModelIndex, budget: list[int]) -> None:
            for row in range(model.rowCount(parent)):
                if budget[0] <= 0:
                    return
                budget[0] -= 1
                for column in range(_columns(model, parent)):
                    index = model.index(row, column, parent)
                    text = model.data(index, Qt.ItemDataRole.DisplayRole)
                    if isinstance(text, str):
                        self.bank_text_in(text)
                    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str):
                        self.check_tooltip(view, tip)
                    if column == 0 and _children(model, index):
                        visit(index, budget)

        visit(QModelIndex(), [MAX_ROWS])

    def check_chart(self, view: QWidget) -> None:
        chart = view.chart()
        texts = [chart.title()]
        for axis in chart.axes():
            texts.append(axis.titleText())
            if hasattr(axis, "categories"):
                texts.extend(axis.categories())
        for series in chart.series():
            texts.append(series.name())
            for bar_set in getattr(series, "barSets", lambda: [])():
                texts.append(bar_set.label())
        for text in texts:
            self.bank_text_in(text)
            for raw in self.markup:
                if raw in text:
                    self.fail(view, "raw bank markup in a chart (charts draw rich text)", text)
                    break
