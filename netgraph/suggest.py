"""The commands netgraph suggests for the user to run, built so that they are safe to paste.

Every ``netgraph ...`` command that netgraph prints (follow-ups, pipeline steps, route hints,
drafts, errors, the demo) is made by :func:`command`. Each argument is quoted for a POSIX shell
with :func:`shlex.quote`, and people are named by id (:func:`person_ref`), never by name: a
name comes from someone else's file and may hold `` `...` `` or ``$(...)``, which a shell runs
when the user pastes the line.

Where a suggestion sits in prose it ends the line or is put in parentheses ("... (netgraph ask
'#12')"), so that it is clear where the command ends.
"""

from __future__ import annotations

import shlex

PROGRAM = "netgraph"


def person_ref(person_id: int) -> str:
    """How a suggested command names a person: by id, ``#12`` (PERSON arguments accept it).

    >>> person_ref(12)
    '#12'
    """
    return f"#{int(person_id)}"


def command(*words: str | int) -> str:
    """``netgraph WORDS...`` with every word quoted for a POSIX shell.

    >>> print(command("log", person_ref(12), "met"))
    netgraph log '#12' met
    >>> print(command("people", "Acme $(rm -rf ~)"))
    netgraph people 'Acme $(rm -rf ~)'
    """
    return " ".join([PROGRAM, *(shlex.quote(str(word)) for word in words)])


class Suggestion(str):
    """A hint in words, with the command that acts on it: ``"TEXT (COMMAND)"`` as a string.

    ``text`` and ``command`` stay apart for documents that format them differently (Markdown
    puts the command in a code span).

    >>> hint = Suggestion("a route of 4 hops exists", command("who-can-introduce", "#7"))
    >>> print(hint)
    a route of 4 hops exists (netgraph who-can-introduce '#7')
    >>> Suggestion("nobody is linked to them yet").command is None
    True
    """

    text: str
    command: str | None

    def __new__(cls, text: str, command: str | None = None) -> Suggestion:
        """The hint ``text``, followed by ``command`` in parentheses when there is one."""
        hint = super().__new__(cls, f"{text} ({command})" if command else text)
        hint.text = text
        hint.command = command
        return hint
