"""One parsed VCF record: the span it covers (END, SVLEN), whether its text decodes,
and a data line of a text VCF quoted in a message."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pysam

from gnas_annot.errors import MalformedRecordError

_SYMBOLIC = re.compile(r"^<([A-Za-z0-9_:.*-]+)>$")


def check_decodable(record: pysam.VariantRecord, source: str) -> str:
    """pysam decodes text fields as UTF-8 when they are read: fail here, with a
    message, rather than in the middle of normalization or writing.  Returns the
    record's text (htslib's formatting), which callers reuse rather than format
    it again."""
    try:
        return str(record)
    except UnicodeDecodeError as exc:
        raise MalformedRecordError(
            f"{source}: the record at {record.contig}:{record.pos} has bytes that are not "
            "UTF-8 text; recode the file, e.g. `iconv -f latin1 -t utf-8`"
        ) from exc


#: what a reader takes from a record once and hands on: POS, REF (``N`` when htslib has
#: none), the ALTs and the last base covered (:func:`record_end`).  Each pysam attribute
#: read makes new Python objects, and a dense file's record is read for these four
#: facts by the overlap test and again by the extractor
Site = tuple[int, str, tuple[str, ...], int]


def record_site(record: pysam.VariantRecord) -> Site:
    """The :data:`Site` of ``record``."""
    pos = record.pos
    ref = record.ref or "N"
    alts: tuple[str, ...] = record.alts or ()  # pysam gives a tuple of str
    end = pos + len(ref) - 1
    for alt in alts:  # a loop, not any(<generator>): once per record read
        if alt.startswith("<"):
            return pos, ref, alts, _symbolic_end(record, end)
    return pos, ref, alts, end


def id_and_filters(line: str) -> tuple[str | None, tuple[str, ...]]:
    """``record.id`` and ``tuple(record.filter)`` read from the record's text as htslib
    formats it (``line``, ``str(record)``): htslib writes ``.`` for a missing ID and for
    no FILTER, and the FILTER names joined by ``;`` (two pysam look-ups that build new
    objects per record; tests/test_extract_fast_path.py compares them on odd records)."""
    columns = line.split("\t", 7)
    id_, filters = columns[2], columns[6]
    return (
        None if id_ == "." else id_,
        () if filters == "." else tuple(filters.split(";")),
    )


def record_end(record: pysam.VariantRecord) -> int:
    """Last reference base covered, using END or SVLEN for symbolic alleles."""
    end = record.pos + len(record.ref or "N") - 1
    for alt in record.alts or ():  # a loop, not any(<generator>): once per record read
        if alt.startswith("<"):
            return _symbolic_end(record, end)
    return end


def _symbolic_end(record: pysam.VariantRecord, end: int) -> int:
    info = record.info
    if "END" in info or record.stop != end:
        end = max(end, int(record.stop))
    if "SVLEN" in record.header.info and "SVLEN" in info:
        svlen = info["SVLEN"]
        values = svlen if isinstance(svlen, tuple) else (svlen,)
        for value in values:
            if value is None:
                continue
            try:
                end = max(end, int(record.pos) + abs(int(value)))
            except (TypeError, ValueError) as exc:
                raise MalformedRecordError(
                    f"record at {record.contig}:{record.pos}: SVLEN {value!r} is not a number"
                ) from exc
    return end


def symbolic_type(allele: str) -> str | None:
    """``DEL`` for ``<DEL>``, ``DUP:TANDEM`` for ``<DUP:TANDEM>``; None for sequence alleles."""
    match = _SYMBOLIC.match(allele)
    return match.group(1) if match else None


def data_line(path: Path, index: int) -> str:
    """The ``index``-th (0-based) data line of a text VCF, shortened for a message."""
    with path.open("rb") as handle:
        lines = (raw for raw in handle if not raw.startswith(b"#"))
        raw = next(itertools.islice(lines, index, None), b"")
    text = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
    return text if len(text) <= 80 else text[:77] + "..."
