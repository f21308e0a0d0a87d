"""Identity: one person per human. Keys, placing records on people, merging, the user, targets.

Owns identity keys, resolution rules, people look-ups, targets and erasing a person.
May import the base modules, :mod:`netgraph.workspace` and :mod:`netgraph.ties`.
"""
