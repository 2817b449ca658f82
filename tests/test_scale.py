"""annotate_many: many VCFs on a local Dask cluster into one partitioned Parquet dataset."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pyarrow.compute as pc
import pytest
from distributed import Client, LocalCluster

from conftest import write_vcf
from gnas_annot import annotate_many, annotate_vcf
from gnas_annot.annotate.results import COLUMNS, rows
from gnas_annot.errors import AnnotateManyError, GnasAnnotError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.pedigree import Pedigree
from gnas_annot.output.parquet import (
    SOURCE,
    dataset_schema,
    partition_dir,
    read_dataset,
    row_schema,
)
from gnas_annot.pack.locus import load_locus
from gnas_annot.scale.chunks import sample_chunks
from gnas_annot.scale.many import FAILURES_FILE

REPO = Path(__file__).resolve().parents[1]
FORMAT = "GT:AD:DP:GQ"
# real GNAS alleles, REF bases as in the reference: p.Arg201Cys, p.Arg201His, the
# c.565_568del hotspot (written left of its 3'-shifted position)
R201C = ("58909365", "C", "T")
R201H = ("58909366", "G", "A")
HOTSPOT = ("58909193", "GCTGA", "G")
HET, REF, HOM = "0/1:20,18:38:99", "0/0:30,0:30:99", "1/1:0,30:30:99"


def _record(site: tuple[str, str, str], calls: list[str], ident: str = ".") -> str:
    pos, ref, alt = site
    return "\t".join(["chr20", pos, ident, ref, alt, "50", "PASS", ".", FORMAT, *calls]) + "\n"


def _trio_vcf(path: Path, family: str) -> Path:
    """Child het for all three; mother het for the hotspot, father for R201H; R201C de novo."""
    kid, dad, mum = f"{family}_KID", f"{family}_DAD", f"{family}_MUM"
    body = (
        _record(HOTSPOT, [HET, REF, HET])
        + _record(R201C, [HET, REF, REF])
        + _record(R201H, [HET, HET, REF])
    )
    return write_vcf(path, body, samples=(kid, dad, mum))


def _ped(families: list[str]) -> str:
    return "".join(
        f"{f}\t{f}_KID\t{f}_DAD\t{f}_MUM\t2\t2\n{f}\t{f}_DAD\t0\t0\t1\t1\n{f}\t{f}_MUM\t0\t0\t2\t1\n"
        for f in families
    )


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Three trio VCFs, one single-sample VCF, one sites-only VCF, and a PED of the trios."""
    folder = tmp_path_factory.mktemp("many")
    families = ["F1", "F2", "F3"]
    paths = [_trio_vcf(folder / f"{f}.vcf", f) for f in families]
    paths.append(
        write_vcf(folder / "tumour.vcf", _record(R201C, ["0/1:80,20:100:99"]), samples=("T1",))
    )
    paths.append(
        write_vcf(
            folder / "sites.vcf",
            "chr20\t58909365\trs1\tC\tT\t.\tPASS\t.\n",
            samples=(),
        )
    )
    ped = folder / "cohort.ped"
    ped.write_text(_ped(families))
    return paths, ped


def _serial(path: Path, reference: Path, ped: Path | None = None) -> list[dict]:
    return [row for av in annotate_vcf(path, ped=ped, reference=reference) for row in rows(av)]


def _partition(table, name: str) -> list[dict]:
    part = table.filter(pc.equal(table[SOURCE], name)).drop_columns([SOURCE])
    return part.to_pylist()


def _key(row: dict) -> tuple:
    return tuple(json.dumps(row[k]) for k in COLUMNS)


def _provenance(part: Path) -> dict[str, str]:
    """The gnas_annot.* key-value metadata of one Parquet file."""
    import pyarrow.parquet as pq

    meta = pq.read_schema(part).metadata or {}
    return {k.decode(): v.decode() for k, v in meta.items() if k.startswith(b"gnas_annot.")}


def _assert_provenance(part: Path, vcf: Path, reference: Path) -> None:
    from gnas_annot import __version__

    given = _provenance(part)
    assert given["gnas_annot.version"] == __version__
    assert given["gnas_annot.build"] == "GRCh38"
    assert given["gnas_annot.region"] == str(
        load_locus(GenomeBuild.GRCh38).extraction_region("gnas")
    )
    assert given["gnas_annot.reference"] == str(reference)
    assert given["gnas_annot.data_pack"]
    assert given["gnas_annot.command"].startswith("gnas_annot.annotate_many(path=")
    assert repr(str(vcf)) in given["gnas_annot.command"]  # the input, not a chunk of it


