"""One way to write the files we keep (recovery notes, the create journal; drafts build on it)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.core.test_drafts import _dead_pid
from tui.core.atomic import write_atomically
from tui.core.journal import CreateJournal, PendingCreate
from tui.core.recovery import RecoveryStore


def test_a_write_replaces_the_file_and_names_its_temp_by_process(tmp_path: Path) -> None:
    path = tmp_path / "note.json"
    path.write_bytes(b"old")
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["note.json"]


def test_recovery_notes_and_journal_entries_clean_up_after_killed_writes(
    tmp_path: Path,
) -> None:
    """A write killed before its rename leaves `.<name>.<pid>.<random>.tmp`; the next write
    of the same file removes it (drafts had this; the recovery note and journal did not)."""
    store = RecoveryStore(tmp_path / "state")
    store.save({"name": "x"}, None)
    journal = CreateJournal(tmp_path / "journal")
    entry = PendingCreate("http://127.0.0.1:1", "acct", "x", "ab" * 32, 1.0, 2.0, "timeout")
    journal.record(entry)
    [journal_file] = journal.directory.iterdir()
    leftovers = []
    for target in (store.meta_file, journal_file):
        leftover = target.parent / f".{target.name}.{_dead_pid()}.abcd1234.tmp"
        leftover.write_text("partial", encoding="utf-8")
        leftovers.append(leftover)
    store.save({"name": "y"}, None)
    journal.record(entry)
    assert not any(p.exists() for p in leftovers)
    assert all(not p.name.endswith(".tmp") for p in (*store.directory.iterdir(),))
    assert os.listdir(journal.directory) == [journal_file.name]
