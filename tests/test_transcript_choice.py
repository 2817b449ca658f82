"""MANE/canonical/Ensembl columns and VEP-like transcript choice: every
transcript by default, `--transcripts LIST`, `--pick` (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES

TRIO = str(EXAMPLES / "trio.GRCh38.vcf")


def jsonl(tmp_path, *args: str) -> list[dict]:
    out = tmp_path / "x.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "annotate", TRIO, "-q", "-o", str(out), *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text().splitlines()[1:]]


def test_mane_canonical_and_ensembl_columns_come_from_the_pack(tmp_path):
    rows = jsonl(tmp_path)
    flags = {
        r["transcript"]: (
            r["mane_select"],
            r["mane_plus_clinical"],
            r["canonical"],
            r["ensembl_transcript"],
        )
        for r in rows
        if r["transcript"]
    }
    # MANE v1.5 (data/transcripts.tsv, source S4); Ensembl canonical = MANE Select
    assert flags["NM_000516.7"] == (True, False, True, "ENST00000371085.8")
    assert flags["NM_080425.4"] == (False, True, False, "ENST00000371100.9")
    assert flags["NM_016592.5"] == (False, True, False, "ENST00000371075.7")
    assert flags["NM_001077489.4"] == (False, False, False, None)


def test_every_transcript_by_default(tmp_path):
    rows = jsonl(tmp_path)
    per_allele: dict[tuple[int, str], set[str]] = {}
    for r in rows:
        per_allele.setdefault((r["source_pos"], r["alt"]), set()).add(r["transcript"])
    assert max(len(t) for t in per_allele.values()) == 7  # the GNAS (not GNAS-AS1) models


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        ("NM_000516.7", {"NM_000516.7"}),
        ("NM_000516,NM_080425", {"NM_000516.7", "NM_080425.4"}),  # versionless
        ("ENST00000371075", {"NM_016592.5"}),  # by Ensembl ID
    ],
)
def test_transcripts_list_keeps_only_those(tmp_path, listed, expected):
    rows = jsonl(tmp_path, "--transcripts", listed)
    assert {r["transcript"] for r in rows if r["transcript"]} == expected
    everything = jsonl(tmp_path)
    assert {(r["source_pos"], r["alt"]) for r in rows} == {
        (r["source_pos"], r["alt"]) for r in everything
    }  # no allele disappears, even one that touches none of them


def test_an_unknown_transcript_is_a_usage_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "annotate", TRIO, "--transcripts", "NM_999.1"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "NM_999.1: not a GNAS transcript" in result.stderr


def test_pick_gives_one_transcript_per_allele_preferring_mane_select(tmp_path):
    rows = jsonl(tmp_path, "--pick")
    per_allele: dict[tuple[int, str], set[str | None]] = {}
    for r in rows:
        per_allele.setdefault((r["source_pos"], r["alt"]), set()).add(r["transcript"])
    assert all(len(t) == 1 for t in per_allele.values())
    # every example allele lies on NM_000516.7 (MANE Select), so VEP's order picks it
    assert {t for ts in per_allele.values() for t in ts} == {"NM_000516.7"}


def test_pick_falls_back_to_mane_plus_clinical_when_mane_select_is_not_among_them(tmp_path):
    rows = jsonl(tmp_path, "--pick", "--transcripts", "NM_080425.4,NM_001077489.4")
    assert {r["transcript"] for r in rows if r["transcript"]} == {"NM_080425.4"}