def test_dataset_has_every_input_with_the_rows_annotate_vcf_gives(
    client, cohort, partial_reference, tmp_path
):
    paths, ped = cohort
    reference = partial_reference["GRCh38"]
    out = annotate_many(
        paths, output_dir=tmp_path / "ds", client=client, ped=ped, reference=reference
    )
    assert out == tmp_path / "ds"
    assert not (out / FAILURES_FILE).exists() and not (out / "_staging").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"source={p.name}" for p in paths)
    table = read_dataset(out)
    assert table.schema.names == [*COLUMNS, SOURCE]
    for path in paths:
        family = Pedigree.read(ped) if path.stem.startswith("F") else None
        if family is not None:  # the serial run gets just this file's family
            family = Pedigree(
                tuple(m for m in family.members if m.family == path.stem), family.source
            )
        assert _partition(table, path.name) == _serial(path, reference, family), path.name

    trio = _partition(table, "F2.vcf")
    kid = {(r["source_pos"], r["transcript"]): r for r in trio if r["sample"] == "F2_KID"}
    origins = {pos: kid[(pos, "NM_000516.7")]["origin"] for pos in (58909193, 58909365, 58909366)}
    assert origins == {58909193: "maternal", 58909365: "de_novo_unphased", 58909366: "paternal"}
    assert kid[(58909365, "NM_000516.7")]["hgvs_p"] == "NP_000507.1:p.(Arg201Cys)"
    assert {r["sample"] for r in trio} == {"F2_KID", "F2_DAD", "F2_MUM"}
    tumour = _partition(table, "tumour.vcf")
    assert {(r["sample"], r["origin"]) for r in tumour} == {("T1", "unknown")}
    sites = _partition(table, "sites.vcf")
    assert sites and all(r["sample"] is None for r in sites)
    for path in paths:  # every partition file says what made it
        (part,) = partition_dir(out, path.name).iterdir()
        _assert_provenance(part, path, reference)


def test_a_failed_input_is_recorded_and_the_others_are_written(
    client, cohort, partial_reference, tmp_path
):
    paths, _ = cohort
    good = paths[3]
    broken = tmp_path / "broken.vcf"
    broken.write_text("this is not a VCF\n")
    out = tmp_path / "ds"
    stale = partition_dir(out, broken.name)
    stale.mkdir(parents=True)
    (stale / "part-00000.parquet").write_bytes(b"from an earlier run")
    with pytest.raises(AnnotateManyError) as caught:
        annotate_many(
            [broken, good, tmp_path / "missing.vcf"],
            output_dir=out,
            client=client,
            reference=partial_reference["GRCh38"],
        )
    error = caught.value
    assert isinstance(error, GnasAnnotError)
    assert "2 of 3 input(s) failed" in str(error) and str(out / FAILURES_FILE) in str(error)
    recorded = json.loads((out / FAILURES_FILE).read_text())
    assert recorded == error.failures
    assert [(f[SOURCE], f["error"], f["exit_code"]) for f in recorded] == [
        ("broken.vcf", "MalformedHeaderError", 4),
        ("missing.vcf", "InputNotFoundError", 3),
    ]
    assert error.exit_code == 1  # two different codes
    assert not stale.exists()  # the dataset matches this run
    assert {r[SOURCE] for r in read_dataset(out).to_pylist()} == {good.name}

    # fixed inputs: a second run replaces partitions and clears the failure record
    annotate_many([good], output_dir=out, client=client, reference=partial_reference["GRCh38"])
    assert not (out / FAILURES_FILE).exists()
    assert len(list(partition_dir(out, good.name).iterdir())) == 1


def test_a_crashed_task_is_an_internal_error_of_its_input_only(
    cohort, partial_reference, tmp_path, monkeypatch
):
    import gnas_annot.scale.tasks

    paths, _ = cohort
    real = gnas_annot.scale.tasks.AnnotationRun

    def crashing(path, **kwargs):
        if Path(path).name == "tumour.vcf":
            raise ZeroDivisionError("a bug")
        return real(path, **kwargs)

    monkeypatch.setattr(gnas_annot.scale.tasks, "AnnotationRun", crashing)
    with (  # threads in this process, so that the patch applies
        LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster,
        Client(cluster) as threads,
        pytest.raises(AnnotateManyError) as caught,
    ):
        annotate_many(
            paths[3:], output_dir=tmp_path, client=threads, reference=partial_reference["GRCh38"]
        )
    assert caught.value.failures == [
        {
            "path": str(paths[3]),
            SOURCE: "tumour.vcf",
            "error": "ZeroDivisionError",
            "exit_code": 70,
            "message": "internal error: a bug",
        }
    ]
    assert caught.value.exit_code == 70
    assert {r[SOURCE] for r in read_dataset(tmp_path).to_pylist()} == {"sites.vcf"}


