"""Options shared by several subcommands, cheap to build: ``gnas-annot`` builds
the parser of the chosen subcommand only, and none for ``--version``."""

from __future__ import annotations

import argparse

from gnas_annot.errors import GnasAnnotError
from gnas_annot.model.builds import GenomeBuild


def build_arg(text: str) -> GenomeBuild:
    """``--build`` as an argparse type: a bad name is a usage error (exit 2)."""
    try:
        return GenomeBuild.parse(text)
    except GnasAnnotError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_reference_options(parser: argparse.ArgumentParser) -> None:
    """``--reference`` and ``--build`` of the commands that read a VCF or HGVS text."""
    from gnas_annot.seq.reference import REFERENCE_ENV

    parser.add_argument(
        "--reference",
        metavar="FA",
        help=f"indexed FASTA of the input's build (else ${REFERENCE_ENV}, "
        "else the `data fetch`/`data build` cache)",
    )
    parser.add_argument(
        "--build",
        type=build_arg,
        help="GRCh38 or GRCh37; must agree with the header when it names one",
    )
