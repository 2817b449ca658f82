"""``--custom``, ``--clinvar`` and ``--gnomad``: the user's own annotation VCFs,
shared by ``annotate`` and ``report``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gnas_annot.known.custom import CustomSpec


def _custom(text: str) -> CustomSpec:
    # imported when an option asks for it: a run without them never loads the module
    from gnas_annot.known.custom import CustomSpec

    try:
        return CustomSpec.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_known_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "known variants and population frequency (your own bgzipped, indexed VCFs)"
    )
    group.add_argument(
        "--custom",
        metavar="FILE,NAME,FIELDS[,exact|overlap]",
        type=_custom,
        action="append",
        default=[],
        help="copy INFO FIELDS (comma or %%-separated) of matching records as NAME_FIELD "
        "columns, as VEP's --custom does; matched after normalization (repeatable)",
    )
    group.add_argument(
        "--clinvar",
        metavar="FILE",
        help="ClinVar VCF: ClinVar_CLNSIG, _CLNREVSTAT, _CLNDN, _ALLELEID",
    )
    group.add_argument(
        "--gnomad",
        metavar="FILE",
        help="gnomAD VCF: gnomAD_AF, _AF_grpmax (or _AF_popmax), _nhomalt, and the "
        "frequency evidence (BA1 / PM2_Supporting) with its numbers",
    )


def known_specs(args: argparse.Namespace) -> tuple[CustomSpec, ...]:
    specs = list(args.custom)
    if args.clinvar or args.gnomad:
        from gnas_annot.known.custom import CustomSpec

        if args.clinvar:
            specs.append(CustomSpec.clinvar(args.clinvar))
        if args.gnomad:
            specs.append(CustomSpec.gnomad(args.gnomad))
    return tuple(specs)
