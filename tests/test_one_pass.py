"""One pass: each record is read and normalized once, and its origin calls, mosaicism,
mechanism and reading come from the same record objects -- never from a second
reading joined back by the record's position in the stream.

The trio below has an STX16 variant (father 0/1, mother 0/0: paternal) in front of
a maternal R201C.  The STX16 record lies only in the ``gnas+stx16`` region, so a
join by stream position would give the STX16 variant R201C's call and R201C none.
STX16's REF is written ``N``: the test reference has no real base there, and a
base is never invented.
"""

from __future__ import annotations

import logging

import pytest

from conftest import write_vcf
from gnas_annot import Origin, annotate_vcf, assign_origin
from gnas_annot.annotate.results import rows
from gnas_annot.interpret.reading import Mechanism
from gnas_annot.io.vcf import VcfSource
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.output.annotated_vcf import write_vcf as write_annotated_vcf
from gnas_annot.output.tables import write_tsv
from trios import HET, HOM_REF, R201C, SAMPLES, line

G38 = GenomeBuild.GRCh38
STX16_POS = 58665000  # inside STX16 (GRCh38 58651283-58679526, data/regions.tsv)
STX16 = f"chr20\t{STX16_POS}\t.\tN\tA"
REGIONS = ("gnas", "gnas+stx16")
#: the origin each region must give each record (absent: outside the region)
EXPECTED = {
    "gnas": {58909365: Origin.MATERNAL},
    "gnas+stx16": {STX16_POS: Origin.PATERNAL, 58909365: Origin.MATERNAL},
}
PED = "F\tkid\tdad\tmum\t2\t2\nF\tdad\t0\t0\t1\t1\nF\tmum\t0\t0\t2\t1\n"


@pytest.fixture
def trio(tmp_path):
    body = line(STX16, HET, HET, HOM_REF) + line(R201C, HET, HOM_REF, HET)
    vcf = write_vcf(tmp_path / "trio.vcf", body, samples=SAMPLES)
    ped = tmp_path / "trio.ped"
    ped.write_text(PED)
    return vcf, ped


def _kid_origins(annotated) -> dict[int, Origin]:
    return {
        av.variant.source.pos: s.origin for av in annotated for s in av.samples if s.sample == "kid"
    }


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("family", ["ped", "trio"])
def test_each_origin_stays_on_its_own_record_in_every_region(
    trio, partial_reference, region, family
):
    vcf, ped = trio
    kw = {"ped": ped} if family == "ped" else {"trio": "kid,dad,mum"}
    annotated = list(annotate_vcf(vcf, reference=partial_reference[G38], region=region, **kw))
    assert _kid_origins(annotated) == EXPECTED[region]
    for av in annotated:  # the call is about this very allele
        [kid] = [s for s in av.samples if s.sample == "kid"]
        assert kid.origin_call is not None and kid.origin_call.variant.source is av.variant.source


@pytest.mark.parametrize("region", REGIONS)
def test_assign_origin_reads_the_region_it_is_given(trio, partial_reference, region):
    vcf, _ = trio
    calls = assign_origin(vcf, trio="kid,dad,mum", reference=partial_reference[G38], region=region)
    assert {c.variant.source.pos: c.origin for c in calls} == EXPECTED[region]


@pytest.mark.parametrize("region", REGIONS)
def test_annotate_many_keeps_each_origin_on_its_record(trio, partial_reference, tmp_path, region):
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("pyarrow")
    from gnas_annot import annotate_many
    from gnas_annot.output.parquet import read_dataset

    vcf, ped = trio
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=False,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        out = annotate_many(
            [vcf],
            output_dir=tmp_path / "ds",
            client=client,
            ped=ped,
            reference=partial_reference[G38],
            region=region,
        )
    got = {
        r["source_pos"]: r["origin"] for r in read_dataset(out).to_pylist() if r["sample"] == "kid"
    }
    assert got == {pos: origin.value for pos, origin in EXPECTED[region].items()}


