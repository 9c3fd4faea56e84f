"""The core never imports Qt: checked in a process where Qt cannot be imported at all."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import quizapp.core

BLOCK_QT_AND_IMPORT_CORE = """
import sys, importlib
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6') or name.startswith('quizapp.gui'):
            raise ImportError('the core must not import ' + name)
sys.meta_path.insert(0, Block())
for name in sys.argv[1:]:
    importlib.import_module(name)
print('ok')
"""


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(quizapp.core.__path__, "quizapp.core.")]


def test_every_core_module_imports_without_qt():
    modules = core_modules()
    assert "quizapp.core.loader" in modules
    result = subprocess.run([sys.executable, "-c", BLOCK_QT_AND_IMPORT_CORE, *modules],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_cli_commands_that_are_not_windows_need_no_qt():
    code = BLOCK_QT_AND_IMPORT_CORE.replace("print('ok')", """
from quizapp.cli import main
assert main(['schema']) == 0
assert main(['validate']) == 0
""")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_import_linter_contract_holds():
    script = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(script), "--no-cache"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout
