"""The text of a row's pieces written straight from the objects, without the row's dict:
TSV cells and JSON members of the allele's head columns (``chrom`` ..
``hgvs_g_other_build``) and of each transcript's columns (:data:`TX_COLUMNS`,
``transcript`` .. ``nmd``).

What ``allele_columns``/``transcript_columns`` (annotate/results.py) hold, rendered as
:func:`cell` and ``json.dumps`` render it: a transcript's TSV cells in one f-string
(None when a value holds a tab or a newline: then the columns are rendered one by
one); JSON members with each str encoded by json's own C function
(``encode_basestring_ascii``, what ``json.dumps`` calls for every str), None when a
value is neither a str nor None where one is expected (then ``json.dumps`` of the
columns).  The LoF cells/members of an allele's calls are kept per tuple of calls
(annotate/kept.py: the not-LoF calls of an allele shape are one shared tuple,
effect/products.py), the exon/intron text per span object.  tests/test_table_text.py
compares every line with the row-by-row definition.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Final

from gnas_annot.annotate.cells import calls_by_bare_of, transcripts_by_accession
from gnas_annot.annotate.kept import Kept
from gnas_annot.annotate.results import (
    COLUMNS,
    MANE_PLUS_CLINICAL,
    MANE_SELECT,
    TX_KEYS,
    AnnotatedVariant,
)
from gnas_annot.effect.lof import LofCall, Strength
from gnas_annot.model.spans import ExonSpan
from gnas_annot.model.variant import VariantStatus

__all__ = [
    "TX_COLUMNS",
    "cell",
    "encode",
    "head_values",
    "json_head",
    "json_transcripts",
    "json_values",
    "tsv_transcripts",
    "tsv_values",
]

#: the transcript's columns, in their order in COLUMNS
TX_COLUMNS = tuple(k for k in COLUMNS if k in TX_KEYS)

# an enum's .value is a descriptor call: looked up once per member
_STRENGTH: Final = {s: s.value for s in Strength}
_NMD: Final = {None: "", True: "true", False: "false"}
_EMPTY_LOF: Final = "\t" * 7  # the eight LoF cells of a transcript without a call
_EMPTY_LOF_JSON: Final = (
    '"lof_class": null, "pvs1_strength": null, "pvs1_criterion": null, "pvs1_reasons": [], '
    '"loftee": null, "loftee_filters": [], "loftee_flags": [], "nmd": null'
)
_NO_CALLS: Final[dict[str, str]] = {}


def _render_span(span: ExonSpan) -> str:
    return span.render()


_SPAN: Final = Kept(_render_span)


def _tsv_lof(call: LofCall) -> str:
    # joined, not formatted: a value that is not a str (None where the column holds
    # text) is a TypeError, and the columns are rendered one by one
    nmd = call.nmd
    if not (nmd is None or nmd is True or nmd is False):
        raise TypeError(f"nmd: {nmd!r}")
    return "\t".join(
        (
            call.lof_class or "",
            _STRENGTH[call.pvs1_strength],
            call.pvs1_criterion,
            "; ".join(map(str, call.pvs1_reasons)),
            call.loftee or "",
            "; ".join(map(str, call.loftee_filters)),
            "; ".join(map(str, call.loftee_flags)),
            _NMD[nmd],
        )
    )


def _tsv_lofs(calls: tuple[LofCall, ...]) -> dict[str, str]:
    return {bare: _tsv_lof(call) for bare, call in calls_by_bare_of(calls).items()}


def _json_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(_enc, values)) + "]" if values else "[]"


def _json_lof(call: LofCall) -> str:
    nmd = call.nmd
    if not (nmd is None or nmd is True or nmd is False):
        raise TypeError(f"nmd: {nmd!r}")  # json.dumps of the columns decides
    return (
        f'"lof_class": {"null" if call.lof_class is None else _enc(call.lof_class)}, '
        f'"pvs1_strength": {_enc(_STRENGTH[call.pvs1_strength])}, '
        f'"pvs1_criterion": {_enc(call.pvs1_criterion)}, '
        f'"pvs1_reasons": {_json_list(call.pvs1_reasons)}, '
        f'"loftee": {"null" if call.loftee is None else _enc(call.loftee)}, '
        f'"loftee_filters": {_json_list(call.loftee_filters)}, '
        f'"loftee_flags": {_json_list(call.loftee_flags)}, '
        f'"nmd": {"null" if nmd is None else "true" if nmd else "false"}'
    )


def _json_lofs(calls: tuple[LofCall, ...]) -> dict[str, str]:
    return {bare: _json_lof(call) for bare, call in calls_by_bare_of(calls).items()}


_TSV_LOFS: Final = Kept(_tsv_lofs)
_JSON_LOFS: Final = Kept(_json_lofs)


def tsv_transcripts(av: AnnotatedVariant) -> list[str] | None:
    """Each transcript's cells of :data:`TX_COLUMNS`, tab-separated; None for an allele
    without a transcript, when a value holds a tab or a newline, or when a value is not
    a str (None where the column holds text: :func:`cell` writes '', not 'None')."""
    transcripts = av.transcripts
    if not transcripts:
        return None
    try:
        return _tsv_transcripts(av)
    except TypeError:
        return None


def _tsv_transcripts(av: AnnotatedVariant) -> list[str] | None:
    models = transcripts_by_accession(av.variant.build, av.pack)
    lof = av.lof
    calls = lof.calls if lof is not None else ()
    # kept per tuple (immutable); calls given in a list are looked up each time
    lofs = (_TSV_LOFS if calls.__class__ is tuple else _tsv_lofs)(calls) if calls else _NO_CALLS
    out = []
    for tc in av.transcripts:
        accession = tc.transcript
        facts = models.get(accession)
        mane = facts.mane if facts is not None else None
        select = "true" if mane == MANE_SELECT else "false"
        h, exon, intron = tc.hgvs, tc.exon, tc.intron
        # one C-level join of str values (str.join takes nothing else)
        text = "\t".join(
            (
                accession,
                tc.gene,
                tc.product,
                tc.biotype,
                (facts.ensembl or "") if facts is not None else "",
                select,
                "true" if mane == MANE_PLUS_CLINICAL else "false",
                select,
                "&".join(tc.terms),
                tc.impact,
                "" if exon is None else _SPAN(exon),
                "" if intron is None else _SPAN(intron),
                (h.hgvs or "") if h else "",
                (h.protein or "") if h else "",
                (h.protein_one_letter or "") if h else "",
                tc.cds_position or "",
                tc.protein_position or "",
                tc.amino_acids or "",
                tc.codons or "",
                lofs.get(accession.split(".")[0], _EMPTY_LOF) if lofs else _EMPTY_LOF,
            )
        )
        if "\n" in text or text.count("\t") != len(TX_COLUMNS) - 1:
            return None
        out.append(text)
    return out


def json_transcripts(av: AnnotatedVariant) -> list[str] | None:
    """Each transcript's members of :data:`TX_COLUMNS` (as ``json.dumps`` writes them in
    an object); None for an allele without a transcript, or a value of another type
    than the columns' (str, None, a list of str)."""
    transcripts = av.transcripts
    if not transcripts:
        return None
    try:
        return _json_transcripts(av)
    except TypeError:
        return None


