"""The templates of message drafts and interview briefs, and the user's own versions of them.

netgraph ships default templates in ``netgraph/templates/``. A file of the same name in the
workspace's template folder (``<workspace file>.templates/``, beside the workspace the way the
route index lives in ``<workspace file>.routes/``) replaces the default; ``netgraph templates
--copy`` puts editable copies there.

Templates are Jinja2, rendered in a sandbox with strict undefined variables. Every value a
template prints with ``{{ ... }}`` is made safe for Markdown first (:func:`markdown_text`):
names, titles and companies come from other people's files and must not inject headings, links
or HTML into a draft or a brief. A broken template is a one-line :class:`UsageError` naming the
file and the line.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import jinja2
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from netgraph.errors import UsageError
from netgraph.files import write_private_file
from netgraph.output import terminal_text
from netgraph.suggest import Suggestion
from netgraph.text import clean_text

PACKAGED = Path(__file__).resolve().with_name("templates")
RENDER_SECONDS = 5.0
"""Longest a template may take to render; a draft takes milliseconds."""
MAX_RENDERED_CHARS = 1 << 20
"""Longest text a template may produce (a draft is a few thousand characters)."""

#: Each template netgraph uses, and what it is for.
TEMPLATES = {
    "ask.md.j2": "ask: the page around the drafts (includes the three below)",
    "ask_referrer.md.j2": "ask: the message asking the referrer for an introduction",
    "ask_target.md.j2": "ask: the message to the person, naming who introduced you",
    "ask_direct.md.j2": "ask: the message to a first-degree contact (no referrer)",
    "prep.md.j2": "prep: the interview brief",
    "questions.md": "prep: the question bank (## Role, ## Organisation, one - per question)",
    "thank.md.j2": "thank: the thank-you note, and the note telling the referrer how it went",
}


def template_dir(workspace_path: Path) -> Path:
    """The folder whose files override the default templates for this workspace."""
    return workspace_path.with_name(workspace_path.name + ".templates")


@dataclass(frozen=True)
class TemplateFile:
    """One template: its name, the packaged default and the workspace's override if any."""

    name: str
    purpose: str
    default: Path
    override: Path | None

    @property
    def edited(self) -> bool:
        """Whether the workspace has a version that differs from the default."""
        if self.override is None:
            return False
        try:
            return self.override.read_bytes() != self.default.read_bytes()
        except OSError:
            return True


def list_templates(folder: Path) -> list[TemplateFile]:
    """Every template, with the override in ``folder`` when there is one."""
    return [
        TemplateFile(
            name=name,
            purpose=purpose,
            default=PACKAGED / name,
            override=(folder / name) if (folder / name).is_file() else None,
        )
        for name, purpose in TEMPLATES.items()
    ]


def copy_defaults(folder: Path) -> tuple[list[str], list[str]]:
    """Copy the default templates into ``folder`` for editing; never overwrite a file there.

    Returns the names copied and the names kept because the folder already had them.
    """
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {folder}: {exc.strerror}") from exc
    copied, kept = [], []
    for name in TEMPLATES:
        if (folder / name).exists():
            kept.append(name)
            continue
        write_private_file(folder / name, (PACKAGED / name).read_bytes())
        copied.append(name)
    return copied, kept


def read_template_text(folder: Path, name: str) -> tuple[str, Path]:
    """The text of a template file (the override if any, else the default) and its path."""
    path = folder / name if (folder / name).is_file() else PACKAGED / name
    try:
        return path.read_text(encoding="utf-8"), path
    except UnicodeDecodeError:
        raise UsageError(f"template {path} is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read template {path}: {exc.strerror}") from exc


# Characters that start Markdown syntax anywhere in a line: escapes, code, emphasis, links,
# HTML and autolinks, tables, strikethrough, headings.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
# An HTML entity such as &lt; or &#60; would display as another character.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a line: list markers, setext underlines, thematic breaks, ordered lists.
_LEADING = re.compile(r"^([-+=]|\d+(?=[.)](?:\s|$)))")


