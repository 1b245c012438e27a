"""deckapp: a terminal trainer for the maths of deep learning."""

__version__ = "0.1.0"
