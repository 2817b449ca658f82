"""Table outputs of ``annotate``: TSV, JSON Lines, Parquet and a pandas
DataFrame, one row per allele x transcript x carrier sample
(:data:`gnas_annot.annotate.results.COLUMNS`).  Every file is written atomically."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gnas_annot.annotate.results import COLUMNS, AnnotatedVariant, rows
from gnas_annot.errors import OutputError
from gnas_annot.output.atomic import atomic_path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).replace("\t", " ").replace("\n", " ")


def write_tsv(annotated: Iterable[AnnotatedVariant], path: str | os.PathLike[str]) -> int:
    count = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for av in annotated:
            for row in rows(av):
                out.write("\t".join(_cell(row[k]) for k in COLUMNS) + "\n")
                count += 1
    return count


def write_jsonl(annotated: Iterable[AnnotatedVariant], path: str | os.PathLike[str]) -> int:
    count = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        for av in annotated:
            for row in rows(av):
                out.write(json.dumps(row, sort_keys=False) + "\n")
                count += 1
    return count


def write_parquet(annotated: Iterable[AnnotatedVariant], path: str | os.PathLike[str]) -> int:
    """Typed Parquet (see :mod:`gnas_annot.output.parquet`), streamed in batches."""
    from gnas_annot.output.parquet import write_rows  # optional extra: pyarrow

    with atomic_path(path) as tmp:
        return write_rows((row for av in annotated for row in rows(av)), tmp)


def to_dataframe(annotated: Iterable[AnnotatedVariant]) -> Any:
    """The TSV/JSON Lines rows as a ``pandas.DataFrame`` (pandas is an optional extra)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise OutputError("to_dataframe needs pandas: pip install 'gnas-annot[dataframe]'") from exc
    return pd.DataFrame([row for av in annotated for row in rows(av)], columns=list(COLUMNS))


def output_format(path: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    name = Path(path).name.lower()
    for suffix, kind in (
        (".vcf.gz", "vcf"),
        (".vcf", "vcf"),
        (".bcf", "vcf"),
        (".tsv", "tsv"),
        (".tsv.gz", "tsv"),
        (".jsonl", "jsonl"),
        (".json", "jsonl"),
        (".parquet", "parquet"),
    ):
        if name.endswith(suffix):
            return kind
    return "vcf"
