"""AnnotatedVariant.samples is a columnar Carriers: it must behave exactly as the tuple
of SampleAnnotation the pipeline used to build one by one, and give the same
annotations as that eager code on every shape of call."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pysam
import pytest

from conftest import write_vcf
from gnas_annot import annotate_vcf
from gnas_annot.annotate.carriers import CarrierFacts, Carriers, SampleAnnotation
from gnas_annot.annotate.results import rows, variant_dict
from gnas_annot.extract import genotypes as decoding
from gnas_annot.interpret.reading import interpret
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Genotype
from gnas_annot.origin.model import Origin
from gnas_annot.origin.mosaicism import assess_mosaicism
from gnas_annot.pack.store import load_pack
from test_annotated_vcf_text import PED
from trios import R201C

G38 = GenomeBuild.GRCh38
HET = CarrierFacts("0/1", 0.5, 40, Origin.UNKNOWN, None, None)
HOM = CarrierFacts("1/1", 1.0, 40, Origin.UNKNOWN, None, None)
NAMES = ("A", "B", "C", "D", "E")


def _carriers() -> Carriers:
    return Carriers(NAMES, columns=(0, 2, 3, 4), groups=(1, 0, 1, 0), facts=(HET, HOM))


def _eager() -> tuple[SampleAnnotation, ...]:
    return (HOM.of("A"), HET.of("C"), HOM.of("D"), HET.of("E"))


# -- sequence semantics ---------------------------------------------------------------


def test_carriers_index_iterate_and_count_as_the_tuple_would():
    carriers, eager = _carriers(), _eager()
    assert len(carriers) == 4 and bool(carriers) and not Carriers(NAMES, (), (), ())
    assert list(carriers) == list(eager)
    assert [carriers[k] for k in range(-4, 4)] == [eager[k] for k in range(-4, 4)]
    assert list(reversed(carriers)) == list(reversed(eager))
    assert HET.of("C") in carriers and HET.of("A") not in carriers
    assert carriers.index(HOM.of("D")) == 2 and carriers.count(HET.of("E")) == 1
    for bad in (4, -5):
        with pytest.raises(IndexError):
            carriers[bad]


def test_a_slice_of_carriers_is_carriers_equal_to_the_tuple_slice():
    carriers, eager = _carriers(), _eager()
    for part in (slice(1, 3), slice(None, None, -1), slice(0, 4, 2), slice(3, 1)):
        assert isinstance(carriers[part], Carriers)
        assert carriers[part] == eager[part]


def test_carriers_equal_and_hash_as_the_tuple_of_their_annotations():
    carriers, eager = _carriers(), _eager()
    assert carriers == eager and eager == carriers
    assert (carriers != eager) is False
    assert hash(carriers) == hash(eager)
    assert Carriers(NAMES, (), (), ()) == () and hash(Carriers(NAMES, (), (), ())) == hash(())
    # like a tuple, not equal to a list of the same annotations
    assert carriers != list(eager)
    assert carriers != eager[:3] and carriers != (*eager[:3], HET.of("D"))
    # the same annotations from other columns and fact tables are equal
    regrouped = Carriers(("A", "C", "D", "E"), (0, 1, 2, 3), (0, 1, 0, 1), (HOM, HET))
    assert regrouped == carriers and hash(regrouped) == hash(carriers)
    assert Carriers.of(eager) == carriers


def test_carriers_concatenate_repr_and_pickle_as_the_tuple():
    carriers, eager = _carriers(), _eager()
    assert carriers + (HET.of("F"),) == (*eager, HET.of("F"))  # noqa: RUF005
    assert (HET.of("F"),) + carriers == (HET.of("F"), *eager)  # noqa: RUF005
    assert carriers + carriers == eager + eager
    assert repr(carriers) == f"Carriers({eager!r})"
    again = pickle.loads(pickle.dumps(carriers))
    assert isinstance(again, Carriers) and again == eager


def test_carriers_cannot_be_changed():
    carriers = _carriers()
    with pytest.raises(AttributeError):
        carriers._columns = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del carriers._facts
    with pytest.raises(TypeError):
        carriers[0] = HET.of("A")  # type: ignore[index]


@pytest.mark.parametrize(
    ("columns", "groups"),
    [
        ((0, 2), (0,)),  # a carrier without a group
        ((2, 0), (0, 0)),  # not in sample order
        ((1, 1), (0, 0)),  # a sample twice
        ((0, 5), (0, 0)),  # no such sample
        ((-1, 0), (0, 0)),
        ((0, 1), (0, 2)),  # no such fact
        ((0, 1), (-1, 0)),
    ],
)
def test_carriers_refuse_columns_and_groups_that_do_not_fit(columns, groups):
    with pytest.raises(ValueError):
        Carriers(NAMES, columns, groups, (HET, HOM))


def test_the_bulk_view_gives_columns_and_facts_without_annotations():
    carriers = _carriers()
    assert carriers.names == NAMES and carriers.columns == (0, 2, 3, 4)
    assert carriers.samples == ("A", "C", "D", "E")
    assert [carriers.facts[g] for g in carriers.groups] == [HOM, HET, HOM, HET]
    assert list(carriers.grouped()) == [(HET, (2, 4)), (HOM, (0, 3))]
    # facts no carrier has are not listed
    lone = Carriers(NAMES, (1,), (1,), (HET, HOM))
    assert list(lone.grouped()) == [(HOM, (1,))]


def test_an_eager_tuple_can_take_the_place_of_carriers(tmp_path, partial_reference):
    vcf = write_vcf(tmp_path / "mixed.vcf", MIXED, samples=COHORT)
    for av in annotate_vcf(vcf, reference=partial_reference[G38]):
        eager = replace(av, samples=tuple(av.samples))
        assert isinstance(av.samples, Carriers) and eager == av and hash(eager) == hash(av)
        assert list(rows(eager)) == list(rows(av))
        assert variant_dict(eager) == variant_dict(av)


# -- the same annotations as the eager per-carrier code -------------------------------

COHORT = tuple(f"S{i}" for i in range(70))
_CALLS = (
    "0/1:20,20:40:99",
    "0|1:30,10:40:99",
    "1|0:30,10:45:99",
    "1/1:0,40:40:99",
    "./1:.:.:.",
    "1:0,12:12:50",  # haploid
    "0:12,0:12:50",
    "./.:.:.:.",
    "0/0:40,0:40:99",
    "0/1:38,2:40:99",  # low allele fraction
    "0/1:.:.:.",
    "0/1:20,20",  # trailing fields dropped
)
_MULTI = (
    "1/2:0,20,20:40:99",
    "0/2:20,0,20:40:99",
    "2|1:0,15,25:40:99",
    "0/1:20,20,0:40:99",
    "./2:.:.:.",
    "2:0,0,9:9:30",
    "0/0:40,0,0:40:99",
)


def _columns(calls: tuple[str, ...]) -> str:
    return "\t".join(calls[i % len(calls)] for i in range(len(COHORT)))


MIXED = (
    f"{R201C}\t50\tPASS\t.\tGT:AD:DP:GQ\t{_columns(_CALLS)}\n"
    f"chr20\t58909366\t.\tG\tA,T\t50\tPASS\t.\tGT:AD:DP:GQ\t{_columns(_MULTI)}\n"
    # AD only (no GT): a carrier is a sample with reads for the allele
    "chr20\t58909367\t.\tC\tT\t50\tPASS\t.\tAD:DP\t"
    + _columns(("10,5:15", "15,0:15", ".:.", "0,9:9"))
    + "\n"
    # GT not first: the calls are decoded sample by sample
    "chr20\t58909368\t.\tG\tA\t50\tPASS\t.\tDP:GT:AD\t"
    + _columns(("40:0/1:20,20", "40:0/0:40,0", "9:1|1:0,9", "9:.:."))
    + "\n"
)


def _eager_samples(av, settings) -> list[SampleAnnotation]:
    """The annotations as the pipeline built them one by one before Carriers: each
    carrier's call decoded by pysam and every fact worked out for it alone."""
    v = av.variant
    record = av.record.record
    present = frozenset(record.format.keys())
    a = v.allele_index
    calls = {s.sample: s.origin_call for s in av.samples if s.origin_call is not None}
    want = []
    for index, name in enumerate(record.header.samples):
        g: Genotype = decoding._decode(record, index, present)
        if not decoding.carries(g, a):
            continue
        shown = ("|" if g.phased else "/").join(
            "." if x is None else str(x) for x in g.alleles
        ) or "."
        both = g.is_called and len(g.alleles) > 1 and g.count(a) == len(g.alleles)
        call = calls.get(name)
        origin = call.origin if call is not None else Origin.UNKNOWN
        reading = None
        if av.consequences is not None and av.lof is not None:
            mosaic = call.mosaicism if call is not None else assess_mosaicism(v, g, settings)
            span = None
            reading = interpret(av.consequences, av.lof, origin, mosaic, span, biallelic=both)
        want.append(
            SampleAnnotation(name, shown, g.allele_fraction(a), g.read_depth, origin, call, reading)
        )
    return want


