"""Identity: one person per human. Keys, placing records on people, merging, the user, targets.

Owns identity keys, placing records on people (placing.py), people, targets, erasing a person.
May import the base modules, :mod:`netgraph.workspace` and :mod:`netgraph.ties`.
"""
