"""Normalized VCF output: identical to `bcftools norm -m -any -f REF` on the same input."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pysam
import pytest

from conftest import write_vcf
from facts import c_to_g
from gnas_annot.errors import OutputError
from gnas_annot.extract.extractor import Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.output.normalized_vcf import write_vcf as write_normalized
from gnas_annot.pack.locus_fasta import write_partial_fasta

G38 = GenomeBuild.GRCh38
SYNTH_START, SYNTH_END = 58_905_001, 58_911_000


@pytest.fixture(scope="module")
def synthetic_reference(tmp_path_factory) -> tuple[Path, str]:
    """MECHANISM TEST ONLY: a random chr20 stretch rich in tandem repeats, placed
    inside the GNAS region so extraction picks it up. These are not real bases."""
    rng = random.Random(20261127)
    parts: list[str] = []
    while sum(map(len, parts)) < SYNTH_END - SYNTH_START + 1:
        unit = "".join(rng.choice("ACGT") for _ in range(rng.choice([1, 1, 2, 3, 4, 6])))
        parts.append(
            unit * rng.randint(1, 8) + "".join(rng.choice("ACGT") for _ in range(rng.randint(0, 6)))
        )
    seq = "".join(parts)[: SYNTH_END - SYNTH_START + 1]
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.fa.gz"
    write_partial_fasta(path, "chr20", G38.chr20_length, {SYNTH_START: seq}, "synthetic")
    return path, seq


def _random_records(seq: str, n: int, seed: int) -> str:
    """Indels, MNPs and SNVs written in deliberately non-normalized forms."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        offset = rng.randint(20, len(seq) - 40)
        pos = SYNTH_START + offset
        left, right = rng.randint(0, 3), rng.randint(0, 6)
        kind = rng.choice(["del", "ins", "snv", "mnp", "delins", "multi"])
        core_len = rng.randint(1, 8)
        core = seq[offset : offset + core_len]
        if kind == "del":
            alleles = [""]
        elif kind == "ins":
            core = ""
            alleles = ["".join(rng.choice("ACGT") for _ in range(rng.randint(1, 6)))]
            if rng.random() < 0.5:  # a duplication of the next bases
                alleles = [seq[offset : offset + rng.randint(1, 6)]]
        elif kind == "snv":
            core = seq[offset]
            alleles = [rng.choice([b for b in "ACGT" if b != core])]
        elif kind == "mnp":
            alleles = ["".join(rng.choice("ACGT") for _ in core)]
        elif kind == "delins":
            alleles = ["".join(rng.choice("ACGT") for _ in range(rng.randint(1, 5)))]
        else:
            alleles = ["", seq[offset : offset + rng.randint(1, 4)] + core]
        start = pos - left - (1 if not core or "" in alleles else 0)
        prefix = seq[start - SYNTH_START : offset]
        suffix = seq[offset + len(core) : offset + len(core) + right]
        ref = prefix + core + suffix
        alts = []
        for a in alleles:
            alt = prefix + a + suffix
            if alt != ref and alt and alt not in alts:
                alts.append(alt)
        if not alts or not ref:
            continue
        gts = "\t".join(
            rng.choice(["0/1", "1/1", "0|1", "./.", f"1/{len(alts)}"]) for _ in range(2)
        )
        lines.append(
            (start, f"chr20\t{start}\tv{i}\t{ref}\t{','.join(alts)}\t50\tPASS\t.\tGT\t{gts}\n")
        )
    return "".join(line for _, line in sorted(lines))


def _rows(path: Path) -> list[tuple[int, str, str, str, tuple]]:
    with pysam.VariantFile(str(path)) as vcf:
        return sorted(
            (r.pos, r.ref, r.alts[0], r.id, tuple(tuple(s["GT"]) for s in r.samples.values()))
            for r in vcf
        )


def test_normalization_matches_bcftools_norm_on_a_repeat_rich_sequence(
    tmp_path, synthetic_reference, bcftools
):
    ref, seq = synthetic_reference
    source = write_vcf(tmp_path / "in.vcf", _random_records(seq, 600, seed=7), samples=("A", "B"))
    expected = tmp_path / "bcftools.vcf"
    subprocess.run(
        [bcftools, "norm", "-m", "-any", "-f", str(ref), "-o", str(expected), str(source)],
        check=True,
        capture_output=True,
    )
    ours = tmp_path / "ours.vcf.gz"
    with Extractor(source, reference=ref) as ex:
        write_normalized(ex.records(), ex.source.header, ours)
    assert len(_rows(expected)) > 500
    assert _rows(ours) == _rows(expected)


