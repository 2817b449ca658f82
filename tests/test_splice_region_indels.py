"""The finer splice terms (splice_region, splice_donor_5th_base, splice_donor_region,
splice_polypyrimidine_tract) and intron_variant of INDELS near every exon/intron junction
of every pack transcript, both builds, checked against VEP's rules as written out in
tests/vep_splice.py (ensembl-variation's ``_intron_effects`` and predicates, releases
105-109; the sources are listed there).

Enumerated, not sampled: around each junction, the insertion (one base, and the
duplication of the 1-6 bases before it) after every base from 22 bases before to 22 after
the junction, every deletion of 1-8, 12 and 20 bases starting at each of those bases, and
two delins shapes there.  Records are given as they are, as VEP reads them (a caller's
left-alignment moves a record, not the rule).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections import Counter

import pytest

from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.splice_region import SpliceSites
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome
from gnas_annot.seq.shift import Edit
from vep_splice import TERMS, vep_coordinates, vep_terms

pytestmark = pytest.mark.slow

_OTHER = {"A": "C", "C": "G", "G": "T", "T": "A"}
_LENGTHS = (*range(1, 9), 12, 20)
_AROUND = range(-22, 23)


def _junctions(tx) -> list[int]:
    """The base 5' (genomically) of each exon/intron junction of ``tx``."""
    return [j for a, b in zip(tx.exons, tx.exons[1:], strict=False) for j in (a.end, b.start - 1)]


def _records(fetch, j: int) -> set[tuple[int, str, str]]:
    out = set()
    for p in (j + d for d in _AROUND):
        base = fetch(p, p)
        out.add((p, base, base + _OTHER[base]))  # an insertion after p
        out |= {(p, base, base + fetch(p - k + 1, p)) for k in range(1, 7)}  # duplications
        out |= {(p, fetch(p, p + k), base) for k in _LENGTHS}  # deletions of p+1..p+k
        two, three = fetch(p, p + 1), fetch(p, p + 2)
        # delins sharing no first or last base with REF (VEP and the tool trim nothing)
        out.add((p, two, _OTHER[two[0]] + "T" + _OTHER[two[1]]))
        out.add((p, three, _OTHER[three[0]] + _OTHER[three[2]]))
    return out


@pytest.fixture(scope="module", params=list(GenomeBuild), ids=str)
def annotated(request, synthetic_reference):
    build = request.param
    genome = ReferenceGenome(synthetic_reference[build])
    txs = tuple(t for t in load_locus(build).transcripts if t.exons)
    records = set()
    for tx in txs:
        for j in _junctions(tx):
            records |= _records(genome.fetch, j)
    calc = ConsequenceCalculator({build: genome})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = {rec: calc.annotate(build, *rec) for rec in sorted(records)}
    return txs, results


def test_splice_and_intron_terms_of_every_indel_near_a_junction_are_vep_s(annotated):
    txs, results = annotated
    wrong, seen = [], Counter()
    for rec, result in results.items():
        start, end = vep_coordinates(*rec)
        for tx in txs:
            tc = result.on(tx.accession)
            if tc is None:
                continue
            ours = set(tc.terms) & set(TERMS)
            theirs = vep_terms(tx, start, end)
            if ours != theirs:
                wrong.append(f"{rec} {tx.accession}: {sorted(ours)}, VEP {sorted(theirs)}")
            kind = "insertion" if start == end + 1 else "deletion"
            seen.update(f"{kind}: {t}" for t in theirs)
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    # every term is reached by both kinds of change, so the comparison means something
    for kind in ("insertion", "deletion"):
        for term in TERMS:
            if (kind, term) != ("insertion", "splice_donor_5th_base_variant"):
                assert seen[f"{kind}: {term}"] > 20, (kind, term, seen)
    assert seen["insertion: splice_donor_5th_base_variant"] == 0  # never between two bases


