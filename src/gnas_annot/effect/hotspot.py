"""Activating changes at the Gs-alpha hotspot codons, from VCF alleles alone.

The origin step sees alleles, not consequences and not always a reference.
A change is an activating hotspot when it changes only one hotspot codon of
the pack (hotspots.tsv) — one base, or two or three at once (an MNV, or a
delins of equal length) — and the residue it predicts is one of the pack's
activating residues for that codon.  Synonymous, nonsense and other residues
are not; indels and changes that reach another codon are not.

The predicted residue comes from the codon: its changed bases are the VCF's,
its other bases are whatever the pack allows — codons of the pack's reference
amino acid that agree with the curated substitutions of known_variants.tsv
(c.601C>T gives Cys, so Arg201 is TG[TC] after it).  When those codons do not
all give one residue the change is not called, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.protein import CodonFact, substituted_residue
from gnas_annot.pack.facts import Hotspot, KnownVariant
from gnas_annot.pack.store import Pack, load_pack
from gnas_annot.seq.codons import aa1_to_aa3, aa3_to_aa1, reverse_complement

__all__ = ["ActivatingChange", "activating_change", "activating_protein"]

_C_SNV = re.compile(r"c\.(?P<pos>[1-9]\d*)(?P<ref>[ACGT])>(?P<alt>[ACGT])")
_P_SUB = re.compile(r"p\.\((?P<ref>[A-Z][a-z]{2})(?P<pos>\d+)(?P<alt>[A-Z][a-z]{2})\)")


@dataclass(frozen=True, slots=True)
class ActivatingChange:
    """A substitution at an activating Gs-alpha codon (never a loss of function)."""

    hotspot: Hotspot  # the codon, from the pack
    protein: str  # p.(Arg201Cys)
    known: KnownVariant | None  # its row in data/known_variants.tsv, if curated

    @property
    def residue(self) -> int:
        return self.hotspot.residue

    @property
    def sources(self) -> str:
        return self.known.sources if self.known is not None else self.hotspot.sources


def activating_change(
    build: GenomeBuild, pos: int, ref: str, alt: str, pack: Pack | None = None
) -> ActivatingChange | None:
    """The activating substitution that the VCF allele ``pos ref>alt`` makes at a
    hotspot codon of ``pack`` (default: the current pack), or None (not at a hotspot,
    not activating, or not determinable)."""
    ref, alt = ref.upper(), alt.upper()
    if len(ref) != len(alt) or ref == alt:
        return None  # an indel, or no change
    # shared leading/trailing bases (a VCF anchor, a phased block) are not changed
    while ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    while ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    end = pos + len(ref) - 1
    if pack is None:
        pack = load_pack()
    spot = next((h for h in pack.hotspots_on(build) if h.start <= pos and end <= h.end), None)
    if spot is None:
        return None
    if pack.locus(build).transcript(spot.transcript).strand > 0:
        first = pos - spot.start
    else:
        first, ref, alt = spot.end - end, reverse_complement(ref), reverse_complement(alt)
    residue = substituted_residue(
        aa3_to_aa1(spot.ref), first, ref, alt, facts=_codon_facts(spot, pack)
    )
    if residue is None:
        return None
    return _at(spot, "Ter" if residue == "*" else aa1_to_aa3(residue), pack)


def activating_protein(
    build: GenomeBuild, protein: str, pack: Pack | None = None
) -> ActivatingChange | None:
    """The activating substitution a predicted p. change names (``p.(Arg201Cys)``),
    or None when it is not a substitution at a hotspot codon by an activating residue."""
    if pack is None:
        pack = load_pack()
    spots = pack.hotspots_on(build)
    # a substitution at a hotspot names the codon as 'p.(Arg201': without any such
    # text no match of _P_SUB can be at a hotspot (most p. names: no regex, no search)
    for named in _named(spots):
        if named in protein:
            return _activating_protein(spots, protein, pack)
    return None


def _activating_protein(
    spots: tuple[Hotspot, ...], protein: str, pack: Pack
) -> ActivatingChange | None:
    """:func:`activating_protein` by the regex alone (the tests hold the two alike)."""
    match = _P_SUB.search(protein)
    if match is None:
        return None
    residue = int(match["pos"])
    spot = next((h for h in spots if h.residue == residue), None)
    if spot is None or match["ref"] != spot.ref:
        return None
    return _at(spot, match["alt"], pack)


def _named(spots: tuple[Hotspot, ...]) -> tuple[str, ...]:
    """How a p. substitution at each of ``spots`` begins ('p.(Arg201'); the last answer
    is kept with the (pack's, immutable) tuple it is for, replaced whole."""
    global _NAMED
    last = _NAMED
    if last[0] is spots:
        return last[1]
    named = tuple(f"p.({h.ref}{h.residue}" for h in spots)
    _NAMED = (spots, named)
    return named


_NAMED: tuple[tuple[Hotspot, ...] | None, tuple[str, ...]] = (None, ())


def _at(spot: Hotspot, new: str, pack: Pack) -> ActivatingChange | None:
    """``spot`` changed to the residue ``new`` (three letters), if that activates it."""
    if new not in spot.activating:
        return None
    protein = f"p.({spot.ref}{spot.residue}{new})"
    known = next((k for k in pack.known_variants if k.protein == protein), None)
    return ActivatingChange(spot, protein, known)


def _codon_facts(spot: Hotspot, pack: Pack) -> tuple[CodonFact, ...]:
    """The curated SNVs of the codon (known_variants.tsv): their reference base
    and the residue they give, as constraints on the codon's unknown bases."""
    facts = []
    for known in pack.known_variants:
        snv, sub = _C_SNV.fullmatch(known.hgvs_c), _P_SUB.fullmatch(known.protein)
        if snv is None or sub is None or int(sub["pos"]) != spot.residue:
            continue
        index = int(snv["pos"]) - 1
        if index // 3 + 1 != spot.residue:
            continue
        facts.append((index % 3, snv["ref"], snv["alt"], aa3_to_aa1(sub["alt"])))
    return tuple(facts)
