"""A LinkedIn profile's record key stored short, read back whole, found in either form.

Nearly every Connections row's record key is ``li:linkedin.com/in/<slug>``; the row holds
``li/<slug>``. What a user relies on: every record still reads back with its key, and a
workspace written before (its rows in the long form) still has each record found again by a
re-import, so a split they made stays made.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from records_helpers import contact, linkedin_export, load, the_person

from netgraph.workspace import Workspace
from netgraph.workspace.record_keys import read_key, stored_key

URL = "https://www.linkedin.com/in/ann-lee-0a1b2c"
KEY = "li:linkedin.com/in/ann-lee-0a1b2c"

# Record keys as placing makes them: a kind, a colon, a value (any text).
RECORD_KEY = st.builds(
    "{}:{}".format,
    st.sampled_from(["li", "em", "ph", "nm", "messages", "rel", "invitation"]),
    st.one_of(st.text(max_size=30), st.builds("linkedin.com/in/{}".format, st.text(max_size=30))),
)


@given(RECORD_KEY)
def test_every_record_key_reads_back_as_it_was(key: str) -> None:
    assert read_key(stored_key(key)) == key
    assert read_key(key) == key  # a row written before holds the key itself


def test_a_profiles_key_is_stored_short() -> None:
    assert stored_key(KEY) == "li/ann-lee-0a1b2c"
    assert stored_key("nm:ann lee|initech") == "nm:ann lee|initech"


def _imported(workspace: Workspace) -> tuple[int, int]:
    """Ann Lee's row of an export, imported: (its source, Ann's id)."""
    load(workspace, linkedin_export(contact("Ann Lee", url=URL, company="Initech")), owner="Ola")
    row = workspace.conn.execute("SELECT source_id, person_id FROM appearances").fetchone()
    assert row[1] == the_person(workspace.conn, "Ann Lee")
    return int(row[0]), int(row[1])


def test_a_connection_row_holds_the_short_key_and_reads_back_whole(
    workspace: Workspace,
) -> None:
    source, ann = _imported(workspace)
    (stored,) = workspace.conn.execute("SELECT record_key FROM appearances").fetchone()
    assert stored == "li/ann-lee-0a1b2c"
    assert [record.record_key for record in workspace.people.records_of(ann)] == [KEY]
    assert workspace.sources.raw_lines_of(source) == {KEY: 0}


def test_rows_written_before_in_the_long_form_are_still_found(workspace: Workspace) -> None:
    source, ann = _imported(workspace)
    with workspace.transaction():
        workspace.conn.execute("UPDATE appearances SET record_key = ?", (KEY,))
    assert workspace.sources.person_of_record(source, KEY) == ann
    assert workspace.sources.people_of_records_staged(source, [(4, KEY)]) == {4: ann}
    assert [record.record_key for record in workspace.people.records_of(ann)] == [KEY]
    # The short form is found the same way; a row of the same hash and another key is not.
    for stored, found in ((stored_key(KEY), ann), ("li/someone-else", None)):
        with workspace.transaction():
            workspace.conn.execute("UPDATE appearances SET record_key = ?", (stored,))
        assert workspace.sources.person_of_record(source, KEY) == found
        expected = {} if found is None else {4: found}
        assert workspace.sources.people_of_records_staged(source, [(4, KEY)]) == expected
