"""Hostile `hgvs --batch` files: empty, a directory, a byte-order mark."""

from __future__ import annotations

from tests.bad_inputs.common import cli_error

from gnas_annot.cli.app import main


def test_empty_batch_file_is_refused_not_an_empty_success(tmp_path, capfd):
    batch = tmp_path / "b.txt"
    batch.write_text("\n# only a comment\n\n")
    cli_error(capfd, ["hgvs", "--batch", str(batch)], 3, "no HGVS description in it")


def test_directory_as_batch_is_refused(tmp_path, capfd):
    cli_error(capfd, ["hgvs", "--batch", str(tmp_path)], 3, "is a directory")


def test_byte_order_mark_does_not_spoil_the_first_description(tmp_path, capfd):
    batch = tmp_path / "b.txt"
    batch.write_bytes("\ufeffNM_000516.7:c.601C>T\nNM_000516.7:c.602G>A\n".encode())
    assert main(["hgvs", "--batch", str(batch), "--build", "GRCh38"]) == 0
    captured = capfd.readouterr()
    assert "2 descriptions, 2 named, 0 with errors" in captured.err
    rows = [line.split("\t") for line in captured.out.splitlines() if line[:1] in "12"]
    assert [(r[1], r[2]) for r in rows] == [
        ("NM_000516.7:c.601C>T", "ok"),
        ("NM_000516.7:c.602G>A", "ok"),
    ]


def test_dev_null_as_batch_is_empty_not_missing(capfd):
    # it used to say "input not found: /dev/null"
    cli_error(
        capfd, ["hgvs", "--batch", "/dev/null", "--build", "GRCh38"], 3, "no HGVS description"
    )


def test_process_substitution_as_batch_is_read_like_stdin(tmp_path):
    import subprocess
    import sys

    listed = tmp_path / "b.txt"
    listed.write_text("NM_000516.7:c.601C>T\nNM_000516.7:c.602G>A\n")
    command = f"{sys.executable} -m gnas_annot hgvs --batch <(cat {listed}) --build GRCh38"
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=120, text=True)
    assert result.returncode == 0, result.stderr  # it used to be "input not found: /dev/fd/63"
    rows = [ln for ln in result.stdout.splitlines() if not ln.startswith("##")][1:]
    assert [r.split("\t")[1] for r in rows] == ["NM_000516.7:c.601C>T", "NM_000516.7:c.602G>A"]
