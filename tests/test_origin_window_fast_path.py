"""The origin window's shortcuts for unphased trios (one call per distinct trio of
sample columns in a record, trio-genotype calls remembered across records) give
exactly the calls of the general path, child by child, on mixed pedigrees."""

from __future__ import annotations

import random
from dataclasses import replace

import pysam
import pytest

from conftest import write_vcf
from gnas_annot import annotate_vcf
from gnas_annot.annotate import pipeline
from gnas_annot.annotate.carriers import Carriers
from gnas_annot.annotate.pipeline import Annotator
from gnas_annot.annotate.results import rows
from gnas_annot.extract import genotypes as decoding
from gnas_annot.extract.extractor import Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin import trio as origin_trio
from gnas_annot.origin.model import OriginCalls
from gnas_annot.origin.pedigree import Trio
from gnas_annot.origin.window import OriginWindow

G38 = GenomeBuild.GRCh38

HEADER = (
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=chr20,length=64444167>\n"
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n'
    '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">\n'
    '##FORMAT=<ID=HP,Number=.,Type=String,Description="Read-backed haplotype">\n'
)
SAMPLES = (
    "kid1", "dad1", "mum1", "kid2", "dad2", "mum2", "kid3", "dad3", "kid4", "kid5",
    "dad5", "kid6", "mum6", "kid7", "dad7", "mum7", "kid8", "other",
)  # fmt: skip
TRIOS = (
    Trio("kid1", "dad1", "mum1"),
    Trio("kid2", "dad2", "mum2"),
    Trio("kid3", "dad3", None),  # duo
    Trio("kid4", None, None),  # singleton
    Trio("kid5", "dad5", "ghost"),  # a mother who is not a sample
    Trio("kid6", "", "mum6"),  # a father named as ''
    Trio("kid7", "dad7", "mum7"),
    Trio("kid8", "kid1", "mum2"),  # three generations: kid1 is a parent too
)
# column pools by FORMAT and ALT count: reference, het, hom, haploid, missing,
# low GQ/DP, no AD, a mosaic-looking 0/0 parent, a low-fraction child
BIALLELIC = (
    "0/0:40,0:40:99", "0/0:36,4:40:99", "0/1:20,20:40:99", "1/0:20,20:40:99",
    "0/1:35,5:40:99", "0/1:20,20:40:15", "0/1:4,4:8:99", "0/1:.:.:.", "1/1:0,40:40:99",
    "./.:.:.:.", "1:0,30:30:99", "0:30,0:30:99", "0/.:20,0:20:99", "0|1:20,20:40:99",
)  # fmt: skip
TRIALLELIC = (
    "0/0:40,0,0:40:99", "0/0:36,0,4:40:99", "1/2:0,20,20:40:99", "0/2:20,0,20:40:99",
    "0/1:20,20,0:40:99", "2/2:0,0,40:40:99", "./.:.:.:.", "0/2:38,0,2:40:99",
)  # fmt: skip
PHASED = (
    "0|1:20,20:40:99:100", "1|0:20,20:40:99:100", "0/1:20,20:40:99:.",
    "0/0:40,0:40:99:.", "1|1:0,40:40:99:100", "0|0:40,0:40:99:100", "0|1:20,20:40:99:200",
)  # fmt: skip
TAGGED = ("0/1:100-1,100-2", "0/0:.", "1/1:.", "0/1:100-2,100-1", "0|1:.")
# the same text means other numbers under another FORMAT: GQ 5 or DP 5
SWAPPED = ("0/1:5:40", "0/1:40:5", "0/0:99:40", "0/0:40:99", "1/1:40:40")
SHAPES = (
    ("GT:AD:DP:GQ", BIALLELIC, 1),
    ("GT:AD:DP:GQ", TRIALLELIC, 2),
    ("GT:AD:DP:GQ:PS", PHASED, 1),
    ("GT:HP", TAGGED, 1),
    ("GT:GQ:DP", SWAPPED, 1),
    ("GT:DP:GQ", SWAPPED, 1),
)


