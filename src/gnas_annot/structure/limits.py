"""Range checks of the copy-number, UPD and ROH settings, made where the
settings are made: a library caller passing ``error_rate=0`` or ``min_z=nan``
gets the same one-line refusal (:class:`~gnas_annot.errors.UsageError`, exit 2)
as the command line, not a ``math domain error`` later or a threshold that no
value can pass (every comparison with ``nan`` is False)."""

from __future__ import annotations

import math

from gnas_annot.errors import UsageError


def require(owner: str, name: str, value: float, low: float, high: float = math.inf,
            *, open_low: bool = False, open_high: bool = False) -> None:  # fmt: skip
    """Refuse ``value`` unless it is a finite number in [low, high] (ends excluded
    when ``open_low`` / ``open_high``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{owner}.{name} must be a number, not {value!r}")
    below = value <= low if open_low else value < low
    above = value >= high if open_high else value > high
    if not math.isfinite(value) or below or above:
        left, right = "(" if open_low else "[", ")" if open_high else "]"
        raise UsageError(f"{owner}.{name}={value!r} is outside {left}{low:g}, {high:g}{right}")


def require_count(owner: str, name: str, value: int, low: int = 0) -> None:
    """Refuse ``value`` unless it is a whole number >= ``low``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise UsageError(f"{owner}.{name}={value!r} must be a whole number >= {low}")
