"""``gnas-annot hgvs --batch FILE``: one description per line (``-`` for
stdin), one result row per line, errors kept on their line.

TSV (default) starts with the provenance ``##`` lines, then a header; with
``--json`` each line is a JSON object.  The exit code is 0 when every line was
read, 12 (HGVS input) when some were not: the output is complete either way,
and a summary on stderr counts them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from gnas_annot.errors import (
    CorruptInputError,
    HgvsInputError,
    InputError,
    InputNotFoundError,
)
from gnas_annot.naming.batch import BatchResult, describe_lines
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.output.provenance import Provenance
from gnas_annot.pack.store import load_pack

COLUMNS = (
    "line",
    "input",
    "status",
    "build",
    "chrom",
    "pos",
    "ref",
    "alt",
    "hgvs_g",
    "hgvs_g_other_build",
    "hgvs_c_mane_select",
    "hgvs_p_mane_select",
    "transcripts",
    "notes",
    "error",
)


@contextmanager
def _lines(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdin
        return
    source = Path(path)
    if source.is_dir():
        raise InputError(f"{path} is a directory, not a file of HGVS descriptions")
    if not source.exists():  # a pipe, <(...) or /dev/null is read like stdin
        raise InputNotFoundError(f"input not found: {path}")
    try:
        # utf-8-sig: a list saved by Excel/Notepad starts with a BOM that would
        # otherwise make its first description unparsable
        with source.open(encoding="utf-8-sig") as handle:
            yield handle
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def row(result: BatchResult, one_letter: bool) -> dict[str, Any]:
    allele, names = result.allele, result.names
    mane = names.on(load_pack().reference_accession) if names else None
    protein = None
    if mane is not None:
        protein = mane.protein_one_letter if one_letter else mane.protein
    return {
        "line": result.line,
        "input": result.text,
        "status": "ok" if result.ok else "error",
        "build": str(allele.build) if allele else None,
        "chrom": allele.vcf[0] if allele else None,
        "pos": allele.vcf[1] if allele else None,
        "ref": allele.vcf[2] if allele else None,
        "alt": allele.vcf[3] if allele else None,
        "hgvs_g": names.genomic if names else None,
        "hgvs_g_other_build": names.other_build if names else None,
        "hgvs_c_mane_select": mane.hgvs if mane else None,
        "hgvs_p_mane_select": protein,
        "transcripts": [t.hgvs for t in names.transcripts if t.hgvs] if names else [],
        "notes": (list(allele.notes) if allele else []) + (list(names.notes) if names else []),
        "error": None if result.ok else f"{result.error_class}: {result.error}",
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value).replace("\t", " ").replace("\n", " ")


def run_batch(args: argparse.Namespace, namer: HgvsNamer, reference: str | None) -> int:
    total = failed = 0
    with _lines(args.batch) as handle:
        results = describe_lines(handle, namer, args.build)
        if not args.json:
            provenance = Provenance.of_run(
                args.argv, args.build or "from each description", reference
            )
            for line in provenance.header_lines():
                print(line)
            print("\t".join(COLUMNS))
        for result in results:
            total += 1
            failed += not result.ok
            values = row(result, args.one_letter)
            if args.json:
                print(json.dumps(values))
            else:
                print("\t".join(_cell(values[c]) for c in COLUMNS))
    if total == 0:  # an empty list is a wrong file more often than an empty batch
        raise CorruptInputError(
            f"{args.batch}: no HGVS description in it (empty, or only blank and # lines)"
        )
    print(
        f"gnas-annot hgvs: {total} descriptions, {total - failed} named, {failed} with errors",
        file=sys.stderr,
    )
    return HgvsInputError.exit_code if failed else 0
