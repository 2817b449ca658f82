"""One Pack object per data directory, verified against its manifest when loaded."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from conftest import EXAMPLES
from gnas_annot.errors import DataPackIntegrityError
from gnas_annot.pack import files
from gnas_annot.pack.files import write_manifest
from gnas_annot.pack.locus import load_locus
from gnas_annot.pack.store import load_pack

TABLES = sorted(
    name
    for name in files.read_manifest()["files"]
    if name.endswith(".tsv")  # type: ignore[union-attr]
)


@pytest.fixture
def pack_copy(tmp_path, monkeypatch):
    copy = tmp_path / "pack"
    shutil.copytree(files.data_dir(), copy)
    monkeypatch.setenv(files.DATA_ENV, str(copy))
    return copy


def _flip_one_byte(path, needle: bytes) -> None:
    data = path.read_bytes()
    at = data.index(needle)
    path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])


@pytest.mark.parametrize("table", TABLES)
def test_one_changed_byte_in_any_table_refuses_the_pack_on_load(pack_copy, table):
    # a byte inside the last data line, so the table still parses
    _flip_one_byte(pack_copy / table, (pack_copy / table).read_bytes().rstrip()[-1:])
    with pytest.raises(DataPackIntegrityError, match=rf"{table} in .* has sha256") as info:
        load_pack()
    assert "\n" not in str(info.value) and "make manifest" in str(info.value)
    with pytest.raises(DataPackIntegrityError):
        load_locus("GRCh38")  # every reader of the pack goes through the same check


def test_annotate_refuses_a_tampered_pack_with_exit_8_and_one_line(pack_copy, tmp_path):
    # one exon shifted by one byte ('58909350' -> '58909351'): would rename R201C
    models = pack_copy / "transcript_models.tsv"
    text = models.read_bytes()
    models.write_bytes(text.replace(b"58909350-", b"58909351-", 1))
    result = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "annotate", str(EXAMPLES / "trio.GRCh38.vcf")],
        capture_output=True,
        text=True,
        env={**_env(), files.DATA_ENV: str(pack_copy)},
    )
    assert result.returncode == 8, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "transcript_models.tsv" in lines[0] and "manifest" in lines[0]


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_switching_the_data_directory_gives_that_pack(pack_copy, tmp_path, monkeypatch):
    edited_dir = tmp_path / "edited"
    shutil.copytree(pack_copy, edited_dir)
    table = edited_dir / "conditions.tsv"
    table.write_text(table.read_text().replace("Progressive osseous heteroplasia", "POH (edited)"))
    write_manifest(edited_dir, "edited")
    ours = load_pack()
    monkeypatch.setenv(files.DATA_ENV, str(edited_dir))
    edited = load_pack()
    assert edited is not ours and edited.version == "edited"
    assert edited.condition("POH").name == "POH (edited)"
    assert edited.locus("GRCh38") is not ours.locus("GRCh38")  # no stale locus either
    monkeypatch.delenv(files.DATA_ENV)
    shipped = load_pack()
    assert shipped.condition("POH").name == "Progressive osseous heteroplasia"
    monkeypatch.setenv(files.DATA_ENV, str(edited_dir))
    assert load_pack() is edited  # loaded once per directory
    assert load_pack(edited_dir) is edited


def test_the_pack_is_loaded_once_and_the_check_costs_little(tmp_path):
    copy = tmp_path / "pack"
    shutil.copytree(files.data_dir(), copy)
    started = time.perf_counter()
    first = load_pack(copy)
    load_cost = time.perf_counter() - started
    assert load_pack(copy) is first
    started = time.perf_counter()
    for _ in range(1000):
        load_pack(copy)
    lookup_cost = (time.perf_counter() - started) / 1000
    # generous bounds for a shared 2-core machine; measured ~8 ms and ~4 us
    assert load_cost < 1.0 and lookup_cost < 0.001
