"""After `data build` (or `data fetch`), `annotate` and `extract` use the cached
locus of the build the VCF header names, without --build (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES


def gnas(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", *args], capture_output=True, text=True, env=env
    )


def _cache(tmp_path, fasta):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("GNAS_ANNOT_REFERENCE", None)
    built = gnas("data", "build", "--fasta", str(fasta), env=env)
    assert built.returncode == 0, built.stderr
    return env, tmp_path / "cache" / "gnas_annot" / "reference" / "gnas_locus_GRCh38.fa.gz"


@pytest.fixture
def cached_grch38(tmp_path, partial_reference):
    return _cache(tmp_path, partial_reference["GRCh38"])


@pytest.fixture
def real_cached_grch38(tmp_path, real_reference):
    # the count of ok alleles depends on which flanking bases are known (real ones)
    return _cache(tmp_path, real_reference["GRCh38"])


def test_annotate_uses_the_cache_of_the_header_build_without_build_option(tmp_path, cached_grch38):
    env, cache = cached_grch38
    out = tmp_path / "trio.jsonl"
    result = gnas(
        "annotate",
        str(EXAMPLES / "trio.GRCh38.vcf"),
        "--ped",
        str(EXAMPLES / "trio.ped"),
        "-o",
        str(out),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert f"reference: {cache}" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()[1:]]
    hotspot = next(
        r for r in rows if r["transcript"] == "NM_000516.7" and r["source_pos"] == 58909195
    )
    assert hotspot["hgvs_c"] == "NM_000516.7:c.565_568del"
    assert (hotspot["pvs1_criterion"], hotspot["pvs1_strength"]) == ("NF1", "VeryStrong")


def test_extract_uses_the_cache_of_the_header_build_without_build_option(
    tmp_path, real_cached_grch38
):
    env, cache = real_cached_grch38
    result = gnas("extract", str(EXAMPLES / "trio.GRCh38.vcf"), env=env)
    assert result.returncode == 0, result.stderr
    assert f"reference: {cache}" in result.stderr
    assert "6 ok" in result.stderr  # unchecked without the cache: 0 ok


def test_a_cache_of_the_other_build_is_not_used(tmp_path, cached_grch38):
    env, _ = cached_grch38
    result = gnas("extract", str(EXAMPLES / "tumour.GRCh37.vcf"), env=env)
    assert result.returncode == 0, result.stderr
    assert "GRCh37" in result.stderr and "reference: none" in result.stderr
