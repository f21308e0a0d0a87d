"""Tie evidence from a LinkedIn export: messages, invitations, endorsements, recommendations.

Each file becomes one :class:`Interaction` per counterpart of the export's owner, with counts
and the latest date. Message texts, invitation notes and recommendation texts are never kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import polars as pl

from netgraph.identity.keys import linkedin_key
from netgraph.identity.names import name_key
from netgraph.ingest.readers.linkedin_csv import LINE, CsvTable
from netgraph.ingest.readers.linkedin_rows import (
    count_skipped,
    fix_url,
    join_names,
    only,
    prepare,
    report_bad,
)
from netgraph.ingest.readers.linkedin_sources import Source
from netgraph.ingest.records import Interaction, ReadResult

_OUTGOING = frozenset({"outgoing", "sent"})
_INCOMING = frozenset({"incoming", "received"})


# --- per-counterpart tallies ---------------------------------------------------------------------


class _Tally:
    """Interactions of one kind keyed by counterpart (LinkedIn URL key, else folded name)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.items: dict[str, Interaction] = {}
        self._rank: dict[str, int] = {}

    def get(self, name: str | None, url: str | None, rank: int = 1) -> Interaction | None:
        """The counterpart's Interaction (created on first sight); None without name or URL.

        A name seen with a higher ``rank`` replaces an earlier one (a sender's own FROM name
        beats a name cut out of a group chat's TO list).
        """
        key = counterpart_key(name, url)
        if key is None:
            return None
        item = self.items.get(key)
        if item is None:
            item = Interaction(kind=self.kind, name=name or _slug(url), linkedin_url=url)
            self.items[key] = item
            self._rank[key] = rank if name else -1
        else:
            if name and rank > self._rank[key]:
                item.name, self._rank[key] = name, rank
            if item.linkedin_url is None:
                item.linkedin_url = url
        return item


def counterpart_key(name: str | None, url: str | None) -> str | None:
    """The key under which rows about one counterpart are added up.

    >>> counterpart_key("Bo Ek", "www.linkedin.com/in/bo-ek/")
    'linkedin.com/in/bo-ek'
    >>> counterpart_key("  Bo  EK ", None)
    'name:bo ek'
    """
    key = linkedin_key(url)
    if key:
        return key
    folded = name_key(name)
    return f"name:{folded}" if folded else None


def _slug(url: str | None) -> str:
    """A stand-in name for a counterpart known only by URL: the profile slug."""
    key = linkedin_key(url)
    return key.rsplit("/", 1)[-1] if key else (url or "")


def _later(item: Interaction, when: date | None) -> None:
    """Keep the latest date seen for a counterpart."""
    if when is not None and (item.last_date is None or when > item.last_date):
        item.last_date = when


# --- messages.csv ------------------------------------------------------------------------------


_Recipient = tuple[str | None, str | None, int]  # name, URL, name rank (see _Tally.get)


@dataclass(frozen=True)
class _Message:
    """The parts of one message row that matter (never its subject or content)."""

    line: int
    conversation: str | None
    sender: str | None
    sender_url: str | None
    to: str | None
    recipient_urls: str | None
    when: date | None
    direction: str | None


def read_messages(table: CsvTable, source: Source, result: ReadResult, skip_bad: bool) -> None:
    """Count messages per counterpart of the owner; drafts and anonymous senders are skipped.

    The owner is the sender URL that takes part in the most conversations (ties: the one that
    sent the most messages); in an owner's own export they take part in every conversation,
    while "most messages sent" can pick a chatty counterpart. The 2018 layout has no URLs and
    says who sent what in its ``Direction`` column.
    """
    frame, known, bad = prepare(table, "date")
    report_bad(table.bad + bad, source, result, skip_bad)
    frame = only(frame, known)
    folder = pl.col("folder").str.to_lowercase().str.starts_with("draft")
    flagged = pl.col("ismessagedraft").str.to_lowercase().is_in(["yes", "true", "1"])
    draft = frame.select(folder.fill_null(False) | flagged.fill_null(False)).to_series()
    count_skipped(result, "draft messages", int(draft.sum()))
    frame = only(frame, ~draft).with_columns(fix_url("senderprofileurl"))
    columns = (LINE, "conversationid", "from", "senderprofileurl", "to", "recipientprofileurls")
    messages = [_Message(*row) for row in frame.select(*columns, "date", "direction").iter_rows()]
    if "direction" in table.headers and "senderprofileurl" not in table.headers:
        tally = _tally_by_direction(messages, result)
    else:
        urls = _urls_by_name(messages)
        recipients = [_recipients(m.to, m.recipient_urls, urls) for m in messages]
        owner = _owner(messages, recipients)
        if owner is not None:
            result.owner_linkedin_url = owner[1]
        tally = _tally_by_owner(messages, recipients, owner[0] if owner else None, result)
    result.interactions.extend(tally.items.values())


