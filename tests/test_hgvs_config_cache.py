"""hgvs's configuration is read through a cache: naming does not go through
configparser on every position, and hgvs's own ways of changing a setting still work."""

from __future__ import annotations

import configparser

import hgvs

from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.hgvs_config import cache_hgvs_config
from gnas_annot.seq.reference import ReferenceGenome

G38 = GenomeBuild.GRCh38


def test_naming_does_not_read_configparser_per_position(synthetic_reference, monkeypatch):
    genome = ReferenceGenome(synthetic_reference[G38], G38)
    calc = ConsequenceCalculator({G38: genome})
    calc.annotate(G38, 58909365, "C", "T")  # warm: every setting read once
    reads = []
    real = configparser.RawConfigParser.get

    def counting(self, *args, **kwargs):
        reads.append(args[:2])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(configparser.RawConfigParser, "get", counting)
    for pos in range(58909300, 58909340):
        ref = genome.fetch(pos, pos)
        calc.annotate(G38, pos, ref, "A" if ref != "A" else "G")
    assert reads == []


def test_a_setting_changed_through_hgvs_is_seen(synthetic_reference):
    cache_hgvs_config()
    before = hgvs.global_config.formatting.p_3_letter
    try:
        hgvs.global_config.formatting.p_3_letter = not before
        assert hgvs.global_config.formatting.p_3_letter is (not before)
    finally:
        hgvs.global_config.formatting.p_3_letter = before
    assert hgvs.global_config.formatting.p_3_letter is before
