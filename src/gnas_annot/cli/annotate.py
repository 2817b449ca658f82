"""``gnas-annot annotate``: the whole pipeline, to VCF, TSV, JSON Lines or Parquet."""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from gnas_annot import __version__
from gnas_annot.cli.origin import add_origin_options, origin_methylation, origin_settings
from gnas_annot.model.locus import EXTRACTION_REGIONS
from gnas_annot.pack import files

if TYPE_CHECKING:
    from gnas_annot.annotate.results import AnnotatedVariant

FORMATS = ("vcf", "tsv", "jsonl", "parquet")


def add_annotate_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], add_reference_options: object
) -> None:
    parser = sub.add_parser(
        "annotate",
        help="annotate every GNAS allele: HGVS, consequence, LoF, parent of origin, reading",
        description="Extract and normalize the GNAS records, name them on every transcript, "
        "classify consequence and loss of function, call the parent of origin per child "
        "(with --ped/--trio) and write the evidence; never a diagnosis.",
    )
    parser.add_argument("input", help="VCF, VCF.gz or BCF ('-' for stdin)")
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        help="output path (default stdout, VCF); .vcf.gz/.bcf are indexed",
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="output format (default: from the file name, else vcf)"
    )
    assert callable(add_reference_options)
    add_reference_options(parser)
    parser.add_argument("--region", choices=EXTRACTION_REGIONS, default="gnas")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first REF that disagrees with the reference",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress or summary on stderr"
    )
    add_origin_options(parser)
    parser.set_defaults(func=run_annotate)


def _progress(items: Iterable[AnnotatedVariant], quiet: bool) -> Iterator[AnnotatedVariant]:
    """A counter on stderr, only for a terminal (pipelines get clean logs)."""
    show = not quiet and sys.stderr.isatty()
    for n, item in enumerate(items, start=1):
        if show and n % 25 == 0:
            print(f"\rgnas-annot annotate: {n} alleles", end="", file=sys.stderr, flush=True)
        yield item
    if show:
        print("\r", end="", file=sys.stderr)


def run_annotate(args: argparse.Namespace) -> int:
    # the annotation machinery (hgvs, pysam records ...) is imported only when
    # this command runs, not whenever the CLI starts
    from gnas_annot.annotate.pipeline import AnnotationRun
    from gnas_annot.output.annotated_vcf import write_vcf
    from gnas_annot.output.tables import output_format, write_jsonl, write_parquet, write_tsv

    fmt = output_format(args.output, args.format)
    if args.output == "-" and fmt == "parquet":
        from gnas_annot.errors import OutputError

        raise OutputError("Parquet cannot be written to stdout: give -o FILE.parquet")
    methylation, trio = origin_methylation(args)
    with AnnotationRun(
        args.input,
        ped=args.ped,
        trio=trio,
        methylation=methylation,
        bams=dict(args.bam),
        reference=args.reference,
        build=args.build,
        region=args.region,
        strict=args.strict,
        settings=origin_settings(args),
    ) as run:
        extra = (
            f"##gnas_annotVersion={__version__}",
            f"##gnas_annotDataPack={files.read_manifest().get('pack_version')}",
            f"##gnas_annotCommand=gnas-annot {' '.join(shlex.quote(a) for a in args.argv)}",
            f"##gnas_annotBuild={run.build}",
        )
        items = _progress(run, args.quiet)
        with tempfile.TemporaryDirectory() as tmp:
            target = args.output if args.output != "-" else str(Path(tmp) / f"out.{fmt}")
            if fmt == "vcf":
                written = write_vcf(items, run.header, target, extra)
            elif fmt == "tsv":
                written = write_tsv(items, target)
            elif fmt == "jsonl":
                written = write_jsonl(items, target)
            else:
                written = write_parquet(items, target)
            if args.output == "-":
                sys.stdout.write(Path(target).read_text(encoding="utf-8"))
        if not args.quiet:
            counts = run.counts
            statuses = ", ".join(
                f"{n} {k.split(':', 1)[1]}"
                for k, n in sorted(counts.items())
                if k.startswith("status:")
            )
            ref = run.extractor.reference.path if run.extractor.reference else "none"
            print(
                f"gnas-annot annotate: {run.build}, region {run.region}, reference: {ref}\n"
                f"  {counts['records']} records in region; alleles: {statuses or 'none'}; "
                f"{counts['annotated']} annotated; {written} {fmt} "
                f"{'records' if fmt == 'vcf' else 'rows'} written",
                file=sys.stderr,
            )
    return 0
