"""``gnas-annot annotate-many``: many VCF/BCF files into one Parquet dataset
(:func:`gnas_annot.scale.many.annotate_many` on a local Dask cluster), with a
progress bar on a terminal and one line per finished input otherwise."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from gnas_annot.cli.numbers import positive_count
from gnas_annot.cli.options import add_reference_options
from gnas_annot.model.locus import EXTRACTION_REGIONS

_BAR = 30


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run `annotate` on every input in parallel (one worker process per core, "
        "and write a hive-partitioned Parquet dataset, one partition per "
        "input file name (docs/scale.md). Needs `pip install 'gnas-annot[scale]'`."
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="VCF, VCF.gz or BCF files")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="dataset directory")
    parser.add_argument("--ped", metavar="P", help="one PED for the whole cohort")
    add_reference_options(parser)
    parser.add_argument("--region", choices=EXTRACTION_REGIONS, default="gnas")
    parser.add_argument(
        "--chunk-samples",
        type=positive_count,
        metavar="N",
        help="split inputs with more samples than N into chunks of whole families",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
    parser.set_defaults(func=run_many)


def progress_printer(quiet: bool, tty: bool) -> Callable[[int, int], None]:
    """A bar redrawn in place on a terminal; one line per input in a log."""

    def show(done: int, total: int) -> None:
        if quiet:
            return
        if tty:
            filled = _BAR * done // total
            bar = "#" * filled + "-" * (_BAR - filled)
            end = "\n" if done == total else ""
            print(f"\r[{bar}] {done}/{total} inputs", end=end, file=sys.stderr, flush=True)
        else:
            print(f"gnas-annot annotate-many: {done}/{total} inputs done", file=sys.stderr)

    return show


def run_many(args: argparse.Namespace) -> int:
    from gnas_annot.scale.many import annotate_many

    dataset = annotate_many(
        args.inputs,
        output_dir=args.output,
        ped=args.ped,
        reference=args.reference,
        build=args.build,
        region=args.region,
        chunk_samples=args.chunk_samples,
        progress=progress_printer(args.quiet, sys.stderr.isatty()),
    )
    if not args.quiet:
        print(
            f"gnas-annot annotate-many: {len(args.inputs)} inputs -> {dataset} "
            "(read with gnas_annot.read_dataset or pandas.read_parquet)",
            file=sys.stderr,
        )
    return 0
