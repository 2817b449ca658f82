"""argparse types for numeric thresholds: a number out of its range (``nan``,
``inf``, a negative window, an error rate of 0 or 2) is a usage error (exit 2)
at parse time, not a ``math domain error`` traceback (exit 70) later or a
threshold no value can pass (``--min-lod nan`` compared False everywhere)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def _number(text: str, kind: type[float] | type[int]) -> float:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def at_least(low: float, kind: type[float] | type[int] = float) -> Callable[[str], float]:
    """A finite number >= ``low``."""

    def parse(text: str) -> float:
        value = _number(text, kind)
        if value < low:
            raise argparse.ArgumentTypeError(f"{text} is below {low:g}")
        return value

    return parse


def open_fraction(text: str) -> float:
    """A proportion strictly between 0 and 1 (an error rate: its log is taken)."""
    value = _number(text, float)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1 (exclusive)")
    return value


def fraction(text: str) -> float:
    """A proportion from 0 to 1 (an allele balance, a depth ratio bound)."""
    value = _number(text, float)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


non_negative = at_least(0.0)
count = at_least(0, int)
positive_count = at_least(1, int)
