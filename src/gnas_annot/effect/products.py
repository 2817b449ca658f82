"""Which GNAS products a variant touches, and the activating hotspots.

One nucleotide in exons 2-13 can hit Gs-alpha (long and short), XLalphas,
the NESP55 3' UTR and the A/B transcript at once; which of them matter
depends on the parent who passed the allele on, because the alternative
first exons are imprinted (gnas-domain.md sections 1.3 and 2.1).

>>> from gnas_annot.model.builds import GenomeBuild
>>> from gnas_annot.effect.consequence import ConsequenceCalculator
>>> result = ConsequenceCalculator().annotate(GenomeBuild.GRCh38, 58891727, "A", "G")
>>> for p in products_hit(result):
...     print(f"{p.product:15} {p.part:38} coding={p.coding}")
Gs-alpha        Gs-alpha exon 1 (Gs-alpha-specific)    coding=True
Gs-alpha short  Gs-alpha exon 1 (Gs-alpha-specific)    coding=True
XLalphas        intron 1                               coding=False
NESP55          intron 1                               coding=False
A/B transcript  intron 1                               coding=False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gnas_annot.effect.consequence import VariantConsequences
from gnas_annot.model.spans import ExonSpan
from gnas_annot.naming.protein import THREE_LETTER
from gnas_annot.pack.facts import KnownVariant
from gnas_annot.pack.store import load_pack

#: product family of each transcript, and from which parental allele it is
#: expressed (DMR facts of gnas-domain.md section 2.1).
PRODUCTS: dict[str, tuple[str, str]] = {
    "NM_000516": (
        "Gs-alpha",
        "both alleles; mainly maternal in renal proximal tubule, thyroid, gonads and pituitary",
    ),
    "NM_001077488": ("Gs-alpha", "both alleles; mainly maternal in imprinted tissues"),
    "NM_001077489": ("Gs-alpha short", "both alleles; mainly maternal in imprinted tissues"),
    "NM_080426": ("Gs-alpha short", "both alleles; mainly maternal in imprinted tissues"),
    "NM_080425": ("XLalphas", "paternal allele"),
    "NM_016592": ("NESP55", "maternal allele"),
    "NR_003259": ("A/B transcript", "paternal allele"),
    "NR_185847": ("GNAS-AS1", "paternal allele"),
}
_NOT_TOUCHING = {"upstream_gene_variant", "downstream_gene_variant"}
#: residues whose substitution activates Gs-alpha (GeneReviews NBK274564)
ACTIVATING = {201: frozenset("CHSGL"), 227: frozenset("LRHK")}
_P_SUB = re.compile(r"p\.\((?P<ref>[A-Z][a-z]{2})(?P<pos>\d+)(?P<alt>[A-Z][a-z]{2})\)")
_ONE = {three: one for one, three in THREE_LETTER.items()}


@dataclass(frozen=True, slots=True)
class ProductEffect:
    product: str
    transcripts: tuple[str, ...]
    part: str  # which part of the product the variant lies in
    coding: bool  # does it change the product's coding sequence?
    expressed_from: str


@dataclass(frozen=True, slots=True)
class Hotspot:
    """An activating Gs-alpha substitution (never a loss of function)."""

    residue: int
    protein: str  # p.(Arg201Cys)
    known: bool  # listed in data/known_variants.tsv
    sources: str


def products_hit(result: VariantConsequences) -> tuple[ProductEffect, ...]:
    """The GNAS products whose transcripts the variant overlaps, grouped by product."""
    grouped: dict[str, list[tuple[str, str, bool]]] = {}
    for tc in result.transcripts:
        if set(tc.terms) <= _NOT_TOUCHING:
            continue
        family = PRODUCTS.get(tc.transcript.split(".")[0], (tc.product, "unknown"))[0]
        grouped.setdefault(family, []).append(
            (tc.transcript, _part(tc.exon, tc.intron, tc.transcript), _is_coding(tc.terms))
        )
    effects = []
    for family, hits in grouped.items():
        expression = next(v[1] for k, v in PRODUCTS.items() if v[0] == family)
        effects.append(
            ProductEffect(
                family, tuple(h[0] for h in hits), hits[0][1], any(h[2] for h in hits), expression
            )
        )
    return tuple(effects)


def _part(exon: ExonSpan | None, intron: ExonSpan | None, transcript: str) -> str:
    if exon is None:
        return f"intron {intron.number}" if intron else "transcript"
    if exon.first != exon.last:
        return f"exons {exon.first}-{exon.last}"
    number = exon.number
    if number == 1:
        first = {
            "NM_000516": "Gs-alpha exon 1 (Gs-alpha-specific)",
            "NM_001077488": "Gs-alpha exon 1 (Gs-alpha-specific)",
            "NM_001077489": "Gs-alpha exon 1 (Gs-alpha-specific)",
            "NM_080426": "Gs-alpha exon 1 (Gs-alpha-specific)",
            "NM_080425": "XL exon",
            "NM_016592": "NESP55 exon",
            "NR_003259": "A/B exon (1A)",
        }
        return first.get(transcript.split(".")[0], "exon 1")
    return f"exon {number} (shared exons 2-13)"


def _is_coding(terms: tuple[str, ...]) -> bool:
    non_coding = {
        "5_prime_UTR_variant",
        "3_prime_UTR_variant",
        "intron_variant",
        "non_coding_transcript_exon_variant",
        "non_coding_transcript_variant",
        "coding_transcript_variant",
        "splice_region_variant",
        "splice_polypyrimidine_tract_variant",
        "splice_donor_region_variant",
        "splice_donor_5th_base_variant",
        "synonymous_variant",
        "stop_retained_variant",
    }
    return not set(terms) <= non_coding


def activating_hotspot(result: VariantConsequences) -> Hotspot | None:
    """p.Arg201 or p.Gln227 substitutions of Gs-alpha (NM_000516.7)."""
    tc = result.on("NM_000516.7")
    if tc is None or tc.hgvs is None:
        return None
    protein = tc.hgvs.protein
    if protein is None:
        # no sequence to translate: a curated hotspot is still recognised by its c. name
        row = known_variant(tc.hgvs.hgvs)
        protein = row.protein if row and row.mechanism == "activating" else None
    if protein is None:
        return None
    match = _P_SUB.search(protein)
    if not match:
        return None
    residue, alt = int(match["pos"]), _ONE.get(match["alt"])
    if residue not in ACTIVATING or alt is None or alt not in ACTIVATING[residue]:
        return None
    protein = match.group(0)
    row = next((k for k in load_pack().known_variants if k.protein == protein), None)
    return Hotspot(
        residue,
        protein,
        row is not None,
        row.sources if row else "GeneReviews NBK274564: other substitutions at p.Arg201/p.Gln227",
    )


def known_variant(hgvs_c: str | None) -> KnownVariant | None:
    """The curated row for an NM_000516.7 c. description, if there is one."""
    return load_pack().known_variant(hgvs_c)
