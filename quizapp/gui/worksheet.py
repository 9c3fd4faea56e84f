"""Printable worksheets with an answer key, using Qt's own printing.

A worksheet is HTML that we generate, with every piece of bank text passed through
``html.escape``, laid out by a ``QTextDocument`` and painted page by page onto a
``QPdfWriter`` (Save as PDF) or a ``QPrinter`` chosen in ``QPrintDialog`` (Print). The answer
key starts on a new page; each part has its own footer with page numbers.

Layout on paper, question by question:

- single choice: lettered choices (A, B, C...), "Circle one letter";
- multiple choice: a box before each lettered choice, "Tick every correct answer";
- true/false: boxes ☐ True ☐ False;
- short and numeric: a line to write on;
- order: the items in a shuffled order, each with a box to write its number;
- match: two columns, left numbered with a line for a letter, right lettered and shuffled.

The order and match shuffles depend only on the bank and question ids, so the sheet and its
key agree, and printing again gives the same sheet.
"""

from __future__ import annotations

import contextlib
import html
import os
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from quizapp.core.bank import (
    AnyQuestion,
    Bank,
    Match,
    Multiple,
    Numeric,
    Order,
    Short,
    Single,
    TrueFalse,
)
from quizapp.core.scoring import format_number

Items = Sequence[tuple[Bank, AnyQuestion]]

BOX = "\u2610"  # ☐
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
FONT_FAMILIES = ["Noto Sans", "Segoe UI", "Helvetica Neue", "Arial", "DejaVu Sans"]
FONT_POINTS = 11
MARGINS_MM = QMarginsF(18, 15, 18, 12)
_GREY = "#555555"


class WorksheetError(OSError):
    """The PDF could not be written; the message says why in plain words."""


@dataclass
class _Printed:
    """One question as it appears on this worksheet."""

    number: int
    number_width: int  # of the number column, in pixels (at 96 dpi): room for the largest
    show_points: bool  # False when every question is worth 1 point
    bank: Bank
    question: AnyQuestion
    items: list[str] = field(default_factory=list)  # order: as listed on the sheet
    options: list[str] = field(default_factory=list)  # match: right column, as lettered


def _letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else f"{LETTERS[i // 26 - 1]}{LETTERS[i % 26]}"


def _e(text: object) -> str:
    """Bank text as HTML: escaped, line breaks kept."""
    return html.escape(str(text)).replace("\n", "<br>")


def _lay_out(items: Items) -> list[_Printed]:
    printed = []
    width = 12 + 10 * len(str(len(items)))
    show_points = any(q.points != 1 for _, q in items)
    for number, (bank, question) in enumerate(items, start=1):
        p = _Printed(number, width, show_points, bank, question)
        rng = random.Random(f"worksheet:{bank.id}:{question.id}")
        if isinstance(question, Order):
            p.items = _shuffled(question.items, rng)
        elif isinstance(question, Match):
            p.options = _shuffled(list(question.pairs.values()), rng)
        printed.append(p)
    return printed


def _shuffled(values: list[str], rng: random.Random) -> list[str]:
    """A shuffle that never leaves every value in place (that would give the answer away)."""
    result = list(values)
    if len(set(values)) < 2:
        return result
    while result == values:
        rng.shuffle(result)
    return result


# --- HTML ----------------------------------------------------------------------------------------

_STYLE = f"""
<style>
  h1 {{ font-size: 17pt; margin-top: 0; margin-bottom: 3pt; }}
  .meta {{ color: {_GREY}; font-size: 9pt; }}
  .how {{ color: {_GREY}; font-size: 9pt; font-style: italic; }}
  .num {{ font-weight: bold; }}
  .prompt {{ font-weight: bold; }}
  .pts {{ color: {_GREY}; font-size: 9pt; }}
  .src {{ color: {_GREY}; font-size: 9pt; }}
</style>
"""


def worksheet_html(items: Items, title: str, *, key: bool) -> str:
    """The worksheet (``key=False``) or its answer key (``key=True``) as HTML for
    ``QTextDocument``. Every piece of bank text and the title are escaped."""
    printed = _lay_out(items)
    blocks = _key_blocks(printed, title) if key else _sheet_blocks(printed, title)
    return _page("<p style='margin: 0'>&nbsp;</p>".join(blocks))


