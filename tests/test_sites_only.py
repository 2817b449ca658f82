"""Sites-only input (no sample columns) skips the carrier scan of each allele
(annotate/pipeline.py ``Annotator._samples``): what it answers is what the general scan
(``Annotator._carriers``) finds, allele by allele, and a record with samples that nobody
carries still goes through the scan."""

from __future__ import annotations

import itertools
import operator

import pytest

from conftest import write_vcf
from gnas_annot.annotate.carriers import Carriers
from gnas_annot.annotate.pipeline import Annotator
from gnas_annot.annotate.run import AnnotationRun

# SNVs, a multi-allelic record, an insertion and a symbolic deletion (no reference:
# indels are left unnamed, the SNVs named)
_SITES = (
    "chr20\t58909365\t.\tC\tT,A\t.\tPASS\t.\n"
    "chr20\t58909366\t.\tG\tA\t.\tPASS\t.\n"
    "chr20\t58891727\t.\tA\tAG\t.\tPASS\t.\n"
    "chr20\t58890000\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=58890500\n"
)


def _both(path):
    with AnnotationRun(path) as run:
        annotator = Annotator(run.build, run.extractor.reference, run.mosaic)
        for av in run:
            v = av.variant
            args = (v, av.consequences, av.lof, {}, None)
            yield av, annotator._samples(*args), annotator._carriers(*args)


def test_sites_only_alleles_get_the_carriers_the_general_scan_finds(tmp_path):
    path = write_vcf(tmp_path / "sites.vcf", _SITES, samples=())
    seen = 0
    for av, short, general in _both(path):
        assert len(av.variant.genotypes) == 0
        assert isinstance(short, Carriers) and short == general == () and not short
        assert (short.names, short.columns, short.groups, short.facts) == (
            general.names,
            general.columns,
            general.groups,
            general.facts,
        )
        assert av.samples == general
        seen += 1
    assert seen == 5


@pytest.mark.parametrize("gt", ["0/0", "./.", "0|0"])
def test_a_record_whose_samples_carry_nothing_still_goes_through_the_scan(tmp_path, gt):
    body = "".join(line + f"\tGT\t{gt}\t{gt}\n" for line in _SITES.splitlines())
    path = write_vcf(tmp_path / "none.vcf", body, samples=("A", "B"))
    for av, short, general in _both(path):
        assert short.names == general.names == ("A", "B")
        assert short == general == av.samples == ()


def test_the_carrier_columns_check_agrees_with_sorted_distinct_columns():
    # Carriers refuses columns that do not increase: one pass over neighbours says
    # what list(columns) == sorted(set(columns)) says, on every short column tuple
    names = tuple("ABCDE")
    for size in range(6):
        for columns in itertools.product(range(5), repeat=size):
            increasing = list(columns) == sorted(set(columns))
            assert all(map(operator.lt, columns, columns[1:])) == increasing
            groups = (0,) * size
            if increasing:
                assert Carriers(names, columns, groups, ("f",)).columns == columns  # type: ignore[arg-type]
            else:
                with pytest.raises(ValueError):
                    Carriers(names, columns, groups, ("f",))  # type: ignore[arg-type]
