"""Copy number (``--sv``, ``--cnv``) and UPD (``--upd``) for ``annotate`` and ``report``.

One place reads the structural inputs of a run, so the report's Copy number block and the
``copy_number``/``upd`` columns of ``annotate`` come from the same events and calls.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gnas_annot.errors import UsageError
from gnas_annot.model.builds import GenomeBuild

if TYPE_CHECKING:
    from gnas_annot.annotate.carriers import SampleAnnotation
    from gnas_annot.annotate.results import AnnotatedVariant
    from gnas_annot.origin.pedigree import Trio
    from gnas_annot.structure.events import CopyNumberEvent
    from gnas_annot.structure.uniparental import UpdResult


def add_copy_number_options(parser: argparse.ArgumentParser, title: str) -> None:
    cnv = parser.add_argument_group(title)
    cnv.add_argument(
        "--sv",
        action="append",
        default=[],
        metavar="VCF",
        help="SV/CNV VCF of the family (Manta, DELLY, GATK gCNV, CNVkit; repeatable)",
    )
    cnv.add_argument(
        "--cnv",
        action="append",
        default=[],
        metavar="SAMPLE=BAM",
        type=sample_path,
        help="indexed BAM/CRAM of a member: per-exon depth against its own flanks "
        "(no controls: use gnas-annot cnv --controls for calls you can rely on)",
    )


def sample_path(text: str) -> tuple[str, str]:
    sample, sep, path = text.partition("=")
    if not sep or not sample or not path:
        raise argparse.ArgumentTypeError(f"expected SAMPLE=PATH, got {text!r}")
    return sample, path


def copy_number(
    args: argparse.Namespace, build: GenomeBuild
) -> dict[str, list[CopyNumberEvent]] | None:
    """Each assessed member's events (a member with none was assessed: an empty list)."""
    if not args.sv and not args.cnv:
        return None
    from gnas_annot.structure.copy_number import CnvSettings, call_targets
    from gnas_annot.structure.depth import measure
    from gnas_annot.structure.events import events_from_depth
    from gnas_annot.structure.sv_records import read_sv_vcf
    from gnas_annot.structure.targets import copy_number_targets

    events: dict[str, list[CopyNumberEvent]] = {}
    for path in args.sv:
        reading = read_sv_vcf(path, build)
        for name in reading.samples:
            events.setdefault(name, [])
        for event in reading.events:
            events[event.sample].append(event)
    settings = CnvSettings()
    targets = copy_number_targets(build)
    for sample, path in args.cnv:
        depth = measure(path, targets, build=build, reference=args.reference)
        profile = call_targets(depth, targets, [], settings)
        events.setdefault(sample, []).extend(
            replace(e, sample=sample) for e in events_from_depth(profile)
        )
    return events


def upd_results(
    args: argparse.Namespace, trio: Trio | None, build: GenomeBuild
) -> list[UpdResult] | None:
    """The chr20 UPD scan of every child of the pedigree (``--upd``), with the defaults
    of ``gnas-annot upd``; None when not asked."""
    if not getattr(args, "upd", False):
        return None
    if args.ped is None and trio is None:
        raise UsageError("--upd needs --ped or --trio (the scan compares a child with its parents)")
    if args.input == "-":
        raise UsageError("--upd reads the input twice: give a file, not stdin")
    from gnas_annot.origin.pedigree import load_trios
    from gnas_annot.structure.uniparental import analyse_upd

    _, trios = load_trios(args.ped, None if args.ped else trio)
    return [analyse_upd(args.input, t.child, t.father, t.mother, build=build) for t in trios]


@dataclass(frozen=True, slots=True)
class StructureFacts:
    """The per-sample copy-number and UPD facts of a run, as the outputs print them."""

    copy_number: Mapping[str, tuple[str, ...]]
    upd: Mapping[str, str]
    #: sample -> the reading of its paternal UPD covering GNAS (a caveat of its alleles)
    upd_readings: Mapping[str, str]
    header: tuple[str, ...]

    def attach(self, items: Iterable[AnnotatedVariant]) -> Iterator[AnnotatedVariant]:
        """Each allele with its carriers' copy-number and UPD facts filled in."""
        if not self.copy_number and not self.upd:  # nothing to add: no extra layer
            return iter(items)
        return (replace(av, samples=tuple(self._sample(s) for s in av.samples)) for av in items)

    def _sample(self, s: SampleAnnotation) -> SampleAnnotation:
        reading, note = s.interpretation, self.upd_readings.get(s.sample)
        if reading is not None and note is not None:
            reading = replace(reading, caveats=(*reading.caveats, note))
        return replace(
            s,
            copy_number=self.copy_number.get(s.sample, ()),
            upd=self.upd.get(s.sample),
            interpretation=reading,
        )


