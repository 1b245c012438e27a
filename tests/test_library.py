"""The student's library of decks: `deckapp add`, `deckapp remove`, `deckapp study FOLDER`, and resolve_deck."""

import json

import pytest

from deckapp.deck.library import entries, resolve_deck
from deckapp.errors import UsageError

BUNDLED = "mfdl-lecture-02"


def deck_text(deck_id, title="A deck of my own", cards=2):
    body = "".join(f"  - id: c{i}\n    front: Question {i}\n    back: Answer {i}\n" for i in range(cards))
    return f"deck: {deck_id}\ntitle: {title}\ncards:\n{body}"


@pytest.fixture
def own(tmp_path):
    path = tmp_path / "own.yaml"
    path.write_text(deck_text("own"), encoding="utf-8")
    return path


def library_file(tmp_path):
    return tmp_path / "config" / "decks.json"


def test_added_decks_are_listed_after_the_bundled_ones_and_kept_between_runs(deckapp_cli, own, tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "b.yaml").write_text(deck_text("bee", "Bees"), encoding="utf-8")
    (folder / "a.yml").write_text(deck_text("ant", "Ants", cards=3), encoding="utf-8")
    result = deckapp_cli("add", str(own), str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"added own: {own} (2 cards)", f"added ant: {folder / 'a.yml'} (3 cards)",
                                          f"added bee: {folder / 'b.yaml'} (2 cards)"]
    saved = json.loads(library_file(tmp_path).read_text(encoding="utf-8"))
    assert saved == {"decks": [{"path": str(own), "id": "own"}, {"path": str(folder / "a.yml"), "id": "ant"},
                               {"path": str(folder / "b.yaml"), "id": "bee"}]}
    assert [entry.id for entry in entries()] == [BUNDLED, "own", "ant", "bee"]
    assert resolve_deck("bee").title == "Bees"


def test_adding_the_same_file_again_changes_nothing(deckapp_cli, own, tmp_path):
    deckapp_cli("add", str(own))
    before = library_file(tmp_path).read_text(encoding="utf-8")
    result = deckapp_cli("add", str(own))
    assert result.returncode == 0 and result.stdout.startswith("already in the library: own")
    assert library_file(tmp_path).read_text(encoding="utf-8") == before


def test_a_broken_deck_is_refused_with_its_errors_and_nothing_is_added(deckapp_cli, own, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: bad\ntitle: Bad\ncards:\n  - id: x\n    frnt: Q\n    back: A\n", encoding="utf-8")
    result = deckapp_cli("add", str(own), str(bad))
    assert result.returncode == 1
    assert f"{bad}:5:5: unknown key 'frnt'" in result.stderr and "nothing was added" in result.stderr
    assert not library_file(tmp_path).exists()


def test_a_second_file_with_a_library_deck_id_is_refused(deckapp_cli, own, tmp_path):
    twin = tmp_path / "twin.yaml"
    twin.write_text(deck_text("own", "Another"), encoding="utf-8")
    deckapp_cli("add", str(own))
    result = deckapp_cli("add", str(twin))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"deckapp: {twin}: deck id 'own' is already in the library as {own}; "
                                     "`deckapp remove own` first to keep this one instead (nothing was added)")


