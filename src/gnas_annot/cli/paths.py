"""No command may write over one of its own inputs, whatever option named it."""

from __future__ import annotations

import argparse

# argparse attributes that name no input file (the rest are walked for paths)
_NOT_INPUTS = frozenset({"argv", "func", "command", "output", "write_depths"})


def _given_paths(value: object) -> list[str]:
    """Every string an option value holds: plain, in lists or SAMPLE=PATH pairs,
    or the ``path`` of a parsed spec (--custom).  Strings that are not files
    are harmless: only an existing file that *is* the output is refused."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [p for item in value for p in _given_paths(item)]
    path = getattr(value, "path", None)
    return [path] if isinstance(path, str) else []


def check_paths(args: argparse.Namespace) -> None:
    """Every command: no output may be one of its inputs (-o in.vcf.gz used to
    overwrite the input with its own GNAS records; -o clinvar.vcf.gz with
    --clinvar clinvar.vcf.gz overwrote the ClinVar file)."""
    from gnas_annot.output.atomic import refuse_overwriting_inputs

    inputs = [
        p
        for name, value in vars(args).items()
        if name not in _NOT_INPUTS
        for p in _given_paths(value)
    ]
    outputs = [
        o
        for o in (getattr(args, "output", None), getattr(args, "write_depths", None))
        if isinstance(o, str)
    ]
    for output in outputs:
        refuse_overwriting_inputs(output, [*inputs, *(o for o in outputs if o is not output)])