def _urls_by_name(messages: list[_Message]) -> dict[str, str]:
    """Map senders' names to their profile URLs, to place recipients listed by name only."""
    urls: dict[str, str] = {}
    for message in messages:
        folded = name_key(message.sender)
        if message.sender_url and folded:
            urls.setdefault(folded, message.sender_url)
    return urls


def _recipients(to: str | None, urls: str | None, known: dict[str, str]) -> list[_Recipient]:
    """(name, URL, name rank) per recipient of a message.

    TO names are split on commas only when they pair one-to-one with the URLs, or (without
    URLs, 2021 layout) when every part is a known sender: a name such as "Lovelace, PhD"
    contains a comma too. Names without a URL get the URL their owner sent messages with.
    """
    url_list = [url if "://" in url else f"https://{url}" for url in _split_urls(urls)]
    names = [name.strip() for name in (to or "").split(",")]
    if len(url_list) > 1:
        if len(names) == len(url_list):
            return [(name or None, url, 1) for name, url in zip(names, url_list, strict=True)]
        return [(None, url, 0) for url in url_list]
    if url_list:
        return [(to, url_list[0], 1)]
    if len(names) > 1 and all(name_key(name) in known for name in names):
        return [(name, known[name_key(name)], 1) for name in names]
    return [(to, known.get(name_key(to)), 1)]


def _split_urls(urls: str | None) -> list[str]:
    """Split a comma-joined list of profile URLs."""
    return [url.strip() for url in (urls or "").split(",") if url.strip()]


def _owner(messages: list[_Message], recipients: list[list[_Recipient]]) -> tuple[str, str] | None:
    """(URL key, URL as written) of the export's owner, or None when no sender has a URL."""
    conversations: dict[str, set[str]] = {}
    sent: Counter[str] = Counter()
    written: dict[str, str] = {}
    for message, to in zip(messages, recipients, strict=True):
        sender = linkedin_key(message.sender_url)
        if sender is None or message.sender_url is None:
            continue
        written.setdefault(sender, message.sender_url)
        sent[sender] += 1
        conversation = message.conversation or f"line {message.line}"
        conversations.setdefault(sender, set()).add(conversation)
        for _, url, _ in to:
            recipient = linkedin_key(url)
            if recipient:
                conversations.setdefault(recipient, set()).add(conversation)
    if not sent:
        return None
    owner = max(sent, key=lambda key: (len(conversations[key]), sent[key]))
    return owner, written[owner]


def _is_anonymous(name: str | None, url: str | None) -> bool:
    """A sender LinkedIn hides ("LinkedIn Member" with no profile URL)."""
    return url is None and (name or "").casefold() in ("", "linkedin member")


def _tally_by_owner(
    messages: list[_Message],
    recipients: list[list[_Recipient]],
    owner: str | None,
    result: ReadResult,
) -> _Tally:
    """Tally messages when senders carry URLs: the owner's messages are ``sent`` to each
    recipient, everyone else's are ``received`` from their sender."""
    tally = _Tally("messages")
    for message, to in zip(messages, recipients, strict=True):
        if owner is not None and linkedin_key(message.sender_url) == owner:
            for name, url, rank in to:
                item = None if linkedin_key(url) == owner else tally.get(name, url, rank)
                if item is not None:
                    item.sent += 1
                    _later(item, message.when)
        elif _is_anonymous(message.sender, message.sender_url):
            count_skipped(result, "messages from LinkedIn Member")
        else:
            item = tally.get(message.sender, message.sender_url, 2)
            if item is not None:
                item.received += 1
                _later(item, message.when)
    return tally


def _tally_by_direction(messages: list[_Message], result: ReadResult) -> _Tally:
    """Tally 2018-layout messages (names only) using their Direction column."""
    tally = _Tally("messages")
    for message in messages:
        direction = (message.direction or "").casefold()
        if direction in _OUTGOING:
            item = tally.get(message.to, None)
            if item is not None:
                item.sent += 1
                _later(item, message.when)
        elif direction in _INCOMING and not _is_anonymous(message.sender, None):
            item = tally.get(message.sender, None)
            if item is not None:
                item.received += 1
                _later(item, message.when)
        else:
            count_skipped(result, "messages without a known direction or sender")
    return tally


