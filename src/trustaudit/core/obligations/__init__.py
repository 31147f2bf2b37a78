"""Obligations: the catalogues of laws and frameworks, where they apply, and their standing.

docs/obligations.md describes the catalogue format and how applicability and status work.
"""
