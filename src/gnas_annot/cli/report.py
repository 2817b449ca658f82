"""``gnas-annot report``: the family report, one self-contained HTML file per family."""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import UTC, datetime

from gnas_annot import __version__
from gnas_annot.cli.annotate import open_run
from gnas_annot.cli.known import add_known_options
from gnas_annot.cli.options import add_reference_options
from gnas_annot.cli.origin import add_origin_options
from gnas_annot.cli.structure_options import add_copy_number_options, copy_number
from gnas_annot.model.locus import EXTRACTION_REGIONS
from gnas_annot.pack import files


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Annotate the GNAS alleles of a family VCF and write one self-contained, "
        "printable HTML page per family of the PED: the pedigree with an arrow from the "
        "parent each allele came from, the variant table (HGVS, consequence, PVS1 with its "
        "reasons, origin with method and confidence, the reading), a Gs-alpha lollipop "
        "coloured by origin, caveats and provenance.  Evidence, never a diagnosis."
    )
    parser.add_argument("input", help="VCF, VCF.gz or BCF of the family ('-' for stdin)")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="family.html (several families: family.<FAMILY>.html), or a directory/",
    )
    add_reference_options(parser)
    parser.add_argument("--region", choices=EXTRACTION_REGIONS, default="gnas")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="a PED member absent from the VCF is an error (default: drawn as not "
        "sequenced, with a warning)",
    )
    add_origin_options(parser, required=True)
    add_known_options(parser)
    add_copy_number_options(parser, "copy number (a Copy number block in the report)")
    parser.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from gnas_annot.errors import PedigreeError
    from gnas_annot.origin.pedigree import Pedigree
    from gnas_annot.output.report import write_family_reports

    # relatives who were not sequenced are drawn (dashed), not fatal: the run gets
    # the pedigree restricted to the VCF's samples, with a warning; REFs are not strict
    methylation, trio, run_ = open_run(args, strict_ref=False)
    with run_ as run:
        if args.ped:
            pedigree = Pedigree.read(args.ped)
        elif trio is not None:
            pedigree = Pedigree.from_trio(trio)
        else:  # argparse requires --ped or --trio; kept for the library path
            raise PedigreeError("gnas-annot report needs --ped or --trio")
        reference = run.extractor.reference.path if run.extractor.reference else "none"
        provenance = (
            ("tool", f"gnas_annot {__version__}"),
            ("data pack", str(files.read_manifest().get("pack_version"))),
            ("build", str(run.build)),
            ("reference", str(reference)),
            ("input", str(args.input)),
            ("command", "gnas-annot " + " ".join(shlex.quote(a) for a in args.argv)),
            ("written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        )
        paths = write_family_reports(
            run,
            pedigree,
            run.extractor.source.samples,
            args.output,
            provenance=provenance,
            methylation=methylation,
            copy_number=copy_number(args, run.build),
        )
    if not args.quiet:
        for path in paths:
            print(f"gnas-annot report: wrote {path}", file=sys.stderr)
    return 0