def test_a_pedigree_run_opens_the_vcf_once(trio, partial_reference, monkeypatch):
    vcf, ped = trio
    opened = []
    real_init = VcfSource.__init__

    def counting(self, *args, **kwargs):
        opened.append(args[0] if args else kwargs.get("path"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(VcfSource, "__init__", counting)
    list(annotate_vcf(vcf, ped=ped, reference=partial_reference[G38], region="gnas+stx16"))
    assert len(opened) == 1


def test_origins_are_the_origin_enum_and_written_as_their_value(trio, partial_reference, tmp_path):
    vcf, ped = trio
    annotated = list(annotate_vcf(vcf, ped=ped, reference=partial_reference[G38]))
    assert all(isinstance(s.origin, Origin) for av in annotated for s in av.samples)
    out = tmp_path / "out.tsv"
    write_tsv(annotated, out)
    header, *lines = out.read_text().splitlines()
    sample, origin = header.split("\t").index("sample"), header.split("\t").index("origin")
    written = {(ln.split("\t")[sample], ln.split("\t")[origin]) for ln in lines}
    assert written == {("kid", "maternal"), ("mum", "unknown")}
    assert {(r["sample"], r["origin"]) for av in annotated for r in rows(av)} == written


# -- sites-only input: allele-level facts on the allele ---------------------------------------


def _sites_only(tmp_path, body):
    return write_vcf(tmp_path / "sites.vcf", body, samples=())


def test_a_sites_only_r201c_gets_its_mechanism_and_a_reading(tmp_path, partial_reference):
    vcf = _sites_only(tmp_path, "chr20\t58909365\trs1\tC\tT\t.\tPASS\t.\n")
    [av] = annotate_vcf(vcf, reference=partial_reference[G38])
    assert av.samples == ()  # sample-level facts belong to samples: there are none
    assert av.mechanism is Mechanism.ACTIVATING
    assert av.interpretation is not None
    assert "McCune-Albright" in av.interpretation.summary
    assert av.interpretation.origin == Origin.UNKNOWN
    table = list(rows(av))
    assert table and all(r["sample"] is None and r["origin"] is None for r in table)
    assert {r["mechanism"] for r in table} == {"activating"}
    assert all("McCune-Albright" in r["interpretation"] for r in table)
    assert all(r["conditions"] for r in table)


def test_a_sites_only_vcf_carries_the_mechanism_in_info(tmp_path, partial_reference):
    vcf = _sites_only(tmp_path, "chr20\t58909365\trs1\tC\tT\t.\tPASS\t.\n")
    annotated = list(annotate_vcf(vcf, reference=partial_reference[G38]))
    out = tmp_path / "out.vcf"
    with VcfSource(vcf) as source:
        write_annotated_vcf(annotated, source.header, out)
    record = next(line for line in out.read_text().splitlines() if not line.startswith("#"))
    entries = record.split("GNAS=", 1)[1].split(";")[0].split(",")
    mechanism = out.read_text().split("Format: ", 1)[1].split('"')[0].split("|").index("Mechanism")
    assert {e.split("|")[mechanism] for e in entries} == {"activating"}


def test_a_sites_only_loss_of_function_reading_names_both_parents(tmp_path, partial_reference):
    """c.565_568del: the reading without a sample says what each parent would mean."""
    vcf = _sites_only(tmp_path, "chr20\t58909193\t.\tGCTGA\tG\t.\tPASS\t.\n")
    [av] = annotate_vcf(vcf, reference=partial_reference[G38])
    assert av.mechanism is Mechanism.LOSS_OF_FUNCTION
    assert av.interpretation is not None
    assert "PHP1A if maternal, PPHP/POH if paternal" in av.interpretation.summary


def test_carriers_keep_their_own_reading_beside_the_alleles(tmp_path, partial_reference):
    """The allele's mechanism is every carrier's mechanism; the reading differs by origin."""
    vcf = write_vcf(
        tmp_path / "trio.vcf",
        line("chr20\t58909193\t.\tGCTGA\tG", HET, HOM_REF, HET),
        samples=SAMPLES,
    )
    [av] = annotate_vcf(vcf, trio="kid,dad,mum", reference=partial_reference[G38])
    kid = next(s for s in av.samples if s.sample == "kid")
    assert kid.interpretation is not None and av.interpretation is not None
    assert kid.interpretation.mechanism is av.mechanism is Mechanism.LOSS_OF_FUNCTION
    assert kid.origin is Origin.MATERNAL
    assert "PHP1A" in kid.interpretation.summary and "PPHP" not in kid.interpretation.summary
