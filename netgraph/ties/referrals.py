"""Ties a referral shows: the user met someone, who named people worth talking to.

``netgraph log PERSON met --referred NAME`` records two ties, each with one piece of
``referral`` evidence (see docs/strength.md): the user knows PERSON (they met, and PERSON offered
to help), and PERSON knows NAME. Both pieces come from PERSON's word, so PERSON is their holder;
they are kept under one source, the user's outreach log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from netgraph.ties.degrees import refresh_degrees
from netgraph.ties.evidence import EvidenceItem, add_evidence_many, refresh_strengths
from netgraph.workspace import Workspace

#: The source that holds the evidence of referrals.
REFERRAL_SOURCE_KEY = "outreach:referrals"
REFERRAL_SOURCE_LABEL = "your outreach log"
#: ``detail`` of the tie between the user and the person who referred them.
MET = "met"


def add_referral_ties(
    workspace: Workspace, me: int, referrer: int, referred: Iterable[int], on_date: date
) -> None:
    """Record that the user met ``referrer`` on ``on_date``, and that ``referrer`` named each of
    ``referred``; strengths and degrees are brought up to date."""
    source = workspace.sources.upsert(
        "outreach", REFERRAL_SOURCE_KEY, me, REFERRAL_SOURCE_LABEL, "", None
    )
    items = [EvidenceItem(me, referrer, source, "referral", referrer, on_date, detail=MET)]
    items += [
        EvidenceItem(referrer, person, source, "referral", referrer, on_date)
        for person in referred
        if person not in (me, referrer)
    ]
    changes = add_evidence_many(workspace, items)
    refresh_strengths(workspace, changes.to_refresh, date.today())
    refresh_degrees(workspace)
