"""A deck with every kind of card and the characters exports must survive, shared by the export tests."""

import textwrap

from deckapp.deck import load_deck

EVERY_KIND = textwrap.dedent("""\
    deck: every-kind
    title: 'Every kind: "quotes", tabs and $x<y$'
    description: |
      A deck with every field set.
      Second line.
    tags: [test, export]
    scheduler: fsrs
    limits: {new_per_day: 5, reviews_per_day: 50}
    cards:
      - id: basic
        front: "A front with a\\ttab, \\"quotes\\", <b>not bold</b> & a dollar \\\\$5"
        back: |
          Line one with $\\frac{a}{b}$
            indented line with $$x^2$$

        tags: [one, two]
      - id: typed
        front: Differentiate $x^2$.
        answer: "2*x"
        back: The power rule.
      - id: typed-bare
        front: What is $\\frac{d}{dx} e^x$?
        answer: exp(x)
      - id: drill
        front: Solve this.
        exercise: {generator: graph_backward, difficulty: 2}
        tags: [graphs]
    """)


def every_kind_deck(folder):
    """The deck, loaded from a file in `folder` as a deck file is."""
    path = folder / "every-kind.yaml"
    path.write_text(EVERY_KIND, encoding="utf-8")
    return load_deck(path)
