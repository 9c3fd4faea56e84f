"""The parsed-bank cache: used when the file is unchanged; anything odd in it means the YAML
is read again. A warm start reads it without importing pydantic."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from quizapp.core import yamlsafe
from quizapp.core.bank import as_data
from quizapp.core.cache import BankCache
from quizapp.core.loader import BankError, load_bank, load_library
from tests.banktext import bank


@pytest.fixture
def cache(tmp_path):
    return BankCache(tmp_path / "cache")


def no_yaml(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the YAML was parsed although the cache had it")

    monkeypatch.setattr(yamlsafe, "parse", refuse)


def test_second_load_of_an_unchanged_file_skips_the_yaml(write_bank, cache, monkeypatch):
    path = write_bank(bank())
    first = load_bank(path, cache=cache)
    no_yaml(monkeypatch)
    second = load_bank(path, cache=cache)
    assert as_data(second) == as_data(first)
    assert second.path == path
    assert second.questions[4].answer == 26 and second.as_of == first.as_of


def test_an_edited_file_is_read_again(write_bank, cache):
    path = write_bank(bank())
    load_bank(path, cache=cache)
    path.write_text(bank().replace('"Test bank"', '"Edited"'), encoding="utf-8")
    assert load_bank(path, cache=cache).title == "Edited"


def test_a_damaged_entry_falls_back_to_the_yaml(write_bank, cache):
    path = write_bank(bank())
    load_bank(path, cache=cache)
    for entry in cache.folder.glob("*.json"):
        entry.write_text('{"format": 1, "id": "x"', encoding="utf-8")
    assert load_bank(path, cache=cache).id == "test-bank"


@pytest.mark.parametrize("entry", [
    '{"format": 1, "id": "x"}', '[]', '{"questions": [{"type": "x"}]}',
    '{"format": 1, "id": "x", "title": "t", "as_of": "2025-13-01", "sources": [], '
    '"questions": []}'])
def test_an_entry_of_another_shape_falls_back_to_the_yaml(write_bank, cache, entry):
    path = write_bank(bank())
    load_bank(path, cache=cache)
    for stored in cache.folder.glob("*.json"):
        stored.write_text(entry, encoding="utf-8")
    loaded = load_bank(path, cache=cache)
    assert loaded.id == "test-bank" and len(loaded.questions) > 1


def test_a_warm_start_never_imports_pydantic(write_bank, tmp_path):
    """pydantic costs a tenth of a second to import; banks read from the cache need none."""
    folder = write_bank(bank()).parent
    script = textwrap.dedent(f"""
        import sys
        from quizapp.core.cache import BankCache
        from quizapp.core.loader import load_library
        library = load_library([{str(folder)!r}], cache=BankCache({str(tmp_path / "c")!r}))
        assert library.banks and not library.failures, library.failures
        print("pydantic" in sys.modules)
    """)
    cold = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (cold.stdout.strip(), warm.stdout.strip()) == ("True", "False"), \
        cold.stderr + warm.stderr


def test_bad_banks_are_never_cached(write_bank, cache):
    path = write_bank("format: 1\nid: [\n")
    with pytest.raises(BankError):
        load_bank(path, cache=cache)
    assert not list(cache.folder.glob("*.json"))


def test_library_with_cache_and_progress(write_bank, cache):
    write_bank(bank(bank_id="one"), "one.yaml")
    path = write_bank(bank(bank_id="two"), "two.yaml")
    seen = []
    library = load_library([path.parent], cache=cache, progress=lambda i, n: seen.append((i, n)))
    again = load_library([path.parent], cache=cache)
    assert [b.id for b in again.banks] == [b.id for b in library.banks] == ["one", "two"]
    assert seen == [(1, 2), (2, 2)]


def test_the_cache_does_not_grow_without_end(write_bank, tmp_path, monkeypatch):
    from quizapp.core import cache as cache_module

    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    folder = tmp_path / "cache"
    path = write_bank(bank())
    for n in range(4):  # a teacher saves the bank again and again: an entry for each version
        path.write_text(bank().replace('"Test bank"', f'"Version {n}"'), encoding="utf-8")
        load_library([path.parent], cache=BankCache(folder))
        entries = len(list(folder.glob("*.json")))
        assert entries == (n + 1 if n < 3 else 1), (n, entries)  # four is too many: pruned
    no_yaml(monkeypatch)  # the entry kept is the one in use
    assert load_library([path.parent], cache=BankCache(folder)).banks[0].title == "Version 3"


def test_a_warm_start_lists_banks_before_building_their_questions(write_bank, cache,
                                                                  monkeypatch):
    path = write_bank(bank())
    cold = load_library([path.parent], cache=cache).banks[0]
    no_yaml(monkeypatch)
    warm = load_library([path.parent], cache=cache).banks[0]
    assert "questions" not in warm.__dict__  # not built: listing needs only the facets
    assert [(d, tuple(t)) for d, t in warm.facets] == list(cold.facets)
    assert load_library([path.parent], cache=cache).question_count == len(cold.questions)
    assert "questions" not in warm.__dict__
    assert as_data(warm) == as_data(cold)  # built on first use, as the YAML gave them
    assert "questions" in warm.__dict__ and "_questions_text" not in warm.__dict__
    assert warm.questions is warm.questions  # built once


def test_questions_built_later_are_kept_out_of_the_collectors_sight(write_bank, cache):
    import gc

    path = write_bank(bank())
    load_library([path.parent], cache=cache)
    gc.unfreeze()
    try:
        warm = load_library([path.parent], cache=cache, keep=True).banks[0]
        frozen = gc.get_freeze_count()
        assert len(warm.questions) == 7
        assert gc.get_freeze_count() > frozen  # the new question objects too
    finally:
        gc.unfreeze()


def test_an_entry_damaged_on_the_disk_is_caught_by_its_check(write_bank, cache):
    path = write_bank(bank())
    load_library([path.parent], cache=cache)
    (entry,) = cache.folder.glob("*.json")
    blob = entry.read_bytes()
    entry.write_bytes(blob.replace(b"Who represented Iran", b"Who represented Iraq"))
    assert load_bank(path, cache=cache).questions[0].prompt.startswith("Who represented Iran")