def _records(reference, seed: int, shapes=SHAPES) -> str:
    """Records every few bases of exons 8-9 and at the R201 and Q227 hotspot codons
    (activating or not: the mosaicism flags differ) with random columns drawn from
    small pools, so trios share columns within and across records."""
    rng = random.Random(seed)
    lines = []
    with pysam.FastaFile(str(reference)) as fasta:
        for pos in sorted([*range(58909300, 58909560, 4), 58909365, 58909366, 58909541]):
            ref = fasta.fetch("chr20", pos - 1, pos).upper()
            fmt, pool, n_alts = shapes[rng.randrange(len(shapes))]
            alts = [b for b in "TACG" if b != ref][:n_alts]
            columns = [rng.choice(pool) for _ in SAMPLES]
            lines.append(
                f"chr20\t{pos}\t.\t{ref}\t{','.join(alts)}\t50\tPASS\t.\t{fmt}\t"
                + "\t".join(columns)
                + "\n"
            )
    return "".join(lines)


class _Anyone:
    """Every child: put in the window's set of children called by the general path."""

    def __contains__(self, child: object) -> bool:
        return True


def _decided(vcf, reference, everyone: bool, general: bool):
    out = []
    with (
        Extractor(vcf, reference=reference) as extractor,
        OriginWindow(TRIOS, everyone=everyone) as window,
    ):
        if general:
            window._slow = _Anyone()  # type: ignore[assignment]
        for item in extractor.records():
            out += [
                (d.item.record.pos, [list(c.items()) for c in d.calls]) for d in window.push(item)
            ]
        out += [(d.item.record.pos, [list(c.items()) for c in d.calls]) for d in window.finish()]
    return out


