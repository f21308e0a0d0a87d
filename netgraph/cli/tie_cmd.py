"""``netgraph tie A B``: the user's word on a tie (``--remove``, ``--restore``)."""

from __future__ import annotations

import click

from netgraph.cli.context import open_workspace
from netgraph.cli.render import deliver, echo, output_options
from netgraph.errors import UsageError
from netgraph.identity.people import ensure_me, resolve_person
from netgraph.output import json_text
from netgraph.routes.upkeep import keeping_routes_current
from netgraph.suggest import command, person_ref
from netgraph.ties.documents import tie_word_document
from netgraph.ties.stated import TieWord, remove_tie, restore_tie, state_tie
from netgraph.vocabulary import OutputFormat


@click.command("tie")
@click.argument("a")
@click.argument("b")
@click.option(
    "--strength",
    help="How well they know each other: close, known (the default) or weak, or a number above "
    "0 and at most 1 (the tie's strength on your word alone).",
)
@click.option("--note", help="Your note on the tie, shown by netgraph show.")
@click.option(
    "--remove",
    "action",
    flag_value="remove",
    help="They do not know each other, or the tie is wrong: it stops counting, even where your "
    "imports show it, now and in later imports.",
)
@click.option(
    "--restore",
    "action",
    flag_value="restore",
    help="Take back what you said of the tie (a tie or a --remove): it counts as your imports "
    "show it.",
)
@output_options("table", "json", file=False)
@click.pass_context
def tie_command(
    ctx: click.Context,
    a: str,
    b: str,
    strength: str | None,
    note: str | None,
    action: str | None,
    output_format: OutputFormat,
) -> None:
    """Say that A and B know each other (a tie you know of), or with --remove that they do not.

    A and B are people as other commands take them: #id, name, email or LinkedIn URL. Your word
    counts at once in strengths, routes, rank and maps, stays through later imports, and is
    listed by netgraph show; --restore takes it back.
    """
    if action is not None and strength is not None:
        raise UsageError(f"--strength goes with a tie you state, not with --{action}")
    if action == "restore" and note is not None:
        raise UsageError("--note goes with a tie you state or remove, not with --restore")
    # As after an import, the route index and degrees are current when the command ends.
    with open_workspace(ctx) as workspace, keeping_routes_current(workspace):
        x = resolve_person(workspace, a)
        y = resolve_person(workspace, b)
        if action == "remove":
            word = remove_tie(workspace, x, y, note=note)
        elif action == "restore":
            word = restore_tie(workspace, x, y)
        else:
            me = ensure_me(workspace)
            word = state_tie(workspace, me, x, y, strength=strength, note=note)
    if output_format == "json":
        deliver(json_text(tie_word_document(word)) + "\n", None, what="the tie")
        return
    _say(word)


def _say(word: TieWord) -> None:
    """What the command did, in words, with the command that takes it back."""
    who = f"{word.names[0]} ({person_ref(word.a)}) and {word.names[1]} ({person_ref(word.b)})"
    undo = command("tie", person_ref(word.a), person_ref(word.b), "--restore")
    if word.state == "tied":
        strength = f"{word.strength:.2f}" if word.strength is not None else "none"
        echo(
            f"You said {who} know each other ({word.strength_given}); the tie's strength is "
            f"now {strength}."
        )
        if word.previous == "removed":
            echo("The tie you had removed counts again, with what your imports show of it.")
        echo(f"To take it back: {undo}")
    elif word.state == "removed":
        if word.withheld:
            pieces = f"{word.withheld} piece{'' if word.withheld == 1 else 's'} of evidence"
            verb = "counts" if word.withheld == 1 else "count"
            echo(
                f"Removed the tie between {who}: {pieces} from your imports no longer {verb}, "
                "and later imports will not bring the tie back."
            )
        else:
            echo(
                f"Removed the tie between {who}: no import shows it now, and later imports "
                "will not add it."
            )
        echo(f"To undo: {undo}")
    elif word.strength is None:
        echo(f"You took back your word on {who}; no import shows a tie between them.")
    else:
        echo(
            f"You took back your word on {who}; the tie counts as your imports show it, "
            f"strength {word.strength:.2f}."
        )
