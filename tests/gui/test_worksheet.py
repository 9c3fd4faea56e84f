"""Printable worksheets: every question and choice readable in the PDF, bank text printed
literally, the key in step with the sheet, and the file written all-or-nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from quizapp.core.bank import Match, Multiple, Order, Single
from quizapp.core.loader import load_bank_text, load_library
from quizapp.gui import worksheet
from quizapp.gui.worksheet import (
    WorksheetError,
    print_worksheet,
    save_worksheet_pdf,
    worksheet_html,
)
from tests.banktext import bank
from tests.conftest import BUNDLED

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext is not installed (Debian: apt-get install "
                              "poppler-utils), so the PDF's text cannot be read back")


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text, in drawing order, with ligatures undone and all spacing made one
    space (lines wrap anywhere on paper)."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run([PDFTOTEXT, "-raw", "-enc", "UTF-8", *pages, str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return flat(out)


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def squash(text: str) -> str:
    """Without any spacing: lines on paper also wrap after a hyphen or a slash, where
    the extracted text then has a line break that the bank text has not."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def bundled_items():
    library = load_library([BUNDLED])
    assert library.banks and not library.failures
    return [(b, q) for b in library.banks for q in b.questions]


def printable(text: str) -> str:
    """What a machine without a font for a script can show: the test machine may have no
    Korean or Chinese font (Debian: fonts-wqy-microhei), and then those glyphs are empty."""
    if QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems() and \
            QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems():
        return text
    return re.sub(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u4e00-\u9fff]", "", text)


@needs_pdftotext
def test_every_question_and_choice_of_the_bundled_banks_can_be_read(qapp, tmp_path):
    items = bundled_items()
    sheet = tmp_path / "sheet.pdf"
    sheet_pages = save_worksheet_pdf(sheet, items, "Victory Day parade", include_key=False)
    full = tmp_path / "full.pdf"
    pages = save_worksheet_pdf(full, items, "Victory Day parade")
    assert pages > sheet_pages > 10

    text = pdf_text(sheet)
    assert text.startswith("Victory Day parade")
    for word in ("Name", "Date", "Score"):
        assert word in text[:2000]
    squashed = squash(text)
    missing = []
    for number, (b, q) in enumerate(items, start=1):
        wanted = [q.prompt]
        if isinstance(q, Single | Multiple):
            wanted += q.choices
        elif isinstance(q, Order):
            wanted += q.items
        elif isinstance(q, Match):
            wanted += [*q.pairs, *q.pairs.values()]
        missing += [(b.id, q.id, w) for w in wanted if squash(w) not in squashed]
        assert f"{number}. " in text
    assert missing == []

    # The key starts on a page of its own, after the sheet, and explains every question.
    key = pdf_text(full, first=sheet_pages + 1)
    assert key.startswith("Answer key: Victory Day parade")
    assert "Answer key" not in pdf_text(full, last=sheet_pages)
    key = squash(key)
    for b, q in items:
        source = b.source_for(q)
        for wanted in (q.explanation, source.url, source.publisher):
            assert squash(printable(wanted)) in key, (b.id, q.id, wanted)


@needs_pdftotext
def test_korean_and_accents_in_the_key(qapp, tmp_path):
    items = [(b, q) for b, q in bundled_items() if q.explanation and "최선희" in q.explanation]
    assert items
    path = tmp_path / "k.pdf"
    save_worksheet_pdf(path, items, "Ch\u00f6e S\u00f6n H\u00fci")
    text = pdf_text(path)
    assert "Chöe Sön Hüi" in text
    assert squash(printable(items[0][1].explanation)) in squash(text)


MARKUP_BANK = bank("single", "match").replace(
    'prompt: "Who represented Iran at the parade?"',
    'prompt: "<b>x</b> & <i>y</i> <img src=\'/etc/passwd\'> <a href=\'https://e.org\'>z</a>"'
).replace("[Masoud Pezeshkian, Ebrahim Raisi, Ali Khamenei]",
          "[Masoud Pezeshkian, \"<b>Raisi</b>\", \"&amp; Khamenei\"]").replace(
    "Fico: Slovakia", "\"<u>Fico</u>\": \"<font color=red>Slovakia</font>\"").replace(
    'explanation: "He came after the SCO summit."',
    'explanation: "<h1>Big</h1> <script>alert(1)</script>"')


