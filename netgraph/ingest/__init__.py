"""Ingest: reading contact files into records, and applying a read file to a workspace.

Owns the readers (no database), the import of one file all or nothing, and batch imports.
May import the base modules, workspace, ties, identity and routes (to index new ties).
"""