def test_real_exon_indels_match_bcftools_where_the_reference_is_known(
    tmp_path, partial_reference, bcftools
):
    """Indels in Gs-alpha exons 2-13 (real bases); shifts that would need an
    unknown intronic base are ours to refuse, so they are left out."""
    rng = random.Random(3)
    fasta = pysam.FastaFile(str(partial_reference[G38]))
    lines = []
    for _ in range(300):
        c = rng.randint(150, 1170)
        pos = c_to_g(c, "GRCh38")
        ref = fasta.fetch("chr20", pos - 1, pos + rng.randint(1, 6)).upper()
        if "N" in ref:
            continue
        alt = ref[0] if rng.random() < 0.6 else ref + ref[1:3]
        lines.append((pos, f"chr20\t{pos}\tc{c}\t{ref}\t{alt}\t.\tPASS\t.\tGT\t0/1\n"))
    source = write_vcf(tmp_path / "in.vcf", "".join(line for _, line in sorted(set(lines))))
    expected = tmp_path / "bcftools.vcf"
    subprocess.run(
        [
            bcftools,
            "norm",
            "-m",
            "-any",
            "-f",
            str(partial_reference[G38]),
            "-o",
            str(expected),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    ours = tmp_path / "ours.vcf"
    with Extractor(source, reference=partial_reference[G38]) as ex:
        write_normalized(ex.records(), ex.source.header, ours)
    with pysam.VariantFile(str(ours)) as vcf:
        refused = {r.id for r in vcf if r.info["GNAS_STATUS"] != "ok"}
    assert len(refused) < 0.1 * len(lines)
    keep = [row for row in _rows(expected) if row[3] not in refused]
    assert [row for row in _rows(ours) if row[3] not in refused] == keep


def test_split_records_subset_info_and_ad_and_recode_gt_like_bcftools(tmp_path, partial_reference):
    body = "chr20\t58909365\trs\tC\tT,A\t.\tPASS\tAC=3,4;ADR=10,6,4\tGT:AD:DP\t1/2:10,6,4:20\n"
    out = tmp_path / "out.vcf"
    with Extractor(write_vcf(tmp_path / "a.vcf", body), reference=partial_reference[G38]) as ex:
        assert write_normalized(ex.records(), ex.source.header, out) == 2
    with pysam.VariantFile(str(out)) as vcf:
        t, a = list(vcf)
    assert (t.alts, t.info["AC"], t.info["ADR"], t.samples[0]["AD"]) == (
        ("T",),
        (3,),
        (10, 6),
        (10, 6),
    )
    assert (a.alts, a.info["AC"], a.info["ADR"], a.samples[0]["AD"]) == (
        ("A",),
        (4,),
        (10, 4),
        (10, 4),
    )
    assert t.samples[0]["GT"] == (1, 0) and a.samples[0]["GT"] == (0, 1)
    assert t.info["GNAS_SOURCE"] == "chr20|58909365|C|T%2CA"


def test_unnormalizable_records_are_written_with_status_and_reason(tmp_path):
    body = (
        "chr20\t58909365\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n"
        "chr20\t58909366\t.\tG\t*\t.\tPASS\t.\tGT\t0/1\n"
    )
    out = tmp_path / "out.vcf.gz"
    with Extractor(write_vcf(tmp_path / "a.vcf", body), build="GRCh38") as ex:
        write_normalized(ex.records(), ex.source.header, out)
    assert Path(str(out) + ".tbi").is_file()
    with pysam.VariantFile(str(out)) as vcf:
        statuses = [(r.pos, r.info["GNAS_STATUS"], "GNAS_REASON" in r.info) for r in vcf]
    assert statuses == [
        (58909365, "reference_unavailable", True),
        (58909366, "spanning_deletion", True),
    ]


def test_output_is_position_sorted_after_left_shifts(tmp_path, partial_reference):
    body = (
        "chr20\t58909195\t.\tTGACT\tT\t.\tPASS\t.\tGT\t0/1\n"
        "chr20\t58909194\t.\tC\tA\t.\tPASS\t.\tGT\t0/1\n"
    )
    out = tmp_path / "out.bcf"
    with Extractor(write_vcf(tmp_path / "a.vcf", body), reference=partial_reference[G38]) as ex:
        write_normalized(ex.records(), ex.source.header, out)
    assert Path(str(out) + ".csi").is_file()
    with pysam.VariantFile(str(out)) as vcf:
        assert [r.pos for r in vcf] == [58909193, 58909194]


def test_failed_write_leaves_no_partial_file(tmp_path):
    out = tmp_path / "out.vcf.gz"
    out.write_text("previous result")

    def broken():
        with Extractor(
            write_vcf(tmp_path / "a.vcf", "chr20\t58909365\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n"),
            build="GRCh38",
        ) as ex:
            yield from ex.records()
            raise OSError("disk full")

    with (
        Extractor(write_vcf(tmp_path / "b.vcf", ""), build="GRCh38") as ex,
        pytest.raises(OutputError),
    ):
        write_normalized(broken(), ex.source.header, out)
    assert out.read_text() == "previous result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.vcf", "b.vcf", "out.vcf.gz"]