def test_two_files_given_with_one_deck_id_are_reported_at_the_id_and_nothing_is_added(own, tmp_path, capsys):
    from deckapp.cli import main

    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "a.yaml").write_text(deck_text("same"), encoding="utf-8")
    (folder / "b.yaml").write_text("# a copy\n" + deck_text("same", "Another"), encoding="utf-8")
    assert main(["add", str(folder)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{folder / 'b.yaml'}:2:7: deck id 'same' is also used by {folder / 'a.yaml'}",
        "deckapp: nothing was added; fix the decks above and add them again"]
    assert not library_file(tmp_path).exists()


def test_study_folder_refuses_two_decks_with_one_id(tmp_path):
    from deckapp.deck.library import folder_decks
    from deckapp.errors import Problems

    (tmp_path / "a.yaml").write_text(deck_text("same"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(deck_text("same", "Another"), encoding="utf-8")
    with pytest.raises(Problems) as refused:
        folder_decks(str(tmp_path))
    assert refused.value.lines() == [f"{tmp_path / 'b.yaml'}:1:7: deck id 'same' is also used by {tmp_path / 'a.yaml'}"]


def test_an_id_is_checked_against_the_library_decks_as_they_will_be_kept(own, tmp_path):
    from deckapp.deck.library import add_decks

    other, renamed = tmp_path / "other.yaml", tmp_path / "renamed.yaml"
    other.write_text(deck_text("other"), encoding="utf-8")
    add_decks([str(own), str(other)])
    own.write_text(deck_text("mine"), encoding="utf-8")  # its old id is free once `own` is added again
    renamed.write_text(deck_text("own"), encoding="utf-8")
    assert [(deck.id, new) for deck, new in add_decks([str(renamed), str(own)])] == [("own", True), ("mine", False)]
    own.write_text(deck_text("other"), encoding="utf-8")  # another library deck keeps this one
    with pytest.raises(UsageError, match=f"{own}: deck id 'other' is already in the library as {other};"):
        add_decks([str(own)])
    saved = json.loads(library_file(tmp_path).read_text(encoding="utf-8"))["decks"]
    assert [item["id"] for item in saved] == ["mine", "other", "own"]


@pytest.mark.parametrize("command", ["add", "validate", "stats"])
def test_a_path_with_a_pasted_nul_byte_is_one_clear_line(own, tmp_path, capsys, command):
    from deckapp.cli import main
    from deckapp.deck.library import add_decks

    pasted = f"{own}\x00"
    assert main([command, str(tmp_path), pasted]) == 2
    assert capsys.readouterr().err == (f"deckapp: {own}\\x00: not a path: it holds a NUL character, which no file or "
                                       "folder name can\n")
    with pytest.raises(UsageError, match="holds a NUL character"):  # the app's add dialog calls add_decks too
        add_decks([pasted])
    assert not library_file(tmp_path).exists()


def test_a_library_entry_holding_a_nul_byte_is_one_clear_line_not_an_internal_error(own, tmp_path, capsys):
    """decks.json edited by hand: its path reaches os.open and os.samefile, which raise ValueError on a NUL."""
    from deckapp.cli import main

    assert main(["add", str(own)]) == 0
    saved = json.loads(library_file(tmp_path).read_text(encoding="utf-8"))
    saved["decks"].append({"path": f"{tmp_path}/a\x00b.yaml", "id": "nul"})
    library_file(tmp_path).write_text(json.dumps(saved), encoding="utf-8")
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0 and "`deckapp remove nul` forgets it" in capsys.readouterr().err
    assert main(["export", "nul", "-o", str(tmp_path / "nul.csv")]) == 2
    assert capsys.readouterr().err == (f"deckapp: {tmp_path}/a\\x00b.yaml: not a path: it holds a NUL character, "
                                       "which no file or folder name can\n")
    assert main(["remove", str(own)]) == 0 and [entry.id for entry in entries()] == [BUNDLED, "nul"]


def test_missing_paths_are_a_usage_error(deckapp_cli, tmp_path):
    result = deckapp_cli("add", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_remove_forgets_a_deck_by_id_and_keeps_its_file(deckapp_cli, own, tmp_path):
    deckapp_cli("add", str(own))
    result = deckapp_cli("remove", "own")
    assert result.returncode == 0 and result.stdout.startswith(f"removed own ({own}) from the library")
    assert own.exists() and [entry.id for entry in entries()] == [BUNDLED]


def test_remove_explains_bundled_and_unknown_decks(deckapp_cli, own):
    deckapp_cli("add", str(own))
    bundled = deckapp_cli("remove", BUNDLED)
    assert bundled.returncode == 2 and "is a bundled deck" in bundled.stderr
    unknown = deckapp_cli("remove", "onw")
    assert unknown.returncode == 2 and "no deck 'onw' in the library — did you mean 'own'?" in unknown.stderr


def test_a_library_deck_that_broke_or_went_missing_shows_its_problem_and_the_others_stay(deckapp_cli, own,
                                                                                          tmp_path):
    gone = tmp_path / "gone.yaml"
    gone.write_text(deck_text("gone"), encoding="utf-8")
    assert deckapp_cli("add", str(own), str(gone)).returncode == 0
    own.write_text(deck_text("own").replace("back: Answer 1", "back: Answer 1\n    back: twice"), encoding="utf-8")
    gone.unlink()
    found = {entry.id: entry for entry in entries()}
    assert found[BUNDLED].deck is not None
    assert found["own"].deck is None and found["own"].problems[0].startswith(f"{own}:10:5: ")
    assert found["gone"].deck is None and "the file is gone" in found["gone"].problems[0]
    assert "`deckapp remove gone` forgets it" in found["gone"].problems[0]
    with pytest.raises(UsageError) as caught:
        resolve_deck("gone")
    assert str(caught.value) == found["gone"].problems[0]  # `export gone` and `study gone` say what Home says


def test_a_library_deck_with_a_bundled_id_replaces_the_bundled_deck(deckapp_cli, tmp_path):
    copy = tmp_path / "mine.yaml"
    copy.write_text(deck_text(BUNDLED, "My own lecture 2"), encoding="utf-8")
    assert deckapp_cli("add", str(copy)).returncode == 0
    assert [(entry.id, entry.title) for entry in entries()] == [(BUNDLED, "My own lecture 2")]
    assert resolve_deck(BUNDLED).title == "My own lecture 2"


def test_a_damaged_library_file_is_reported_not_overwritten(deckapp_cli, own, tmp_path):
    library_file(tmp_path).parent.mkdir()
    library_file(tmp_path).write_text("{not json", encoding="utf-8")
    result = deckapp_cli("add", str(own))
    assert result.returncode == 2 and "not a deckapp config file" in result.stderr
    assert library_file(tmp_path).read_text(encoding="utf-8") == "{not json"


def test_resolve_deck_names_the_known_decks(own):
    with pytest.raises(UsageError, match="no deck file, bundled deck or library deck named 'nope'"):
        resolve_deck("nope")


def test_study_needs_a_terminal_but_reads_a_folder_first(deckapp_cli, tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "bad.yaml").write_text("deck: bad\ntitle: B\ncards: []\n", encoding="utf-8")
    broken = deckapp_cli("study", str(folder))
    assert broken.returncode == 1 and str(folder / "bad.yaml") in broken.stderr
    (folder / "bad.yaml").write_text(deck_text("fine"), encoding="utf-8")
    fine = deckapp_cli("study", str(folder))
    assert fine.returncode == 2 and "needs a terminal" in fine.stderr


def test_stats_counts_the_library_decks_and_goes_on_without_one_that_went_missing(tmp_path, capsys):
    import json

    from deckapp.cli import main

    kept, lost = tmp_path / "kept.yaml", tmp_path / "lost.yaml"
    for path, deck_id in ((kept, "kept"), (lost, "lost")):
        path.write_text(f"deck: {deck_id}\ntitle: {deck_id}\ncards:\n  - id: a\n    front: Q\n    back: A\n",
                        encoding="utf-8")
    assert main(["add", str(kept), str(lost)]) == 0
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    assert [deck["id"] for deck in json.loads(capsys.readouterr().out)["decks"]] == ["mfdl-lecture-02", "kept", "lost"]
    lost.unlink()
    assert main(["stats", "--json"]) == 0
    out, err = capsys.readouterr()
    assert [deck["id"] for deck in json.loads(out)["decks"]] == ["mfdl-lecture-02", "kept"]
    home = {entry.id: entry for entry in entries()}["lost"].problems  # stats says what Home says
    assert err.splitlines() == [
        f"deckapp: {lost}: the file is gone (moved or deleted); `deckapp remove lost` forgets it"]
    assert home == (err.strip().removeprefix("deckapp: "),)


def test_stats_lists_bundled_then_library_then_given_decks(tmp_path, capsys):
    import json

    from deckapp.cli import main

    files = {deck_id: tmp_path / f"{deck_id}.yaml" for deck_id in ("zed", "ant", "given")}
    for deck_id, path in files.items():
        path.write_text(deck_text(deck_id), encoding="utf-8")
    assert main(["add", str(files["zed"]), str(files["ant"])]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", str(files["given"])]) == 0
    assert [deck["id"] for deck in json.loads(capsys.readouterr().out)["decks"]] == [BUNDLED, "zed", "ant", "given"]


def test_a_deck_whose_id_was_edited_in_its_file_is_known_by_its_new_id(deckapp_cli, own, tmp_path):
    """Home lists the id the file gives now: `remove` takes that id, and `add` sees it taken."""
    assert deckapp_cli("add", str(own)).returncode == 0
    own.write_text(deck_text("mine"), encoding="utf-8")
    assert [entry.id for entry in entries()] == [BUNDLED, "mine"]
    other = tmp_path / "other.yaml"
    other.write_text(deck_text("mine", title="Another"), encoding="utf-8")
    clash = deckapp_cli("add", str(other))
    assert clash.returncode == 2 and f"deck id 'mine' is already in the library as {own}" in clash.stderr
    result = deckapp_cli("remove", "mine")
    assert result.returncode == 0 and result.stdout.startswith(f"removed mine ({own}) from the library")
    assert [entry.id for entry in entries()] == [BUNDLED]


def test_remove_by_an_id_two_decks_now_give_removes_the_one_home_lists(deckapp_cli, tmp_path):
    """Two library files edited to one id: Home lists the later, and that is the one `remove ID` forgets."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(deck_text("x"), encoding="utf-8")
    second.write_text(deck_text("y"), encoding="utf-8")
    assert deckapp_cli("add", str(first), str(second)).returncode == 0
    second.write_text(deck_text("x", title="Later"), encoding="utf-8")
    assert [(e.id, e.path) for e in entries() if e.id == "x"] == [("x", str(second))]
    result = deckapp_cli("remove", "x")
    assert result.returncode == 0 and result.stdout.startswith(f"removed x ({second}) from the library")
    assert [(e.id, e.path) for e in entries() if e.id == "x"] == [("x", str(first))]


def test_remove_by_the_id_home_gives_a_deck_whose_file_is_gone(deckapp_cli, tmp_path):
    """A file that is gone keeps the id it was added with; listed later than a deck edited to that id, it is the
    one Home and stats tell to remove with that id, and the one removed."""
    living, lost = tmp_path / "b.yaml", tmp_path / "a.yaml"
    living.write_text(deck_text("y"), encoding="utf-8")
    lost.write_text(deck_text("x"), encoding="utf-8")
    assert deckapp_cli("add", str(living), str(lost)).returncode == 0
    lost.unlink()
    living.write_text(deck_text("x"), encoding="utf-8")
    [shown] = [e for e in entries() if e.id == "x"]
    assert shown.path == str(lost) and "`deckapp remove x` forgets it" in shown.problems[0]
    result = deckapp_cli("remove", "x")
    assert result.returncode == 0 and result.stdout.startswith(f"removed x ({lost}) from the library")
    assert [(e.id, e.path) for e in entries() if e.id == "x"] == [("x", str(living))]
