"""``gnas-annot cnv``: deletions and duplications at GNAS/STX16 from read depth
(BAM/CRAM) and from SV/CNV VCFs, with their parent of origin and reading.

Output: a TSV with one row per event, or with ``--json`` an object with
``events`` (type deletion/duplication, chrom, start, end, exons, label,
ratio, quality, origin, ...) and ``samples`` (per sample: every target's
depth, ratio, z-score and call, and how it was normalised).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from gnas_annot.cli.numbers import add_setting
from gnas_annot.cli.options import build_arg
from gnas_annot.cli.structure_options import sample_path
from gnas_annot.epigenetics.model import Pattern
from gnas_annot.errors import GnasAnnotError, InputError, SampleNotFoundError
from gnas_annot.interpret.structure import read_event_with_methylation
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.pedigree import Trio, load_trios
from gnas_annot.output.atomic import atomic_path
from gnas_annot.pack.locus import load_locus
from gnas_annot.structure.copy_number import CnvSettings, DepthProfile, call_targets
from gnas_annot.structure.depth import SampleDepth, measure, read_matrix, write_matrix
from gnas_annot.structure.event_origin import EventOrigin, event_origin, het_sites_inside
from gnas_annot.structure.events import CopyNumberEvent, events_from_depth
from gnas_annot.structure.genotypes import GenotypeReader, Site
from gnas_annot.structure.sv_records import read_sv_vcf
from gnas_annot.structure.targets import copy_number_targets

COLUMNS = (
    "sample",
    "type",
    "chrom",
    "start",
    "end",
    "exons",
    "label",
    "ratio",
    "copies",
    "quality",
    "source",
    "origin",
    "inheritance",
    "het_sites_inside",
    "reading",
    "conflicts",
)


def configure_parser(p: argparse.ArgumentParser) -> None:
    d = CnvSettings()
    p.description = (
        "Per-exon read depth (GNAS exons of every transcript, STX16/NPEPL1 exons, "
        "DMRs), normalised by flank windows and controls; events named by content, matched "
        "to the known PHP1B/PHP1A deletions by exons and size; parent of origin from the "
        "parents' calls and the child's alleles."
    )
    p.add_argument("alignments", nargs="*", help="indexed BAM/CRAM of the sample(s)")
    p.add_argument("--controls", nargs="+", default=[], metavar="BAM", help="normal samples")
    p.add_argument("--controls-matrix", metavar="TSV", help="control depths (--write-depths)")
    p.add_argument("--write-depths", metavar="TSV", help="write the depth matrix of all BAMs")
    p.add_argument(
        "--sv", action="append", default=[], metavar="VCF", help="SV/CNV VCF (repeatable)"
    )
    p.add_argument("--vcf", metavar="VCF", help="small-variant VCF: alleles inside deletions")
    family = p.add_mutually_exclusive_group()
    family.add_argument("--ped", metavar="P", help="PED file for the parent of origin")
    family.add_argument("--trio", metavar="C,F,M", help="child,father,mother sample IDs")
    p.add_argument("--reference", metavar="FA", help="FASTA for CRAM input")
    p.add_argument("--build", type=build_arg, help="GRCh38 or GRCh37 (else from the input)")
    add_methylation_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    for name in ("del_ratio", "dup_ratio", "min_z", "min_depth", "min_mapq"):
        add_setting(p, d, name)
    p.set_defaults(func=run_cnv)


def add_methylation_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--methylation",
        metavar="SAMPLE=PATH",
        type=sample_path,
        action="append",
        default=[],
        help="a sample's methylation (modBAM, bedMethyl, Bismark .cov, DMR table; see "
        "`gnas-annot methylation`), joined with its readings (repeatable)",
    )


def methylation_patterns(
    pairs: list[tuple[str, str]], build: GenomeBuild | None, reference: str | None = None
) -> dict[str, Pattern]:
    """{sample: the methylation pattern of its DMRs} for ``--methylation`` pairs."""
    from gnas_annot.epigenetics.api import methylation

    return {
        sample: methylation(path, sample=sample, build=build, reference=reference).pattern
        for sample, path in pairs
    }


def _depths(
    args: argparse.Namespace, settings: CnvSettings
) -> tuple[GenomeBuild | None, list[SampleDepth], list[SampleDepth]]:
    build = args.build
    samples: list[SampleDepth] = []
    controls: list[SampleDepth] = []
    for group, paths in ((samples, args.alignments), (controls, args.controls)):
        for path in paths:
            targets = copy_number_targets(build) if build else None
            if targets is None:  # first file: learn the build from its chr20 length
                probe = measure(path, (), reference=args.reference)
                build = probe.build
                targets = copy_number_targets(build)
            group.append(
                measure(
                    path, targets, build=build, reference=args.reference, min_mapq=settings.min_mapq
                )
            )
    if args.controls_matrix:
        if build is None:
            raise InputError("--controls-matrix needs a BAM/CRAM or --build to know the build")
        controls.extend(read_matrix(args.controls_matrix, copy_number_targets(build), build))
    return build, samples, controls


def _sites(path: str | None, trio: Trio, build: GenomeBuild) -> list[Site]:
    if path is None:
        return []
    wanted = [s for s in (trio.child, trio.father, trio.mother) if s is not None]
    with GenotypeReader(path, wanted, build) as reader:
        region = load_locus(reader.build).extraction_region("gnas+stx16")
        sites = list(reader.sites(region))
    if trio.father is None or trio.mother is None:  # pad to (child, father, mother)
        return [
            Site(
                s.pos,
                (
                    s.genotypes[0],
                    s.genotypes[1] if trio.father else None,
                    s.genotypes[-1] if trio.mother else None,
                ),
            )
            for s in sites
        ]
    return sites


def run_cnv(args: argparse.Namespace) -> int:
    if not args.alignments and not args.sv:
        raise GnasAnnotError("give BAM/CRAM files and/or --sv VCFs")
    settings = CnvSettings(
        del_ratio=args.del_ratio,
        dup_ratio=args.dup_ratio,
        min_z=args.min_z,
        min_depth=args.min_depth,
        min_mapq=args.min_mapq,
    )
    build, samples, controls = _depths(args, settings)
    profiles: list[DepthProfile] = []
    events: dict[str, list[CopyNumberEvent]] = defaultdict(list)
    for sample in samples:
        profile = call_targets(sample, copy_number_targets(sample.build), controls, settings)
        profiles.append(profile)
        events[sample.sample].extend(events_from_depth(profile))
    for path in args.sv:
        reading = read_sv_vcf(path, build)
        build = build or reading.build
        for event in reading.events:
            events[event.sample].extend([event])
        for name in reading.samples:
            events.setdefault(name, [])
    if args.write_depths and build is not None:
        with atomic_path(args.write_depths) as tmp:  # an unwritable path: exit 11, not 70
            write_matrix(tmp, copy_number_targets(build), [*samples, *controls])
    patterns = methylation_patterns(args.methylation, build, args.reference)
    trios = load_trios(args.ped, args.trio)[1] if (args.ped or args.trio) else ()
    _check_samples(set(events), trios, args)
    by_child = {t.child: t for t in trios}
    rows = []
    for name in sorted(events):
        trio = by_child.get(name)
        sites = (
            _sites(args.vcf, trio or Trio(name, None, None), build) if args.vcf and build else []
        )
        for event in events[name]:
            origin = None
            if trio is not None:
                parents = {
                    "father": events.get(trio.father) if trio.father else None,
                    "mother": events.get(trio.mother) if trio.mother else None,
                }
                origin = event_origin(event, parents, sites)
            het = het_sites_inside(event, sites)
            rows.append(_event_json(event, origin, het, patterns.get(name)))
    if args.json:
        out = {
            "build": str(build) if build else None,
            "events": rows,
            "samples": [_profile_json(p) for p in profiles],
        }
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print("\t".join(COLUMNS))
    for row in rows:
        flat = {**row, "exons": ",".join(row["exons"]), "conflicts": " | ".join(row["conflicts"])}
        flat["het_sites_inside"] = len(row["het_sites_inside"])
        print("\t".join("." if flat[c] in (None, "") else str(flat[c]) for c in COLUMNS))
    return 0


def _check_samples(known: set[str], trios: Sequence[Trio], args: argparse.Namespace) -> None:
    """Samples named on the command line must be samples of the inputs: a --trio
    or --methylation for nobody used to be dropped silently (exit 0, no origin)."""
    have = ", ".join(sorted(known)) or "none"
    named = [s for t in trios for s in (t.child, t.father, t.mother) if s is not None]
    if args.trio and (missing := [s for s in named if s not in known]):
        raise SampleNotFoundError(
            f"--trio: sample(s) {', '.join(missing)} not in the BAMs or SV VCFs (they have {have})"
        )
    if trios and not any(t.child in known for t in trios):
        raise SampleNotFoundError(
            f"{args.ped}: no child of the pedigree is in the BAMs or SV VCFs (they have {have})"
        )
    if missing := sorted({sample for sample, _ in args.methylation or ()} - known):
        raise SampleNotFoundError(
            f"--methylation: sample(s) {', '.join(missing)} not in the BAMs or SV VCFs "
            f"(they have {have})"
        )


def _event_json(
    event: CopyNumberEvent, origin: EventOrigin | None, het: list[int], pattern: Pattern | None
) -> dict[str, Any]:
    parent = origin.origin if origin else "unknown"
    reading = read_event_with_methylation(event, parent, pattern)
    return {
        "sample": event.sample,
        "type": event.kind.value,
        "chrom": event.chrom,
        "start": event.start,
        "end": event.end,
        "outer_start": event.outer_start,
        "outer_end": event.outer_end,
        "exons": list(event.targets),
        "unassessed": list(event.unassessed),
        "label": event.label,
        "known": list(event.known),
        "ratio": event.ratio,
        "copies": event.copies,
        "quality": event.quality,
        "source": event.source,
        "origin": parent,
        "inheritance": origin.inheritance if origin else "unknown",
        "origin_reason": origin.reason if origin else "no pedigree given",
        "het_sites_inside": het,
        "conflicts": list(origin.conflicts) if origin else [],
        "methylation_pattern": pattern.value if pattern else None,
        "reading": reading.summary,
        "evidence": list(reading.evidence),
        "caveats": list(reading.caveats),
        "notes": list(event.notes),
    }


def _profile_json(profile: DepthProfile) -> dict[str, Any]:
    return {
        "sample": profile.sample,
        "normaliser": profile.normaliser,
        "scale": round(profile.scale, 3),
        "controls": profile.controls,
        "notes": list(profile.notes),
        "targets": [
            {
                "target": c.target.name,
                "chrom": c.target.chrom,
                "start": c.target.start,
                "end": c.target.end,
                "depth": round(c.depth, 2),
                "ratio": None if c.ratio is None else round(c.ratio, 3),
                "z": None if c.z is None else round(c.z, 2),
                "call": c.call.value,
                "copies": c.copies,
                "note": c.note,
            }
            for c in profile.calls
        ],
    }