def test_bank_markup_is_escaped_in_the_html():
    loaded = load_bank_text(MARKUP_BANK)
    items = [(loaded, q) for q in loaded.questions]
    for key in (False, True):
        page = worksheet_html(items, "<i>Title</i> & more", key=key)
        for raw in ("<b>x</b>", "<i>y</i>", "<img", "<a href", "<b>Raisi</b>", "<u>Fico</u>",
                    "<font color=red>", "<i>Title</i>", "<h1>Big</h1>", "<script>"):
            assert raw not in page
        assert "&lt;i&gt;Title&lt;/i&gt; &amp; more" in page
    sheet = worksheet_html(items, "t", key=False)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;y&lt;/i&gt;" in sheet
    assert "&amp;amp; Khamenei" in sheet


@needs_pdftotext
def test_bank_markup_is_printed_literally(qapp, tmp_path):
    loaded = load_bank_text(MARKUP_BANK)
    path = tmp_path / "markup.pdf"
    save_worksheet_pdf(path, [(loaded, q) for q in loaded.questions], "<i>Title</i>")
    text = squash(pdf_text(path))
    for literal in ("<i>Title</i>",
                    "<b>x</b> & <i>y</i> <img src='/etc/passwd'> <a href='https://e.org'>z</a>",
                    "<b>Raisi</b>", "&amp; Khamenei", "<u>Fico</u>",
                    "<font color=red>Slovakia</font>", "<h1>Big</h1> <script>alert(1)</script>"):
        assert squash(literal) in text


def test_the_key_agrees_with_the_sheet():
    loaded = load_bank_text(bank())
    items = [(loaded, q) for q in loaded.questions]
    sheet = worksheet_html(items, "t", key=False)
    key = worksheet_html(items, "t", key=True)
    assert worksheet_html(items, "t", key=False) == sheet  # the same sheet every time
    # single: choices keep the bank's order, so Pezeshkian is A.
    assert "<b>A</b>. Masoud Pezeshkian" in key
    # multiple: Putin and Kim are A and B.
    assert "<b>A</b>, <b>B</b>" in key
    # order: the sheet never lists the items solved; the key numbers the listed boxes.
    order = next(q for q in loaded.questions if isinstance(q, Order))
    listed = [t for t in re.findall(r"&nbsp;&nbsp;(\d{4})</td>", sheet)]
    assert sorted(listed) == sorted(order.items) and listed != order.items
    numbers = ", ".join(str(order.items.index(t) + 1) for t in listed)
    assert f"<b>{numbers}</b> in the boxes" in key
    # match: the right column is not in the left column's order; the key says which letter.
    assert "1. Fico \u2192 <b>" in key
    letters = dict(re.findall(r"<b>([A-Z])\.</b>&nbsp;(Slovakia|Serbia)", sheet))
    assert letters and list(letters.values()) != ["Slovakia", "Serbia"]
    slovakia = next(k for k, v in letters.items() if v == "Slovakia")
    assert f"<b>1&nbsp;{slovakia}</b>" in key
    # true/false, short, numeric and the sources.
    assert "<b>True</b>" in key
    assert "<b>Tiananmen Square</b> (also accepted: Tiananmen)" in key
    assert "<b>26</b>" in key
    assert "Associated Press, 3 September 2025. https://example.org/a" in key
    for box in ("\u2610</span>&nbsp;True", "\u2610</span>&nbsp;False"):
        assert box in sheet


def test_points_are_shown_only_when_they_differ():
    loaded = load_bank_text(bank("single", "short"))
    items = [(loaded, q) for q in loaded.questions]
    assert "point" not in worksheet_html(items, "t", key=False)
    two = load_bank_text(bank("single", "short").replace(
        "    source: src\n", "    source: src\n    points: 2\n", 1))
    sheet = worksheet_html([(two, q) for q in two.questions], "t", key=False)
    assert "2&nbsp;points" in sheet and "1&nbsp;point<" in sheet
    assert "/&nbsp;3" in sheet


@needs_pdftotext
def test_a_question_longer_than_a_page_still_prints(qapp, tmp_path):
    long_prompt = " ".join(f"Sentence {i} of a very long prompt." for i in range(120))
    loaded = load_bank_text(bank("short").replace('"Name the square."', f'"{long_prompt}"'))
    path = tmp_path / "long.pdf"
    pages = save_worksheet_pdf(path, [(loaded, loaded.questions[0])], "Long",
                               include_key=False)
    assert pages == 2
    text = pdf_text(path)
    assert "Long \u2013 page 1 of 2" in text and "Long \u2013 page 2 of 2" in text
    # Every sentence, in order. (Qt draws the line above a clip too, hidden by the clip, so
    # the last line of page 1 is in the text of page 2 as well.)
    numbers = [int(n) for n in re.findall(r"Sentence (\d+) of", text)]
    assert sorted(set(numbers)) == list(range(120))
    assert len(numbers) <= 120 + 2


