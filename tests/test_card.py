"""``netgraph card``: the user's own vCard 4.0, and ``netgraph me --title/--company``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import vobject
from cli_helpers import ok, run
from conftest import SAMPLE_DATA
from hypothesis import given
from hypothesis import strategies as st

from netgraph.identity.keys import linkedin_key
from netgraph.identity.people import ensure_me
from netgraph.ingest.readers.vcard import read_vcard
from netgraph.ingest.records import Contact
from netgraph.outreach.card import fold_line
from netgraph.workspace import Workspace

ME = json.loads((SAMPLE_DATA / "demo.json").read_text(encoding="utf-8"))["me"]
PHONE = "+44 20 7946 0958"
E164 = "+442079460958"


def write_card(tmp_path: Path) -> Path:
    out = tmp_path / "me.vcf"
    result = ok("card", "-o", out)
    assert f"Wrote your card to {out}" in result.output
    return out


def read_back(path: Path) -> tuple[Any, Contact]:
    """The card as vobject parses it, and as netgraph's own vCard importer reads it."""
    parsed = vobject.readOne(path.read_text(encoding="utf-8"))
    (contact,) = read_vcard(path).contacts
    return parsed, contact


def set_my_fields(sample: Path, **fields: str) -> None:
    """Write fields of the user's row directly, as text from someone else's file could arrive."""
    with Workspace.open(sample) as workspace, workspace.transaction() as conn:
        for column, value in fields.items():
            conn.execute(f"UPDATE people SET {column} = ? WHERE is_me = 1", (value,))


def test_the_card_carries_who_you_are(sample: Path, tmp_path: Path) -> None:
    ok("me", "--phone", PHONE, "--title", "Data analyst", "--company", "Kestrel Bio")

    out = write_card(tmp_path)

    assert oct(out.stat().st_mode & 0o777) == "0o600"
    parsed, contact = read_back(out)
    assert parsed.version.value == "4.0"
    assert parsed.fn.value == ME["name"] == contact.name
    assert (parsed.n.value.given, parsed.n.value.family) == ("Noor", "Haddad")
    assert (contact.first_name, contact.last_name) == ("Noor", "Haddad")
    assert sorted(e.value for e in parsed.email_list) == sorted(ME["emails"])
    assert sorted(contact.emails) == sorted(ME["emails"])
    assert [t.value for t in parsed.tel_list] == [f"tel:{E164}"]
    assert contact.phones == [E164]
    assert contact.linkedin_url is not None
    assert linkedin_key(contact.linkedin_url) == linkedin_key(ME["linkedin"])
    assert parsed.url.value == "https://www.linkedin.com/in/noor-haddad-data"
    assert (contact.title, contact.company) == ("Data analyst", "Kestrel Bio")


def test_the_card_follows_rfc_6350(sample: Path) -> None:
    data = ok("card").stdout_bytes

    assert data.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert data.endswith(b"END:VCARD\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(re.fullmatch(rb"PRODID:-//netgraph//netgraph [^/]+//EN", line) for line in lines)
    assert any(re.fullmatch(rb"REV:\d{8}T\d{6}Z", line) for line in lines)
    assert b"TEL" not in data  # Noor gave no phone: no empty properties
    assert b"TITLE" not in data and b"ORG" not in data


def test_special_characters_are_escaped_and_read_back_intact(sample: Path, tmp_path: Path) -> None:
    name = '=Haddad, Noor; "Jr." \\ N'
    ok("me", name)
    set_my_fields(
        sample,
        title="Lead; data, ML\\ops\nand analytics",  # a line break, as from a hostile file
        company="=Acme, Inc.; EMEA",
    )

    out = write_card(tmp_path)

    text = out.read_bytes().decode("utf-8")
    assert 'FN:=Haddad\\, Noor\\; "Jr." \\\\ N\r\n' in text
    assert "TITLE:Lead\\; data\\, ML\\\\ops\\nand analytics\r\n" in text
    assert "ORG:=Acme\\, Inc.\\; EMEA\r\n" in text
    parsed, contact = read_back(out)
    assert parsed.fn.value == contact.name == name
    assert parsed.title.value == contact.title == "Lead; data, ML\\ops\nand analytics"
    assert parsed.org.value == ["=Acme, Inc.; EMEA"]  # one organisation name, not two units
    assert contact.company == "=Acme, Inc.; EMEA"


def test_control_characters_never_reach_the_card(sample: Path) -> None:
    set_my_fields(sample, title="Analyst\x1b[31m\x00\u202e")

    data = ok("card").stdout_bytes

    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x1b]", data)
    assert "\u202e".encode() not in data


