"""The one exception hierarchy of netgraph.

Every foreseeable failure raises a subclass of :class:`NetgraphError`; the CLI turns those into a
one-line ``Error: ...`` message and the exit code of the class. Anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence


class NetgraphError(Exception):
    """Base class of every error netgraph reports to a user."""

    exit_code = 1


class InputError(NetgraphError):
    """A file that cannot be imported, naming the file, the place in it and the problem.

    ``location`` is a human phrase such as ``"line 12"`` or ``"card 3 (line 40)"``.
    """

    exit_code = 3

    def __init__(self, path: str, problem: str, location: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.location = location
        where = f"{path}: {location}" if location else path
        super().__init__(f"{where}: {problem}")


class WorkspaceError(NetgraphError):
    """The workspace cannot be opened or used (newer schema, not a database, busy, ...)."""

    exit_code = 4


class PersonNotFound(NetgraphError):
    """No person matches the text the user gave."""

    exit_code = 5

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        message = f"no person matches {query!r}"
        if self.suggestions:
            message += "; closest: " + ", ".join(self.suggestions)
        super().__init__(message)


class PersonRemoved(PersonNotFound):
    """An id that belonged to someone no longer in the workspace. Ids are never given to anyone
    else, so the message can say what became of them instead of offering names."""

    def __init__(self, query: str, what_became: str) -> None:
        super().__init__(query)
        self.args = (f"no person {query.strip()!r} any more: {what_became}",)


class UnknownOwner(PersonNotFound):
    """An export's owner given by a name nobody in the workspace has.

    ``suggestions`` are the closest people, as ``"Ravi Mehta (#12)"``. The owner can be made a
    new person on purpose (``--new-owner``).
    """

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(name, suggestions)
        #: the message without the hint on how to make the owner new
        self.unmatched = f"no person named {name!r}"
        if self.suggestions:
            self.unmatched += "; did you mean " + " or ".join(self.suggestions) + "?"
        self.args = (f"{self.unmatched} (if the owner is new to netgraph, add --new-owner)",)


class AmbiguousPerson(NetgraphError):
    """Several people match the text the user gave; ``candidates`` describes each one."""

    exit_code = 6

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        self.query = query
        self.candidates = list(candidates)
        super().__init__(
            f"{len(self.candidates)} people match {query!r}; use an id, email or LinkedIn URL: "
            + "; ".join(self.candidates)
        )


class UsageError(NetgraphError):
    """A request that cannot be done with the workspace as it is, or a value out of range.

    ``option`` names the parameter of the library call at fault (``"max_hops"``), so a command
    line can name its own flag for it; the message itself speaks of the domain.
    """

    exit_code = 2

    def __init__(self, message: str, *, option: str | None = None) -> None:
        self.option = option
        super().__init__(message)