def _page(body: str) -> str:
    return f"<html><head>{_STYLE}</head><body>{body}</body></html>"


def _points(value: float) -> str:
    text = format_number(value)
    return f"{text}&nbsp;point" + ("" if value == 1 else "s")


def _banks_line(printed: list[_Printed]) -> str:
    banks: dict[str, Bank] = {}
    for p in printed:
        banks.setdefault(p.bank.id, p.bank)
    parts = [f"{_e(b.title)} (facts as of {_date(b.as_of)})" for b in banks.values()]
    return ("Questions from: " if len(parts) < 2 else "Questions from these banks: ") + \
        "; ".join(parts)


def _date(value) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _write_on(width: str, height: int = 26) -> str:
    """An empty cell with a line under it, to write on."""
    return (f"<td width='{width}' height='{height}' valign='bottom' "
            "style='border-bottom: 1px solid #000000'>&nbsp;</td>")


def _sheet_blocks(printed: list[_Printed], title: str) -> list[str]:
    total = sum(p.question.points for p in printed)
    header = (
        f"<h1>{_e(title)}</h1>"
        f"<p class='meta'>{_banks_line(printed)}</p>"
        "<p style='margin: 0; font-size: 6pt'>&nbsp;</p>"
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='7%' valign='bottom'>Name</td>{_write_on('40%')}"
        f"<td width='3%'></td><td width='7%' valign='bottom'>Date</td>{_write_on('17%')}"
        f"<td width='3%'></td><td width='8%' valign='bottom'>Score</td>{_write_on('6%')}"
        f"<td width='9%' valign='bottom' align='right' style='white-space: nowrap'>"
        f"/&nbsp;{_e(format_number(total))}</td></tr></table>"
        "<table width='100%' cellspacing='0' cellpadding='0' style='margin-top: 10pt'>"
        "<tr><td height='1' style='border-bottom: 1px solid #777777'></td></tr></table>")
    return [header, *(_question_html(p) for p in printed)]


def _numbered(p: _Printed, content: str, points: str | None = None) -> str:
    side = "" if points is None else \
        f"<td width='62' valign='top' align='right' class='pts'>{points}</td>"
    return (
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='{p.number_width}' valign='top' class='num'>{p.number}.</td>"
        f"<td valign='top'>{content}</td>{side}</tr></table>")


def _question_html(p: _Printed) -> str:
    q = p.question
    how, answer_area = _answer_area(p)
    content = (f"<span class='prompt'>{_e(q.prompt)}</span>"
               f"<br><span class='how'>{how}</span>{answer_area}")
    return _numbered(p, content, _points(q.points) if p.show_points else None)


def _choice_rows(cells: list[tuple[str, str]], first_width: int) -> str:
    rows = "".join(f"<tr><td width='{first_width}' valign='top'>{a}</td>"
                   f"<td valign='top'>{b}</td></tr>" for a, b in cells)
    return ("<table cellspacing='0' cellpadding='2' style='margin-top: 3pt'>"
            f"{rows}</table>")