def _json_transcripts(av: AnnotatedVariant) -> list[str]:
    models = transcripts_by_accession(av.variant.build, av.pack)
    lof = av.lof
    calls = lof.calls if lof is not None else ()
    # kept per tuple (immutable); calls given in a list are looked up each time
    lofs = (_JSON_LOFS if calls.__class__ is tuple else _json_lofs)(calls) if calls else _NO_CALLS
    enc = _enc
    out = []
    for tc in av.transcripts:
        accession = tc.transcript
        facts = models.get(accession)
        mane = facts.mane if facts is not None else None
        select = "true" if mane == MANE_SELECT else "false"
        ensembl = facts.ensembl if facts is not None else None
        h, exon, intron = tc.hgvs, tc.exon, tc.intron
        c, p, short = (h.hgvs, h.protein, h.protein_one_letter) if h else (None, None, None)
        cds, protein, aa, codons = (
            tc.cds_position,
            tc.protein_position,
            tc.amino_acids,
            tc.codons,
        )
        out.append(
            f'"transcript": {enc(accession)}, "gene": {enc(tc.gene)}, '
            f'"product": {enc(tc.product)}, "biotype": {enc(tc.biotype)}, '
            f'"ensembl_transcript": {"null" if ensembl is None else enc(ensembl)}, '
            f'"mane_select": {select}, '
            f'"mane_plus_clinical": {"true" if mane == MANE_PLUS_CLINICAL else "false"}, '
            f'"canonical": {select}, "consequence": {enc("&".join(tc.terms))}, '
            f'"impact": {enc(tc.impact)}, '
            f'"exon": {"null" if exon is None else enc(_SPAN(exon))}, '
            f'"intron": {"null" if intron is None else enc(_SPAN(intron))}, '
            f'"hgvs_c": {"null" if c is None else enc(c)}, '
            f'"hgvs_p": {"null" if p is None else enc(p)}, '
            f'"hgvs_p_short": {"null" if short is None else enc(short)}, '
            f'"cds_position": {"null" if cds is None else enc(cds)}, '
            f'"protein_position": {"null" if protein is None else enc(protein)}, '
            f'"amino_acids": {"null" if aa is None else enc(aa)}, '
            f'"codons": {"null" if codons is None else enc(codons)}, '
            f"{lofs.get(accession.split('.')[0], _EMPTY_LOF_JSON) if lofs else _EMPTY_LOF_JSON}"
        )
    return out


