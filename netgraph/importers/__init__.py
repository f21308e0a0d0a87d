"""Readers that turn contact files (LinkedIn exports, vCards) into netgraph records."""
