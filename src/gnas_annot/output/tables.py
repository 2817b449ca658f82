"""Table outputs of ``annotate``: TSV, JSON Lines, Parquet and a pandas
DataFrame, one row per allele x transcript x carrier sample
(:data:`gnas_annot.annotate.results.COLUMNS`).  Every file is written
atomically, and carries its :class:`~gnas_annot.output.provenance.Provenance`
when one is given: ``##`` lines before the TSV column header, a first
``{"gnas_annot_header": {...}}`` object in JSON Lines, key-value metadata in
Parquet.  ``compress`` writes bgzip (a gzip that tabix and zcat read)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import pysam

from gnas_annot.annotate.results import COLUMNS, AnnotatedVariant, rows
from gnas_annot.errors import OutputError
from gnas_annot.output.atomic import atomic_path
from gnas_annot.output.provenance import JSONL_HEADER_KEY, Provenance
from gnas_annot.output.table_text import jsonl_lines, tsv_lines

PathLike = str | os.PathLike[str]


def _compressed_by_name(path: PathLike) -> bool:
    return str(path).lower().endswith((".gz", ".bgz"))


class _TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


@contextmanager
def _text_out(path: PathLike, compress: bool | None) -> Iterator[_TextSink]:
    """A text stream into ``path``, written atomically; bgzip when compressing."""
    squeeze = _compressed_by_name(path) if compress is None else compress
    with atomic_path(path) as tmp:
        if not squeeze:
            with tmp.open("w", encoding="utf-8", newline="\n") as out:
                yield out
            return
        raw = pysam.BGZFile(str(tmp), "wb", index=None)
        try:
            yield _Bgzf(raw)
        finally:
            raw.close()


def compress_table(text: PathLike, path: PathLike) -> None:
    """A TSV or JSON Lines text (``annotate --threads`` joins its chunks' texts) into
    ``path`` as bgzip, atomically: the blocks :func:`write_tsv` would write."""
    with atomic_path(path) as tmp, Path(text).open("rb") as source:
        raw = pysam.BGZFile(str(tmp), "wb", index=None)
        try:
            while block := source.read(1 << 20):
                raw.write(block)
        finally:
            raw.close()


class _Bgzf:
    """pysam.BGZFile (bytes) as a text sink."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, text: str, /) -> object:
        return self._handle.write(text.encode("utf-8"))


def write_tsv(
    annotated: Iterable[AnnotatedVariant],
    path: PathLike,
    provenance: Provenance | None = None,
    *,
    compress: bool | None = None,
    extra: Sequence[str] = (),
) -> int:
    """Rows as TSV (bgzipped when ``compress``, default: a ``.gz``/``.bgz`` name)."""
    count = 0
    with _text_out(path, compress) as out:
        for line in provenance.header_lines() if provenance else ():
            out.write(line + "\n")
        columns = (*COLUMNS, *extra)
        out.write("\t".join(columns) + "\n")
        for av in annotated:
            # the rows' text made piece by piece (output.table_text): rows(av) as cells
            lines = tsv_lines(av, extra)
            out.write("".join(lines))
            count += len(lines)
    return count


def write_jsonl(
    annotated: Iterable[AnnotatedVariant],
    path: PathLike,
    provenance: Provenance | None = None,
    *,
    compress: bool | None = None,
    extra: Sequence[str] = (),
) -> int:
    """Rows as JSON Lines, after a header object when ``provenance`` is given."""
    count = 0
    with _text_out(path, compress) as out:
        if provenance is not None:
            header = {**provenance.as_dict(), "columns": [*COLUMNS, *extra]}
            out.write(json.dumps({JSONL_HEADER_KEY: header}) + "\n")
        for av in annotated:
            # the rows' text made piece by piece (output.table_text): json.dumps(row)
            lines = jsonl_lines(av, extra)
            out.write("".join(lines))
            count += len(lines)
    return count


def read_jsonl(path: PathLike) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(provenance header, rows) of a JSON Lines output (plain or gzip)."""
    import gzip

    opener = gzip.open if _compressed_by_name(path) else open
    header: dict[str, Any] = {}
    table: list[dict[str, Any]] = []
    with opener(Path(path), "rt", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if not table and not header and JSONL_HEADER_KEY in item:
                header = item[JSONL_HEADER_KEY]
            else:
                table.append(item)
    return header, table


def write_parquet(
    annotated: Iterable[AnnotatedVariant],
    path: PathLike,
    provenance: Provenance | None = None,
    *,
    extra: Sequence[str] = (),
) -> int:
    """Typed Parquet (see :mod:`gnas_annot.output.parquet`), streamed in batches;
    the provenance goes into the file's key-value metadata."""
    from gnas_annot.output.parquet import write_rows  # optional extra: pyarrow

    metadata = provenance.parquet_metadata() if provenance else {}
    with atomic_path(path) as tmp:
        table = (row for av in annotated for row in rows(av, extra))
        return write_rows(table, tmp, metadata, extra)


def to_dataframe(annotated: Iterable[AnnotatedVariant], extra: Sequence[str] = ()) -> Any:
    """The TSV/JSON Lines rows as a ``pandas.DataFrame`` (pandas is an optional extra)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise OutputError("to_dataframe needs pandas: pip install 'gnas-annot[dataframe]'") from exc
    table = [row for av in annotated for row in rows(av, extra)]
    return pd.DataFrame(table, columns=[*COLUMNS, *extra])
