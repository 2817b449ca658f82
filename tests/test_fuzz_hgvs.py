"""Fuzzing the HGVS parser: random HGVS-like strings and mutations of valid
descriptions.  parse_hgvs either succeeds or raises a GnasAnnotError
subclass (HgvsInputError, or ReferenceUnavailableError without sequence) -
never another exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gnas_annot import HgvsNamer, parse_hgvs
from gnas_annot.errors import GnasAnnotError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.seq.reference import ReferenceGenome

VALID = (
    "NM_000516.7:c.601C>T",
    "NM_000516.7:c.602G>A",
    "NM_000516.7:c.565_568del",
    "NM_000516.7:c.565_568delGACT",
    "NM_000516.7:c.1A>G",
    "NM_000516:c.-3_-1dup",
    "NM_000516.7:c.*4del",
    "NM_000516.7:c.212+1G>A",
    "NM_000516.7:c.213-2A>G",
    "NM_080425.4:c.2_3insA",
    "NM_000516.7:c.601_602delinsTT",
    "NM_000516.7:c.601_604inv",
    "NR_003259.1:n.10del",
    "NC_000020.11:g.58909365C>T",
    "NC_000020.10:g.57484420C>T",
    "NM_000516.7:c.1170delfsX12",
)
ALPHABET = "ACGTNacgtn0123456789_+-*>.:;()[]?=delinsdupinvconfsXTerpMet NMRC_"

SETTINGS = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def namer(synthetic_reference):
    refs = {b: ReferenceGenome(synthetic_reference[b], b) for b in GenomeBuild}
    yield HgvsNamer(refs)
    for ref in refs.values():
        ref.close()


def _accepts(text: str, namer: HgvsNamer) -> None:
    try:
        allele = parse_hgvs(text, namer)
    except GnasAnnotError as exc:
        assert str(exc)
    else:
        chrom, pos, ref, alt = allele.vcf
        assert chrom == "chr20" and pos > 0 and isinstance(ref, str) and isinstance(alt, str)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(VALID))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["replace", "delete", "insert", "swap", "digits"]))
        i = draw(st.integers(0, max(len(text) - 1, 0)))
        char = draw(st.sampled_from(ALPHABET))
        if kind == "replace" and text:
            text = text[:i] + char + text[i + 1 :]
        elif kind == "delete":
            text = text[:i] + text[i + 1 :]
        elif kind == "insert":
            text = text[:i] + char + text[i:]
        elif kind == "swap" and len(text) > i + 1:
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            text = text.replace("601", str(draw(st.integers(-99999, 99999))), 1)
    return text


@pytest.mark.parametrize("text", VALID)
def test_the_unmutated_descriptions_parse(text, namer):
    _accepts(text, namer)


@SETTINGS
@given(text=mutated())
def test_mutated_descriptions(namer, text):
    _accepts(text, namer)


@SETTINGS
@given(
    text=st.builds(
        lambda acc, kind, body: f"{acc}:{kind}.{body}",
        st.sampled_from(["NM_000516.7", "NM_000516", "NR_003259.1", "NC_000020.11", "XM_1.1", ""]),
        st.sampled_from(["c", "n", "g", "p", "r", "m"]),
        st.text(ALPHABET, max_size=25),
    )
    | st.text(max_size=40)
)
def test_random_hgvs_like_strings(namer, text):
    _accepts(text, namer)
