"""Shell completion, as the README documents it: the script for each shell, and the commands
and options it completes (``thank`` and ``next`` among them)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT

from netgraph.cli import LAZY_COMMANDS, cli

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def complete(words: str, *, shell: str = "bash") -> list[str]:
    """What completing the last word of ``netgraph WORDS`` offers in ``shell``."""
    env = {
        "_NETGRAPH_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": f"netgraph {words}",
        "COMP_CWORD": str(len(words.split(" "))),
    }
    result = CliRunner(env=env).invoke(cli, [], prog_name="netgraph")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if "," in line]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_readme_gives_a_working_script_for_each_shell(shell: str) -> None:
    assert f"_NETGRAPH_COMPLETE={shell}_source netgraph" in README
    result = CliRunner(env={"_NETGRAPH_COMPLETE": f"{shell}_source"}).invoke(
        cli, [], prog_name="netgraph"
    )

    assert result.exit_code == 0
    assert "_NETGRAPH_COMPLETE" in result.output and f"{shell}_complete" in result.output


def test_commands_and_their_options_complete() -> None:
    assert set(complete("")) >= set(LAZY_COMMANDS)
    assert complete("th") == ["thank"]
    assert complete("ne") == ["next"]
    assert "--referred" in complete("log Someone met --")
    assert "--undo" in complete("log Someone --")
    statuses = complete("log Someone th")
    assert statuses == ["thanked", "thanked-referrer"]
    assert all(re.fullmatch(r"[a-z-]+", word) for word in complete(""))