# --- Invitations.csv ---------------------------------------------------------------------------


def read_invitations(table: CsvTable, source: Source, result: ReadResult, skip_bad: bool) -> None:
    """One Interaction per counterpart: ``sent`` OUTGOING and ``received`` INCOMING invitations."""
    frame, dated, bad = prepare(table, "sentat")
    frame = only(frame, dated)
    direction = pl.col("direction").str.to_lowercase()
    known = frame.select(direction.is_in([*_OUTGOING, *_INCOMING]).fill_null(False)).to_series()
    problem = f"{table.headers['direction']} is neither INCOMING nor OUTGOING"
    bad += [(line, problem) for line in frame.filter(~known).get_column(LINE).to_list()]
    report_bad(table.bad + bad, source, result, skip_bad)
    outgoing = direction.is_in(list(_OUTGOING))
    rows = only(frame, known).select(
        outgoing.alias("outgoing"),
        pl.when(outgoing).then(pl.col("to")).otherwise(pl.col("from")).alias("name"),
        pl.when(outgoing)
        .then(fix_url("inviteeprofileurl"))
        .otherwise(fix_url("inviterprofileurl"))
        .alias("url"),
        "sentat",
        pl.col("message").is_not_null().alias("note"),
    )
    tally = _Tally("invitation")
    for is_outgoing, name, url, when, note in rows.iter_rows():
        item = tally.get(name, url)
        if item is None:
            count_skipped(result, "invitations without a name")
            continue
        if is_outgoing:
            item.sent += 1
        else:
            item.received += 1
        _later(item, when)
        if note:
            item.detail = "with a personal note"
    result.interactions.extend(tally.items.values())


# --- Endorsement_Received_Info.csv -------------------------------------------------------------


def read_endorsements(table: CsvTable, source: Source, result: ReadResult, skip_bad: bool) -> None:
    """One Interaction per endorser: how many endorsements, the latest date, the skills."""
    frame, known, bad = prepare(table, "endorsementdate")
    report_bad(table.bad + bad, source, result, skip_bad)
    frame = only(frame, known)
    rows = frame.select(
        join_names("endorserfirstname", "endorserlastname").alias("name"),
        fix_url("endorserpublicurl"),
        "endorsementdate",
        "skillname",
    )
    tally = _Tally("endorsement")
    skills: dict[int, dict[str, str]] = {}
    for name, url, when, skill in rows.iter_rows():
        item = tally.get(name, url)
        if item is None:
            count_skipped(result, "endorsements without a name")
            continue
        item.received += 1
        _later(item, when)
        if skill:
            skills.setdefault(id(item), {}).setdefault(skill.casefold(), skill)
    for item in tally.items.values():
        item.detail = ", ".join(skills.get(id(item), {}).values()) or None
    result.interactions.extend(tally.items.values())


# --- Recommendations_Received.csv --------------------------------------------------------------


def read_recommendations(
    table: CsvTable, source: Source, result: ReadResult, skip_bad: bool
) -> None:
    """One Interaction per recommender (by name: the file has no URL), any status.

    Company and title come from the latest recommendation; ``detail`` says how many are not
    ``VISIBLE`` on the owner's profile, if any.
    """
    frame, known, bad = prepare(table, "creationdate")
    report_bad(table.bad + bad, source, result, skip_bad)
    frame = only(frame, known)
    rows = frame.sort("creationdate", descending=True, nulls_last=True, maintain_order=True)
    rows = rows.select(
        join_names("firstname", "lastname").alias("name"),
        "company",
        "jobtitle",
        "creationdate",
        "status",
    )
    tally = _Tally("recommendation")
    hidden: Counter[int] = Counter()
    for name, company, title, when, status in rows.iter_rows():
        item = tally.get(name, None)
        if item is None:
            count_skipped(result, "recommendations without a name")
            continue
        if item.received == 0:
            item.company, item.title = company, title
        item.received += 1
        _later(item, when)
        if status and status.casefold() != "visible":
            hidden[id(item)] += 1
    for item in tally.items.values():
        if hidden[id(item)]:
            item.detail = f"{hidden[id(item)]} not visible on the profile"
    result.interactions.extend(tally.items.values())
