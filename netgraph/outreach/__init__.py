"""Outreach: from a route to an interview. The log, pipeline, drafts, briefs, follow-ups, card.

Owns the outreach log and everything computed from it, and the message templates.
May import the base modules, workspace, ties, identity and routes.
"""