@pytest.mark.parametrize("strand", (1, -1), ids=("plus", "minus"))
@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_splice_sites_follow_vep_on_both_strands_for_every_allele_near_a_junction(build, strand):
    """The geometry alone (no sequence), each pack transcript also read on the minus
    strand, where the donor is the intron's genomically last end."""
    checked = 0
    for model in (t for t in load_locus(build).transcripts if t.exons):
        tx = dataclasses.replace(model, strand=strand)
        sites = SpliceSites.of(tx)
        for j in _junctions(tx):
            for p in (j + d for d in _AROUND):
                got = sites.terms(Edit(p, p, "", "A"), p, p + 1)
                assert got == vep_terms(tx, p + 1, p) - {"intron_variant"}, (tx.accession, p)
                for k in _LENGTHS:
                    got = sites.terms(Edit(p, p + k, "A" * k, ""), p + 1, p + k)
                    want = vep_terms(tx, p + 1, p + k) - {"intron_variant"}
                    assert got == want, (tx.accession, p, k)
                    if k == 1:
                        assert sites.at(p + 1) == want, (tx.accession, p + 1)
                checked += 1
    assert checked > 1000


# -- the rules one by one, at NM_000516.7's exon 7 donor and exon 8 acceptor (GRCh38) --

_TX = load_locus(GenomeBuild.GRCh38).transcript("NM_000516.7")
_E7 = next(e for e in _TX.exons if e.number == 7)
_E8 = next(e for e in _TX.exons if e.number == 8)
D, A = _E7.end, _E8.start  # the exon's last base before the donor, first after the acceptor
_SITES = SpliceSites.of(_TX)


def _deletion(first: int, last: int) -> set[str]:
    return _SITES.terms(Edit(first - 1, last, "N" * (last - first + 1), ""), first, last)


def _insertion_after(p: int) -> set[str]:
    return _SITES.terms(Edit(p, p, "", "A"), p, p + 1)


def test_a_deletion_holding_a_canonical_base_is_no_splice_region_variant():
    assert _deletion(D, D + 1) == {"splice_donor_variant"}  # exon's last base and +1
    assert _deletion(A - 1, A + 1) == {"splice_acceptor_variant"}


def test_a_deletion_holding_the_5th_base_is_5th_base_and_not_donor_region():
    assert _deletion(D + 4, D + 5) == {"splice_donor_5th_base_variant"}
    assert _deletion(D + 5, D + 7) == {"splice_donor_5th_base_variant"}
    assert _deletion(D + 3, D + 4) == {"splice_donor_region_variant"}


def test_an_insertion_inside_donor_bases_3_to_6_is_a_donor_region_variant():
    for p in (D + 3, D + 4, D + 5):  # between +3|+4, +4|+5, +5|+6
        assert _insertion_after(p) == {"splice_donor_region_variant"}, p - D
    assert _insertion_after(D + 6) == {"splice_region_variant"}  # +6|+7


def test_a_deletion_from_the_polypyrimidine_tract_into_the_exon_is_no_tract_variant():
    both = {"splice_region_variant", "splice_polypyrimidine_tract_variant"}
    assert _deletion(A - 5, A - 3) == both
    assert _deletion(A - 5, A) == {"splice_acceptor_variant"}  # touches exon 8's first base
    assert _deletion(A - 19, A - 17) == {"splice_polypyrimidine_tract_variant"}
    assert _deletion(A - 20, A - 18) == set()


def test_the_splice_region_of_an_insertion_ends_where_vep_s_does():
    # donor side: exon bases -3..-1, the edge, +2|+3 .. +7|+8
    assert _insertion_after(D - 3) == set()  # exon -4|-3
    assert _insertion_after(D - 2) == {"splice_region_variant"}
    assert _insertion_after(D) == {"splice_region_variant"}  # between the exon and the intron
    assert _insertion_after(D + 1) == {"splice_donor_variant"}  # +1|+2
    assert _insertion_after(D + 2) == {"splice_region_variant"}  # +2|+3
    assert _insertion_after(D + 7) == {"splice_region_variant"}  # +7|+8
    assert _insertion_after(D + 8) == set()  # +8|+9
    # acceptor side: -8|-7 .. -3|-2, the edge, exon +1|+2, +2|+3
    assert _insertion_after(A - 9) == {"splice_polypyrimidine_tract_variant"}  # -9|-8
    both = {"splice_region_variant", "splice_polypyrimidine_tract_variant"}
    assert _insertion_after(A - 8) == both
    assert _insertion_after(A - 3) == {"splice_region_variant"}  # -3|-2: out of the tract
    assert _insertion_after(A - 1) == {"splice_region_variant"}  # between the intron and exon
    assert _insertion_after(A + 1) == {"splice_region_variant"}
    assert _insertion_after(A + 2) == set()  # exon +3|+4