@pytest.mark.parametrize("bulk", [False, True], ids=["split", "numpy"])
@pytest.mark.parametrize("everyone", [True, False], ids=["every_child", "carriers"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shortcut_calls_equal_the_general_path_on_mixed_trios(
    tmp_path, synthetic_reference, monkeypatch, everyone, seed, bulk
):
    if bulk:  # the columns scanned with NumPy and cut from the record's text at its tabs
        monkeypatch.setattr(decoding, "BULK_SAMPLES", 1)
    ref = synthetic_reference[G38]
    vcf = write_vcf(tmp_path / "mixed.vcf", _records(ref, seed), HEADER, SAMPLES)
    fast = _decided(vcf, ref, everyone, general=False)
    slow = _decided(vcf, ref, everyone, general=True)
    assert [pos for pos, _ in fast] == [pos for pos, _ in slow]
    assert len(fast) == 68
    compared = 0
    for (_, fast_calls), (_, slow_calls) in zip(fast, slow, strict=True):
        assert fast_calls == slow_calls  # same children, same order, equal calls
        compared += sum(len(c) for c in fast_calls)
    assert compared > (500 if everyone else 100)


def test_trio_calls_are_made_once_per_distinct_columns_across_records(
    tmp_path, synthetic_reference, monkeypatch
):
    ref = synthetic_reference[G38]
    # a cohort's few columns: 0/0, 0/0 with 4 ALT reads, 0/1
    few = (("GT:AD:DP:GQ", BIALLELIC[:3], 1),)
    vcf = write_vcf(tmp_path / "cohort.vcf", _records(ref, 4, few), HEADER, SAMPLES)
    made = []  # the trio-genotype calls of the targets (not those of phase-set anchors)
    real = origin_trio.trio_call

    def counting(variant, trio, settings):
        made.append(trio.child)
        return real(variant, trio, settings)

    monkeypatch.setattr("gnas_annot.origin.calls.trio_call", counting)
    decided = _decided(vcf, ref, everyone=True, general=False)
    calls = sum(len(c) for _, per_allele in decided for c in per_allele)
    general = len(made)
    made.clear()
    _decided(vcf, ref, everyone=True, general=True)
    assert len(made) == calls  # the general path: one per child and allele
    # at most 3 x 3 x 3 column triples for each of the 5 shapes of trio
    assert general <= 5 * 27 < calls / 3


def _cohort_of_alike_trios(tmp_path, families: int = 12):
    """``families`` trios with the same three columns at R201C (de novo in every child)
    and at a paternal site, and the PED naming them."""
    samples = tuple(f"{r}{i}" for i in range(families) for r in ("kid", "dad", "mum"))
    body = "".join(
        f"{site}\t50\tPASS\t.\tGT:AD:DP:GQ\t" + "\t".join(trio * families) + "\n"
        for site, trio in (
            ("chr20\t58909365\t.\tC\tT", ("0/1:20,20:40:99", "0/0:40,0:40:99", "0/0:40,0:40:99")),
            ("chr20\t58909368\t.\tC\tT", ("0/1:20,20:40:99", "0/1:20,20:40:99", "0/0:40,0:40:99")),
        )
    )
    vcf = write_vcf(tmp_path / "alike.vcf", body, HEADER, samples)
    ped = tmp_path / "alike.ped"
    ped.write_text(
        "".join(
            f"F{i}\tkid{i}\tdad{i}\tmum{i}\t1\t2\nF{i}\tdad{i}\t0\t0\t1\t1\n"
            f"F{i}\tmum{i}\t0\t0\t2\t1\n"
            for i in range(families)
        )
    )
    return vcf, ped


def test_children_with_alike_trios_share_facts_but_keep_their_own_calls(
    tmp_path, synthetic_reference
):
    vcf, ped = _cohort_of_alike_trios(tmp_path)
    annotated = list(annotate_vcf(vcf, ped=ped, reference=synthetic_reference[G38]))
    assert len(annotated) == 2
    for av in annotated:
        samples = av.samples
        assert isinstance(samples, Carriers)
        children = [s for s in samples if s.origin_call is not None]
        assert [s.sample for s in children] == [f"kid{i}" for i in range(12)]
        # one fact for the twelve children (and at most one for the carrier parents)
        assert len(samples.facts) <= 2
        for s in children:
            i = s.sample[3:]
            call = s.origin_call
            assert (call.sample, call.father, call.mother) == (s.sample, f"dad{i}", f"mum{i}")
            # all but the names as the first child's call
            first = children[0].origin_call
            assert replace(call, sample="kid0", father="dad0", mother="mum0") == first
        # the sequence behaves as the tuple of its annotations: slices, equality
        made = tuple(samples)
        assert tuple(samples[1:]) == made[1:] and tuple(samples[::-1]) == made[::-1]
        assert samples == made
        assert [samples[k] for k in range(len(made))] == list(made)
    origins = [s.origin.value for av in annotated for s in av.samples if s.origin_call]
    assert origins == ["de_novo_unphased"] * 12 + ["paternal"] * 12


def test_a_tuple_of_annotations_equals_the_shared_carriers_only_with_the_same_calls(
    tmp_path, synthetic_reference
):
    vcf, ped = _cohort_of_alike_trios(tmp_path, families=3)
    [av, _] = annotate_vcf(vcf, ped=ped, reference=synthetic_reference[G38])
    made = tuple(av.samples)
    other = tuple(replace(s, origin_call=None) if s.origin_call else s for s in made)
    assert av.samples == made and av.samples != other
    assert Carriers.of(made) == av.samples


def _annotated_through_window(vcf, reference, *, placed: bool):
    """Every allele annotated with its carrier children's calls from the window; without
    ``placed`` the carriers are found again and each looked up by name (the path of
    origin calls that do not come from a window)."""
    out = []
    with (
        Extractor(vcf, reference=reference) as extractor,
        OriginWindow(TRIOS, everyone=False) as window,
    ):
        annotator = Annotator(extractor.build, extractor.reference)

        def annotate(decided):
            for variant, calls in zip(decided.item.variants, decided.calls, strict=True):
                assert isinstance(calls, OriginCalls) and calls.carriers is not None
                if not placed:
                    calls = OriginCalls(calls.shared, window._by_child)
                out.append(annotator.annotate(variant, calls, decided.item))

        for item in extractor.records():
            for decided in window.push(item):
                annotate(decided)
        for decided in window.finish():
            annotate(decided)
    return out


@pytest.mark.parametrize("bulk", [False, True], ids=["split", "numpy"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_annotation_takes_the_carriers_and_calls_the_origin_window_found(
    tmp_path, synthetic_reference, monkeypatch, seed, bulk
):
    if bulk:
        monkeypatch.setattr(decoding, "BULK_SAMPLES", 1)
    ref = synthetic_reference[G38]
    vcf = write_vcf(tmp_path / "mixed.vcf", _records(ref, seed), HEADER, SAMPLES)
    again = _annotated_through_window(vcf, ref, placed=False)
    scans = []
    real = pipeline.carrier_table

    def counting(genotypes, allele_index):
        scans.append(allele_index)
        return real(genotypes, allele_index)

    monkeypatch.setattr(pipeline, "carrier_table", counting)
    once = _annotated_through_window(vcf, ref, placed=True)
    assert not scans  # one scan of the carriers (the window's) served both steps
    assert len(once) == len(again) > 68
    with_calls = 0
    for a, b in zip(once, again, strict=True):
        assert a.samples == b.samples
        assert list(rows(a)) == list(rows(b))
        with_calls += sum(s.origin_call is not None for s in a.samples)
    assert with_calls > 100  # the comparison covers many carrier children
