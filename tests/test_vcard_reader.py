"""The vCard reader on one small fixture per real-world quirk (tests/fixtures/vcard/)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from netgraph.errors import InputError
from netgraph.ingest.readers import vcard as vcard_module
from netgraph.ingest.readers.vcard import read_vcard, relation_kind
from netgraph.ingest.readers.vcard_split import decode_bytes, split_cards
from netgraph.ingest.records import Contact, ReadResult, Relation

VCARDS = Path(__file__).resolve().parent / "fixtures" / "vcard"


def read(name: str, *, skip_bad: bool = False) -> ReadResult:
    """Read one fixture of tests/fixtures/vcard."""
    return read_vcard(VCARDS / name, skip_bad=skip_bad)


def names(result: ReadResult) -> list[str]:
    return [contact.name for contact in result.contacts]


def only(result: ReadResult) -> Contact:
    assert len(result.contacts) == 1
    return result.contacts[0]


# --------------------------------------------------------------------------- dialects


def test_android_2_1_quoted_printable_with_charset_and_unindented_soft_breaks() -> None:
    result = read("android-2.1-quoted-printable.vcf")

    maria, email_only, broken = result.contacts
    assert maria.name == "María José Ñúñez de la Crúz Fernández"
    assert (maria.first_name, maria.last_name) == ("María José", "Ñúñez")
    assert maria.phones == ["+34 600 111 222"]
    assert maria.emails == ["maria.nunez@example.es"]
    assert maria.raw["note"] == "Primera línea\nSegunda, con coma"
    assert maria.raw["version"] == "2.1"
    assert email_only.name == "only.email@example.com"
    # The stray =80 byte is not UTF-8: the card is repaired, not lost, and the repair is reported.
    assert broken.name == "Broken Byte"
    assert broken.company == "Café \ufffdLtd"
    assert any(note.startswith("card 3 (line 15): line 18: the ORG text") for note in result.notes)
    assert result.bad == []


def test_outlook_2_1_bare_parameters_and_relation_properties() -> None:
    chidi = only(read("outlook-2.1-bare-params.vcf"))

    assert chidi.name == "Dr. Chidi Okafor"
    assert chidi.phones == ["(206) 555-0100", "(206) 555-0199"]
    assert chidi.emails == ["chidi@northwind.example"]
    assert (chidi.company, chidi.org_units, chidi.title) == (
        "Northwind Traders",
        ["Ethics Board"],
        "Chief Ethicist",
    )
    assert chidi.relations == [
        Relation("Eleanor Shellstrop", "manager"),
        Relation("Janet", "assistant"),
        Relation("Simone Garnett", "spouse"),
    ]
    assert "/9j/" not in repr(chidi.raw)  # the photo is dropped unread


def test_apple_item_groups_labels_and_linkedin_social_profile() -> None:
    astrid, plumber = read("apple-3.0-item-groups.vcf").contacts

    assert astrid.name == "Astrid Lindqvist"
    assert (astrid.company, astrid.org_units) == ("Fjord Analytics AB", [])
    assert astrid.emails == ["astrid@fjord.example", "astrid.l@mail.example"]
    assert astrid.phones == ["+46\u00a070\u00a0123\u00a045\u00a067", "+46 8 555 010 00"]
    assert astrid.linkedin_url == "https://www.linkedin.com/in/astrid-lindqvist"
    assert astrid.relations == [
        Relation("Erik Lindqvist", "spouse"),
        Relation("Ingrid Berg", "manager"),
        Relation("Nils", "related"),
    ]
    assert astrid.raw["relations"][2] == {"name": "Nils", "label": "mentor"}
    # X-ABShowAs:COMPANY: the card is an organisation; x-user gives the LinkedIn slug.
    assert (plumber.name, plumber.company) == ("Acme Plumbing", "Acme Plumbing")
    assert plumber.raw["kind"] == "org"
    assert plumber.linkedin_url == "https://www.linkedin.com/in/acme-only-slug"


def test_google_export_labels_categories_and_escaped_url() -> None:
    priya = only(read("google-3.0.vcf"))

    assert priya.emails == ["priya@contoso.example", "priya.raman@gmail.example"]
    assert priya.linkedin_url == "http://www.linkedin.com/in/priya-raman-01/"
    assert priya.categories == ["myContacts", "starred"]
    assert priya.relations == [
        Relation("Arjun Raman", "family"),
        Relation("Meera Iyer", "referred-by"),
    ]
    assert priya.raw["note"] == "Met at PyCon, 2023"


def test_android_custom_relations_use_android_type_codes() -> None:
    yusuf = only(read("android-2.1-relations.vcf"))

    assert yusuf.relations == [
        Relation("Leila Haddad", "spouse"),
        Relation("Sami Haddad", "family"),
        Relation("Karim Aziz", "manager"),
        Relation("Rania", "referred-by"),
        Relation("Omar", "related"),
    ]
    assert [item["label"] for item in yusuf.raw["relations"]] == [
        "spouse",
        "brother",
        "manager",
        "referred by",
        "godfather",
    ]


def test_vcard_4_related_and_kind() -> None:
    result = read("vcard-4.0-related-kind.vcf")

    camille, company = result.contacts
    assert camille.relations == [
        Relation("Lucas Martin", "spouse"),
        Relation("ines.dubois@exemple.example", "colleague"),  # from a mailto: URI
        Relation("Chloé Bernard", "related"),
    ]  # the urn:uuid relation names nobody and is left out
    assert camille.phones == ["+33-1-23-45-67-89"]  # tel: URI prefix removed
    assert "data:image" not in repr(camille.raw)
    assert (company.name, company.company, company.raw["kind"]) == (
        "Exemple SARL",
        "Exemple SARL",
        "org",
    )
    assert result.skipped == {"contact groups (KIND:group)": 1}


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("_$!<Spouse>!$_", "spouse"),
        ("DOMESTIC_PARTNER", "partner"),
        ("Fiancée", "partner"),
        ("co-worker", "colleague"),
        ("_$!<Mother>!$_", "family"),
        ("mother-in-law", "family"),
        ("Stepbrother", "family"),
        ("Best Friend", "friend"),
        ("boss", "manager"),
        ("_$!<Assistant>!$_", "assistant"),
        ("REFERRED_BY", "referred-by"),
        ("CustomRelationCategory", "related"),
        ("", "related"),
        (None, "related"),
    ],
)
def test_relation_labels_map_to_the_small_vocabulary(label: str | None, kind: str) -> None:
    assert relation_kind(label) == kind


# --------------------------------------------------------------------------- fields


def test_org_units_and_unescaped_comma_in_org() -> None:
    globex, jordan = read("org-units.vcf").contacts

    assert (globex.company, globex.org_units) == (
        "Globex Corporation",
        ["Research & Development", "Platform Team"],
    )
    assert (jordan.company, jordan.org_units) == ("Company, The", ["Sales"])


def test_categories_respect_escaped_commas() -> None:
    hana = only(read("categories-escaped-comma.vcf"))

    assert hana.categories == ["Friends, close", "Work", "Book club"]


def test_unescaped_commas_are_not_truncated() -> None:
    # vobject alone turns "FN:Doe, John" into "Doe" (and the same for TITLE and NOTE).
    john = only(read("fn-unescaped-comma.vcf"))

    assert john.name == "Doe, John"
    assert john.title == "VP, Sales"
    assert john.raw["note"] == "Likes tea, not coffee"


def test_missing_fn_falls_back_to_n_then_org_then_email_then_phone() -> None:
    result = read("missing-fn.vcf")

    assert names(result) == [
        "Ms. Petra Anna Novak PhD",
        "Initech",
        "someone@example.org",
        "+1 202 555 0175",
    ]
    petra = result.contacts[0]
    assert (petra.first_name, petra.last_name) == ("Petra", "Novak")
    assert result.contacts[1].org_units == ["Accounting"]
    assert result.skipped == {"empty cards": 1}


def test_large_photo_is_dropped_without_decoding(tmp_path: Path) -> None:
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 19 + "\r\n" + " QUJDREVG\r\n" * 600_000
    path = tmp_path / "photo.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Has A Photo\r\n"
        + photo
        + "EMAIL:photo@example.com\r\nEND:VCARD\r\n",
        newline="",
    )

    contact = only(read_vcard(path))

    assert path.stat().st_size > 5_000_000
    assert (contact.name, contact.emails) == ("Has A Photo", ["photo@example.com"])
    assert "QUJD" not in repr(contact.raw)


def test_card_over_one_mebibyte_of_text_is_bad(tmp_path: Path) -> None:
    path = tmp_path / "big.vcf"
    path.write_text(
        "BEGIN:VCARD\nFN:Big\nNOTE:" + "x" * 1_100_000 + "\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:Small\nEND:VCARD\n"
    )

    result = read_vcard(path, skip_bad=True)

    assert names(result) == ["Small"]
    assert result.bad[0].locator == "card 1 (line 1)"
    assert result.bad[0].problem == (
        "the card is longer than 1,048,576 characters without its photos"
    )


# --------------------------------------------------------------------------- text shapes


def test_cr_only_line_endings() -> None:
    result = read("cr-only.vcf")

    assert names(result) == ["Classic Mac", "Second Card"]
    assert result.contacts[1].locator == "card 2 (line 6)"


def test_mixed_line_endings_and_folding() -> None:
    result = read("mixed-line-endings.vcf")

    assert names(result) == ["Line Endings", "Other Card"]
    assert result.contacts[0].raw["note"] == "folded across lines"
    assert result.contacts[0].emails == ["mixed@example.com"]


def test_utf8_byte_order_mark() -> None:
    result = read("utf8-bom.vcf")

    assert names(result) == ["Zoë Ünal"]
    assert result.notes == ["decoded as UTF-8 (byte order mark removed)"]


def test_utf16_with_byte_order_mark() -> None:
    result = read("utf16-bom.vcf")

    assert only(result).last_name == "Ødegård"
    assert result.notes == ["decoded as UTF-16 (byte order mark)"]


def test_cp1252_file_is_decoded_and_says_so() -> None:
    result = read("cp1252.vcf")

    jurgen = only(result)
    assert jurgen.name == "Jürgen Müller \u2013 Geschäftsführer"  # en dash, 0x96 in cp1252
    assert jurgen.company == "Bäckerei Müller"
    assert jurgen.raw["note"] == "It\u2019s 5€"  # 0x92 and 0x80 in cp1252
    assert result.notes[0].startswith("not valid UTF-8 (first invalid byte at offset 29)")
    assert "cp1252" in result.notes[0]


def test_cp1252_undefined_bytes_fall_back_to_latin1() -> None:
    # (enough Western European text for the detector to choose Windows-1252)
    text, note = decode_bytes(b"Fran\xe7ois L\xe9g\xe8re caf\xe9 \x81\x9d")

    assert text == "François Légère café \x81\x9d"
    assert "2 byte(s) undefined in cp1252 were read as Latin-1" in note


def test_undeclared_cp1252_inside_quoted_printable(tmp_path: Path) -> None:
    path = tmp_path / "outlook-qp.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:O=92Brien=\r\n Pat\r\n"
        b"END:VCARD\r\n"
    )

    result = read_vcard(path)

    assert names(result) == ["O\u2019Brien Pat"]
    assert result.notes[1] == (
        "card 1 (line 1): line 3: the FN text: it was not UTF-8 and was read as Windows-1252"
    )


UNKNOWN = "its character set is unknown; it was read as UTF-8"
REPLACED = "bytes invalid in its character set were replaced by U+FFFD"


@pytest.mark.parametrize(
    ("charset", "repair"),
    [("bogus-9", UNKNOWN), ("\x00UTF-8", UNKNOWN), ("base64", UNKNOWN), ("idna", REPLACED)],
)
def test_unusable_charset_names_in_quoted_printable_do_not_lose_the_card(
    tmp_path: Path, charset: str, repair: str
) -> None:
    # Regression: a NUL inside CHARSET made bytes.decode raise ValueError, not LookupError.
    path = tmp_path / "charset.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET="
        + charset.encode()
        + b";ENCODING=QUOTED-PRINTABLE:Zo=C3=AB\nEND:VCARD\n"
    )

    result = read_vcard(path)

    assert names(result) == ["Zoë"]
    assert result.notes[1] == f"card 1 (line 1): line 3: the FN text: {repair}"


def test_value_mentioning_quoted_printable_and_ending_in_equals_is_kept(tmp_path: Path) -> None:
    # Regression: vobject's allowQP mode joined END:VCARD onto such a NOTE and lost it.
    path = tmp_path / "note.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Edge\nNOTE:uses quoted-printable=\nEND:VCARD\n")

    result = read_vcard(path)

    assert only(result).raw["note"] == "uses quoted-printable="
    assert result.notes == ["decoded as UTF-8"]


def test_junk_between_cards_is_ignored_and_names_are_case_insensitive() -> None:
    result = read("junk-between-cards.vcf")

    assert names(result) == ["Lower Case", "Upper Case"]
    assert [contact.locator for contact in result.contacts] == [
        "card 1 (line 2)",
        "card 2 (line 8)",
    ]


def test_nested_agent_cards_are_dropped() -> None:
    result = read("agent-2.1-nested.vcf")

    assert names(result) == ["Grace Hopper", "After Agent"]
    assert result.contacts[0].phones == ["+1 555 0100"]
    assert result.skipped == {"nested AGENT cards": 1}


def test_deep_nesting_does_not_recurse(tmp_path: Path) -> None:
    path = tmp_path / "deep.vcf"
    path.write_text("BEGIN:VCARD\nFN:Outer\nAGENT:\n" + "BEGIN:VCARD\n" * 20_000 + "END:VCARD\n")

    result = read_vcard(path, skip_bad=True)

    assert result.contacts == []
    assert [bad.problem for bad in result.bad] == ["the card is not closed (no END:VCARD line)"]


# --------------------------------------------------------------------------- bad cards


def test_forty_parameter_line_rejects_its_card_quickly() -> None:
    started = time.perf_counter()
    result = read("forty-parameters.vcf", skip_bad=True)
    elapsed = time.perf_counter() - started

    assert names(result) == ["Before Card", "After Card"]
    assert [(bad.locator, bad.problem) for bad in result.bad] == [
        (
            "card 2 (line 5)",
            "line 8: the X-CUSTOM property has 40 parameters (more than 16); the card was not read",
        )
    ]
    assert elapsed < 5  # vobject's regex alone would take hours on this line


def test_invalid_line_with_many_parameters_is_dropped_quickly(tmp_path: Path) -> None:
    path = tmp_path / "fifteen.vcf"
    path.write_text("BEGIN:VCARD\nFN:Kept\nTEL" + ";a=b" * 15 + ";c d:123\nEND:VCARD\n")

    started = time.perf_counter()
    result = read_vcard(path)

    assert time.perf_counter() - started < 5
    assert only(result).phones == []
    assert result.notes[1] == (
        "card 1 (line 1): line 3 (TEL) was skipped: not a valid property line"
    )
    assert result.skipped == {"unreadable lines": 1}


def test_good_bad_good_keeps_both_good_cards_with_skip_bad() -> None:
    result = read("good-bad-good.vcf", skip_bad=True)

    assert names(result) == ["First Good", "Third Good"]
    assert [(bad.locator, bad.problem) for bad in result.bad] == [
        (
            "card 2 (line 6)",
            "line 9: the TEL property has an unbalanced double quote in its parameters; "
            "the card was not read",
        )
    ]


def test_good_bad_good_raises_at_the_bad_card_without_skip_bad() -> None:
    with pytest.raises(InputError) as raised:
        read("good-bad-good.vcf")

    assert raised.value.location == "card 2 (line 6)"
    assert raised.value.path == str(VCARDS / "good-bad-good.vcf")
    assert "unbalanced double quote" in raised.value.problem
    assert raised.value.exit_code == 3


def test_missing_end_reports_the_unclosed_cards_and_keeps_the_rest() -> None:
    result = read("missing-end.vcf", skip_bad=True)

    assert names(result) == ["Complete One", "Complete Two"]
    assert [(bad.locator, bad.problem) for bad in result.bad] == [
        ("card 2 (line 5)", "the card is not closed (no END:VCARD line)"),
        ("card 4 (line 13)", "the card is not closed (no END:VCARD line)"),
    ]


class FakeParseError(Exception):
    """Stands in for vobject.ParseError: a message quoting the card, and a line number."""

    def __init__(self, line_number: int) -> None:
        super().__init__("Failed to parse line: TEL:+1 555 0100 private")
        self.lineNumber = line_number


def test_parser_failure_is_retried_without_the_failing_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    original = vcard_module.vobject.readOne
    calls: list[str] = []

    def fail_once(text: str, **options: object) -> object:
        calls.append(text)
        if len(calls) == 1:
            raise FakeParseError(4)  # line 4 of the sanitised card: the TEL line
        return original(text, **options)

    monkeypatch.setattr(vcard_module, "FAST_PATH", None)  # every card through vobject
    monkeypatch.setattr(vcard_module.vobject, "readOne", fail_once)
    path = tmp_path / "retry.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Retried\nTEL:+1 555 0100\nEND:VCARD\n")

    result = read_vcard(path)

    assert only(result).name == "Retried"
    assert only(result).phones == []
    assert result.notes[1] == "card 1 (line 1): line 4 (TEL) was skipped: removed after an error"


def test_parser_failure_after_the_retry_makes_a_bad_card_without_its_content(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def always_fail(text: str, **options: object) -> object:
        raise FakeParseError(4)

    monkeypatch.setattr(vcard_module, "FAST_PATH", None)  # every card through vobject
    monkeypatch.setattr(vcard_module.vobject, "readOne", always_fail)
    path = tmp_path / "fails.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Fails\nTEL:+1 555 0100\nEND:VCARD\n")

    with pytest.raises(InputError) as raised:
        read_vcard(path)

    assert raised.value.location == "card 1 (line 1)"
    assert raised.value.problem == "the card could not be parsed (FakeParseError on line 4 (TEL))"
    # The number is never shown (the path may hold any digits: pytest numbers its folders).
    shown = str(raised.value).replace(str(path), "")
    assert "555" not in shown and "0100" not in shown


def test_unforeseen_value_shapes_make_a_bad_card_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(card: object, locator: str) -> Contact | None:
        raise KeyError("fn")

    monkeypatch.setattr(vcard_module, "extract_contact", broken)

    result = read("google-3.0.vcf", skip_bad=True)

    assert [(bad.locator, bad.problem) for bad in result.bad] == [
        ("card 1 (line 1)", "its fields could not be read (KeyError)")
    ]


@pytest.mark.parametrize(
    ("fixture", "secrets"),
    [
        ("good-bad-good.vcf", ["Private", "555 0100", "X-A=1"]),
        ("forty-parameters.vcf", ["Secret", "Person", ";p;p"]),
        ("missing-end.vcf", ["Unfinished", "unfinished@example.com"]),
    ],
)
def test_error_messages_hold_no_personal_data(fixture: str, secrets: list[str]) -> None:
    with pytest.raises(InputError) as raised:
        read(fixture)
    reported = read(fixture, skip_bad=True)

    texts = [str(raised.value), *(bad.problem for bad in reported.bad), *reported.notes]
    for secret in secrets:
        assert not any(secret in text for text in texts), secret


def test_a_line_that_is_not_a_property_is_not_named_in_messages(tmp_path: Path) -> None:
    # An unindented continuation line starts with text, which would pass for a property name.
    path = tmp_path / "continuation.vcf"
    path.write_text(
        "BEGIN:VCARD\nFN:Kept\nNOTE:guests:\nAnnabel" + ";Bob" * 20 + "\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:Also kept\nNOTE:list\nAnnabel;Bob\nEND:VCARD\n"
    )

    result = read_vcard(path, skip_bad=True)

    assert result.bad[0].problem == (
        "line 4: a property has 20 parameters (more than 16); the card was not read"
    )
    assert names(result) == ["Also kept"]
    assert not any("ANNABEL" in text.upper() for text in result.notes)


# --------------------------------------------------------------------------- not vCards


def test_empty_file_raises_no_vcard_found() -> None:
    with pytest.raises(InputError, match="the file is empty: no vCard found"):
        read("empty.vcf")


@pytest.mark.parametrize("fixture", ["not-a-vcard.png", "contacts.csv"])
def test_file_that_is_not_a_contacts_file_raises_no_vcard_found(fixture: str) -> None:
    with pytest.raises(InputError, match=r"no vCard found \(no BEGIN:VCARD line\)"):
        read(fixture, skip_bad=True)


def test_missing_file_and_folder_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_vcard(tmp_path / "absent.vcf")
    with pytest.raises(InputError, match="folder"):
        read_vcard(tmp_path)


def test_result_describes_the_file() -> None:
    result = read("google-3.0.vcf")

    assert (result.kind, result.path) == ("vcard", str(VCARDS / "google-3.0.vcf"))
    assert result.files_read == [str(VCARDS / "google-3.0.vcf")]
    assert result.contacts[0].locator == "card 1 (line 1)"


def test_vobject_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    for fixture in VCARDS.glob("*.vcf"):
        if fixture.stat().st_size:
            read_vcard(fixture, skip_bad=True)

    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_split_cards_numbers_cards_and_lines() -> None:
    split = split_cards("junk\nBEGIN:VCARD\nFN:a\nEND:VCARD\n\nbegin:vcard\nFN:b\nend:vcard\n")

    assert [(card.number, card.line, card.lines, card.closed) for card in split.cards] == [
        (1, 2, ["FN:a"], True),
        (2, 6, ["FN:b"], True),
    ]
