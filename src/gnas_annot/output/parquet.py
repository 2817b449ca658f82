"""Typed Parquet for annotate rows: one schema, streamed writes, the dataset layout.

The columns are :data:`gnas_annot.annotate.results.COLUMNS` with the types of
docs/output.schema.json.  Files are written in batches, so memory does not
grow with the number of rows.  pyarrow is an optional extra
(``pip install 'gnas-annot[parquet]'``); this module imports without it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gnas_annot.annotate.results import COLUMNS
from gnas_annot.errors import OutputError

PathLike = str | os.PathLike[str]

#: the partition column
SOURCE = "source"
_BATCH_ROWS = 8192

_LIST_COLUMNS = frozenset(
    {
        "pvs1_reasons",
        "loftee_filters",
        "loftee_flags",
        "origin_evidence",
        "copy_number",
        "conditions",
        "caveats",
        "notes",
        "frequency_evidence",
    }
)
_INT_COLUMNS = frozenset({"pos", "source_pos", "depth"})
_FLOAT_COLUMNS = frozenset({"allele_fraction"})
_BOOL_COLUMNS = frozenset({"nmd", "mane_select", "mane_plus_clinical", "canonical"})


def pyarrow_modules() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise OutputError(
            "Parquet output needs pyarrow: pip install 'gnas-annot[parquet]'"
        ) from exc
    return pa, pq


# schema ----------------------------------------------------------------------------


def row_schema(extra: Sequence[str] = ()) -> Any:
    """The pyarrow schema of the files: :data:`~gnas_annot.annotate.results.COLUMNS`, typed,
    then the ``extra`` custom-annotation columns as strings."""
    pa, _ = pyarrow_modules()

    def kind(name: str) -> Any:
        if name in _LIST_COLUMNS:
            return pa.list_(pa.string())
        if name in _INT_COLUMNS:
            return pa.int64()
        if name in _FLOAT_COLUMNS:
            return pa.float64()
        if name in _BOOL_COLUMNS:
            return pa.bool_()
        return pa.string()

    return pa.schema(
        [pa.field(name, kind(name)) for name in COLUMNS]
        + [pa.field(name, pa.string()) for name in extra]
    )


def dataset_schema() -> Any:
    """:func:`row_schema` plus the ``source`` partition column (a string)."""
    pa, _ = pyarrow_modules()
    return row_schema().append(pa.field(SOURCE, pa.string()))


def read_dataset(path: PathLike) -> Any:
    """The whole dataset as one ``pyarrow.Table`` (COLUMNS + ``source``).

    Pins the schema, so ``source`` stays a string even when every file name
    looks like a number; ``pandas.read_parquet(path)`` works too (``source``
    then comes back as a category).
    """
    pa, _ = pyarrow_modules()
    import pyarrow.dataset as ds

    partitioning = ds.partitioning(pa.schema([pa.field(SOURCE, pa.string())]), flavor="hive")
    return ds.dataset(
        str(path), format="parquet", schema=dataset_schema(), partitioning=partitioning
    ).to_table()


def partition_dir(output_dir: PathLike, source: str) -> Path:
    """Where the rows of the input named ``source`` live (hive style, URI-escaped)."""
    return Path(output_dir) / f"{SOURCE}={quote(source, safe='')}"


def write_rows(
    table_rows: Iterable[dict[str, Any]],
    target: Path,
    metadata: Mapping[str, str] | None = None,
    extra: Sequence[str] = (),
) -> int:
    """Stream rows into one Parquet file in batches of rows; return how many.
    ``metadata`` (provenance) becomes the file's key-value metadata."""
    pa, pq = pyarrow_modules()
    schema = row_schema(extra)
    if metadata:
        schema = schema.with_metadata(dict(metadata))
    count = 0
    try:
        with pq.ParquetWriter(str(target), schema) as writer:
            batch: list[dict[str, Any]] = []
            for row in table_rows:
                batch.append(row)
                if len(batch) >= _BATCH_ROWS:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
                    batch = []
            if batch or not count:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc}") from exc
    return count