# -- values --------------------------------------------------------------------------


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


def _text(value: Any) -> str:
    """:func:`cell` of a value that is not a str nor None (before any tab is replaced)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value.__class__ is list:
        return "; ".join(map(str, value))
    return cell(value)


def tsv_values(keys: tuple[str, ...], values: Sequence[Any]) -> str:
    """The cells of ``values`` (of the columns ``keys``), tab-separated."""
    # a str with no tab or newline is its own cell: the cells joined, unless a tab or
    # newline turns up anywhere (then cell by cell, the definition)
    texts = [v if v.__class__ is str else "" if v is None else _text(v) for v in values]
    line = "\t".join(texts)
    if "\n" in line or line.count("\t") != len(texts) - 1:
        return "\t".join([cell(v) for v in values])
    return line


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


#: ``json.dumps`` of any value a row holds
encode = _object_encoder()


_enc = json.encoder.encode_basestring_ascii  # what json.dumps writes for a str
_KEYS: dict[str, str] = {}  # a column's name as a member's start ('"chrom": ')


def json_values(keys: tuple[str, ...], values: Sequence[Any]) -> str:
    """The members ``keys``: ``values`` as ``json.dumps`` writes them in an object: a str
    by json's own function, None, an int and a bool spelled out, any other value by
    the encoder (keys: str, as every column's name)."""
    members = []
    for key, value in zip(keys, values, strict=True):
        start = _KEYS.get(key)
        if start is None:
            if len(_KEYS) >= 4096:
                _KEYS.clear()
            start = _KEYS[key] = f"{_enc(key)}: "
        cls = value.__class__
        if cls is str:
            members.append(start + _enc(value))
        elif value is None:
            members.append(start + "null")
        elif cls is int:
            members.append(start + int.__repr__(value))
        elif cls is bool:
            members.append(start + ("true" if value else "false"))
        elif cls is list and not value:
            members.append(start + "[]")
        else:
            members.append(start + encode(value))
    return ", ".join(members)


# -- the allele's head run ----------------------------------------------------------

_STATUS: Final = {s: s.value for s in VariantStatus}


def head_values(av: AnnotatedVariant) -> tuple[Any, ...]:
    """The allele's columns of the default head run (``chrom`` .. ``hgvs_g_other_build``),
    as :func:`~gnas_annot.annotate.results.allele_columns` holds them (without custom
    values: those may be named like a column and take its place)."""
    v = av.variant
    source = v.source
    names = av.consequences.names if av.consequences else None
    return (
        source.contig,
        v.pos,
        v.ref,
        v.alt,
        str(v.build),
        _STATUS[v.status],
        v.reason or None,
        source.pos,
        source.ref,
        ",".join(source.alts) or ".",
        source.id,
        names.genomic if names else None,
        names.other_build if names else None,
    )


def json_head(av: AnnotatedVariant) -> str:
    """The head run's members (:func:`head_values`) as ``json.dumps`` writes them in an
    object; TypeError for a value of another type than its column's (str, an int
    position, None where a column may be empty)."""
    contig, pos, ref, alt, build, status, reason, spos, sref, salt, vid, hgvs_g, other = (
        head_values(av)
    )
    if pos.__class__ is not int or spos.__class__ is not int:
        raise TypeError("a position that is not an int")
    enc = _enc
    return (
        f'"chrom": {enc(contig)}, "pos": {int.__repr__(pos)}, "ref": {enc(ref)}, '
        f'"alt": {enc(alt)}, "build": {enc(build)}, "status": {enc(status)}, '
        f'"reason": {"null" if reason is None else enc(reason)}, '
        f'"source_pos": {int.__repr__(spos)}, "source_ref": {enc(sref)}, '
        f'"source_alt": {enc(salt)}, "variant_id": {"null" if vid is None else enc(vid)}, '
        f'"hgvs_g": {"null" if hgvs_g is None else enc(hgvs_g)}, '
        f'"hgvs_g_other_build": {"null" if other is None else enc(other)}'
    )
