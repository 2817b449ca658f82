"""The differential tests' enumeration, run through the tool once per build.

Shared by tests/test_differential.py and tests/test_differential_csq.py through
the session fixture ``differential`` (tests/conftest.py): every distinct VCF
record is annotated once per build, with one calculator per build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from differential_truth import (
    TX,
    Change,
    Locus,
    Truth,
    duplication_of,
    edge_deletions,
    edge_insertions,
    expect,
    junction_insertions,
    locus,
    repeat_changes,
    snvs,
    start_changes,
    vcf_record,
)
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import assess
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.seq.reference import ReferenceGenome

Record = tuple[int, str, str]


@dataclass(frozen=True)
class Seen:
    """What the tool said about one record on NM_000516.7."""

    c_name: str
    protein: str
    terms: frozenset[str]
    notes: tuple[str, ...]
    lof: str | None  # PVS1 strength of a loss-of-function call, None: no call
    criterion: str
    loftee: str | None


@dataclass(frozen=True)
class Case:
    kind: str
    change: Change
    record: Record
    truth: Truth


@dataclass(frozen=True)
class Run:
    build: GenomeBuild
    locus: Locus
    cases: dict[str, list[Case]]
    seen: dict[Record, Seen]


def enumerate_cases(loc: Locus) -> dict[str, list[Case]]:
    deletions = edge_deletions(loc)
    groups = {
        "snv": snvs(loc),
        "edge deletion": deletions,
        "edge duplication": [duplication_of(loc, d) for d in deletions],
        "junction insertion": junction_insertions(loc),
        "edge insertion": edge_insertions(loc),
        "repeat": repeat_changes(loc),
        "start": start_changes(loc),
    }
    return {
        kind: [Case(kind, ch, vcf_record(loc, ch), expect(loc, ch)) for ch in changes]
        for kind, changes in groups.items()
    }


def annotate_all(build: GenomeBuild, reference: Path) -> Run:
    """Annotate every distinct record of the enumeration once on ``build``."""
    loc = locus(str(build))
    calc = ConsequenceCalculator({build: ReferenceGenome(reference)})
    cases = enumerate_cases(loc)
    seen: dict[Record, Seen] = {}
    for case in (c for group in cases.values() for c in group):
        if case.record in seen:
            continue
        result = calc.annotate(build, *case.record)
        tc = result.on(TX)
        call = assess(result, calc.namer.provider).on(TX)
        is_lof = call is not None and call.is_lof
        seen[case.record] = Seen(
            tc.hgvs.hgvs.split(":")[1],
            tc.hgvs.protein.split(":")[1],
            frozenset(tc.terms),
            tuple(tc.hgvs.notes),
            call.pvs1_strength.value if is_lof else None,
            call.pvs1_criterion if call is not None else "",
            call.loftee if is_lof else None,
        )
    return Run(build, loc, cases, seen)
