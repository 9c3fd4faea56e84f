"""Files written all-or-nothing get the permissions a file written in place would have."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from quizapp.core.atomic import replacing

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_what_the_umask_allows(tmp_path):
    old = os.umask(0o027)
    try:
        with replacing(tmp_path / "sheet.csv") as fh:
            fh.write(b"a,b\n")
    finally:
        os.umask(old)
    assert mode(tmp_path / "sheet.csv") == 0o640  # not the temporary file's 0600
    assert (tmp_path / "sheet.csv").read_bytes() == b"a,b\n"


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "shared.csv"
    target.write_bytes(b"old")
    target.chmod(0o664)
    with replacing(target) as fh:
        fh.write(b"new")
    assert mode(target) == 0o664 and target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["shared.csv"]  # no temporary file left
