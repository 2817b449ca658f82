"""The text of TSV and JSON Lines rows, made piece by piece.

A row (:func:`~gnas_annot.annotate.results.rows`) is the allele's columns, one
transcript's and one carrier's; an allele of a dense file has a few transcripts and at
most one row without a sample, a cohort allele a few transcripts and many carriers that
share a handful of distinct calls.  Rendering each row's ~56 cells one by one was most
of writing a table.  Here the columns are cut into runs that come from one piece
(:func:`~gnas_annot.annotate.results.row_parts`) and each run is rendered once per
piece -- the allele's runs once per allele, a transcript's once per transcript, a
carrier's once per distinct call -- then the runs are joined.  A TSV cell and a JSON
member do not depend on their neighbours, so a row's text is the same;
tests/test_table_text.py compares it with the row-by-row definition
(:func:`tsv_line`, ``json.dumps`` of each row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gnas_annot.annotate.kept import Keep
from gnas_annot.annotate.results import (
    COLUMNS,
    SAMPLE_KEYS,
    TX_KEYS,
    AnnotatedVariant,
    allele_columns,
    sample_parts,
    transcript_columns,
    transcript_lookups,
)
from gnas_annot.interpret.reading import Interpretation
from gnas_annot.output.piece_text import (
    TX_COLUMNS,
    cell,
    encode,
    head_values,
    json_head,
    json_transcripts,
    json_values,
    tsv_transcripts,
    tsv_values,
)

__all__ = ["cell", "jsonl_lines", "tsv_line", "tsv_lines"]


def tsv_line(row: dict[str, Any], columns: Sequence[str]) -> str:
    """The definition of a TSV line: each column's cell, tab-separated."""
    return "\t".join(cell(row[k]) for k in columns) + "\n"


# which piece of row_parts a run of columns comes from
_ALLELE, _TRANSCRIPT, _NAME, _CARRIER = range(4)