def structure_facts(
    events: Mapping[str, Sequence[CopyNumberEvent]] | None,
    upd: Sequence[UpdResult] | None,
    parents: Mapping[str, tuple[str | None, str | None]],
) -> StructureFacts:
    """``parents`` maps a child to (father, mother): an event's origin from theirs."""
    if not events and not upd:  # nothing to read: leave the structure modules unloaded
        return StructureFacts({}, {}, {}, ())
    from gnas_annot.interpret.structure import read_event, read_upd
    from gnas_annot.structure.event_origin import event_origin
    from gnas_annot.structure.upd import UpdParent

    events = events or {}
    cnv: dict[str, tuple[str, ...]] = {}
    header: list[str] = []
    for sample, found in events.items():
        father, mother = parents.get(sample, (None, None))
        parent_events = {
            role: (events[name] if name is not None and name in events else None)
            for role, name in (("father", father), ("mother", mother))
        }
        texts = []
        for event in found:
            origin = event_origin(event, parent_events).origin
            text = (
                f"{event.kind.value} {event.chrom}:{event.start}-{event.end} "
                f"({event.end - event.start + 1:,} bp) {event.label}; origin {origin}; "
                f"{read_event(event, origin).summary}"
            )
            texts.append(text)
            header.append(
                f"##gnas_annotCNV=<Sample={_q(sample)},Type={event.kind.value},"
                f"Chrom={event.chrom},Start={event.start},End={event.end},"
                f"Origin={origin},Source={_q(event.source)},Description={_q(text)}>"
            )
        cnv[sample] = tuple(texts)
    calls: dict[str, str] = {}
    readings: dict[str, str] = {}
    for result in upd or ():
        if not result.assessable:
            calls[result.child] = f"not assessable: {result.reason}"
            header.append(
                f"##gnas_annotUPD=<Sample={_q(result.child)},Status=not_assessable,"
                f"Description={_q(calls[result.child])}>"
            )
            continue
        texts = []
        for call in result.calls:
            reading = read_upd(call)
            text = (
                f"{call.parent.value} {call.kind.value} ({call.extent}) "
                f"{call.chrom}:{call.start}-{call.end}; {call.informative_sites} informative "
                f"sites, {call.upd_errors} UPD-type errors; LOD {call.statistic:.1f}; "
                f"{reading.summary}"
            )
            texts.append(text)
            if call.parent == UpdParent.PATERNAL and call.includes_gnas:
                readings[result.child] = f"paternal UPD of chr20 found: {reading.summary}"
            header.append(
                f"##gnas_annotUPD=<Sample={_q(result.child)},Status=called,"
                f"Parent={call.parent.value},Kind={call.kind.value},Chrom={call.chrom},"
                f"Start={call.start},End={call.end},InformativeSites={call.informative_sites},"
                f"LOD={call.statistic:.2f},Description={_q(text)}>"
            )
        counts = result.counts
        sites = counts.informative if counts is not None else 0
        calls[result.child] = " | ".join(texts) or f"no UPD called ({sites} informative sites)"
        if not texts:
            header.append(
                f"##gnas_annotUPD=<Sample={_q(result.child)},Status=no_call,"
                f"Description={_q(calls[result.child])}>"
            )
    return StructureFacts(cnv, calls, readings, tuple(header))


def _q(text: str) -> str:
    """A quoted VCF header value (one line; a quote inside becomes an apostrophe)."""
    return '"' + " ".join(text.splitlines()).replace('"', "'") + '"'


def run_structure(
    args: argparse.Namespace, trio: Trio | None, build: GenomeBuild
) -> StructureFacts:
    """The copy-number events and UPD calls a command's options ask for."""
    parents: dict[str, tuple[str | None, str | None]] = {}
    pedigree = None
    if args.ped is not None or trio is not None:
        from gnas_annot.origin.pedigree import Pedigree  # only with a family (start-up)

        if args.ped is not None:
            pedigree = Pedigree.read(args.ped)
        elif trio is not None:
            pedigree = Pedigree.from_trio(trio)
    if pedigree is not None:
        parents = {m.sample: (m.father, m.mother) for m in pedigree.members}
    upd = upd_results(args, trio, build)
    return structure_facts(copy_number(args, build), upd, parents)
