"""Allele fraction flags: mosaicism, and the Gs-alpha activating hotspots.

Variants at the activating Gs-alpha codons (data/hotspots.tsv) are
post-zygotic or somatic (McCune-Albright spectrum, tumours): a low allele
fraction there is expected, and says "possible mosaic", not "low-quality
call".  The codons are placed through the pack's NM_000516.7 model, and the
thresholds are the pack's (data/mosaicism.tsv), shared with the interpretation.

>>> binomial_p_value(12, 100) < 1e-12
True
>>> [(h.name, h.start, h.end) for h in activating_hotspots("GRCh38")]
[('p.Arg201', 58909365, 58909367), ('p.Gln227', 58909540, 58909542)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from gnas_annot.effect.hotspot import activating_change
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Genotype, Variant
from gnas_annot.pack.facts import Hotspot, MosaicSettings
from gnas_annot.pack.store import Pack, load_pack

__all__ = [
    "Hotspot",
    "MosaicFlag",
    "MosaicSettings",
    "Mosaicism",
    "activating_hotspots",
    "assess_mosaicism",
    "binomial_p_value",
    "hotspot_name",
]


class MosaicFlag(StrEnum):
    ACTIVATING_HOTSPOT = "activating_hotspot"
    SOMATIC_MOSAIC_SUSPECTED = "somatic_mosaic_suspected"
    LOW_VAF_MOSAIC = "low_vaf_mosaic"
    POSSIBLE_LOH_OR_CNV = "possible_loh_or_cnv"
    INSUFFICIENT_DEPTH = "insufficient_depth"


@dataclass(frozen=True, slots=True)
class Mosaicism:
    vaf: float | None
    alt_reads: int | None
    depth: int | None
    p_value: float | None  # exact two-sided binomial test of ALT reads against 0.5
    hotspot: str | None
    flags: tuple[MosaicFlag, ...]


def activating_hotspots(build: GenomeBuild | str, pack: Pack | None = None) -> tuple[Hotspot, ...]:
    """The activating Gs-alpha codons of ``pack`` (default: the current pack;
    hotspots.tsv), placed on ``build`` through its NM_000516.7 model."""
    return (pack if pack is not None else load_pack()).hotspots_on(build)


# a pure function of its numbers, asked again for every carrier with the same depths
@lru_cache(maxsize=1 << 16)
def binomial_p_value(k: int, n: int, p: float = 0.5) -> float:
    """Exact two-sided binomial test (sum of outcomes no likelier than k)."""
    if n == 0:
        return 1.0

    def log_pmf(i: int) -> float:
        return (
            math.lgamma(n + 1)
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + i * math.log(p)
            + (n - i) * math.log1p(-p)
        )

    observed = log_pmf(k)
    total = sum(math.exp(lp) for i in range(n + 1) if (lp := log_pmf(i)) <= observed + 1e-7)
    return min(1.0, total)


def hotspot_name(variant: Variant, pack: Pack | None = None) -> str | None:
    """The activating hotspot codon that ``variant`` changes (its name), or None:
    an activating substitution only, not a synonymous or nonsense change there."""
    change = activating_change(variant.build, variant.pos, variant.ref, variant.alt, pack)
    return change.hotspot.name if change is not None else None


def assess_mosaicism(
    variant: Variant, call: Genotype, settings: MosaicSettings, pack: Pack | None = None
) -> Mosaicism | None:
    """VAF flags for a carried allele (None when there is no AD); the hotspots are
    ``pack``'s (default: the current pack)."""
    alt, ref = call.depth_of(variant.allele_index), call.depth_of(0)
    spot = hotspot_name(variant, pack)
    if alt is None or ref is None:
        # without AD only the position can be flagged
        hotspot_only = Mosaicism(None, alt, None, None, spot, (MosaicFlag.ACTIVATING_HOTSPOT,))
        return hotspot_only if spot else None
    # every allele's reads: a 1/2 call's other ALT is not "missing" depth (issue 12)
    depth = call.allele_depth_total or 0
    vaf = call.allele_fraction(variant.allele_index)
    p = binomial_p_value(alt, depth)
    flags: list[MosaicFlag] = [MosaicFlag.ACTIVATING_HOTSPOT] if spot else []
    if depth < settings.min_dp or vaf is None:
        flags.append(MosaicFlag.INSUFFICIENT_DEPTH)
    elif vaf < settings.max_vaf and p < settings.alpha:
        if spot:
            flags.append(MosaicFlag.SOMATIC_MOSAIC_SUSPECTED)
        elif depth >= settings.min_dp_non_hotspot:
            flags.append(MosaicFlag.LOW_VAF_MOSAIC)
    elif vaf > settings.loh_min_vaf and call.count(variant.allele_index) == 1:
        flags.append(MosaicFlag.POSSIBLE_LOH_OR_CNV)
    return Mosaicism(vaf, alt, depth, p, spot, tuple(flags))
