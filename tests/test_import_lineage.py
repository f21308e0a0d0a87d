"""Successive exports of one file (a lineage, issue 13 item 10): each import is a source of its
own, the newest file's evidence is what counts, and undoing it brings the older one's back."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import ok


def person(name: str) -> dict[str, object]:
    return dict(json.loads(ok("show", name, "--format", "json").output))


def names() -> set[str]:
    return {p["name"] for p in json.loads(ok("people", "--format", "json").output)}


def test_a_newer_export_of_a_file_replaces_its_evidence_and_undo_brings_it_back(
    tmp_path: Path,
) -> None:
    ok("me", "Alex Kim")
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@lee.example\nEND:VCARD\n"
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "contacts.vcf").write_text(card, encoding="utf-8")
    (tmp_path / "new" / "contacts.vcf").write_text(
        card + card.replace("Ann Lee", "Bo Ek").replace("ann@lee", "bo@ek"), encoding="utf-8"
    )

    ok("import", "vcard", tmp_path / "old" / "contacts.vcf")
    once = person("Ann Lee")["ties"]
    ok("import", "vcard", tmp_path / "new" / "contacts.vcf")

    assert person("Ann Lee")["ties"] == once  # the same strength, one line of evidence
    info = json.loads(ok("info", "--format", "json").output)
    assert len(info["sources"]) == 2  # each file its own source
    ok("undo-import", str(tmp_path / "new" / "contacts.vcf"), "--yes")
    assert person("Ann Lee")["ties"] == once
    assert "Bo Ek" not in names()
