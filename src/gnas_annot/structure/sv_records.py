"""Copy-number events from SV/CNV VCF records, as the common callers write them.

* ``<DEL>``/``<DUP>``/``<DUP:TANDEM>`` with ``END`` (or ``SVLEN``): Manta,
  DELLY, CNVkit (``cnvkit.py export vcf``) and GATK gCNV
  (``PostprocessGermlineCNVCalls``: ``<DEL>,<DUP>`` on one record, a
  haploid-style GT naming the allele, and ``CN``).
* ``<CNV>`` with a per-sample ``CN``: below 2 a deletion, above 2 a
  duplication (chromosome 20 is autosomal).
* Sequence-resolved deletions/duplications (Manta writes SVs under its
  breakpoint-assembly limit with full REF/ALT and ``SVTYPE``): ``SVTYPE``
  decides, the allele lengths give the span.
* ``BND`` pairs on chromosome 20 (Manta, DELLY >= 0.8): ``t[p[`` joining a
  later position is a deletion between them, ``]p]t`` joining a later
  position a tandem duplication; the other orientations are inversions,
  which change no copy number and are reported as skipped.

For symbolic alleles POS is the padding base before the event (VCF 4.3,
section 5.4), so the event starts at POS + 1; gCNV and CNVkit put POS on the
first base of the interval, which moves their events by one base, too little
to change which exon they hit.  A sample carries the event when its GT holds
the allele (or, where present, when its ``CN`` differs from 2; ``CN`` wins).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pysam

from gnas_annot.io.vcf import VcfSource, symbolic_type
from gnas_annot.model.builds import GenomeBuild, is_chr20
from gnas_annot.pack.locus import load_locus
from gnas_annot.structure.events import CopyNumberEvent, EventKind, relabel
from gnas_annot.structure.targets import copy_number_targets

_BND = re.compile(r"^([A-Za-z.]*)([\[\]])([^:\[\]]+):(\d+)([\[\]])([A-Za-z.]*)$")
_CALLERS = (
    ("manta", "Manta"),
    ("generatesvcandidates", "Manta"),  # Manta's ##source line
    ("delly", "DELLY"),
    ("gcnv", "GATK gCNV"),
    ("gatk", "GATK gCNV"),
    ("cnvkit", "CNVkit"),
)


@dataclass(frozen=True, slots=True)
class SvReading:
    """Events of every sample of one SV/CNV VCF, and what was skipped."""

    build: GenomeBuild
    caller: str
    samples: tuple[str, ...]
    events: tuple[CopyNumberEvent, ...]
    skipped: tuple[str, ...]


def read_sv_vcf(path: str | os.PathLike[str], build: GenomeBuild | str | None = None) -> SvReading:
    """Every deletion/duplication event of every sample in the GNAS+STX16 region."""
    with VcfSource(path, build) as source:
        region = load_locus(source.build).extraction_region("gnas+stx16")
        caller = _caller(source.header)
        targets = copy_number_targets(source.build)
        events: list[CopyNumberEvent] = []
        skipped: list[str] = []
        seen: set[tuple[str, EventKind, int, int]] = set()
        for record in source.fetch(region):
            for allele, (kind, start, end, why) in enumerate(_spans(record), start=1):
                if kind is None:
                    if why != "small variant":
                        skipped.append(f"{record.contig}:{record.pos} {why}")
                    continue
                for sample, copies in _carriers(record, allele, kind, source.samples):
                    key = (sample, copies[0], start, end)
                    if key in seen:  # the other end of a BND pair
                        continue
                    seen.add(key)
                    event = CopyNumberEvent(
                        sample=sample,
                        kind=copies[0],
                        chrom="chr20",
                        start=start,
                        end=end,
                        targets=(),
                        label="",
                        known=(),
                        source=caller,
                        copies=copies[1],
                        quality=None if record.qual is None else float(record.qual),
                        notes=(f"record {record.id or '.'} at {record.contig}:{record.pos}",),
                    )
                    events.append(relabel(event, targets))
        return SvReading(
            source.build, caller, source.samples or ("",), tuple(events), tuple(skipped)
        )


def _caller(header: pysam.VariantHeader) -> str:
    text = "\n".join(
        str(r) for r in header.records if r.key in ("source", "cnvkit", "GATKCommandLine")
    )
    text += " " + " ".join(str(k) for k in header.info)
    lowered = text.lower()
    for key, name in _CALLERS:
        if key in lowered:
            return name
    return "SV VCF"


def _spans(record: pysam.VariantRecord) -> Iterator[tuple[EventKind | None, int, int, str]]:
    """(kind, start, end, why-skipped) per ALT; kind None when it is no CN event."""
    info = record.info
    svtype = str(info.get("SVTYPE", "")) if "SVTYPE" in record.header.info else ""
    pos = int(record.pos)
    for allele in record.alts or ():  # one item per ALT, in order
        sym = symbolic_type(allele)
        if sym is not None:
            base = sym.split(":")[0]
            kind = {"DEL": EventKind.DELETION, "DUP": EventKind.DUPLICATION}.get(base)
            if kind is None and base == "CNV":
                kind = EventKind.DELETION  # placeholder: CN decides per sample
            if kind is None:
                yield None, 0, 0, f"<{sym}> changes no copy number"
                continue
            end = _end(record)
            if end <= pos:
                yield None, 0, 0, f"<{sym}> without END or SVLEN"
                continue
            yield kind, pos + 1, end, ""
        elif (match := _BND.match(allele)) is not None:
            yield _bnd(record, match)
        elif svtype in ("DEL", "DUP") and len(record.ref or "") != len(allele):
            size = len(record.ref or "") - len(allele)
            if svtype == "DEL" and size > 0:
                yield EventKind.DELETION, pos + len(allele), pos + len(record.ref or "") - 1, ""
            elif svtype == "DUP" and size < 0:
                yield EventKind.DUPLICATION, pos + 1, pos - size, ""
            else:
                yield None, 0, 0, f"SVTYPE={svtype} with alleles that disagree"
        else:
            yield None, 0, 0, "small variant"


def _end(record: pysam.VariantRecord) -> int:
    end = int(record.stop)
    if "SVLEN" in record.header.info and "SVLEN" in record.info:
        values = record.info["SVLEN"]
        for value in values if isinstance(values, tuple) else (values,):
            if value is not None:
                end = max(end, int(record.pos) + abs(int(value)))
    return end


def _bnd(
    record: pysam.VariantRecord, match: re.Match[str]
) -> tuple[EventKind | None, int, int, str]:
    before, bracket, chrom, mate_text, _, _ = match.groups()
    if not is_chr20(chrom):
        return None, 0, 0, f"BND to {chrom}: a translocation, no copy number"
    pos, mate = int(record.pos), int(mate_text)
    joined_after = bool(before)  # t[p[ or t]p]: the piece is joined after t
    if bracket == "[" and joined_after:  # t[p[: continues at p to the right
        if mate > pos:
            return EventKind.DELETION, pos + 1, mate - 1, ""
        return EventKind.DUPLICATION, mate, pos, ""
    if bracket == "]" and not joined_after:  # ]p]t: the piece ending at p precedes t
        if mate > pos:
            return EventKind.DUPLICATION, pos, mate, ""
        return EventKind.DELETION, mate + 1, pos - 1, ""
    return None, 0, 0, "BND pair of an inversion, no copy number"


def _carriers(
    record: pysam.VariantRecord, allele: int, kind: EventKind, samples: Sequence[str]
) -> Iterator[tuple[str, tuple[EventKind, int | None]]]:
    if not samples:  # sites-only: the file's one sample carries it
        yield "", (kind, None)
        return
    alts = record.alts or ()
    for sample in samples:
        call = record.samples[sample]
        cn = call.get("CN") if "CN" in record.header.formats else None
        if isinstance(cn, tuple):
            cn = cn[0]
        if cn is not None:
            if int(cn) == 2:
                continue
            yield sample, (EventKind.DELETION if cn < 2 else EventKind.DUPLICATION, int(cn))
            continue
        gt = [a for a in (call.get("GT") or ()) if a is not None]
        if allele not in gt:
            continue
        if (symbolic_type(alts[allele - 1]) or "").startswith("CNV"):
            continue  # <CNV> without CN: direction unknown
        hom = len(gt) >= 2 and set(gt) == {allele}
        if kind == EventKind.DELETION:
            yield sample, (kind, 0 if hom else 1)
        else:
            yield sample, (kind, 4 if hom else 3)
