"""Differential test: the tool against truth computed independently of it.

The truth comes from tests/differential_truth.py (its own genetic code, its
own 3' shifting and left-alignment, HGVS's description rules, VEP's classes,
the loss-of-function expectations docs/lof.md states), the shared exon table
and the real bases read at run time (never stored here).  Enumerated, not
sampled, on GRCh38 and GRCh37:

* every SNV of the known CDS (c.140-c.1182);
* every 1-6 nt deletion touching one of the first or last six known coding
  bases of exons 2-13, and the duplication of the same bases;
* a fixed set of 25 insertions (1-6 nt; stops, in frame, frameshifts) on both
  sides of every junction of exons 2-13 (intron 1: its exon-2 side; exon 1's
  coding bases after c.3 are not known) and right before the stop codon, and
  at every point inside the first and last six coding bases of each exon;
* deleting and duplicating 1..n units (<= 6 nt) of every homopolymer,
  di- and trinucleotide repeat, written at the repeat's 5' end;
* 1-6 nt deletions and the fixed insertions that change the ATG.

Deletions reaching into an intron are not enumerated: intron bases are not
known, so neither the record nor its truth can be written.  Changes starting
at the stop codon (bases unknown) are compared on the c. name and LoF only.

Every distinct VCF record is annotated once per build (one calculator per
build) and every comparison reads that one result.  Compared: the c. name,
the p. name (where the rules determine it), VEP's terms (must be present /
must be absent), the PVS1 strength and LOFTEE HC/LC.
"""

from __future__ import annotations

from differential_run import Case, Run
from differential_truth import (
    Change,
    crosses_cds_start,
    expect,
    expected_lof,
    locus,
    nmd_boundary,
    protein_truth,
)


def problems(run: Run, kind: str, names: bool = True) -> list[str]:
    out = []
    for case in run.cases[kind]:
        t, s = case.truth, run.seen[case.record]
        what = f"{kind} {case.record} {t.c_name}"
        if names and s.c_name != t.c_name:
            out.append(f"{what}: named {s.c_name}")
        if not t.judged:
            continue
        if t.protein is not None and s.protein != t.protein:
            out.append(f"{what}: {s.protein}, want {t.protein}")
        if t.protein_prefix is not None and not s.protein.startswith(t.protein_prefix):
            out.append(f"{what}: {s.protein}, want {t.protein_prefix}...")
        if missing := t.terms - s.terms:
            out.append(f"{what}: {sorted(s.terms)} lacks {sorted(missing)}")
        if extra := t.absent & s.terms:
            out.append(f"{what}: {sorted(s.terms)} should not have {sorted(extra)}")
        strength, loftee = expected_lof(run.locus, t)
        if s.lof != strength:
            out.append(f"{what}: LoF {s.lof} ({s.criterion}), want {strength}")
        elif loftee is not None and s.loftee != loftee:
            out.append(f"{what}: LOFTEE {s.loftee}, want {loftee}")
    return out


def _report(found: list[str]) -> str:
    return f"{len(found)} wrong, e.g.\n" + "\n".join(found[:25])


def test_every_snv_of_the_known_cds_is_named_and_graded_as_translated(differential):
    assert len(differential.cases["snv"]) == 3 * (1182 - 140 + 1)
    for case in differential.cases["snv"]:
        if case.truth.protein == "p.?":  # an unknown base in the codon: said so
            assert differential.seen[case.record].notes
    assert not (found := problems(differential, "snv")), _report(found)


def test_every_1_to_6_nt_edge_deletion_agrees_with_the_rules(differential):
    cases = differential.cases["edge deletion"]
    assert len(cases) > 800
    assert not (found := problems(differential, "edge deletion")), _report(found)


def test_every_duplication_of_the_same_bases_agrees_and_frameshifts_are_lof_both_ways(differential):
    dups = differential.cases["edge duplication"]
    for deletion, dup in zip(differential.cases["edge deletion"], dups, strict=True):
        if deletion.truth.frameshift and dup.truth.first < 395:  # not an extension
            # deleting and duplicating the same bases: both loss of function
            assert expected_lof(differential.locus, deletion.truth)[0], deletion.truth.c_name
            assert expected_lof(differential.locus, dup.truth)[0], dup.truth.c_name
    assert not (found := problems(differential, "edge duplication")), _report(found)


def test_every_fixed_insertion_on_both_sides_of_every_junction_agrees_with_the_rules(differential):
    cases = differential.cases["junction insertion"]
    assert len(cases) == (1 + 2 * 11 + 1) * 25  # intron 1's 3' side, introns 2-12, the stop
    kinds = {("stop" if c.truth.ptc else "fs" if c.truth.frameshift else "inframe") for c in cases}
    assert kinds == {"stop", "fs", "inframe"}
    assert not (found := problems(differential, "junction insertion")), _report(found)


def test_every_fixed_insertion_inside_the_six_bases_at_every_exon_edge_agrees(differential):
    cases = differential.cases["edge insertion"]
    assert len(cases) > 3000
    assert not (found := problems(differential, "edge insertion")), _report(found)


def test_every_repeat_contraction_and_expansion_is_shifted_3prime_and_agrees(differential):
    cases = differential.cases["repeat"]
    assert len(cases) > 300
    assert {c.truth.c_name[-3:] for c in cases} == {"del", "dup"}
    assert not (found := problems(differential, "repeat")), _report(found)


def test_every_change_of_the_initiation_codon_is_start_lost_as_documented(differential):
    cases = differential.cases["start"]
    assert sum(c.truth.start_lost for c in cases) > 20
    # the names are pinned below: the rest of every case must hold already
    assert not (found := problems(differential, "start", names=False)), _report(found)
    moving = [c for c in cases if crosses_cds_start(differential.locus, c.change)]
    pinned = {str(c.record) for c in moving}
    found = [f for f in problems(differential, "start") if not any(r in f for r in pinned)]
    assert not found, _report(found)


def _moving(run: Run, deletions: bool) -> list[Case]:
    return [
        c
        for c in run.cases["start"]
        if bool(c.change.deleted) == deletions and crosses_cds_start(run.locus, c.change)
    ]


def test_the_3prime_rule_moves_insertions_from_the_5prime_utr_into_the_cds(differential):
    moving = _moving(differential, deletions=False)
    assert len(moving) >= 8  # c.-1_1insA -> c.1dup, c.-1_1insAAA -> c.1_2insAAA, ...
    wrong = [c.truth.c_name for c in moving if differential.seen[c.record].c_name != c.truth.c_name]
    assert not wrong, wrong


def test_the_3prime_rule_moves_deletions_from_the_5prime_utr_into_the_cds(differential):
    moving = _moving(differential, deletions=True)
    assert moving
    wrong = [c.truth.c_name for c in moving if differential.seen[c.record].c_name != c.truth.c_name]
    assert not wrong, wrong


def test_the_independent_truth_reproduces_the_issue_examples(real_sequence):
    loc = locus("GRCh38")
    c258 = loc.g_of(258)
    dup = expect(loc, Change(c258 + 1, 0, loc.base(c258)))
    assert (dup.c_name, dup.protein) == ("c.258dup", "p.(Glu87Ter)")
    c1041 = protein_truth(loc, Change(loc.g_of(1041), 1, ""))
    assert c1041[1] == 348 and not c1041[3]
    assert nmd_boundary(loc) == 988
