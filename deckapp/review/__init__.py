"""Spaced repetition: the schedulers (SM-2, FSRS, and the interface the queue uses), the SQLite store of states
and the review log, the study day, today's queue, the study session, and stats.

`from deckapp.review.sm2 import SM2State, review`. This package's `__init__` imports nothing, so `deckapp stats`
loads only what it uses.
"""
