"""What a family report shows, gathered from the annotated alleles: the
members of one family and, for each allele a member carries, the facts a
clinician reads (names on the MANE Select transcript, consequence, PVS1 with
its reasons, parent of origin with method and confidence, the reading).

Built from :func:`gnas_annot.annotate.results.variant_dict` — the same record
the JSON Lines output holds — so the report never shows a fact the tables do
not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gnas_annot.annotate.results import AnnotatedVariant, variant_dict
from gnas_annot.model.locus import Transcript
from gnas_annot.origin.pedigree import Member, Pedigree, Sex
from gnas_annot.pack.locus import load_locus
from gnas_annot.pack.store import load_pack

#: origin values written by the pipeline, in legend order
ORIGINS = ("paternal", "maternal", "de_novo_unphased", "ambiguous", "unknown", "not_applicable")


@dataclass(frozen=True, slots=True)
class Person:
    sample: str
    father: str | None
    mother: str | None
    sex: Sex
    affected: bool | None  # None: the PED says unknown
    sequenced: bool


@dataclass(frozen=True, slots=True)
class Carrier:
    sample: str
    genotype: str
    allele_fraction: float | None
    depth: int | None
    origin: str
    method: str
    confidence: str
    evidence: tuple[str, ...]
    mosaic_flags: tuple[str, ...]
    reading: str | None
    conditions: tuple[str, ...]
    caveats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Allele:
    """One reported allele: its names on the chosen transcript and its carriers."""

    number: int
    key: str
    label: str  # short name for the plots: p. when known, else c., else g.
    status: str
    reason: str | None
    transcript: str | None
    hgvs_g: str | None
    hgvs_c: str | None
    hgvs_p: str | None
    consequence: str | None
    impact: str | None
    protein_position: int | None
    pvs1: str | None
    pvs1_reasons: tuple[str, ...]
    loftee: str | None
    extra: tuple[tuple[str, str], ...]  # (NAME_FIELD, value) of --custom, then evidence
    carriers: tuple[Carrier, ...]


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    people: tuple[Person, ...]
    alleles: tuple[Allele, ...]
    build: str | None
    protein_length: int | None
    exon_codons: tuple[tuple[int, int, int], ...]  # (exon number, first codon, last codon)
    transcript: str | None


def families(
    annotated: Iterable[AnnotatedVariant], pedigree: Pedigree, vcf_samples: Sequence[str]
) -> list[Family]:
    """One :class:`Family` per connected family of the pedigree, in PED order.

    An allele is reported for a family when a member carries it; sites-only
    alleles (no carrier) are not family findings and are left out."""
    groups = pedigree.families()
    present = set(vcf_samples)
    collected: list[list[Allele]] = [[] for _ in groups]
    index = {m.sample: k for k, group in enumerate(groups) for m in group}
    build: str | None = None
    for av in annotated:
        build = build or str(av.variant.build)
        record = variant_dict(av)
        by_family: dict[int, list[Carrier]] = {}
        for sample_fields, sample in zip(record["samples"], av.samples, strict=True):
            family = index.get(sample.sample)
            if family is not None:
                by_family.setdefault(family, []).append(_carrier(sample_fields, sample))
        for family, carriers in by_family.items():
            number = len(collected[family]) + 1
            extra = (*av.known, *((e.code, e.text) for e in av.evidence))
            collected[family].append(_allele(number, record, carriers, extra))
    result = []
    for group, alleles in zip(groups, collected, strict=True):
        tx = _mane(build)
        result.append(
            Family(
                name=group[0].family,
                people=tuple(_person(m, present) for m in group),
                alleles=tuple(alleles),
                build=build,
                protein_length=tx.protein_length if tx else None,
                exon_codons=_exon_codons(tx) if tx else (),
                transcript=tx.accession if tx else None,
            )
        )
    return result


def _person(m: Member, present: set[str]) -> Person:
    affected = {"2": True, "1": False}.get(m.phenotype)
    return Person(m.sample, m.father, m.mother, m.sex, affected, m.sample in present)


def _mane(build: str | None) -> Transcript | None:
    if build is None:
        return None
    txs = load_locus(build).transcripts
    chosen = [t for t in txs if (t.mane or "").lower().startswith("mane select")]
    return chosen[0] if chosen else next((t for t in txs if t.is_coding), None)


def _exon_codons(tx: Transcript) -> tuple[tuple[int, int, int], ...]:
    """Codon span of each coding exon, from the exon model (transcript order)."""
    assert tx.cds_start is not None and tx.cds_end is not None
    exons = tx.exons if tx.strand > 0 else tx.exons[::-1]
    spans, done = [], 0
    for number, exon in enumerate(exons, start=1):
        coding = max(0, min(exon.end, tx.cds_end) - max(exon.start, tx.cds_start) + 1)
        if coding:
            spans.append((number, done // 3 + 1, (done + coding - 1) // 3 + 1))
            done += coding
    return tuple(spans)


def _chosen_transcript(record: Mapping[str, Any]) -> Mapping[str, Any] | None:
    txs = record["transcripts"]
    reference = load_pack().reference_accession
    for tx in txs:
        if tx.get("transcript", "") == reference:
            return dict(tx)
    return dict(txs[0]) if txs else None


def _allele(
    number: int,
    record: Mapping[str, Any],
    carriers: list[Carrier],
    extra: tuple[tuple[str, str], ...],
) -> Allele:
    tx = _chosen_transcript(record) or {}
    position = str(tx.get("protein_position") or "").split("-")[0]
    label = (
        tx.get("hgvs_p_short")
        or (tx.get("hgvs_c") or "").split(":")[-1]
        or (record.get("hgvs_g") or "").split(":")[-1]
        or f"{record['chrom']}:{record['pos']} {record['ref']}>{record['alt']}"
    )
    pvs1 = tx.get("pvs1_strength")
    if pvs1 and tx.get("pvs1_criterion"):
        pvs1 = f"{pvs1} ({tx['pvs1_criterion']})"
    return Allele(
        number=number,
        key=f"{record['chrom']}:{record['pos']}:{record['ref']}:{record['alt']}",
        label=str(label),
        status=record["status"],
        reason=record.get("reason"),
        transcript=tx.get("transcript"),
        hgvs_g=record.get("hgvs_g"),
        hgvs_c=tx.get("hgvs_c"),
        hgvs_p=tx.get("hgvs_p"),
        consequence=tx.get("consequence"),
        impact=tx.get("impact"),
        protein_position=int(position) if position.isdigit() else None,
        pvs1=pvs1,
        pvs1_reasons=tuple(tx.get("pvs1_reasons") or ()),
        loftee=tx.get("loftee"),
        extra=extra,
        carriers=tuple(carriers),
    )


def _carrier(fields: Mapping[str, Any], sample: Any) -> Carrier:
    call = getattr(sample, "origin_call", None)
    mosaicism = getattr(call, "mosaicism", None)
    flags = tuple(str(getattr(f, "value", f)) for f in getattr(mosaicism, "flags", ()) or ())
    return Carrier(
        sample=fields["sample"],
        genotype=str(fields["genotype"]),
        allele_fraction=fields.get("allele_fraction"),
        depth=fields.get("depth"),
        origin=str(fields.get("origin") or "unknown"),
        method=str(fields.get("origin_method") or "none"),
        confidence=str(fields.get("origin_confidence") or "none"),
        evidence=tuple(fields.get("origin_evidence") or ()),
        mosaic_flags=flags,
        reading=fields.get("interpretation"),
        conditions=tuple(fields.get("conditions") or ()),
        caveats=tuple(fields.get("caveats") or ()),
    )