@pytest.mark.parametrize("bulk", [False, True], ids=["regex", "numpy"])
@pytest.mark.parametrize("with_ped", [False, True], ids=["cohort", "ped"])
def test_carriers_give_the_eager_annotations_on_every_call_shape(
    tmp_path, partial_reference, monkeypatch, bulk, with_ped
):
    monkeypatch.setattr(decoding, "BULK_SAMPLES", 1 if bulk else 10_000)
    samples = ("kid", "dad", "mum", *COHORT[3:])
    vcf = write_vcf(tmp_path / "mixed.vcf", MIXED, samples=samples)
    kw = {}
    if with_ped:
        ped = tmp_path / "trio.ped"
        ped.write_text(PED)
        kw["ped"] = ped
    settings = load_pack().mosaicism
    checked = called = 0
    for av in annotate_vcf(vcf, reference=partial_reference[G38], **kw):
        if not av.samples:
            continue
        want = _eager_samples(av, settings)
        assert isinstance(av.samples, Carriers)
        assert list(av.samples) == want  # materialized one by one: the eager annotations
        assert av.samples == tuple(want)
        assert [av.samples[k] for k in range(len(want))] == want
        checked += 1
        called += sum(s.origin_call is not None for s in av.samples)
        # the bulk view agrees with the annotations it stands for
        names = [s.sample for s in want]
        assert list(av.samples.samples) == names
        assert [av.samples.facts[g] for g in av.samples.groups] == [
            CarrierFacts.of_annotation(s) for s in want
        ]
        # a handful of distinct facts, not one per carrier
        assert len(av.samples.facts) <= 13 < len(want)
    assert checked == 5  # R201C, both ALTs of the multi-allelic record, AD-only, DP:GT
    assert (called > 0) == with_ped


