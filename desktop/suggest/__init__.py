"""Suggesters: machines that propose spans for people to accept or reject.

Pure Python over the text layer (no Qt, no SQLite): rules for figures and
dates (`rules`, `figures`, `dates`), phrase lists (`gazetteers`, matched by
`phrases`), propagation of what a layer labelled, and a CRF (`crf`) learned
from a layer. Each returns `proposals.Proposal`s for a text; the workspace
stores them as `desktop.core.suggestion.Suggestion`s.
"""