def markdown_text(value: object) -> str:
    """Untrusted text as inline Markdown that shows exactly as written and adds no structure.

    Control characters and line breaks are removed (a value stays on its line), and every
    character that could start a heading, list, quote, link, image, HTML tag, table cell or
    emphasis is backslash-escaped.

    >>> markdown_text("[x](javascript:alert(1))")
    '\\\\[x\\\\](javascript:alert(1))'
    >>> markdown_text("# Owned\\n- item")
    '\\\\# Owned - item'
    >>> markdown_text("Smith & Co")
    'Smith & Co'
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = terminal_text(clean_text(str(value)) or "")
    text = _ENTITY.sub("\\&", _INLINE.sub(r"\\\1", text))
    return _LEADING.sub(r"\\\1", text)


def code_span(text: str) -> Markup:
    """``text`` as a Markdown code span that shows it exactly, whatever backticks it holds.

    Line breaks become spaces: a line of its own could start a heading or a list.

    >>> print(code_span("netgraph log '#3' met"), code_span("a `b` c"), code_span("`x"))
    `netgraph log '#3' met` ``a `b` c`` `` `x ``
    """
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def route_hints(suggestions: Iterable[str]) -> list[Markup]:
    """The suggestions of who-can-introduce as Markdown: the words escaped, each command in a
    code span so that it reads (and pastes) exactly as netgraph wrote it."""
    hints = []
    for hint in suggestions:
        if isinstance(hint, Suggestion) and hint.command:
            hints.append(Markup(f"{markdown_text(hint.text)} ({code_span(hint.command)})"))
        else:
            hints.append(Markup(markdown_text(hint)))
    return hints


def verbatim(value: object) -> Markup:
    """Mark text the user wrote (a question from their bank) to be printed as it is."""
    return Markup(str(value))


def period(value: object) -> str:
    """End a sentence that closes with a value: add a full stop unless it has one ("Inc.").

    >>> period("Acme Inc."), period("Acme")
    ('Acme Inc.', 'Acme.')
    """
    text = "" if value is None else str(value).rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


class _TemplateTooCostly(Exception):
    """A template ran past :data:`RENDER_SECONDS` or grew past :data:`MAX_RENDERED_CHARS`."""


class _LimitedSandbox(SandboxedEnvironment):
    """The sandbox, with ``*`` and ``**`` checked so one expression cannot fill the memory."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Context, operator: str, left: object, right: object) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise _TemplateTooCostly(f"an exponent of {right} is too large")
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                if not (isinstance(sized, str | list | tuple) and isinstance(count, int)):
                    continue
                if len(sized) * count > MAX_RENDERED_CHARS:
                    raise _TemplateTooCostly("a repeated text or list is too long")
        return super().call_binop(context, operator, left, right)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop the code running inside the block once ``seconds`` have passed.

    A loop in a template (``{% for %}`` in ``{% for %}`` over large ranges) never returns to
    the caller, so the check runs from a trace function on every line and call meanwhile;
    drafts are small, and the cost is a few milliseconds. The previous trace function (a
    debugger's, coverage's) is restored afterwards.
    """
    end = time.monotonic() + seconds

    def check(frame: FrameType, event: str, arg: object) -> Any:
        if time.monotonic() > end:
            raise _TemplateTooCostly(f"rendering took longer than {seconds:g} seconds")
        return check

    previous = sys.gettrace()
    sys.settrace(check)
    try:
        yield
    finally:
        sys.settrace(previous)


def _render_limited(template: jinja2.Template, context: Mapping[str, object]) -> str:
    """Render within :data:`RENDER_SECONDS` and :data:`MAX_RENDERED_CHARS`."""
    parts: list[str] = []
    size = 0
    with _deadline(RENDER_SECONDS):
        for part in template.generate(context):
            size += len(part)
            if size > MAX_RENDERED_CHARS:
                raise _TemplateTooCostly(f"the text grew past {MAX_RENDERED_CHARS} characters")
            parts.append(part)
    return "".join(parts)


def _environment(folder: Path) -> SandboxedEnvironment:
    environment = _LimitedSandbox(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(folder), jinja2.FileSystemLoader(PACKAGED)]
        ),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=markdown_text,
    )
    environment.filters["verbatim"] = verbatim
    environment.filters["period"] = period
    return environment


def render_template(folder: Path, name: str, context: Mapping[str, object]) -> str:
    """Render template ``name`` (the override in ``folder`` if any) with ``context``.

    Raises
    ------
    UsageError
        The template cannot be read, parsed or rendered; the message names the file and line.
        Also when rendering runs longer than :data:`RENDER_SECONDS` or produces more than
        :data:`MAX_RENDERED_CHARS` characters (a template with runaway loops).
    """
    try:
        return _render_limited(_environment(folder).get_template(name), context)
    except _TemplateTooCostly as exc:
        raise UsageError(f"template {_where(folder, name)}: {exc}; nothing was written") from None
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(_broken(exc.filename or name, exc.lineno, exc.message)) from None
    except jinja2.TemplateNotFound as exc:
        filename, line = _place(exc.__traceback__, folder)
        where = f"{filename}, line {line}: " if filename and exc.name != name else ""
        raise UsageError(
            f"{where}template {exc.name} not found in {folder} or {PACKAGED}"
        ) from None
    except UnicodeDecodeError:
        raise UsageError(f"template {_where(folder, name)} is not UTF-8 text") from None
    except Exception as exc:  # a mistake in a user's template: any error, raised while rendering
        filename, line = _place(exc.__traceback__, folder)
        if filename is None:
            raise
        reason = str(exc) or type(exc).__name__
        raise UsageError(_broken(filename, line, reason)) from None


def _where(folder: Path, name: str) -> Path:
    return folder / name if (folder / name).is_file() else PACKAGED / name


def _broken(filename: str, line: int | None, reason: str | None) -> str:
    where = f"{filename}, line {line}" if line else filename
    text = " ".join((reason or "cannot be used").split())
    return f"template {where}: {text}"


def _place(trace: TracebackType | None, folder: Path) -> tuple[str | None, int | None]:
    """The template file and line where rendering failed (the innermost template frame)."""
    folders = {folder.resolve(), PACKAGED}
    found: tuple[str | None, int | None] = (None, None)
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if not filename.startswith("<") and Path(filename).resolve().parent in folders:
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found
