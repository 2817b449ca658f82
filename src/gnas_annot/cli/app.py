"""The ``gnas-annot`` command.

Errors from :mod:`gnas_annot.errors` end the run with a one-line message on
stderr and the exit code of their class (``gnas-annot --exit-codes`` lists
them); nothing is written to the output path unless the run succeeds.

Start-up is kept short: a command's options are built (and its module
imported) only when that command is chosen, and then no other command's parser
is made; without one (``--help``, a mistyped command) every command gets an
empty parser, to be listed; ``--version`` imports none and builds none.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import warnings
from collections.abc import Sequence

from gnas_annot import __version__
from gnas_annot.cli.guards import (
    WRITE_ERRORS,
    ClosedStream,
    guard_standard_streams,
    internal_error,
    show_warning,
)
from gnas_annot.cli.paths import check_paths
from gnas_annot.errors import EXIT_CODES, GnasAnnotError, OutputError

#: command -> (its line in ``--help``, the module whose ``configure_parser`` adds its
#: options and handler), in the order ``--help`` lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("write the normalized GNAS records of a VCF/BCF", "extract"),
    "data": ("show, verify, fetch or build the GNAS data pack", "data"),
    "hgvs": ("all equivalent HGVS descriptions of a variant (g. both builds, c./n./p.)", "hgvs"),
    "origin": (
        "parent of origin of every GNAS allele each child carries (evidence, not diagnosis)",
        "origin",
    ),
    "annotate": (
        "annotate every GNAS allele: HGVS, consequence, LoF, parent of origin, reading",
        "annotate",
    ),
    "annotate-many": (
        "annotate many VCF/BCF files into one Parquet dataset (Dask; progress shown)",
        "many",
    ),
    "report": (
        "a family report (HTML): pedigree with parent of origin, variants, Gs-alpha plot",
        "report",
    ),
    "methylation": (
        "methylation at the four GNAS DMRs: calls, haplotype -> parent, PHP1B pattern",
        "methylation",
    ),
    "cnv": ("GNAS/STX16 deletions and duplications from BAM/CRAM depth or SV VCFs", "cnv"),
    "upd": (
        "uniparental disomy of chromosome 20 from a trio VCF (evidence, not diagnosis)",
        "upd",
    ),
    "demo": ("run on the bundled trio example", "demo"),
}


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named in ``argv``: the first word that is not an option (the
    top-level options take no value); None when the top-level help comes first."""
    for word in argv:
        if word in ("--", "-h", "--help"):
            return None
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _version_first(argv: Sequence[str]) -> bool:
    """True when ``--version`` comes before any help option and any command word:
    argparse prints the version and exits on reaching it, before it looks at a
    command, so no command's parser is needed (they are ~20 % of that run)."""
    for word in argv:
        if word == "--version":
            return True
        if word in ("--", "-h", "--help") or not word.startswith("-"):
            return False
    return False


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gnas-annot",
        description="Annotate variants at the imprinted GNAS locus (chr20q13.32).",
        epilog="Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()),
    )
    parser.add_argument("--version", action="version", version=f"gnas-annot {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = _chosen(argv)
    listed = () if _version_first(argv) else COMMANDS.items()
    for name, (line, module) in listed:
        # a command run needs no other command's parser (each costs ~0.2 ms);
        # the top-level help and a mistyped command list them all
        if chosen is not None and name != chosen:
            continue
        command = sub.add_parser(name, help=line)
        if name == chosen:
            configure = importlib.import_module(f"gnas_annot.cli.{module}").configure_parser
            configure(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    guard_standard_streams()
    parser = _parser(argv)
    args = parser.parse_args(argv)
    args.argv = argv
    if args.command == "origin" and not (args.ped or args.trio or args.methylation):
        parser.error("origin needs --ped, --trio or --methylation")  # exit 2
    try:
        with warnings.catch_warnings():
            warnings.showwarning = show_warning
            check_paths(args)
            code = int(args.func(args))
            sys.stdout.flush()  # a full disk shows here, not after we have exited 0
            return code
    except BrokenPipeError:  # the reader went away (`| head`): not an error
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            return internal_error(exc, args.debug)
        # stdout on a full disk (/dev/full): the output could not be written
        sys.stdout = ClosedStream(OutputError("standard output failed"))
        print(f"gnas-annot: error: cannot write the output: {exc.strerror}", file=sys.stderr)
        return OutputError.exit_code
    except GnasAnnotError as exc:
        print(f"gnas-annot: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("gnas-annot: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        return internal_error(exc, args.debug)