def _answer_area(p: _Printed) -> tuple[str, str]:
    q = p.question
    if isinstance(q, Single):
        return "Circle the letter of one answer.", _choice_rows(
            [(f"<b>{_letter(i)}</b>", _e(c)) for i, c in enumerate(q.choices)], 28)
    if isinstance(q, Multiple):
        return "Tick the box of every correct answer.", _choice_rows(
            [(f"<span style='font-size: 13pt'>{BOX}</span>&nbsp;<b>{_letter(i)}</b>", _e(c))
             for i, c in enumerate(q.choices)], 48)
    if isinstance(q, TrueFalse):
        return "Tick one box.", (
            "<table cellspacing='0' cellpadding='2' style='margin-top: 3pt'><tr>"
            f"<td><span style='font-size: 14pt'>{BOX}</span>&nbsp;True</td>"
            "<td width='40'></td>"
            f"<td><span style='font-size: 14pt'>{BOX}</span>&nbsp;False</td></tr></table>")
    if isinstance(q, Short):
        return "Write your answer on the line.", (
            "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            f"{_write_on('100%', 32)}</tr></table>")
    if isinstance(q, Numeric):
        return "Write a number on the line.", (
            "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            f"{_write_on('40%', 32)}<td width='60%'></td></tr></table>")
    if isinstance(q, Order):
        n = len(p.items)
        return (f"Number the boxes in order, from 1 (first) to {n} (last).",
                _number_boxes([_e(item) for item in p.items]))
    if isinstance(q, Match):
        return "On each line, write the letter of the item that matches.", _match_columns(p)
    raise TypeError(f"unknown question type {type(q).__name__}")


def _number_boxes(texts: list[str]) -> str:
    rows = "".join(
        "<tr><td width='28' height='24' style='border: 1px solid #000000'>&nbsp;</td>"
        f"<td valign='middle'>&nbsp;&nbsp;{t}</td></tr>" for t in texts)
    return f"<table cellspacing='5' cellpadding='0' style='margin-top: 2pt'>{rows}</table>"


def _match_columns(p: _Printed) -> str:
    assert isinstance(p.question, Match)
    lefts = list(p.question.pairs)
    rows = []
    for i in range(max(len(lefts), len(p.options))):
        if i < len(lefts):
            left = f"<td width='47%' valign='bottom'><b>{i + 1}.</b>&nbsp;{_e(lefts[i])}</td>"
            line = _write_on("9%", 28)
        else:
            left, line = "<td width='47%'></td>", "<td width='9%'></td>"
        right = (f"<b>{_letter(i)}.</b>&nbsp;{_e(p.options[i])}" if i < len(p.options) else "")
        rows.append(f"<tr>{left}<td width='2%'></td>{line}<td width='4%'></td>"
                    f"<td width='38%' valign='bottom'>{right}</td></tr>")
    return ("<table width='100%' cellspacing='0' cellpadding='3' style='margin-top: 2pt'>"
            f"{''.join(rows)}</table>")


def _key_blocks(printed: list[_Printed], title: str) -> list[str]:
    header = (f"<h1>Answer key: {_e(title)}</h1>"
              f"<p class='meta'>{_banks_line(printed)}</p>"
              "<table width='100%' cellspacing='0' cellpadding='0' style='margin-top: 6pt'>"
              "<tr><td height='1' style='border-bottom: 1px solid #777777'></td></tr></table>")
    blocks = [header]
    for p in printed:
        q = p.question
        answer, details = _key_answer(p)
        parts = [f"<span class='prompt'>{_e(q.prompt)}</span>", f"<br>Answer: {answer}"]
        if details:
            rows = "".join(f"<tr><td>{line}</td></tr>" for line in details)
            parts.append(f"<table cellspacing='0' cellpadding='1' style='margin-left: 12px'>"
                         f"{rows}</table>")
        if q.explanation:
            parts.append(f"<p style='margin-top: 3pt; margin-bottom: 0'>{_e(q.explanation)}</p>")
        source = p.bank.source_for(q)
        if source is not None:
            parts.append(f"<p class='src' style='margin-top: 2pt; margin-bottom: 0'>"
                         f"Source: {_source_text(source)}</p>")
        blocks.append(_numbered(p, "".join(parts)))
    return blocks


def _key_answer(p: _Printed) -> tuple[str, list[str]]:
    """The answer as it would be marked, and lines that spell it out."""
    q = p.question
    if isinstance(q, Single):
        return f"<b>{_letter(q.choices.index(q.answer))}</b>. {_e(q.answer)}", []
    if isinstance(q, Multiple):
        right = [(i, c) for i, c in enumerate(q.choices) if c in q.answer]
        return (", ".join(f"<b>{_letter(i)}</b>" for i, _ in right),
                [f"<b>{_letter(i)}</b>. {_e(c)}" for i, c in right])
    if isinstance(q, TrueFalse):
        return ("<b>True</b>" if q.answer else "<b>False</b>"), []
    if isinstance(q, Short):
        text = f"<b>{_e(q.answer[0])}</b>"
        if len(q.answer) > 1:
            text += " (also accepted: " + ", ".join(_e(a) for a in q.answer[1:]) + ")"
        return text, []
    if isinstance(q, Numeric):
        text = f"<b>{_e(format_number(q.answer))}</b>"
        if q.tolerance:
            text += f" (\u00b1 {_e(format_number(q.tolerance))} accepted)"
        return text, []
    if isinstance(q, Order):
        numbers = ", ".join(str(q.items.index(item) + 1) for item in p.items)
        return (f"<b>{numbers}</b> in the boxes from top to bottom, for this order:",
                [f"{i}. {_e(item)}" for i, item in enumerate(q.items, start=1)])
    if isinstance(q, Match):
        pairs = [(i, left, p.options.index(right)) for i, (left, right)
                 in enumerate(q.pairs.items(), start=1)]
        return (", ".join(f"<b>{i}&nbsp;{_letter(j)}</b>" for i, _, j in pairs),
                [f"{i}. {_e(left)} \u2192 <b>{_letter(j)}</b>. {_e(p.options[j])}"
                 for i, left, j in pairs])
    raise TypeError(f"unknown question type {type(q).__name__}")


def _source_text(source) -> str:
    parts = [f"“{_e(source.title)}”"]
    if source.publisher:
        parts.append(_e(source.publisher))
    if source.published:
        parts.append(_date(source.published))
    text = ", ".join(parts)
    if source.url:
        text += f". {_e(source.url)}"
    return text


# --- painting ------------------------------------------------------------------------------------

def _font() -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(FONT_POINTS)
    return font


def default_page_size() -> QPageSize:
    """Letter where it is the custom (the Americas' letter countries), A4 elsewhere."""
    letter = {QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico,
              QLocale.Country.Chile, QLocale.Country.Colombia, QLocale.Country.Philippines}
    if QLocale().territory() in letter:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def _paint(device: QPagedPaintDevice, items: Items, title: str, include_key: bool,
           sheet: int | None = None) -> int:
    """Paint the worksheet (and its key) onto ``device``; return the number of pages.

    Each question is its own small document, placed whole on a page: a question is never
    split between two pages unless it is taller than a page by itself. ``sheet``, the number
    the questions were drawn with, is in every page's footer, so a key finds its sheet.
    """
    if not items:
        raise ValueError("a worksheet needs at least one question")
    printed = _lay_out(items)
    named = f"{title}, sheet {sheet}" if sheet is not None else title
    parts = [(named, _sheet_blocks(printed, title))]
    if include_key:
        parts.append((f"Answer key: {named}", _key_blocks(printed, title)))
    painter = QPainter()
    if not painter.begin(device):
        raise WorksheetError("Cannot start printing: the printer or the file is not available.")
    try:
        dpi = device.resolution()
        area = device.pageLayout().paintRectPixels(dpi)
        width, height = float(area.width()), float(area.height())
        footer_height = dpi * 0.3
        page_height = height - footer_height
        gap = dpi * 0.16
        docs: list[QTextDocument] = []  # kept alive until painted
        pages_done = 0
        for label, blocks in parts:
            # Each placed piece: (document, top on the page, from y, to y in the document).
            pages: list[list[tuple[QTextDocument, float, float, float]]] = [[]]
            y = 0.0
            for block in blocks:
                doc = _block_document(device, block, width)
                docs.append(doc)
                h = doc.size().height()
                if h <= page_height:
                    if pages[-1] and y + h > page_height:
                        pages.append([])
                        y = 0.0
                    pages[-1].append((doc, y, 0.0, h))
                    y += h + gap
                    continue
                # Taller than a page: cut between lines, starting on this page if a good
                # part of it is left.
                if pages[-1] and page_height - y < page_height / 4:
                    pages.append([])
                    y = 0.0
                for n, (top, bottom) in enumerate(_cuts(doc, page_height - y, page_height)):
                    if n:
                        pages.append([])
                        y = 0.0
                    pages[-1].append((doc, y, top, bottom))
                    y += bottom - top + gap
            pages = [page for page in pages if page]
            for number, placed in enumerate(pages, start=1):
                if pages_done:
                    device.newPage()
                pages_done += 1
                for doc, at, top, bottom in placed:
                    painter.save()
                    painter.translate(0, at - top)
                    # Clipped half a pixel inside the cuts. Qt also draws the one line just
                    # above a clip, which the clip hides: on a page that continues a question,
                    # the line before the cut is in the PDF's text twice, shown once.
                    doc.drawContents(painter, QRectF(0, top + 0.5, width, bottom - top - 1))
                    painter.restore()
                _footer(painter, f"{label} \u2013 page {number} of {len(pages)}", width,
                        height, footer_height)
        return pages_done
    finally:
        painter.end()


def _cuts(doc: QTextDocument, first_room: float, room: float) -> list[tuple[float, float]]:
    """Where to cut a document taller than a page: between lines of text, each piece
    fitting its page (the first has ``first_room``, the others ``room``)."""
    layout = doc.documentLayout()
    lines: list[tuple[float, float]] = []
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            lines.append((top + line.y(), top + line.y() + line.height()))
        block = block.next()
    total = doc.size().height()
    pieces = []
    start, limit = 0.0, first_room
    while total - start > limit:
        end = start + limit
        fits = [b for _, b in lines if start < b <= end
                and not any(t < b < b2 for t, b2 in lines)]  # no other line cut through
        cut = max(fits) if fits else end  # one line taller than a page: cut it anyway
        pieces.append((start, cut))
        start, limit = cut, room
    pieces.append((start, total))
    return pieces


def _block_document(device: QPagedPaintDevice, block: str, width: float) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(_font())
    doc.setDocumentMargin(0)
    doc.setHtml(_page(block))
    doc.setTextWidth(width)
    return doc


def _footer(painter: QPainter, text: str, width: float, height: float,
            footer_height: float) -> None:
    font = _font()
    font.setPointSizeF(8)
    painter.save()
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.darkGray)
    painter.drawText(QRectF(0, height - footer_height, width, footer_height),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), text)
    painter.restore()


