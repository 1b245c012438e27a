from deckapp.cli import main


def test_bundled_deck_validates(capsys):
    assert main(["validate"]) == 0
    assert "28 cards (12 exercises) OK" in capsys.readouterr().out