def test_a_joint_called_cohort_in_sample_chunks_equals_the_serial_run(
    client, partial_reference, tmp_path
):
    """4 trios + 5 unrelated samples, chunks of 5: families are never split, and the
    rows are those of one annotate_vcf; without the PED too, where the rows of the
    allele nobody carries are written once, not once per chunk."""
    families = ["A", "B", "C", "D"]
    samples = [f"{f}_{who}" for f in families for who in ("DAD", "KID", "MUM")]
    samples += [f"U{i}" for i in range(5)]
    calls = {
        HOTSPOT: {"A_KID": HET, "A_MUM": HET, "C_KID": HET, "C_DAD": HET, "U1": HET},
        R201C: {"B_KID": HET, "D_KID": HOM, "D_DAD": HET, "D_MUM": HET, "U4": HET},
        R201H: {},  # nobody carries it: one sample-less row per transcript, as serially
    }
    body = "".join(
        _record(site, [carriers.get(s, REF) for s in samples], f"id{n}")
        for n, (site, carriers) in enumerate(calls.items())
    )
    vcf = write_vcf(tmp_path / "joint.vcf", body, samples=tuple(samples))
    ped = tmp_path / "joint.ped"
    ped.write_text(_ped(families))
    reference = partial_reference["GRCh38"]
    chunks = sample_chunks(samples, Pedigree.read(ped), 5)
    assert [[samples[i] for i in c] for c in chunks][:2] == [
        ["A_DAD", "A_KID", "A_MUM"],
        ["B_DAD", "B_KID", "B_MUM"],
    ]
    assert sorted(i for c in chunks for i in c) == list(range(len(samples)))

    for pedigree in (ped, None):
        out = annotate_many(
            [vcf], output_dir=tmp_path / f"ds{pedigree is None}", client=client, ped=pedigree,
            reference=reference, chunk_samples=5,
        )  # fmt: skip
        got = _partition(read_dataset(out), vcf.name)
        want = _serial(vcf, reference, pedigree)
        assert sorted(map(_key, got)) == sorted(map(_key, want))
        parts = list(partition_dir(out, vcf.name).iterdir())
        nobody = [r for r in got if r["source_pos"] == 58909366]
        # only carriers get rows (children too): the allele nobody carries has its
        # sample-less rows once, with the allele's own mechanism and reading
        n_chunks = len(chunks) if pedigree is not None else 4  # 17 samples by 5, no families
        assert len(parts) == n_chunks + 1
        for part in parts:  # the chunks' files and the file of rows nobody carries
            _assert_provenance(part, vcf, reference)
        assert nobody and all(r["sample"] is None for r in nobody)
        assert {r["mechanism"] for r in nobody} == {"activating"}
        if pedigree is not None:
            kid = {
                (r["sample"], r["source_pos"]): r["origin"]
                for r in got
                if r["transcript"] == "NM_000516.7"
            }
            assert kid[("A_KID", 58909193)] == "maternal"
            assert kid[("C_KID", 58909193)] == "paternal"
            assert kid[("B_KID", 58909365)] == "de_novo_unphased"
            assert kid[("U4", 58909365)] == "unknown"


def test_without_a_client_it_starts_and_stops_its_own_cluster(cohort, partial_reference, tmp_path):
    paths, _ = cohort
    out = annotate_many(
        paths[3:], output_dir=tmp_path / "ds", reference=partial_reference["GRCh38"]
    )
    assert {r[SOURCE] for r in read_dataset(out).to_pylist()} == {p.name for p in paths[3:]}


def test_inputs_are_told_apart_by_file_name(tmp_path):
    with pytest.raises(GnasAnnotError, match=r"same file name 'x\.vcf'"):
        annotate_many([tmp_path / "a" / "x.vcf", tmp_path / "b" / "x.vcf"], output_dir=tmp_path)


@pytest.mark.parametrize("module", ["distributed", "pyarrow"])
def test_missing_optional_dependencies_name_the_extra(monkeypatch, tmp_path, module):
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    with pytest.raises(GnasAnnotError, match=r"gnas-annot\[scale\]"):
        annotate_many([tmp_path / "x.vcf"], output_dir=tmp_path / "ds")


def test_the_arrow_schema_follows_the_json_schema():
    properties = json.loads((REPO / "docs" / "output.schema.json").read_text())["properties"]
    arrow = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool"}
    for column in row_schema():
        kind = properties[column.name]["type"]
        kind = next(k for k in kind if k != "null") if isinstance(kind, list) else kind
        expected = "list<item: string>" if kind == "array" else arrow[kind]
        assert str(column.type) == expected, column.name
    assert dataset_schema().names == [*COLUMNS, SOURCE]
