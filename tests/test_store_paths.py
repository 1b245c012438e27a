"""`--db` names that SQLite would not take as a plain file, or that would put the store where nobody looks, are
refused in one line and create nothing; deep folders are made without recursion."""

import os

import pytest

NOW = {"DECKAPP_NOW": "2026-03-02T10:00:00+00:00"}


def listing(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("name", "says"), [
    (":memory:", "would keep the reviews in memory only, lost on exit"),
    ("file:s.sqlite3?mode=memory", "an SQLite URI, not a file"),
    ("file:s.sqlite3", "an SQLite URI, not a file"),
    ("store/", "ends with '/', which names a folder; the store is a file"),
    ("new/store/", "ends with '/', which names a folder; the store is a file"),
])
def test_a_db_that_is_not_a_plain_file_name_is_refused_and_creates_nothing(tmp_path, deckapp_cli, name, says):
    result = deckapp_cli("stats", "--db", name, cwd=tmp_path, env=NOW)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"deckapp: {name}: {result.stderr.split(': ', 2)[2]}" and result.stderr.count("\n") == 1
    assert says in result.stderr
    assert listing(tmp_path) == []


def test_the_same_names_written_as_paths_are_files(tmp_path, deckapp_cli):
    for name in ("./:memory:", "./file:s.sqlite3"):
        result = deckapp_cli("stats", "--db", name, cwd=tmp_path, env=NOW)
        assert result.returncode == 0, result.stderr
    assert listing(tmp_path) == [":memory:", "file:s.sqlite3"]


def test_a_link_that_leads_nowhere_is_refused_not_followed_to_create_its_target(tmp_path, deckapp_cli):
    link = tmp_path / "store.sqlite3"
    link.symlink_to(tmp_path / "elsewhere" / "target.sqlite3")
    result = deckapp_cli("stats", "--db", str(link), env=NOW)
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {link}: a symbolic link to '{tmp_path / 'elsewhere' / 'target.sqlite3'}', "
                             "which leads to no file; deckapp does not create a store through a link: create it at "
                             "the link's target, or pick another --db\n")
    assert listing(tmp_path) == ["store.sqlite3"]


def test_a_link_to_an_existing_store_is_used(tmp_path, deckapp_cli):
    assert deckapp_cli("stats", "--db", str(tmp_path / "real.sqlite3"), env=NOW).returncode == 0
    (tmp_path / "link.sqlite3").symlink_to(tmp_path / "real.sqlite3")
    assert deckapp_cli("stats", "--db", str(tmp_path / "link.sqlite3"), env=NOW).returncode == 0


def test_a_db_under_thousands_of_new_folders_is_one_line_and_makes_none(tmp_path, deckapp_cli):
    deep = tmp_path / os.path.join(*["a"] * 2000) / "s.sqlite3"
    result = deckapp_cli("stats", "--db", str(deep), env=NOW)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.endswith(f"the store's full path is {len(str(deep)):,} bytes long, more than SQLite "
                                  "accepts (503); pick a shorter --db\n")
    assert listing(tmp_path) == []


def test_a_db_under_many_new_folders_within_sqlites_limit_is_created(tmp_path, deckapp_cli):
    depth = (490 - len(str(tmp_path))) // 2
    deep = tmp_path / os.path.join(*["a"] * depth) / "s.sqlite3"
    result = deckapp_cli("stats", "--db", str(deep), env=NOW)
    assert result.returncode == 0, result.stderr
    assert deep.is_file()
