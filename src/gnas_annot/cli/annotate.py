"""``gnas-annot annotate``: the whole pipeline, to VCF, TSV, JSON Lines or Parquet."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import TYPE_CHECKING

from gnas_annot.cli.known import add_known_options, known_specs
from gnas_annot.cli.numbers import positive_count
from gnas_annot.cli.options import add_reference_options
from gnas_annot.cli.origin import add_origin_options, origin_methylation, origin_settings
from gnas_annot.cli.progress import Progress, add_verbosity_options
from gnas_annot.cli.structure_options import add_copy_number_options, run_structure
from gnas_annot.cli.summary import Summary
from gnas_annot.model.locus import EXTRACTION_REGIONS
from gnas_annot.output.kinds import ANNOTATE_TYPES, delivered, output_type, type_choices

if TYPE_CHECKING:
    from gnas_annot.annotate.results import AnnotatedVariant
    from gnas_annot.annotate.run import AnnotationRun
    from gnas_annot.epigenetics.model import MethylationResult
    from gnas_annot.origin.pedigree import Trio


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Extract and normalize the GNAS records, name them on every transcript, "
        "classify consequence and loss of function, call the parent of origin per child "
        "(with --ped/--trio) and write the evidence; never a diagnosis."
    )
    parser.add_argument("input", help="VCF, VCF.gz or BCF ('-' for stdin)")
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        help="output file; its extension names the type: .vcf, .vcf.gz, .bcf (indexed), "
        ".tsv, .tsv.gz, .jsonl, .jsonl.gz, .parquet (default stdout, VCF)",
    )
    parser.add_argument(
        "-O",
        "--output-type",
        "--format",
        dest="output_type",
        choices=type_choices(ANNOTATE_TYPES),
        metavar="TYPE",
        help="write this type whatever the name: " + ", ".join(type_choices(ANNOTATE_TYPES)),
    )
    choice = parser.add_argument_group("transcripts (default: every GNAS transcript)")
    choice.add_argument(
        "--pick",
        action="store_true",
        help="one transcript per allele, chosen as VEP's --pick does (MANE Select, "
        "MANE Plus Clinical, protein coding, most severe, longest)",
    )
    choice.add_argument(
        "--transcripts",
        metavar="LIST",
        help="only these transcripts, comma-separated (NM_000516.7, NM_000516 or ENST00000371085)",
    )
    add_reference_options(parser)
    parser.add_argument("--region", choices=EXTRACTION_REGIONS, default="gnas")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first REF that disagrees with the reference, and at a PED "
        "sample absent from the VCF (default: warn and go on without it)",
    )
    add_verbosity_options(parser)
    add_origin_options(parser)
    add_known_options(parser)
    add_copy_number_options(parser, "copy number (a copy_number column per sample)")
    parser.add_argument(
        "--upd",
        action="store_true",
        help="scan the input's chr20 for uniparental disomy of each child "
        "(needs --ped/--trio; an upd column per sample)",
    )
    parser.add_argument(
        "--threads",
        type=positive_count,
        default=1,
        metavar="N",
        help="annotate region chunks of the input in N processes (Dask's local scheduler), "
        "output identical to one process; runs with --bam/--methylation/--sv/--cnv/--upd, "
        "--ped/--trio on phased genotypes, stdin, Parquet output, and inputs "
        "with few records in the region stay in one process (default 1; needs Dask)",
    )
    parser.set_defaults(func=run_annotate)


def _describe(av: AnnotatedVariant) -> str:
    v = av.variant
    return f"{v.source.contig}:{v.source.pos} {v.ref}>{v.alt} {v.status.value}"


def open_run(
    args: argparse.Namespace, *, strict_ref: bool
) -> tuple[dict[str, MethylationResult], Trio | None, AnnotationRun]:
    """The annotation run the parsed options of ``annotate`` and ``report`` ask for
    (PED restricted to the VCF's samples unless --strict), with the --methylation
    results and the trio it uses."""
    from gnas_annot.annotate.run import AnnotationRun

    methylation, trio = origin_methylation(args)
    ped = args.ped
    if ped is not None:
        from gnas_annot.cli.family import cohort_pedigree

        ped = cohort_pedigree(ped, args.input, args.strict)
    run = AnnotationRun(
        args.input,
        ped=ped,
        trio=trio,
        methylation=methylation,
        bams=dict(args.bam),
        reference=args.reference,
        build=args.build,
        region=args.region,
        strict=strict_ref,
        settings=origin_settings(args),
        custom=known_specs(args),
    )
    return methylation, trio, run


def run_annotate(args: argparse.Namespace) -> int:
    kind = output_type(args.output, args.output_type, ANNOTATE_TYPES)
    summary = None
    if args.threads > 1:
        from gnas_annot.cli.threads import annotate_in_chunks

        summary = annotate_in_chunks(args, kind, annotate_once)
    if summary is None:
        summary = annotate_once(args)
    if not args.quiet:
        counts = summary.counts
        statuses = ", ".join(
            f"{n} {k.split(':', 1)[1]}"
            for k, n in sorted(counts.items())
            if k.startswith("status:")
        )
        print(
            f"gnas-annot annotate: {summary.build}, region {summary.region}, "
            f"reference: {summary.reference or 'none'}\n"
            f"  {counts['records']} records in region; alleles: {statuses or 'none'}; "
            f"{counts['annotated']} annotated; {summary.written} {kind} "
            f"{'records' if kind.table == 'vcf' else 'rows'} written",
            file=sys.stderr,
        )
    return 0


def annotate_once(args: argparse.Namespace) -> Summary:
    """The whole run of ``args`` in this process: what it wrote, for the summary."""
    # the annotation machinery (hgvs, pysam records ...) is imported only when
    # this command runs, not whenever the CLI starts
    from gnas_annot.annotate.choice import TranscriptChoice
    from gnas_annot.output.annotated_vcf import write_vcf
    from gnas_annot.output.provenance import Provenance

    kind = output_type(args.output, args.output_type, ANNOTATE_TYPES)
    choice = TranscriptChoice.parse(args.transcripts, args.pick)
    _, trio, run_ = open_run(args, strict_ref=args.strict)
    with run_ as run:
        choice.check(run.build)
        structure = run_structure(args, trio, run.build)
        extra = run.known_columns
        reference = run.extractor.reference.path if run.extractor.reference else None
        provenance = Provenance.of_run(args.argv, run.build, reference, run.region)
        progress = Progress(
            "gnas-annot annotate",
            quiet=args.quiet,
            verbose=args.verbose,
            bytes_read=lambda: run.extractor.source.bytes_read,
        )
        items = structure.attach(choice.apply(progress.wrap(run, _describe)))
        with delivered(args.output, kind) as target:
            if kind.table == "vcf":
                written = write_vcf(
                    items,
                    run.header,
                    target,
                    (*provenance.header_lines(), *structure.header),
                    extra,
                )
            else:  # the table writers are imported only for table output (start-up)
                from gnas_annot.output import tables

                if kind.table == "tsv":
                    written = tables.write_tsv(
                        items, target, provenance, compress=kind.compressed, extra=extra
                    )
                elif kind.table == "jsonl":
                    written = tables.write_jsonl(
                        items, target, provenance, compress=kind.compressed, extra=extra
                    )
                else:
                    written = tables.write_parquet(items, target, provenance, extra=extra)
        return Summary(
            str(run.build),
            str(run.region),
            None if reference is None else str(reference),
            Counter(run.counts),
            written,
        )