def save_worksheet_pdf(path: str | os.PathLike[str], items: Items, title: str, *,
                       include_key: bool = True, page_size: QPageSize | None = None,
                       sheet: int | None = None) -> int:
    """Write the worksheet (and its answer key, from a new page) as a PDF, atomically: the
    file at ``path`` is the old complete one or the new complete one. Returns the page count.
    Raise ``ValueError`` without questions and ``WorksheetError`` when the file cannot be
    written. Needs a running ``QGuiApplication`` (for the fonts)."""
    if not items:
        raise ValueError("a worksheet needs at least one question")
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        writer = QPdfWriter(tmp_name)
        writer.setTitle(title)
        writer.setCreator("QuizApp")
        writer.setResolution(300)
        writer.setPageLayout(QPageLayout(page_size or default_page_size(),
                                         QPageLayout.Orientation.Portrait, MARGINS_MM,
                                         QPageLayout.Unit.Millimeter))
        pages = _paint(writer, items, title, include_key, sheet)
        del writer  # the PDF is complete once the painter has ended
        with open(tmp_name, "rb+") as fh:
            if fh.read(5) != b"%PDF-":
                raise WorksheetError(f"Cannot write {path}: the PDF came out empty.")
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except PermissionError as exc:
        raise WorksheetError(
            exc.errno, f"Cannot write {path}: it is open in another program (a PDF viewer?) "
                       "or the folder is read-only. Close the file and try again.") from exc
    except WorksheetError:
        raise
    except OSError as exc:
        raise WorksheetError(exc.errno, f"Cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return pages


def print_worksheet(parent: QWidget | None, items: Items, title: str, *,
                    include_key: bool = True, printer: QPrinter | None = None,
                    sheet: int | None = None) -> bool:
    """"Print…": ask for a printer in ``QPrintDialog`` and print. Returns False if the
    teacher cancelled. ``printer`` replaces the default printer (tests use a PDF one)."""
    if not items:
        raise ValueError("a worksheet needs at least one question")
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    layout = printer.pageLayout()
    layout.setUnits(QPageLayout.Unit.Millimeter)
    layout.setMargins(MARGINS_MM)
    printer.setPageLayout(layout)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print worksheet")
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _paint(printer, items, title, include_key, sheet)
    return True
