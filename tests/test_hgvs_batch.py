"""`gnas-annot hgvs --batch FILE|-`: one row per description, a per-line error
that does not stop the batch (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys

BATCH = [
    "NM_000516.7:c.565_568del",  # 1: named (needs the reference for the 3' rule)
    "",  # 2: blank, skipped
    "# R201 hotspot",  # 3: comment, skipped
    "NM_000516.7:c.601G>T",  # 4: REF is C at c.601 (GRCh38 chr20:58909365)
    "nonsense",  # 5: not HGVS
    "NM_999999.1:c.1A>G",  # 6: not a GNAS transcript
    "NC_000020.10:g.57484421G>A",  # 7: GRCh37 g., named on both builds
    "NM_000516.7:c.9999C>T",  # 8: beyond the transcript
    "NM_000516.7:c.601C>T",  # 9: named
]


def batch(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gnas_annot", "hgvs", *args],
        input=stdin,
        capture_output=True,
        text=True,
    )


def tsv_rows(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if not line.startswith("##")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_one_row_per_description_and_errors_stay_on_their_line(tmp_path, partial_reference):
    source = tmp_path / "names.txt"
    source.write_text("\n".join(BATCH) + "\n")
    ref = str(partial_reference["GRCh38"])
    result = batch("--batch", str(source), "--reference", ref)
    assert result.returncode == 12  # some lines failed; the output is complete
    assert "7 descriptions, 3 named, 4 with errors" in result.stderr
    assert result.stdout.startswith("##gnas_annotVersion=")
    assert f"##gnas_annotReference=GRCh38:{ref}" in result.stdout
    rows = tsv_rows(result.stdout)
    assert [r["line"] for r in rows] == ["1", "4", "5", "6", "7", "8", "9"]
    by_line = {r["line"]: r for r in rows}
    assert by_line["1"]["status"] == "ok"
    assert by_line["1"]["hgvs_g"] == "NC_000020.11:g.58909196_58909199del"  # 3'-shifted
    assert (by_line["1"]["pos"], by_line["1"]["ref"], by_line["1"]["alt"]) == (
        "58909193",
        "GCTGA",
        "G",
    )  # left-aligned VCF allele, as in tests/test_writers.py
    assert by_line["4"]["error"].startswith("HgvsReferenceMismatchError:")
    assert by_line["5"]["error"].startswith("HgvsSyntaxError:")
    assert by_line["6"]["error"].startswith("UnknownTranscriptError:")
    assert by_line["8"]["error"].startswith("HgvsRangeError:")
    assert by_line["7"]["build"] == "GRCh37"
    assert by_line["7"]["hgvs_g_other_build"] == "NC_000020.11:g.58909366G>A"
    assert by_line["9"]["hgvs_c_mane_select"] == "NM_000516.7:c.601C>T"
    assert by_line["9"]["hgvs_p_mane_select"] == "NP_000507.1:p.(Arg201Cys)"
    for r in rows:
        assert (r["status"] == "ok") == (r["error"] == "")


def test_stdin_and_json_lines(partial_reference):
    text = "NM_000516.7:c.601C>T\nnot hgvs\n"
    result = batch(
        "--batch", "-", "--json", "--one-letter", "--reference", str(partial_reference["GRCh38"]),
        stdin=text,
    )  # fmt: skip
    assert result.returncode == 12
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["hgvs_p_mane_select"] == "NP_000507.1:p.(R201C)"
    assert first["transcripts"][0] == "NM_000516.7:c.601C>T"
    assert (second["line"], second["status"], second["pos"]) == (2, "error", None)


def test_an_all_good_batch_exits_0():
    result = batch("--batch", "-", stdin="NM_000516.7:c.601C>T\nNM_000516.7:c.602G>A\n")
    assert result.returncode == 0, result.stderr
    assert len(tsv_rows(result.stdout)) == 2


def test_a_missing_batch_file_is_an_input_error(tmp_path):
    result = batch("--batch", str(tmp_path / "absent.txt"))
    assert result.returncode == 3 and result.stderr.count("\n") == 1


def test_batch_and_a_description_together_is_a_usage_error():
    result = batch("NM_000516.7:c.601C>T", "--batch", "-", stdin="")
    assert result.returncode == 12 and "--batch FILE" in result.stderr
