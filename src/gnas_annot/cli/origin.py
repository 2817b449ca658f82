"""``gnas-annot origin``: the command-line face of :func:`assign_origin`.

:func:`add_origin_options` and :func:`origin_settings` are meant to be shared
with the future ``annotate`` command, so they know nothing about output.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from gnas_annot.cli.numbers import count, fraction
from gnas_annot.cli.options import add_reference_options
from gnas_annot.cli.structure_options import sample_path
from gnas_annot.errors import InputError, PedigreeError, UsageError
from gnas_annot.origin.model import OriginSettings, ParentOfOrigin, ReadPhasingSettings
from gnas_annot.pack.store import load_pack

if TYPE_CHECKING:
    from gnas_annot.epigenetics.model import MethylationResult
    from gnas_annot.origin.family import Trio

COLUMNS = (
    "sample",
    "father",
    "mother",
    "chrom",
    "pos",
    "ref",
    "alt",
    "origin",
    "method",
    "confidence",
    "trio_pattern",
    "paternal_support",
    "maternal_support",
    "phase_set",
    "informative_sites",
    "vaf",
    "mosaic_flags",
    "conflicts",
    "reason",
)


def _trio_arg(text: str) -> Trio:
    # imported only when --trio is given: a run without one needs no pedigree model
    from gnas_annot.origin.family import Trio

    try:
        return Trio.parse(text)
    except PedigreeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_origin_options(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """--ped/--trio, --bam and the thresholds (not --reference/--build, which
    the caller shares with other steps)."""
    # the dataclass defaults, without building OriginSettings: that loads the data
    # pack, and `--help` or `data manifest` must work even when the pack is refused
    defaults = SimpleNamespace(**{f.name: f.default for f in dataclasses.fields(OriginSettings)})
    reads = ReadPhasingSettings()
    group = parser.add_argument_group("parent of origin")
    family = group.add_mutually_exclusive_group(required=required)
    family.add_argument("--ped", metavar="P", help="PED file (6 columns; 0 = parent missing)")
    family.add_argument(
        "--trio", metavar="C,F,M", type=_trio_arg, help="child,father,mother sample IDs"
    )
    group.add_argument(
        "--bam",
        metavar="SAMPLE=PATH",
        type=sample_path,
        action="append",
        default=[],
        help="indexed BAM/CRAM of a child, for read-backed phasing of de novo alleles "
        "(repeatable; CRAM needs --reference)",
    )
    group.add_argument(
        "--methylation",
        metavar="SAMPLE=FILE",
        type=sample_path,
        action="append",
        default=[],
        help="the sample's DMR methylation (modBAM with HP/PS, bedMethyl, modkit partition "
        "directory, or HAP1.bed,HAP2.bed): its haplotypes' parents place the sample's phased "
        "alleles without parents (repeatable; see gnas-annot methylation)",
    )
    group.add_argument("--min-gq", type=count, default=defaults.min_gq, help="default %(default)s")
    group.add_argument("--min-dp", type=count, default=defaults.min_dp, help="default %(default)s")
    group.add_argument(
        "--min-ab",
        type=fraction,
        default=defaults.min_het_ab,
        help="child het AB, default %(default)s",
    )
    group.add_argument(
        "--max-ab",
        type=fraction,
        default=defaults.max_het_ab,
        help="child het AB, default %(default)s",
    )
    group.add_argument(
        "--window", type=count, default=reads.window, help="read-phasing bp, default %(default)s"
    )
    group.add_argument("--min-mapq", type=count, default=reads.min_mapq, help="default %(default)s")
    group.add_argument(
        "--min-baseq", type=count, default=reads.min_baseq, help="default %(default)s"
    )


def origin_methylation(
    args: argparse.Namespace,
) -> tuple[dict[str, MethylationResult], Trio | None]:
    """Each ``--methylation`` sample's result; and the trio to use: a proband
    given only with --methylation is analysed as a singleton (no parents)."""
    results: dict[str, MethylationResult] = {}
    for sample, path in getattr(args, "methylation", []):
        from gnas_annot.epigenetics.api import methylation  # only when asked: not cheap

        if sample in results:
            raise InputError(f"--methylation given twice for {sample}")
        parts = path.split(",")
        if len(parts) == 2:
            hap1, hap2 = parts
            results[sample] = methylation(sample=sample, hap1=hap1, hap2=hap2, build=args.build)
        else:
            results[sample] = methylation(
                path, sample=sample, build=args.build, reference=args.reference
            )
    trio = args.trio
    if results and args.ped is None and trio is None:
        if len(results) > 1:
            raise PedigreeError("--methylation for several samples: give --ped to relate them")
        from gnas_annot.origin.family import Trio

        trio = Trio(next(iter(results)), None, None)
    return results, trio


def origin_settings(args: argparse.Namespace) -> OriginSettings:
    if args.min_ab > args.max_ab:
        # every heterozygous child would fail the balance test: each call "low quality"
        raise UsageError(
            f"--min-ab {args.min_ab} is above --max-ab {args.max_ab}: no allele balance is "
            "between them"
        )
    return OriginSettings(
        min_gq=args.min_gq,
        min_dp=args.min_dp,
        min_het_ab=args.min_ab,
        max_het_ab=args.max_ab,
        mosaic=load_pack().mosaicism,
        reads=ReadPhasingSettings(
            window=args.window, min_mapq=args.min_mapq, min_baseq=args.min_baseq
        ),
    )


def row(result: ParentOfOrigin) -> dict[str, Any]:
    """The flat summary of one call; support counts come from the deciding method."""
    used = [e for e in result.evidence if e.method == result.method] or list(result.evidence)
    v, m = result.variant, result.mosaicism
    return {
        "sample": result.sample,
        "father": result.father,
        "mother": result.mother,
        "chrom": v.chrom,
        "pos": v.pos,
        "ref": v.ref,
        "alt": v.alt,
        "origin": result.origin.value,
        "method": result.method.value,
        "confidence": result.confidence.value,
        "trio_pattern": result.trio_pattern.value,
        "paternal_support": sum(e.paternal for e in used),
        "maternal_support": sum(e.maternal for e in used),
        "phase_set": next((e.phase_set for e in used if e.phase_set), None),
        "informative_sites": sorted({p for e in used for p in e.informative_sites}),
        "vaf": None if m is None or m.vaf is None else round(m.vaf, 4),
        "mosaic_flags": [f.value for f in m.flags] if m else [],
        "conflicts": list(result.conflicts),
        "reason": result.reason,
    }


def as_json(result: ParentOfOrigin) -> dict[str, Any]:
    data = row(result)
    data["evidence"] = [
        {
            "method": e.method.value,
            "origin": e.origin.value,
            "confidence": e.confidence.value,
            "paternal": e.paternal,
            "maternal": e.maternal,
            "phase_set": e.phase_set,
            "informative_sites": list(e.informative_sites),
            "detail": e.detail,
        }
        for e in result.evidence
    ]
    m = result.mosaicism
    data["mosaicism"] = None
    if m is not None:
        data["mosaicism"] = {
            "vaf": m.vaf,
            "alt_reads": m.alt_reads,
            "depth": m.depth,
            "p_value": m.p_value,
            "hotspot": m.hotspot,
            "flags": [f.value for f in m.flags],
        }
    return data


def _cell(value: Any) -> str:
    if value is None:
        return "."
    if isinstance(value, list):
        return ",".join(str(x) for x in value) or "."
    return str(value).replace("\t", " ")


def run_origin(args: argparse.Namespace) -> int:
    # not at the top: `annotate` shares this module's options, not the origin pass
    from gnas_annot.cli.family import cohort_pedigree
    from gnas_annot.origin.assign import origin_calls
    from gnas_annot.output.provenance import Provenance

    methylation, trio = origin_methylation(args)
    made = origin_calls(
        args.input,
        pedigree=cohort_pedigree(args.ped, args.input, args.strict),
        trio=trio,
        methylation=methylation,
        alignments=dict(args.bam),
        reference=args.reference,
        build=args.build,
        settings=origin_settings(args),
    )
    if args.json:
        json.dump([as_json(r) for r in made.calls], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    # the same ##gnas_annot lines as annotate's TSV: which tool, pack, build,
    # command, reference and region made these calls (docs/origin.md)
    provenance = Provenance.of_run(args.argv, made.build, made.reference, made.region)
    for line in provenance.header_lines():
        print(line)
    print("\t".join(COLUMNS))
    for result in made.calls:
        values = row(result)
        conflicts = values["conflicts"]
        values["conflicts"] = " | ".join(conflicts) if conflicts else None
        print("\t".join(_cell(values[c]) for c in COLUMNS))
    return 0


def configure_parser(og: argparse.ArgumentParser) -> None:
    og.description = (
        "One row per child and ALT allele: paternal, maternal, de_novo_unphased, "
        "ambiguous, unknown or not_applicable, from trio genotypes, phased genotypes "
        "(GT|PS, HP), read-backed phasing of de novo alleles (--bam) and allele fractions."
    )
    og.add_argument("input", help="VCF, VCF.gz or BCF with the child's and parents' genotypes")
    add_reference_options(og)
    add_origin_options(og)
    og.add_argument("--json", action="store_true", help="print JSON (with all evidence)")
    og.add_argument(
        "--strict",
        action="store_true",
        help="a PED sample absent from the VCF is an error (default: warn and go on)",
    )
    og.set_defaults(func=run_origin)
