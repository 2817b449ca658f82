"""Finding the pack, checksums and tamper detection."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gnas_annot.errors import DataPackError, DataPackIntegrityError
from gnas_annot.pack import files
from gnas_annot.pack.locus import load_locus


@pytest.fixture
def pack_copy(tmp_path, monkeypatch):
    copy = tmp_path / "pack"
    shutil.copytree(files.data_dir(), copy)
    monkeypatch.setenv(files.DATA_ENV, str(copy))
    return copy


def test_every_pack_file_matches_its_manifest_checksum():
    checked = files.verify_checksums()
    assert set(files.PACK_TABLES) <= set(checked)
    assert "examples/trio.GRCh38.vcf" in checked


def test_an_edited_table_fails_verification(pack_copy):
    table = pack_copy / "regions.tsv"
    table.write_text(table.read_text().replace("58839718", "58839719"))
    with pytest.raises(DataPackIntegrityError, match=r"regions\.tsv in .* has sha256"):
        files.verify_checksums()


def test_an_inconsistent_model_fails_loading_even_with_a_fresh_manifest(pack_copy):
    models = pack_copy / "transcript_models.tsv"
    # move the GRCh38 stop codon by one base: no longer whole codons
    models.write_text(
        models.read_text().replace("58891727\t58910829\tverified", "58891727\t58910828\tverified")
    )
    files.write_manifest(pack_copy, "test")
    with pytest.raises(DataPackIntegrityError, match="not whole codons"):
        load_locus("GRCh38")


def test_a_malformed_row_is_reported(pack_copy):
    table = pack_copy / "transcripts.tsv"
    table.write_text(table.read_text() + "NM_1\tGNAS\n")
    with pytest.raises(DataPackIntegrityError, match="different number of columns"):
        list(files.read_table("transcripts.tsv"))


def test_an_override_without_a_pack_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setenv(files.DATA_ENV, str(tmp_path))
    with pytest.raises(DataPackError, match="does not hold a data pack"):
        files.data_dir()


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (("ba1\t0.05", "ba1\tfive"), "missing or not a number"),
        (("pm2\t0.0", "pm2\t0.5"), "0 <= pm2 < ba1 <= 1"),
        (("ba1\t0.05", "ba1\t1.5"), "0 <= pm2 < ba1 <= 1"),
    ],
)
def test_frequency_settings_out_of_range_fail_loading_even_with_a_fresh_manifest(
    pack_copy, edit, why
):
    from gnas_annot.pack.store import load_pack

    table = pack_copy / "population_frequency.tsv"
    table.write_text(table.read_text().replace(*edit))
    files.write_manifest(pack_copy, "test")
    with pytest.raises(DataPackIntegrityError, match=why):
        load_pack(pack_copy)


def test_the_population_flags_read_the_packs_frequency_settings():
    from gnas_annot.known.evidence import frequency_evidence
    from gnas_annot.pack.facts import FrequencyThresholds
    from gnas_annot.pack.store import load_pack

    assert load_pack().frequency == FrequencyThresholds(ba1=0.05, pm2=0.0)
    fields = {"G_AF": "0.06"}
    assert [e.code for e in frequency_evidence(fields, "G", load_pack().frequency)] == ["BA1"]
    stricter = FrequencyThresholds(ba1=0.1, pm2=0.0)
    assert [e.code for e in frequency_evidence(fields, "G", stricter)] == []


def test_a_package_imported_from_a_zip_finds_its_pack_through_importlib_resources(tmp_path):
    # data_dir looks beside the package on disk first; a zipped package has no such
    # folder on disk, and importlib.resources reads it from the archive
    src = Path(files.__file__).resolve().parents[1]
    archive = tmp_path / "gnas_annot.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in src.rglob("*.py"):
            out.write(path, f"gnas_annot/{path.relative_to(src)}")
        pack = Path(files.data_dir())
        for path in pack.rglob("*"):
            if path.is_file():
                out.write(path, f"gnas_annot/data/{path.relative_to(pack)}")
    code = (
        "import gnas_annot.pack.files as f; d = f.data_dir(); "
        "print(type(d).__module__, d.joinpath('manifest.json').is_file(), "
        "len(f.verify_checksums()))"
    )
    env = {k: v for k, v in os.environ.items() if k != files.DATA_ENV}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PYTHONPATH": str(archive)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    kind, found, checked = done.stdout.split()
    assert kind == "zipfile" and found == "True"
    assert int(checked) == len(files.read_manifest()["files"])
