"""argparse types for numeric options: a number out of its range (``nan``,
``inf``, a negative window, an error rate of 0 or 2) is a usage error (exit 2)
at parse time, not a ``math domain error`` traceback (exit 70) later or a
threshold no value can pass (``--min-lod nan`` compared False everywhere).

The ranges are :class:`~gnas_annot.model.limits.Limit` values: an option
that sets a copy-number, UPD or ROH setting takes its type from that setting's
own ``LIMITS`` (:func:`setting`), so the option and the setting cannot disagree.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from gnas_annot.model.limits import COUNT, FRACTION, NON_NEGATIVE, OPEN_FRACTION, Limit


def _number(text: str, kind: type[float] | type[int]) -> float:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def within(limit: Limit) -> Callable[[str], float]:
    """The argparse type of a number ``limit`` allows."""
    kind: type[float] | type[int] = int if limit.whole else float

    def parse(text: str) -> float:
        value = _number(text, kind)
        problem = limit.problem(value)
        if problem is not None:
            raise argparse.ArgumentTypeError(f"{text} {problem}")
        return value

    return parse


def add_setting(
    parser: argparse.ArgumentParser, defaults: object, name: str, flag: str | None = None,
    note: str = "",
) -> None:  # fmt: skip
    """The option ``--NAME`` (or ``flag``) that sets field ``name`` of a settings
    object: its type from the settings' ``LIMITS``, its default from ``defaults``."""
    limits = type(defaults).LIMITS  # type: ignore[attr-defined]
    parser.add_argument(
        flag or "--" + name.replace("_", "-"),
        type=within(limits[name]),
        default=getattr(defaults, name),
        help=f"{note}default %(default)s",
    )


non_negative = within(NON_NEGATIVE)
count = within(COUNT)
positive_count = within(Limit(1, whole=True))
#: a proportion from 0 to 1 (an allele balance, a depth ratio bound)
fraction = within(FRACTION)
#: a proportion strictly between 0 and 1 (an error rate: its log is taken)
open_fraction = within(OPEN_FRACTION)
