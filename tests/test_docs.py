"""The docs keep up with the code: every command has help and is in the reference."""

from __future__ import annotations

import click
import pytest
from conftest import REPO_ROOT

from netgraph.cli import LAZY_COMMANDS, cli

REFERENCE = (REPO_ROOT / "docs" / "reference.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_command_has_help_and_is_in_the_reference(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and (command.help or "").strip()
    assert f"netgraph {name}" in REFERENCE
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            assert (sub.help or "").strip(), f"{name} {sub.name}"
            assert f"{name} {sub.name}" in REFERENCE or f"`{sub.name}" in REFERENCE


def test_the_readme_links_every_doc() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for doc in sorted((REPO_ROOT / "docs").glob("*.md")):
        assert f"docs/{doc.name}" in readme, doc.name
