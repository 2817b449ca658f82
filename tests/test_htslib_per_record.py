"""htslib's lines during a region fetch are caught with one sink per fetch (not one
temporary file per record), and each is still passed on right after the record
that caused it, never silenced."""

from __future__ import annotations

import pysam

from bad_inputs.common import GS_R201
from conftest import write_vcf
from gnas_annot._htslib import Catcher
from gnas_annot.io.vcf import VcfSource
from gnas_annot.pack.locus import load_locus


def _indexed(tmp_path, body):
    plain = write_vcf(tmp_path / "odd.vcf", body)
    return pysam.tabix_index(str(plain), preset="vcf", force=True)


def test_a_warning_is_passed_on_with_the_record_that_caused_it(tmp_path, capfd):
    body = "".join(
        f"chr20\t{GS_R201 + k}\t.\tC\tT\t50\tPASS\t{info}\tGT\t0/1\n"
        for k, info in enumerate(("AC=1", "ODD=1", "AC=1"))
    )
    path = _indexed(tmp_path, body)
    with VcfSource(path) as vcf:
        region = load_locus(vcf.build).extraction_region()
        records = vcf.fetch(region)
        said = []
        for record in records:
            said.append((record.pos, capfd.readouterr().err))
    assert [pos for pos, _ in said] == [GS_R201, GS_R201 + 1, GS_R201 + 2]
    first, second, third = (err for _, err in said)
    assert "ODD" not in first and "ODD" not in third
    assert second.count("INFO 'ODD'") == 1 and "not defined in the header" in second


def test_the_catcher_gives_each_call_its_own_lines(tmp_path):
    import os

    catcher = Catcher()
    try:
        catcher.start()
        os.write(2, b"[W::one] first\n")
        assert catcher.stop() == ["[W::one] first"]
        catcher.start()
        assert catcher.stop() == []
        catcher.start()
        os.write(2, b"[E::two] second\n[W::three] third\n")
        said = catcher.stop()
        assert said == ["[E::two] second", "[W::three] third"]
        assert said.summary() == "second"
    finally:
        catcher.close()
