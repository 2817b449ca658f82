"""A tampered or inconsistent data pack is refused by every command that reads it
(exit 8, one line naming the file and the fix), not only by ``data verify``."""

from __future__ import annotations

import shutil

import pytest

from bad_inputs.common import cli_error
from conftest import EXAMPLES
from gnas_annot.pack import files
from gnas_annot.pack.files import write_manifest

TRIO = str(EXAMPLES / "trio.GRCh38.vcf")
COMMANDS = {
    "annotate": ["annotate", TRIO],
    "origin": ["origin", TRIO, "--ped", str(EXAMPLES / "trio.ped")],
    "extract": ["extract", TRIO],
    "hgvs": ["hgvs", "NM_000516.7:c.601C>T"],
    "data verify": ["data", "verify"],
}


@pytest.fixture
def pack_copy(tmp_path, monkeypatch):
    copy = tmp_path / "pack"
    shutil.copytree(files.data_dir(), copy)
    monkeypatch.setenv(files.DATA_ENV, str(copy))
    return copy


@pytest.mark.parametrize("command", COMMANDS)
def test_one_shifted_exon_base_is_refused_by_every_command(pack_copy, capfd, command, tmp_path):
    # exon 8 of NM_000516.7 moved by one base (GRCh38): R201C would be misnamed
    models = pack_copy / "transcript_models.tsv"
    models.write_bytes(models.read_bytes().replace(b"58909350-", b"58909351-", 1))
    args = [
        *COMMANDS[command],
        *(["-o", str(tmp_path / "out.tsv")] if command == "annotate" else []),
    ]
    line = cli_error(capfd, args, 8, "transcript_models.tsv")
    assert "manifest" in line and "make manifest" in line
    assert not (tmp_path / "out.tsv").exists()


def test_a_rechecksummed_but_contradictory_pack_is_refused(pack_copy, capfd):
    # an activating known variant at a codon hotspots.tsv does not list
    table = pack_copy / "known_variants.tsv"
    table.write_text(table.read_text().replace("p.(Gln227Leu)", "p.(Gln228Leu)"))
    write_manifest(pack_copy, "edited")
    cli_error(capfd, COMMANDS["annotate"], 8, "not a substitution at a codon of hotspots.tsv")