@dataclass(frozen=True, slots=True)
class _Runs:
    """Columns cut into runs of neighbours that come from one piece (the ``sample``
    column alone: it is the carrier's own, the rest of a carrier's columns shared)."""

    runs: tuple[tuple[int, tuple[str, ...]], ...]

    def where(self, piece: int) -> list[int]:
        return [k for k, (p, _) in enumerate(self.runs) if p == piece]

    @property
    def places(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """Where the transcript's runs, the name and the carrier's runs are."""
        tx, name, carrier = (tuple(self.where(p)) for p in (_TRANSCRIPT, _NAME, _CARRIER))
        return tx, name, carrier


@lru_cache(maxsize=64)
def _runs(columns: tuple[str, ...]) -> _Runs:
    runs: list[tuple[int, list[str]]] = []
    for key in columns:
        if key == "sample":
            piece = _NAME
        elif key in SAMPLE_KEYS:
            piece = _CARRIER
        elif key in TX_KEYS:
            piece = _TRANSCRIPT
        else:
            piece = _ALLELE
        if runs and runs[-1][0] == piece and piece != _NAME:
            runs[-1][1].append(key)
        else:
            runs.append((piece, [key]))
    return _Runs(tuple((p, tuple(keys)) for p, keys in runs))


@lru_cache(maxsize=64)
def _layout(
    columns: tuple[str, ...],
) -> tuple[_Runs, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]:
    """The runs of ``columns`` and where each piece's runs are, worked out once."""
    layout = _runs(columns)
    return layout, layout.places


def _lines(
    av: AnnotatedVariant,
    columns: tuple[str, ...],
    render: Callable[[dict[str, Any], tuple[str, ...]], str],
    name: Callable[[str | None], str],
    sep: str,
    start: str,
    transcript_text: Callable[[AnnotatedVariant], list[str] | None] | None = None,
) -> list[str]:
    """Each row's text: ``start`` + the runs, rendered once per piece, joined by ``sep``.
    ``transcript_text``: the text of each transcript's one run of :data:`TX_COLUMNS`,
    made without its columns (None: the columns rendered)."""
    layout, (at_tx, at_name, at_carrier) = _layout(columns)
    runs = layout.runs
    texts = None
    if transcript_text is not None and [runs[k][1] for k in at_tx] == [TX_COLUMNS]:
        made = transcript_text(av)
        texts = None if made is None else [[text] for text in made]
    if texts is None:
        calls, models = transcript_lookups(av)
        pieces = [transcript_columns(av, tc, calls, models) for tc in av.transcripts or (None,)]
        texts = [[render(tx, runs[k][1]) for k in at_tx] for tx in pieces]
    base = allele_columns(av)
    template = [render(base, keys) if piece == _ALLELE else "" for piece, keys in runs]
    reading = av.interpretation
    if not av.samples and reading is not None:
        # nobody carries it (sites-only input): one row per transcript, whose carrier
        # runs are the allele's reading's, kept per reading (most alleles share one)
        kept = _readings(render, layout)
        reading_runs = kept.get(reading)
        if reading_runs is None:
            (columns_of_reading,), _ = sample_parts(av)
            reading_runs = kept.put(
                reading,
                tuple(render(columns_of_reading, runs[k][1]) for k in at_carrier),
            )
        rows = [(name(None), reading_runs)]
    else:
        # each distinct carrier's runs; each carrier's name (and the index of its runs)
        parts, carriers = sample_parts(av)
        shared = [tuple(render(part, runs[k][1]) for k in at_carrier) for part in parts]
        rows = [(name(sample), shared[g]) for sample, g in carriers]
    if len(at_tx) == 1:
        # each row's text around its one transcript run, made once per row (not per
        # transcript x row): the lines are head + transcript run + tail
        (t,) = at_tx
        ends = []
        for named, carried in rows:
            line = template.copy()
            for k in at_name:
                line[k] = named
            for k, text in zip(at_carrier, carried, strict=True):
                line[k] = text
            before = start + "".join(f"{text}{sep}" for text in line[:t])
            ends.append((before, "".join(f"{sep}{text}" for text in line[t + 1 :])))
        return [head + tx + tail for (tx,) in texts for head, tail in ends]
    out = []
    for tx_runs in texts:
        filled = template.copy()
        for k, text in zip(at_tx, tx_runs, strict=True):
            filled[k] = text
        for named, carried in rows:
            line = filled.copy()
            for k in at_name:
                line[k] = named
            for k, part in zip(at_carrier, carried, strict=True):
                line[k] = part
            out.append(start + sep.join(line))
    return out


# the carrier runs of a row without a carrier, per reading (by identity), for each way of
# rendering and each layout of columns (held: _runs may let a layout go)
_READINGS: dict[tuple[object, int], tuple[_Runs, Keep[Interpretation, tuple[str, ...]]]] = {}


def _readings(render: object, layout: _Runs) -> Keep[Interpretation, tuple[str, ...]]:
    found = _READINGS.get((render, id(layout)))
    if found is None or found[0] is not layout:
        if len(_READINGS) >= 64:
            _READINGS.clear()
        found = _READINGS[(render, id(layout))] = (layout, Keep())
    return found[1]


def _tsv_run(piece: dict[str, Any], keys: tuple[str, ...]) -> str:
    get = piece.get
    return tsv_values(keys, [get(k) for k in keys])


def _tsv_name(sample: str | None) -> str:
    return cell(sample)


def tsv_lines(av: AnnotatedVariant, extra: Sequence[str] = ()) -> list[str]:
    """The allele's TSV lines (:data:`COLUMNS`, then ``extra``), each ending in a newline:
    :func:`tsv_line` of each of its rows."""
    if not extra and not av.samples and not av.known and _SITES:
        made = _sites(av, _tsv_head, tsv_values, _tsv_run, ("\t", "", "\n"), tsv_transcripts)
        if made is not None:
            return made
    columns = (*COLUMNS, *extra) if extra else COLUMNS
    lines = _lines(av, columns, _tsv_run, _tsv_name, "\t", "", tsv_transcripts)
    return [line + "\n" for line in lines]


def _json_run(piece: dict[str, Any], keys: tuple[str, ...]) -> str:
    # the members of the run as json.dumps writes them in an object (", " and ": ")
    get = piece.get
    return json_values(keys, [get(k) for k in keys])


def _json_name(sample: str | None) -> str:
    return encode({"sample": sample})[1:-1]


def jsonl_lines(av: AnnotatedVariant, extra: Sequence[str] = ()) -> list[str]:
    """The allele's JSON Lines rows, each ending in a newline: ``json.dumps`` of each of
    its rows (a column named twice is one member, where it is first named)."""
    if not extra and not av.samples and not av.known and _SITES:
        made = _sites(av, _json_head, json_values, _json_run, (", ", "{", "}\n"), json_transcripts)
        if made is not None:
            return made
    columns = tuple(dict.fromkeys((*COLUMNS, *extra))) if extra else COLUMNS
    lines = _lines(av, columns, _json_run, _json_name, ", ", "{", json_transcripts)
    return [line + "}\n" for line in lines]


# -- an allele nobody carries, in the default columns ---------------------------------

_DEFAULT, _DEFAULT_PLACES = _layout(COLUMNS)
#: the default columns are the allele's head, the transcript's, the allele's frequency
#: evidence, the sample's name, the carrier's columns and the allele's notes: what
#: :func:`_sites` writes (tests/test_table_text.py pins it)
_SITES = [p for p, _ in _DEFAULT.runs] == [_ALLELE, _TRANSCRIPT, _ALLELE, _NAME, _CARRIER, _ALLELE]
_HEAD = _DEFAULT.runs[0][1]
_FREQUENCY, _SAMPLE, _NOTES = ("frequency_evidence",), ("sample",), ("notes",)
# each way's text of the transcript columns of an allele without a transcript
_NO_TRANSCRIPT: dict[object, str] = {}


def _sites(
    av: AnnotatedVariant,
    head_text: Callable[[AnnotatedVariant], str],
    values_text: Callable[[tuple[str, ...], Sequence[Any]], str],
    render: Callable[[dict[str, Any], tuple[str, ...]], str],
    way: tuple[str, str, str],
    transcript_text: Callable[[AnnotatedVariant], list[str] | None],
) -> list[str] | None:
    """The lines of an allele nobody carries, without custom values, in the default
    columns: one per transcript, head + transcript's run + tail, the head and tail made
    once, the reading's columns kept per reading.  ``way``: the separator of the runs,
    the start and the end of a line.  None: the general way (a transcript value its
    text cannot take, no reading)."""
    reading = av.interpretation
    if reading is None:
        return None
    transcripts = transcript_text(av) if av.transcripts else [_no_transcript(av, render)]
    if transcripts is None:
        return None
    kept = _readings(render, _DEFAULT)
    carried = kept.get(reading)
    if carried is None:
        (columns,), _ = sample_parts(av)
        runs = tuple(render(columns, keys) for piece, keys in _DEFAULT.runs if piece == _CARRIER)
        carried = kept.put(reading, runs)
    (reading_text,) = carried
    sep, start, end = way
    names = av.consequences.names if av.consequences else None
    evidence = [f"{e.code}: {e.text}" for e in av.evidence]
    notes = list(names.notes) if names else []
    head = f"{start}{head_text(av)}{sep}"
    tail = (
        f"{sep}{values_text(_FREQUENCY, (evidence,))}{sep}{values_text(_SAMPLE, (None,))}"
        f"{sep}{reading_text}{sep}{values_text(_NOTES, (notes,))}{end}"
    )
    return [head + text + tail for text in transcripts]


def _tsv_head(av: AnnotatedVariant) -> str:
    return tsv_values(_HEAD, head_values(av))


def _json_head(av: AnnotatedVariant) -> str:
    try:
        return json_head(av)
    except TypeError:  # a value of another type than its column's: json.dumps decides
        return json_values(_HEAD, head_values(av))


def _no_transcript(
    av: AnnotatedVariant, render: Callable[[dict[str, Any], tuple[str, ...]], str]
) -> str:
    """The transcript run of an allele without a transcript (the same for every one)."""
    text = _NO_TRANSCRIPT.get(render)
    if text is None:
        text = _NO_TRANSCRIPT[render] = render(transcript_columns(av, None), TX_COLUMNS)
    return text
