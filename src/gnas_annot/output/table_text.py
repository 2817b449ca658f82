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

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gnas_annot.annotate.results import (
    COLUMNS,
    MANE_PLUS_CLINICAL,
    MANE_SELECT,
    SAMPLE_KEYS,
    TX_KEYS,
    AnnotatedVariant,
    allele_columns,
    sample_parts,
    transcript_columns,
    transcript_lookups,
)
from gnas_annot.effect.lof import Strength

__all__ = ["cell", "jsonl_lines", "tsv_line", "tsv_lines"]


def cell(value: Any) -> str:
    """One TSV cell: '' for None, lists joined by '; ', booleans lower case, tabs and
    newlines inside a value become spaces."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).replace("\t", " ").replace("\n", " ")


def tsv_line(row: dict[str, Any], columns: Sequence[str]) -> str:
    """The definition of a TSV line: each column's cell, tab-separated."""
    return "\t".join(cell(row[k]) for k in columns) + "\n"


#: the transcript's columns, in their order in COLUMNS
TX_COLUMNS = tuple(k for k in COLUMNS if k in TX_KEYS)
# which piece of row_parts a run of columns comes from
_ALLELE, _TRANSCRIPT, _NAME, _CARRIER = range(4)


@dataclass(frozen=True, slots=True)
class _Runs:
    """Columns cut into runs of neighbours that come from one piece (the ``sample``
    column alone: it is the carrier's own, the rest of a carrier's columns shared)."""

    runs: tuple[tuple[int, tuple[str, ...]], ...]

    def where(self, piece: int) -> list[int]:
        return [k for k, (p, _) in enumerate(self.runs) if p == piece]


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
    layout = _runs(columns)
    runs = layout.runs
    at_tx, at_name, at_carrier = (layout.where(p) for p in (_TRANSCRIPT, _NAME, _CARRIER))
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
    # each distinct carrier's runs; each carrier's name (and the index of its runs)
    parts, carriers = sample_parts(av)
    shared = [[render(part, runs[k][1]) for k in at_carrier] for part in parts]
    rows = [(name(sample), shared[g]) for sample, g in carriers]
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


def _tsv_run(piece: dict[str, Any], keys: tuple[str, ...]) -> str:
    get = piece.get
    values = [get(k) for k in keys]
    # a str with no tab or newline is its own cell: the cells joined, unless a tab or
    # newline turns up anywhere (then cell by cell, the definition)
    texts = [v if v.__class__ is str else "" if v is None else _text(v) for v in values]
    line = "\t".join(texts)
    if "\n" in line or line.count("\t") != len(texts) - 1:
        return "\t".join([cell(v) for v in values])
    return line


def _text(value: Any) -> str:
    """:func:`cell` of a value that is not a str nor None (before any tab is replaced)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value.__class__ is list:
        return "; ".join(map(str, value))
    return cell(value)


def _tsv_name(sample: str | None) -> str:
    return cell(sample)


def tsv_lines(av: AnnotatedVariant, extra: Sequence[str] = ()) -> list[str]:
    """The allele's TSV lines (:data:`COLUMNS`, then ``extra``), each ending in a newline:
    :func:`tsv_line` of each of its rows."""
    columns = (*COLUMNS, *extra) if extra else COLUMNS
    lines = _lines(av, columns, _tsv_run, _tsv_name, "\t", "", _tsv_transcripts)
    return [line + "\n" for line in lines]


# an enum's .value is a descriptor call: looked up once per member
_STRENGTH = {s: s.value for s in Strength}
_EMPTY_LOF = "\t" * 7  # the eight LoF cells of a transcript without a call
_NMD = {None: "", True: "true", False: "false"}


def _tsv_transcripts(av: AnnotatedVariant) -> list[str] | None:
    """Each transcript's cells of :data:`TX_COLUMNS`, in one f-string each, straight from
    the consequence, its LoF call and the pack's model (what ``transcript_columns`` holds,
    rendered by :func:`cell`); None for an allele without a transcript, or when a value
    holds a tab or a newline (then the columns are rendered one by one)."""
    transcripts = av.transcripts
    if not transcripts:
        return None
    calls, models = transcript_lookups(av)
    out = []
    for tc in transcripts:
        accession = tc.transcript
        call = calls.get(accession.split(".")[0])
        facts = models.get(accession)
        mane = facts.mane if facts is not None else None
        select = "true" if mane == MANE_SELECT else "false"
        h, exon, intron = tc.hgvs, tc.exon, tc.intron
        lof = _EMPTY_LOF
        if call is not None:
            lof = (
                f"{call.lof_class or ''}\t{_STRENGTH[call.pvs1_strength]}\t"
                f"{call.pvs1_criterion}\t{'; '.join(map(str, call.pvs1_reasons))}\t"
                f"{call.loftee or ''}\t{'; '.join(map(str, call.loftee_filters))}\t"
                f"{'; '.join(map(str, call.loftee_flags))}\t{_NMD[call.nmd]}"
            )
        text = (
            f"{accession}\t{tc.gene}\t{tc.product}\t{tc.biotype}\t"
            f"{(facts.ensembl or '') if facts is not None else ''}\t{select}\t"
            f"{'true' if mane == MANE_PLUS_CLINICAL else 'false'}\t{select}\t"
            f"{'&'.join(tc.terms)}\t{tc.impact}\t"
            f"{'' if exon is None else exon.render()}\t"
            f"{'' if intron is None else intron.render()}\t"
            f"{(h.hgvs or '') if h else ''}\t{(h.protein or '') if h else ''}\t"
            f"{(h.protein_one_letter or '') if h else ''}\t{tc.cds_position or ''}\t"
            f"{tc.protein_position or ''}\t{tc.amino_acids or ''}\t{tc.codons or ''}\t{lof}"
        )
        if "\n" in text or text.count("\t") != len(TX_COLUMNS) - 1:
            return None
        out.append(text)
    return out


def _object_encoder() -> Callable[[dict[str, Any]], str]:
    """``json.dumps`` of a dict with the default settings, with the C encoder made once
    (``json.dumps`` makes one per call) and without the check for circular references
    (a row holds plain values)."""
    default = json.JSONEncoder()
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: json's own way
        return default.encode
    encode = make(
        None,
        default.default,
        json.encoder.encode_basestring_ascii,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
    return lambda value: "".join(encode(value, 0))


_encode = _object_encoder()


def _json_run(piece: dict[str, Any], keys: tuple[str, ...]) -> str:
    # the members of the run as json.dumps writes them in an object (", " and ": ");
    # a piece that holds just the run's columns, in order, is that object already
    if len(piece) == len(keys) and tuple(piece) == keys:
        return _encode(piece)[1:-1]
    get = piece.get
    return _encode({k: get(k) for k in keys})[1:-1]


def _json_name(sample: str | None) -> str:
    return _encode({"sample": sample})[1:-1]


def jsonl_lines(av: AnnotatedVariant, extra: Sequence[str] = ()) -> list[str]:
    """The allele's JSON Lines rows, each ending in a newline: ``json.dumps`` of each of
    its rows (a column named twice is one member, where it is first named)."""
    columns = tuple(dict.fromkeys((*COLUMNS, *extra))) if extra else COLUMNS
    return [line + "}\n" for line in _lines(av, columns, _json_run, _json_name, ", ", "{")]
