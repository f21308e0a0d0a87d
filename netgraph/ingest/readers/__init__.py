"""Readers that turn contact files (LinkedIn exports, vCards) into netgraph records.

They never touch a workspace; :mod:`netgraph.ingest.apply` stores what they read.
"""
