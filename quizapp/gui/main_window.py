"""The main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from quizapp.core.loader import Library


class MainWindow(QMainWindow):
    def __init__(self, library: Library, folders: list[Path]):
        super().__init__()
        self.setWindowTitle(self.tr("QuizApp"))
        self.library = library
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Bank"), self.tr("Questions"), self.tr("Facts as of")])
        for bank in library.banks:
            QTreeWidgetItem(self.tree, [bank.title, str(len(bank.questions)),
                                        bank.as_of.isoformat()])
        for path, problems in library.failures.items():
            item = QTreeWidgetItem(self.tree, [path.name, self.tr("failed to load"), ""])
            for problem in problems:
                QTreeWidgetItem(item, [str(problem)])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.tree)
        self.setCentralWidget(central)
        self.resize(900, 600)
