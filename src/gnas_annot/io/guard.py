"""Records pulled from htslib, checked: its read errors become one-line errors naming
the last good record, a record with sample columns missing is refused, and what
htslib writes on stderr is caught and passed on with the record that caused it.

htslib's lines are caught per batch of records (fd 2 redirected once around the
batch, never while the caller runs) and told apart per record by the sink's offset
after each one: each record's lines are still written right before that record is
handed on, a read error still quotes the lines of the failing read only, and the
records read before a bad one still come out before the error is raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pysam

from gnas_annot._htslib import Catcher, Messages
from gnas_annot.errors import GnasAnnotError, MalformedRecordError, TruncatedInputError
from gnas_annot.io.records import data_line

#: records read per redirection of fd 2 (a batch is held in memory until handed on)
BATCH = 32


@dataclass(frozen=True, slots=True)
class Reading:
    """What the checks and messages need to know about the file being read."""

    path: str
    #: sample columns the header declares (each record must have them all)
    samples: int
    #: bgzip/gzip input (htslib says "truncated" for a parse error of plain text)
    compressed: bool
    #: the prefiltered chr20 text being read (few lines): a bad line is quoted from it
    selected: Path | None = None


def guarded(
    records: Iterator[Any], reading: Reading, *, catch: bool = False
) -> Iterator[pysam.VariantRecord]:
    """``records`` checked.  With ``catch`` (the region's records) htslib's lines are
    caught: on a read error our one-line message replaces them, otherwise they are
    passed on unchanged."""
    catcher = Catcher() if catch else None
    try:
        yield from _checked(records, reading, catcher)
    finally:
        if catcher is not None:
            catcher.close()


def _checked(
    records: Iterator[Any], reading: Reading, catcher: Catcher | None
) -> Iterator[pysam.VariantRecord]:
    last = None
    count = 0
    samples = reading.samples
    while True:
        batch: list[Any] = []
        marks: list[int] = []  # the sink's offset after each record of the batch
        failure: Exception | None = None
        mark = None
        if catcher is not None:
            catcher.start()
            mark = catcher.marker()
        before = mark() if mark is not None else 0
        try:
            if mark is None:
                for _ in range(BATCH):
                    batch.append(next(records))
            else:
                for _ in range(BATCH):
                    batch.append(next(records))
                    marks.append(mark())
        except StopIteration:
            pass
        except (OSError, ValueError) as exc:
            failure = exc
        finally:
            if catcher is not None:
                catcher.release()
        for k, record in enumerate(batch):
            # htslib rejects a line with some sample columns missing but reads one
            # with none (a plain-text file cut inside INFO) as a sites-only record;
            # bcftools refuses to write it, and so must we refuse to read it.
            if len(record.samples) != samples:
                raise MalformedRecordError(
                    f"{reading.path}: the record at {record.contig}:{record.pos} has "
                    f"{len(record.samples)} sample columns but the header declares "
                    f"{samples} (is the file cut short?)"
                )
            if mark is not None and marks[k] > before:
                assert catcher is not None
                catcher.between(before, marks[k]).emit()
                before = marks[k]
            last = record
            count += 1
            yield record
        if failure is None and len(batch) == BATCH:
            continue
        said = catcher.between(before, catcher.mark()) if catcher is not None else Messages()
        if failure is None:  # the end of the data
            said.emit()  # htslib's last words are passed on too
            return
        raise _read_error(failure, said, last, count, reading) from failure


def _read_error(
    exc: Exception, said: Messages, last: Any, count: int, reading: Reading
) -> GnasAnnotError:
    """One line for a read that failed after ``count`` good records (``last`` of them)."""
    text = str(exc)
    if said.summary():
        text = f"{text}: {said.summary()}"
    where = f"{last.contig}:{last.pos}" if last is not None else "the header"
    if "TBX_VCF" in text:  # tabix could not read a line's CHROM/POS
        return MalformedRecordError(
            f"{reading.path}: a line after {where} cannot be read (an empty line, or "
            "spaces where tabs belong?); bcftools refuses it too"
        )
    # htslib reports parse errors of plain-text VCF as "truncated file" too
    if (
        reading.compressed
        and reading.selected is None
        and ("truncat" in text.lower() or "EOF" in text)
    ):
        return TruncatedInputError(f"{reading.path}: file is truncated after {where} ({text})")
    if reading.selected is not None:
        line = data_line(reading.selected, count)
        return MalformedRecordError(
            f"{reading.path}: cannot parse the chromosome 20 record after {where}: "
            f"{line!r} (check its column count, GT, INFO and FORMAT values)"
        )
    return MalformedRecordError(f"{reading.path}: cannot parse the record after {where} ({text})")
