"""Facts the pack derives from its tables instead of typing them twice.

Genomic positions of the hotspot codons and the c. range of a critical exon
come from the transcript model; the activating amino acids of a hotspot from
the curated known variants; which exons are skipped by a natural isoform
from the exon models of the isoforms themselves.  The tables are
cross-checked here, so a pack whose tables disagree is refused on load.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from gnas_annot.errors import DataPackIntegrityError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Locus, Transcript
from gnas_annot.pack.facts import (
    CriticalRegion,
    Hotspot,
    HotspotRow,
    ImprintingControl,
    KnownVariant,
    ProductFamily,
)

_SUBSTITUTION = re.compile(r"^p\.\((?P<ref>[A-Z][a-z]{2})(?P<pos>\d+)(?P<alt>[A-Z][a-z]{2})\)$")


def coding_positions(tx: Transcript) -> list[int]:
    """Genomic position of each coding base, in c. order (index 0 = c.1)."""
    if tx.cds_start is None or tx.cds_end is None:
        return []
    lo, hi = tx.cds_start, tx.cds_end
    bases = [p for e in tx.exons for p in range(max(e.start, lo), min(e.end, hi) + 1)]
    return bases if tx.strand > 0 else bases[::-1]


def place_hotspots(
    rows: Iterable[HotspotRow], known: Iterable[KnownVariant], loci: Mapping[GenomeBuild, Locus]
) -> dict[GenomeBuild, tuple[Hotspot, ...]]:
    """Each hotspot codon on each build, with its activating amino acids."""
    rows = tuple(rows)
    by_residue = {row.residue: row for row in rows}
    refs: dict[int, str] = {}
    alts: dict[int, set[str]] = {row.residue: set(row.other_substitutions) for row in rows}
    for variant in known:
        if variant.mechanism != "activating":
            continue
        match = _SUBSTITUTION.match(variant.protein)
        residue = int(match["pos"]) if match else None
        if match is None or residue not in by_residue:
            raise DataPackIntegrityError(
                f"known_variants.tsv: activating {variant.hgvs_c} {variant.protein} is not a "
                "substitution at a codon of hotspots.tsv; restore the pack"
            )
        assert residue is not None
        if refs.setdefault(residue, match["ref"]) != match["ref"]:
            raise DataPackIntegrityError(
                f"known_variants.tsv: {variant.protein} disagrees on the amino acid at {residue}"
            )
        alts[residue].add(match["alt"])
    for row in rows:
        if row.residue not in refs:
            raise DataPackIntegrityError(
                f"hotspots.tsv: codon {row.residue} has no activating row in "
                "known_variants.tsv (its reference amino acid comes from there)"
            )
    placed: dict[GenomeBuild, tuple[Hotspot, ...]] = {}
    for build, locus in loci.items():
        spots = []
        for row in rows:
            coding = coding_positions(locus.transcript(row.transcript))
            codon = coding[3 * row.residue - 3 : 3 * row.residue]
            if len(codon) != 3:
                raise DataPackIntegrityError(
                    f"hotspots.tsv: codon {row.residue} lies outside the CDS of {row.transcript}"
                )
            spots.append(
                Hotspot(
                    row.transcript,
                    row.residue,
                    refs[row.residue],
                    frozenset(alts[row.residue]),
                    build,
                    min(codon),
                    max(codon),
                    row.sources,
                    row.note,
                )
            )
        placed[build] = tuple(spots)
    return placed


def place_critical_regions(
    regions: Iterable[CriticalRegion], locus: Locus, conditions: Iterable[str]
) -> tuple[CriticalRegion, ...]:
    """Each critical exon with the c. range of its coding bases."""
    keys = set(conditions)
    placed = []
    for region in regions:
        tx = locus.transcript(region.transcript)
        number = {e: i for i, e in enumerate(tx.exons if tx.strand > 0 else tx.exons[::-1], 1)}
        exon = next((e for e, n in number.items() if n == region.exon), None)
        coding = coding_positions(tx)
        inside = [c for c, g in enumerate(coding, 1) if exon and exon.start <= g <= exon.end]
        if not inside:
            raise DataPackIntegrityError(
                f"critical_regions.tsv: exon {region.exon} of {region.transcript} has no "
                "coding bases in the transcript model"
            )
        if region.maternal_condition is not None and region.maternal_condition not in keys:
            raise DataPackIntegrityError(
                f"critical_regions.tsv: condition {region.maternal_condition} is not in "
                "conditions.tsv"
            )
        placed.append(dataclasses.replace(region, c_start=inside[0], c_end=inside[-1]))
    return tuple(placed)


def check_references(
    loci: Mapping[GenomeBuild, Locus],
    products: Iterable[ProductFamily],
    control: Iterable[ImprintingControl],
    conditions: Iterable[str],
) -> None:
    """Every family, region and condition a table names exists in its own table."""
    families = {p.family for p in products}
    keys = set(conditions)
    for locus in loci.values():
        names = {r.name for r in locus.regions}
        for tx in locus.transcripts:
            if tx.family not in families:
                raise DataPackIntegrityError(
                    f"transcripts.tsv: family {tx.family!r} of {tx.accession} "
                    "is not in products.tsv"
                )
        for row in control:
            if row.region not in names or row.condition not in keys:
                raise DataPackIntegrityError(
                    f"imprinting_control.tsv: {row.region}/{row.condition} is not in "
                    "regions.tsv/conditions.tsv"
                )


def natural_skips(locus: Locus, tx: Transcript, exon: int) -> tuple[Transcript, ...]:
    """The coding isoforms of the pack that skip coding exon ``exon`` of ``tx``: they
    use the donor of exon ``exon - 1`` and splice it to an acceptor past the
    skipped exon, in exon ``exon + 1`` (Gs-alpha exon 3 and the short forms, with
    either exon-4 acceptor).  Skipping that exon then gives a natural product,
    not a null allele."""
    ordered = tx.exons if tx.strand > 0 else tx.exons[::-1]
    if not 1 < exon < len(ordered) or tx.cds_start is None or tx.cds_end is None:
        return ()
    skipped, before, after = ordered[exon - 1], ordered[exon - 2], ordered[exon]
    if skipped.end < tx.cds_start or skipped.start > tx.cds_end:
        return ()  # a UTR exon: skipping it changes no product
    found = []
    for other in locus.transcripts:
        if other.accession == tx.accession or not other.is_coding or other.strand != tx.strand:
            continue
        for a, b in zip(other.exons, other.exons[1:], strict=False):
            if tx.strand > 0:
                joined = a.end == before.end and skipped.end < b.start <= after.end
            else:
                joined = b.start == before.start and after.start <= a.end < skipped.start
            if joined:
                found.append(other)
    return tuple(found)
