"""Atomic output."""

from __future__ import annotations

import pytest

from gnas_annot.errors import OutputError
from gnas_annot.output.atomic import atomic_path


def test_file_and_index_appear_only_on_success(tmp_path):
    target = tmp_path / "x.vcf.gz"
    with atomic_path(target) as tmp:
        tmp.write_text("body")
        (tmp.parent / (tmp.name + ".tbi")).write_text("index")
        assert not target.exists()
    assert target.read_text() == "body" and (tmp_path / "x.vcf.gz.tbi").read_text() == "index"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.vcf.gz", "x.vcf.gz.tbi"]


def test_errors_leave_the_old_file_and_no_debris(tmp_path):
    target = tmp_path / "x.vcf"
    target.write_text("old")
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise ValueError("stop")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.vcf"]


def test_missing_directory_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="does not exist"), atomic_path(tmp_path / "no" / "x.vcf"):
        pass