def test_long_lines_fold_at_75_octets_and_unfold_exactly(sample: Path, tmp_path: Path) -> None:
    title = "Ingénieure données — analyse, modèles 🌍; " * 6
    ok("me", "--title", title)

    out = write_card(tmp_path)

    raw = out.read_bytes()
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) > 3
    for line in lines:
        line.decode("utf-8")  # no line ends in the middle of a character
    parsed, contact = read_back(out)
    assert parsed.title.value == contact.title == title.strip()


@given(st.text(min_size=0, max_size=400))
def test_folding_keeps_every_character(text: str) -> None:
    line = "NOTE:" + text.replace("\r", "").replace("\n", "")

    folded = fold_line(line)

    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line


def test_a_non_ascii_linkedin_profile_is_a_valid_uri(tmp_path: Path) -> None:
    ok("me", "Noor Müller", "--linkedin", "https://www.linkedin.com/in/noor-haddad-müller")

    out = write_card(tmp_path)

    text = out.read_bytes().decode("utf-8")
    assert "URL;TYPE=work:https://www.linkedin.com/in/noor-haddad-m%C3%BCller\r\n" in text
    _, contact = read_back(out)
    assert linkedin_key(contact.linkedin_url) == "linkedin.com/in/noor-haddad-müller"


def test_the_card_on_stdout_is_the_file(sample: Path, tmp_path: Path) -> None:
    assert ok("card").stdout_bytes == write_card(tmp_path).read_bytes()


def test_title_and_company_round_trip_through_me(sample: Path) -> None:
    ok("me", "--title", "Data analyst", "--company", "Kestrel Bio")

    shown = ok("me").output
    me = json.loads(ok("me", "--format", "json").output)

    assert "title: Data analyst" in shown and "company: Kestrel Bio" in shown
    assert (me["title"], me["company"]) == ("Data analyst", "Kestrel Bio")
    assert me["name"] == ME["name"]
    assert sorted(me["emails"]) == sorted(ME["emails"])  # nothing else changed
    # With a name, the same options work; an empty text clears a field.
    ok("me", ME["name"], "--title", "Senior data analyst", "--company", "")
    me = json.loads(ok("me", "--format", "json").output)
    assert (me["title"], me["company"]) == ("Senior data analyst", None)


def test_card_needs_to_know_who_you_are() -> None:
    result = run("card")

    assert result.exit_code == 2
    assert result.output == (
        'Error: you have not said who you are yet: netgraph me "Your Name" --email ...\n'
    )


def test_card_refuses_the_placeholder_before_me(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as workspace, workspace.transaction():
        ensure_me(workspace)  # what an import does before the user says who they are

    result = run("card")

    assert result.exit_code == 2
    assert "you have not said who you are yet" in result.output


def test_me_options_without_a_name_need_one_first(workspace_path: Path) -> None:
    result = run("me", "--title", "Data analyst")

    assert result.exit_code == 2
    assert result.output == 'Error: say your name first: netgraph me "Your Name" ...\n'
    with Workspace.open(workspace_path) as workspace, workspace.transaction():
        ensure_me(workspace)
    assert "say your name first" in run("me", "--company", "Acme").output
