"""``gnas-annot upd``: uniparental disomy of chromosome 20 per child of a PED/--trio.

Output: a TSV of calls (one row per call; a child without calls gets one row
saying why), or with ``--json`` an object with ``calls`` (every call of every
child, empty when nothing is called) and ``results`` (per child: counts,
assessability, runs of homozygosity, readings).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from gnas_annot.cli.cnv import add_methylation_option, methylation_patterns
from gnas_annot.cli.numbers import add_setting
from gnas_annot.cli.options import build_arg
from gnas_annot.epigenetics.model import Pattern
from gnas_annot.errors import SampleNotFoundError
from gnas_annot.interpret.structure import read_upd_with_methylation
from gnas_annot.origin.pedigree import load_trios
from gnas_annot.structure.roh import RohSettings
from gnas_annot.structure.uniparental import UpdResult, analyse_upd
from gnas_annot.structure.upd import UpdCall, UpdSettings

COLUMNS = (
    "sample",
    "father",
    "mother",
    "type",
    "parent",
    "kind",
    "chrom",
    "start",
    "end",
    "extent",
    "includes_gnas",
    "informative_sites",
    "upd_errors",
    "statistic",
    "child_het_fraction",
    "reading",
    "note",
)


def configure_parser(p: argparse.ArgumentParser) -> None:
    defaults, roh = UpdSettings(), RohSettings()
    p.description = (
        "Scan every chr20 site of a trio VCF for UPD-type Mendelian patterns; call "
        "paternal/maternal isodisomy/heterodisomy, whole or segmental, with a LOD; runs of "
        "homozygosity as weak evidence without parents."
    )
    p.add_argument("input", help="VCF, VCF.gz or BCF with the whole chromosome 20")
    family = p.add_mutually_exclusive_group(required=True)
    family.add_argument("--ped", metavar="P", help="PED file (6 columns; 0 = parent missing)")
    family.add_argument("--trio", metavar="C,F,M", help="child,father,mother sample IDs")
    p.add_argument("--build", type=build_arg, help="GRCh38 or GRCh37 (else from the header)")
    add_methylation_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--all-filters", action="store_true", help="use sites failing FILTER too")
    for name in ("error_rate", "min_lod", "min_upd_errors", "min_informative"):
        add_setting(p, defaults, name)
    add_setting(p, roh, "min_length", "--min-roh", "ROH bp, ")
    p.set_defaults(func=run_upd)


def call_json(call: UpdCall, child: str, pattern: Pattern | None = None) -> dict[str, Any]:
    reading = read_upd_with_methylation(call, pattern)
    return {
        "sample": child,
        "type": "UPD",
        "parent": call.parent.value,
        "kind": call.kind.value,
        "chrom": call.chrom,
        "start": call.start,
        "end": call.end,
        "extent": call.extent,
        "includes_gnas": call.includes_gnas,
        "informative_sites": call.informative_sites,
        "upd_errors": call.upd_errors,
        "statistic": call.statistic,
        "statistic_name": "LOD (log10 likelihood ratio, UPD model vs biparental)",
        "child_het_fraction": call.child_het_fraction,
        "methylation_pattern": pattern.value if pattern else None,
        "reading": reading.summary,
        "evidence": list(reading.evidence),
        "caveats": list(reading.caveats),
    }


def result_json(result: UpdResult, pattern: Pattern | None = None) -> dict[str, Any]:
    counts = result.counts
    return {
        "sample": result.child,
        "father": result.father,
        "mother": result.mother,
        "build": str(result.build),
        "assessable": result.assessable,
        "reason": result.reason,
        "counts": None
        if counts is None
        else {
            "trio_sites": counts.sites,
            "informative_sites": counts.informative,
            "mendelian_errors": counts.mendelian_errors,
            "paternal_type_errors": counts.paternal_type,
            "maternal_type_errors": counts.maternal_type,
        },
        "calls": [call_json(c, result.child, pattern) for c in result.calls],
        "runs_of_homozygosity": [
            {"chrom": r.chrom, "start": r.start, "end": r.end, "sites": r.sites}
            for r in result.runs_of_homozygosity
        ],
        "notes": list(result.notes),
    }


def _cell(value: Any) -> str:
    return "." if value is None else str(value).replace("\t", " ")


def run_upd(args: argparse.Namespace) -> int:
    _, trios = load_trios(args.ped, args.trio)
    children = {t.child for t in trios}
    if stray := sorted({sample for sample, _ in args.methylation} - children):
        # its pattern is joined only with a child's UPD call: it used to be dropped silently
        raise SampleNotFoundError(
            f"--methylation: {', '.join(stray)} is not a child of the PED/--trio "
            f"(UPD is called for {', '.join(sorted(children))})"
        )
    settings = UpdSettings(
        error_rate=args.error_rate,
        min_lod=args.min_lod,
        min_upd_errors=args.min_upd_errors,
        min_informative=args.min_informative,
    )
    roh = RohSettings(min_length=args.min_roh)
    results = [
        analyse_upd(
            args.input,
            t.child,
            t.father,
            t.mother,
            build=args.build,
            settings=settings,
            roh=roh,
            pass_only=not args.all_filters,
        )
        for t in trios
    ]
    patterns = methylation_patterns(args.methylation, args.build)
    data = [result_json(r, patterns.get(r.child)) for r in results]
    if args.json:
        out = {"calls": [c for d in data for c in d["calls"]], "results": data}
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print("\t".join(COLUMNS))
    for result, item in zip(results, data, strict=True):
        rows = item["calls"] or [{"sample": result.child, "type": "none"}]
        for row in rows:
            row = {**row, "father": result.father, "mother": result.mother, "note": result.reason}
            print("\t".join(_cell(row.get(c)) for c in COLUMNS))
    return 0
