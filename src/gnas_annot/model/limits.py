"""The values a numeric setting accepts, stated once (the copy-number, UPD and
ROH settings; the command line's numeric options).

A :class:`Limit` is checked where the settings are made (``__post_init__``): a
library caller passing ``error_rate=0`` or ``min_z=nan`` gets a one-line refusal
(:class:`~gnas_annot.errors.UsageError`, exit 2), not a ``math domain error``
later or a threshold that no value can pass (every comparison with ``nan`` is
False).  The command line reads the same limits for its options' types
(:func:`gnas_annot.cli.numbers.within`), so an option and its setting cannot
disagree about what is allowed.

>>> Limit(0, 1, open_low=True, open_high=True).problem(0)
'is not between 0 and 1 (exclusive)'
>>> Limit(0, whole=True).problem(-1)
'is below 0'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from gnas_annot.errors import UsageError


@dataclass(frozen=True, slots=True)
class Limit:
    """Finite numbers from ``low`` to ``high`` (an end excluded when open); whole
    numbers only when ``whole``."""

    low: float
    high: float = math.inf
    open_low: bool = False
    open_high: bool = False
    whole: bool = False

    def problem(self, value: object) -> str | None:
        """What is wrong with ``value`` (``'is below 0'``), or None when it is allowed."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "is not a number"
        if self.whole and not isinstance(value, int):
            return "is not a whole number"
        if not math.isfinite(value):
            return "is not a finite number"
        below = value <= self.low if self.open_low else value < self.low
        above = value >= self.high if self.open_high else value > self.high
        if not (below or above):
            return None
        if math.isinf(self.high):
            return f"is {'not above' if self.open_low else 'below'} {self.low:g}"
        ends = " (exclusive)" if self.open_low and self.open_high else ""
        return f"is not between {self.low:g} and {self.high:g}{ends}"


#: shorthands for the common limits
NON_NEGATIVE = Limit(0)
COUNT = Limit(0, whole=True)
FRACTION = Limit(0, 1)
OPEN_FRACTION = Limit(0, 1, open_low=True, open_high=True)


def check(owner: object, limits: Mapping[str, Limit]) -> None:
    """Refuse the first field of ``owner`` (a settings object) outside its limit."""
    for name, limit in limits.items():
        value = getattr(owner, name)
        problem = limit.problem(value)
        if problem is not None:
            raise UsageError(f"{type(owner).__name__}.{name}={value!r} {problem}")