def test_every_pysam_record_shape_is_covered(tmp_path):
    """The mixed input really has the shapes the test above claims."""
    vcf = write_vcf(tmp_path / "mixed.vcf", MIXED, samples=COHORT)
    with pysam.VariantFile(str(vcf)) as records:
        shapes = [(len(r.alts), next(iter(r.format.keys()))) for r in records]
    assert shapes == [(1, "GT"), (2, "GT"), (1, "AD"), (1, "DP")]


# -- the writer reads the carriers in bulk ---------------------------------------------

_MULTI_AD = tuple(":".join(c.split(":")[:2]) for c in _MULTI)
EDGES = (
    # a carrier in the first and the last column, non-reference calls that carry
    # nothing (0/., ./0), phased and haploid ones; the scan's column ends are used
    f"{R201C}\t50\tPASS\t.\tGT:AD:DP:GQ\t"
    + "\t".join(["0/1:20,20:40:99", *[_CALLS[i % 12] for i in range(68)], "1|0:9,9:18:50"])
    + "\n"
    + "chr20\t58909366\t.\tG\tA\t50\tPASS\tAC=2\tGT\t"
    + "\t".join(["0/.", "./0", *["0/0"] * 66, "1", "0/1"])
    + "\n"
    # nobody carries the ALT: every column missing
    + "chr20\t58909367\t.\tC\tT\t50\tPASS\t.\tGT\t"
    + "\t".join(["0/0", "./.", *["0/."] * 68])
    + "\n"
    + f"chr20\t58909368\t.\tG\tA,T\t50\tPASS\t.\tGT:AD\t{_columns(_MULTI_AD)}\n"
)


@pytest.mark.parametrize("bulk", [False, True], ids=["regex", "numpy"])
def test_the_written_line_is_what_htslib_writes_with_carriers_read_in_bulk(
    tmp_path, partial_reference, monkeypatch, bulk
):
    from gnas_annot.output.annotated_vcf import _annotated_line, _by_record, annotated_header
    from test_annotated_vcf_text import _htslib_line

    monkeypatch.setattr(decoding, "BULK_SAMPLES", 1 if bulk else 10_000)
    vcf = write_vcf(tmp_path / "edges.vcf", EDGES, samples=COHORT)
    annotated = list(annotate_vcf(vcf, reference=partial_reference[G38]))
    header = annotated_header(annotated[0].record.record.header)
    lines = 0
    for alleles in _by_record(annotated):
        assert all(isinstance(av.samples, Carriers) for av in alleles)
        assert _annotated_line(header, alleles) == _htslib_line(header, alleles)
        # the same line from the eager tuples (written sample by sample by name)
        eager = [replace(av, samples=tuple(av.samples)) for av in alleles]
        assert _annotated_line(header, eager) == _htslib_line(header, alleles)
        lines += 1
    assert lines == 4


def test_column_ends_are_where_each_scanned_column_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(decoding, "BULK_SAMPLES", 1)
    vcf = write_vcf(tmp_path / "edges.vcf", EDGES, samples=COHORT)
    with pysam.VariantFile(str(vcf)) as records:
        for record in records:
            calls = decoding.RecordGenotypes(record, COHORT)
            text = calls.sample_text
            columns = str(record).rstrip("\n").split("\t")[9:]
            assert text == "\t" + "\t".join(columns)
            every = range(len(COHORT))
            ends = calls.column_ends(every)
            assert [
                text[end - len(c) : end] for c, end in zip(columns, ends, strict=True)
            ] == columns
            assert all(text[end : end + 1] in ("\t", "") for end in ends)
            some = [0, 3, 69]
            assert calls.column_ends(some) == [ends[k] for k in some]
    # the regex scan (a few samples) keeps no column bounds
    monkeypatch.setattr(decoding, "BULK_SAMPLES", 10_000)
    with pysam.VariantFile(str(vcf)) as records:
        assert decoding.RecordGenotypes(next(iter(records)), COHORT).column_ends([0]) is None
