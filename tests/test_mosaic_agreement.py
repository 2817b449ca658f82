"""Interpretation and ``gnas-annot origin`` agree on mosaicism, for every VAF and depth.

Both read the thresholds of data/mosaicism.tsv and the reading restates the
flags of the origin step; this enumerates allele fractions around every
threshold (0.30, 0.8) and depths around both minimum depths (20, 50), at an
activating hotspot, a loss-of-function deletion and a missense site.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from conftest import write_vcf
from gnas_annot.annotate.run import annotate_vcf
from gnas_annot.cli.app import main
from gnas_annot.origin.mosaicism import MosaicFlag
from trios import HOM_REF, HOTSPOT_DEL, R201C, SAMPLES, line, snv

DEPTHS = (0, 1, 5, 19, 20, 21, 49, 50, 51, 100, 400, 2000)
FRACTIONS = (
    0.0,
    0.02,
    0.05,
    0.1,
    0.2,
    0.29,
    0.3,
    0.31,
    0.33,
    0.35,
    0.45,
    0.5,
    0.79,
    0.8,
    0.81,
    0.95,
)
NAMES = {f.value for f in MosaicFlag} | {"low_vaf_germline_mosaic"}


@pytest.fixture(scope="module")
def combinations(tmp_path_factory, partial_reference):
    """One trio record per site x depth x fraction (the child 0/1, parents 0/0)."""
    missense = snv(partial_reference["GRCh38"], 58909400)
    body, cases = "", []
    for site in (HOTSPOT_DEL, R201C, missense):  # VCF order
        for depth in DEPTHS:
            for fraction in FRACTIONS:
                alt = round(depth * fraction)
                kid = f"0/1:{depth - alt},{alt}:{depth}:99"
                body += line(site, kid, HOM_REF, HOM_REF)
                cases.append((site, depth, alt))
    folder = tmp_path_factory.mktemp("agreement")
    vcf = write_vcf(folder / "vaf.vcf", body, samples=SAMPLES)
    ped = folder / "trio.ped"
    ped.write_text("F\tkid\tdad\tmum\t1\t2\nF\tdad\t0\t0\t1\t1\nF\tmum\t0\t0\t2\t1\n")
    return vcf, ped, cases


@pytest.fixture(scope="module")
def origin_flags(combinations) -> list[tuple[str, ...]]:
    """What `gnas-annot origin --json` says for each record."""
    vcf, ped, _ = combinations
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["origin", str(vcf), "--ped", str(ped), "--json"]) == 0
    calls = json.loads(out.getvalue())
    return [tuple(c["mosaicism"]["flags"]) if c["mosaicism"] else () for c in calls]


@pytest.fixture(scope="module")
def with_trio(combinations):
    vcf, ped, _ = combinations
    return list(annotate_vcf(str(vcf), ped=str(ped)))


def _mentioned(texts) -> set[str]:
    return {name for name in NAMES for text in texts if f"({name})" in text}


@pytest.mark.parametrize("with_pedigree", [True, False])
def test_interpretation_restates_exactly_the_flags_origin_gives(
    combinations, origin_flags, with_trio, with_pedigree
):
    vcf, _, cases = combinations
    expected = origin_flags
    # without a pedigree there is no origin call: the pipeline assesses the
    # sample itself, with the same settings
    annotated = with_trio if with_pedigree else list(annotate_vcf(str(vcf)))
    assert len(expected) == len(annotated) == len(cases)
    seen: set[tuple[str, ...]] = set()
    for flags, allele, (site, depth, alt) in zip(expected, annotated, cases, strict=True):
        kid = next(s for s in allele.samples if s.sample == "kid")
        reading = kid.interpretation
        assert reading is not None, (site, depth, alt)
        where = f"{site.split()[1]} {alt}/{depth}: origin {flags}"
        assert tuple(f.value for f in reading.mosaic_flags) == flags, where
        said = _mentioned((*reading.evidence, *reading.caveats))
        assert said == set(flags) - {MosaicFlag.ACTIVATING_HOTSPOT.value}, where
        seen.add(flags)
    # the enumeration reaches every flag, alone and in the hotspot combinations
    assert {f for flags in seen for f in flags} == {f.value for f in MosaicFlag}


def test_vaf_0_33_on_400_reads_is_flagged_by_neither(combinations, origin_flags, with_trio):
    _, _, cases = combinations
    index = cases.index((HOTSPOT_DEL, 400, 132))
    kid = next(s for s in with_trio[index].samples if s.sample == "kid")
    assert origin_flags[index] == () and kid.interpretation is not None
    assert kid.interpretation.mosaic_flags == ()
    assert not any("mosaic" in c for c in kid.interpretation.caveats)
