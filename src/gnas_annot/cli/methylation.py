"""``gnas-annot methylation``: per-DMR levels and calls, the haplotype ->
parent assignment and the PHP1B pattern reading of one sample (TSV or JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from gnas_annot.cli.options import build_arg

COLUMNS = (
    "sample",
    "dmr",
    "chrom",
    "start",
    "end",
    "methylated_allele",
    "cpgs",
    "depth",
    "reads",
    "mean",
    "hap1_mean",
    "hap1_cpgs",
    "hap2_mean",
    "hap2_cpgs",
    "phase_set",
    "reference_mean",
    "z",
    "call",
    "reason",
)


def configure_parser(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Read a modBAM/CRAM (MM/ML, with or without HP/PS haplotags), a bedMethyl "
        "(11/14/18 columns; plain or bgzipped+indexed; or modkit's --partition-tag HP "
        "directory), a Bismark .cov(.gz) or a per-DMR table (DMR, percent), and report each "
        "DMR's CpGs, depth, mean overall and per haplotype, and a call against the pack's "
        "reference or your --controls. Thresholds are tool choices, not clinical cut-offs; "
        "the reading is evidence, never a diagnosis."
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="the sample's methylation input")
    p.add_argument("--sample", help="sample name for the output")
    p.add_argument("--hap1", metavar="F", help="bedMethyl of haplotype 1 (with --hap2)")
    p.add_argument("--hap2", metavar="F", help="bedMethyl of haplotype 2 (with --hap1)")
    p.add_argument("--build", type=build_arg, help="GRCh38 or GRCh37 (else from the input)")
    p.add_argument("--reference", metavar="FA", help="FASTA for a CRAM input")
    p.add_argument(
        "--controls",
        action="append",
        default=[],
        metavar="F",
        help="per-DMR control means and SDs (columns dmr, mean, sd[, n]), or repeat with two "
        "or more control samples' files: calls by z-score",
    )
    p.add_argument("--min-cpgs", type=int, default=5, help="CpGs a DMR needs (default 5)")
    p.add_argument(
        "--min-depth", type=int, default=3, help="calls a CpG needs to count (default 3)"
    )
    p.add_argument("--json", action="store_true", help="print JSON (documented keys)")
    p.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    p.set_defaults(func=run_methylation)


def run_methylation(args: argparse.Namespace) -> int:
    from gnas_annot.epigenetics.api import methylation
    from gnas_annot.epigenetics.model import MethylationSettings
    from gnas_annot.errors import InputError

    if args.min_cpgs < 1 or args.min_depth < 1:
        raise InputError("--min-cpgs and --min-depth must be at least 1")
    settings = MethylationSettings(min_cpgs=args.min_cpgs, min_cpg_depth=args.min_depth)
    result = methylation(
        args.inputs,
        sample=args.sample,
        hap1=args.hap1,
        hap2=args.hap2,
        build=args.build,
        controls=args.controls,
        reference=args.reference,
        settings=settings,
    )
    text = json.dumps(result.to_dict(), indent=2) + "\n" if args.json else render_tsv(result)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        from gnas_annot.output.atomic import atomic_path

        with atomic_path(args.output) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return 0


def _fmt(value: object) -> str:
    if value is None:
        return "."
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value).replace("\t", " ")


def render_tsv(result: Any) -> str:
    lines = ["\t".join(COLUMNS)]
    for d in result.dmrs:
        one, two = d.haplotype("1"), d.haplotype("2")
        row = (
            result.sample,
            d.name,
            d.chrom,
            d.start,
            d.end,
            d.methylated_allele,
            d.cpgs,
            d.depth,
            d.reads,
            d.mean,
            one.mean if one else None,
            one.cpgs if one else None,
            two.mean if two else None,
            two.cpgs if two else None,
            (one or two).phase_set if (one or two) else None,
            d.reference_mean,
            None if d.z is None else round(d.z, 2),
            d.call.value,
            d.reason,
        )
        lines.append(
            "\t".join(
                _fmt(v) if k != "z" else (_fmt(v) if v is None else f"{v:.2f}")
                for k, v in zip(COLUMNS, row, strict=True)
            )
        )
    origin = result.haplotype_origin
    lines.append(f"# haplotype_origin\t1={origin['1']}\t2={origin['2']}")
    for ps in result.phase_sets:
        lines.append(
            f"# phase_set\t{ps.phase_set or '.'}\t1={ps.haplotype_1}\t2={ps.haplotype_2}\t"
            f"{ps.reason}\t{ps.margin}"
        )
    lines.append(f"# pattern\t{result.pattern.value}\t{result.reading}")
    for note in result.notes:
        lines.append(f"# note\t{note}")
    return "\n".join(lines) + "\n"
