"""Ties: the evidence that two people know each other, a tie's strength, and describing it.

Owns evidence upkeep, strengths, degrees from the user and the words for a tie's evidence.
May import the base modules and :mod:`netgraph.workspace`.
"""
