"""The options the outreach commands share (pipeline, followups, next): one definition each, so
their ranges and defaults cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable

import click
from click.decorators import FC

from netgraph.outreach.followups import DEFAULT_CADENCE_DAYS
from netgraph.outreach.log import DEFAULT_NO_ANSWER_DAYS, MAX_DAY_COUNT

cadence_option = click.option(
    "--cadence",
    type=click.IntRange(1, MAX_DAY_COUNT),
    default=DEFAULT_CADENCE_DAYS,
    show_default=True,
    help="Days between keep-in-touch messages after a thank-you note.",
)


def no_answer_days_option(help_text: str) -> Callable[[FC], FC]:
    """``--no-answer-days``, with the command's own words for what happens after them."""
    return click.option(
        "--no-answer-days",
        type=click.IntRange(1, MAX_DAY_COUNT),
        default=DEFAULT_NO_ANSWER_DAYS,
        show_default=True,
        help=help_text,
    )
