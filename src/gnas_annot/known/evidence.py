"""Evidence from the user's population and clinical files, stated with its
numbers and never turned into a classification.

* Frequency (gnomAD): flags in the spirit of ACMG/AMP (Richards et al. 2015,
  Genet Med 17:405): ``BA1`` when the allele frequency — the highest of the
  overall and the group-maximum (grpmax, formerly popmax) frequency — exceeds
  the stand-alone benign threshold; ``PM2_Supporting`` (ClinGen SVI 2020
  recommendation: PM2 at supporting strength) when the allele is absent from
  the gnomAD file given, or present with a frequency of zero.  The thresholds
  are data-pack settings with their sources, not clinical cut-offs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# the settings live once, in the pack (population_frequency.tsv, with sources):
# BA1 above 5 % (Richards et al. 2015); PM2_Supporting only when absent, as the
# ClinGen SVI (2020) recommends for dominant disorders such as the GNAS ones
from gnas_annot.pack.facts import FrequencyThresholds

__all__ = ["Evidence", "FrequencyThresholds", "frequency_evidence"]


@dataclass(frozen=True, slots=True)
class Evidence:
    code: str  # 'BA1', 'PM2_Supporting', 'ClinVar_pathogenic'
    text: str  # the numbers behind it


def _float(value: str | None) -> float | None:
    if value in (None, "", "."):
        return None
    try:
        return max(float(v) for v in str(value).replace("&", ",").split(",") if v not in ("", "."))
    except ValueError:
        return None


def _shown(value: float | None) -> str:
    return "n/a" if value is None else str(value)


def frequency_evidence(
    fields: Mapping[str, str], source: str, thresholds: FrequencyThresholds
) -> tuple[Evidence, ...]:
    """BA1 / PM2_Supporting from the ``NAME_FIELD`` values of one gnomAD source."""
    af = _float(fields.get(f"{source}_AF"))
    group = _float(fields.get(f"{source}_AF_grpmax"))
    if group is None:  # an older file: popmax (a grpmax of 0.0 is a value, not absent)
        group = _float(fields.get(f"{source}_AF_popmax"))
    highest = max((f for f in (af, group) if f is not None), default=None)
    if highest is None:
        return (
            Evidence(
                "PM2_Supporting",
                f"absent from the {source} file given (not found after normalization)",
            ),
        )
    shown = f"{source} AF {_shown(af)}, grpmax {_shown(group)}"
    if highest > thresholds.ba1:
        return (Evidence("BA1", f"{shown}: above {thresholds.ba1} (stand-alone benign threshold)"),)
    if highest <= thresholds.pm2:
        return (Evidence("PM2_Supporting", f"{shown}: at or below {thresholds.pm2}"),)
    return ()