def test_written_atomically(qapp, tmp_path, monkeypatch):
    loaded = load_bank_text(bank())
    items = [(loaded, q) for q in loaded.questions]
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"%PDF- the previous complete file")

    def broken(*args, **kwargs):
        raise WorksheetError("Cannot start printing: simulated")

    monkeypatch.setattr(worksheet, "_paint", broken)
    with pytest.raises(WorksheetError, match="simulated"):
        save_worksheet_pdf(path, items, "t")
    assert path.read_bytes() == b"%PDF- the previous complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]  # no temporary file left
    monkeypatch.undo()

    assert save_worksheet_pdf(path, items, "t") >= 2
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.read_bytes().rstrip().endswith(b"%%EOF")
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]

    with pytest.raises(WorksheetError, match="Cannot write"):
        save_worksheet_pdf(tmp_path / "no such folder" / "x.pdf", items, "t")


def test_print_goes_to_the_chosen_printer_or_nowhere(qapp, tmp_path, monkeypatch):
    loaded = load_bank_text(bank())
    items = [(loaded, q) for q in loaded.questions]

    def pdf_printer(name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / name))
        return printer

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert print_worksheet(None, items, "t", printer=pdf_printer("no.pdf")) is False
    assert not (tmp_path / "no.pdf").exists()

    chosen = []
    monkeypatch.setattr(QPrintDialog, "exec",
                        lambda self: chosen.append(self.printer()) or QDialog.DialogCode.Accepted)
    printer = pdf_printer("yes.pdf")
    assert print_worksheet(None, items, "Printed", include_key=False, printer=printer) is True
    assert chosen == [printer]
    assert (tmp_path / "yes.pdf").read_bytes().startswith(b"%PDF-")
    if PDFTOTEXT:
        text = pdf_text(tmp_path / "yes.pdf")
        assert text.startswith("Printed") and "Answer key" not in text


def test_a_worksheet_needs_questions(qapp, tmp_path):
    with pytest.raises(ValueError, match="at least one question"):
        save_worksheet_pdf(tmp_path / "empty.pdf", [], "Empty")
    with pytest.raises(ValueError, match="at least one question"):
        print_worksheet(None, [], "Empty")
    assert list(tmp_path.iterdir()) == []


@needs_pdftotext
def test_the_sheet_number_draws_the_same_questions_again(qapp, qtbot, tmp_path, monkeypatch):
    """Versions A and B of a worksheet, or the same sheet printed again for a student who was
    away: the number chosen in the dialog draws the questions and is on every page."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from quizapp.gui import dialogs
    from quizapp.gui.teacher.worksheets import PDF, WorksheetDialog, make_worksheet

    banks = load_library([BUNDLED]).banks
    monkeypatch.setattr(dialogs, "inform", lambda *a, **k: None)
    dialog = WorksheetDialog(banks, PDF, checked=[b.id for b in banks])
    assert not dialog.sheet.isEnabled() and dialog.sheet_number() is None  # all, in order
    dialog.count.setValue(6)
    assert dialog.sheet.isEnabled() and dialog.sheet_number() == dialog.sheet.value()
    dialog.sheet.setValue(77)
    assert dialog.summary.text().endswith("They are drawn by sheet number 77: the same number "
                                          "draws the same questions again.")
    dialog.deleteLater()

    def save(number: int, name: str) -> str:
        target = tmp_path / f"{name}.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))

        def fill(attempt=0):
            shown = QApplication.activeModalWidget()
            if not isinstance(shown, WorksheetDialog):
                if attempt < 200:
                    QTimer.singleShot(10, lambda: fill(attempt + 1))
                return
            shown.count.setValue(6)
            shown.sheet.setValue(number)
            shown.key.setChecked(False)
            shown.go_button.click()

        QTimer.singleShot(0, fill)
        assert make_worksheet(None, banks, None, PDF, checked=[b.id for b in banks],
                              documents=tmp_path) == target
        return pdf_text(target)

    first, again, other = save(4821, "a"), save(4821, "b"), save(4822, "c")
    assert first == again
    assert "sheet 4821 – page 1 of" in first and "sheet 4822" in other
    assert first.replace("4821", "4822") != other  # other questions, not just the number
