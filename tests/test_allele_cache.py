"""The cache of annotated alleles (issue 15): an allele met again -- in another record,
another sample, another file -- is annotated once and the same immutable results are
reused; runs with other inputs (reference, ClinVar file) never share an entry."""

from __future__ import annotations

import types

import pytest

from conftest import write_vcf
from gnas_annot.annotate.cache import COLD_SAMPLE, AlleleCache, AlleleFacts, reference_identity
from gnas_annot.annotate.pipeline import Annotator
from gnas_annot.annotate.run import annotate_vcf
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.known.clinvar import ClinVarIndex
from gnas_annot.model.builds import GenomeBuild

# R201C twice (other carriers), then R201H: three records, two distinct alleles
_BODY = (
    "chr20\t58909365\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/1:20,20\t0/0:30,0\n"
    "chr20\t58909365\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/0:30,0\t0/1:15,15\n"
    "chr20\t58909366\t.\tG\tA\t.\tPASS\t.\tGT:AD\t0/1:20,20\t0/0:30,0\n"
)


@pytest.fixture
def vcf(tmp_path):
    return write_vcf(tmp_path / "twice.vcf", _BODY, samples=("A", "B"))


@pytest.fixture
def computed(monkeypatch):
    """Every allele the consequence calculator really computes, in order."""
    calls: list[tuple[int, str, str]] = []
    original = ConsequenceCalculator.annotate

    def counted(self, build, pos, ref, alt, *args, **kwargs):
        calls.append((pos, ref, alt))
        return original(self, build, pos, ref, alt, *args, **kwargs)

    monkeypatch.setattr(ConsequenceCalculator, "annotate", counted)
    return calls


def test_an_allele_in_two_records_is_annotated_once_and_its_results_reused(
    vcf, computed, partial_reference
):
    first, again, other = annotate_vcf(vcf, reference=partial_reference["GRCh38"])
    assert computed == [(58909365, "C", "T"), (58909366, "G", "A")]
    assert again.consequences is first.consequences
    assert again.lof is first.lof and again.interpretation is first.interpretation
    # the sample-level facts stay the record's own
    assert [s.sample for s in first.samples] == ["A"] and [s.sample for s in again.samples] == ["B"]
    assert other.consequences is not first.consequences


def test_cached_results_equal_those_annotated_afresh(vcf, partial_reference):
    reference = partial_reference["GRCh38"]
    cached = list(annotate_vcf(vcf, reference=reference))
    fresh = list(annotate_vcf(vcf, reference=reference, cache=AlleleCache(maxsize=0)))
    assert cached == fresh
    gs = cached[1].transcript("NM_000516.7")
    assert gs is not None and gs.hgvs is not None
    assert gs.hgvs.protein == "NP_000507.1:p.(Arg201Cys)"


def test_runs_sharing_a_cache_annotate_an_allele_of_several_files_once(
    vcf, computed, partial_reference
):
    cache = AlleleCache()
    reference = partial_reference["GRCh38"]
    one = list(annotate_vcf(vcf, reference=reference, cache=cache))
    two = list(annotate_vcf(vcf, reference=reference, cache=cache))
    assert len(computed) == 2 and cache.hits == 4 and cache.misses == 2
    assert [a.consequences for a in one] == [a.consequences for a in two]


def test_another_reference_is_never_served_from_the_cache(vcf, computed, partial_reference):
    cache = AlleleCache()
    named = list(annotate_vcf(vcf, reference=partial_reference["GRCh38"], cache=cache))
    bare = list(annotate_vcf(vcf, cache=cache))
    assert len(computed) == 4  # both alleles, once per reference
    with_sequence = named[0].transcript("NM_000516.7")
    without = bare[0].transcript("NM_000516.7")
    assert with_sequence.hgvs.protein == "NP_000507.1:p.(Arg201Cys)"
    assert without.hgvs.protein != with_sequence.hgvs.protein


def test_another_clinvar_file_is_never_served_from_the_cache(vcf, computed):
    variant = next(iter(annotate_vcf(vcf, cache=AlleleCache(maxsize=0)))).variant
    computed.clear()
    cache = AlleleCache()
    one = ClinVarIndex("one", [])
    for clinvar in (None, one, ClinVarIndex("two", []), one, None):
        Annotator(GenomeBuild.GRCh38, None, clinvar=clinvar, cache=cache).annotate(variant)
    assert len(computed) == 3 and cache.hits == 2


def test_the_cache_keeps_at_most_maxsize_alleles_dropping_the_least_recently_used():
    cache = AlleleCache(maxsize=2)
    facts = [AlleleFacts(object(), object(), object()) for _ in range(3)]  # type: ignore[arg-type]
    cache.put("a", facts[0])
    cache.put("b", facts[1])
    assert cache.get("a") is facts[0]  # "a" is now the most recently used
    cache.put("c", facts[2])
    assert len(cache) == 2
    assert cache.get("b") is None and cache.get("a") is facts[0] and cache.get("c") is facts[2]
    with pytest.raises(ValueError, match="maxsize"):
        AlleleCache(maxsize=-1)


def test_a_reference_rewritten_in_place_is_a_new_reference(tmp_path):
    fasta = tmp_path / "ref.fa"
    fasta.write_text(">chr20\nACGT\n")
    # reference_identity reads only the path of the ReferenceGenome
    reference = types.SimpleNamespace(path=fasta)
    before = reference_identity(reference)  # type: ignore[arg-type]
    fasta.write_text(">chr20\nACGTACGT\n")
    assert reference_identity(reference) != before  # type: ignore[arg-type]
    assert reference_identity(None) is None


def test_a_stream_of_distinct_alleles_keeps_one_in_cold_sample_until_one_is_hit():
    # a dense sites-only file: after a cache's worth of misses in a row, most alleles
    # are not kept (they would only outlive their record); a hit makes it keep all again
    cache = AlleleCache(maxsize=4)
    facts = AlleleFacts(object(), object(), object())  # type: ignore[arg-type]
    kept = []
    for k in range(4 + 3 * COLD_SAMPLE):
        assert cache.get(k) is None
        cache.put(k, facts)
        if k in cache._entries:
            kept.append(k)
        assert len(cache) <= 4
    assert kept[:4] == [0, 1, 2, 3]  # every allele while the misses are few
    cold = kept[4:]
    assert len(cold) == 3 and all((k + 1) % COLD_SAMPLE == 0 for k in cold), kept
    assert cache.get(cold[-1]) is facts and cache.hits == 1
    for k in range(1000, 1004):  # warm again: every allele kept
        assert cache.get(k) is None
        cache.put(k, facts)
        assert cache.get(k) is facts
    assert len(cache) == 4


def test_a_cold_cache_answers_what_annotating_afresh_answers(tmp_path):
    # distinct alleles, then the same ones again: a small cache goes cold, keeps some,
    # and every allele comes out as annotated without a cache
    body = "".join(
        f"chr20\t{58909300 + k}\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END={58909400 + k}\n"
        for k in range(40)
    )
    path = write_vcf(tmp_path / "dense.vcf", body + body, samples=())
    cache = AlleleCache(maxsize=3)
    cached = list(annotate_vcf(path, cache=cache))
    fresh = list(annotate_vcf(path, cache=AlleleCache(maxsize=0)))
    assert cached == fresh and len(cached) == 80
    assert cache.hits > 0 and len(cache) <= 3
