"""One UPD analysis of chromosome 20 for one child: the trio method when both
parents are sequenced, runs of homozygosity always (the only evidence for a
duo or a singleton, and a weak one), and what could not be assessed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from operator import attrgetter

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.structure.genotypes import GenotypeReader
from gnas_annot.structure.roh import HomozygousRun, RohSettings, runs_of_homozygosity
from gnas_annot.structure.upd import MendelCounts, UpdCall, UpdSettings, call_upd, score_sites

_position = attrgetter("pos")


@dataclass(frozen=True, slots=True)
class UpdResult:
    child: str
    father: str | None
    mother: str | None
    build: GenomeBuild
    assessable: bool  # the trio method could be applied
    reason: str
    counts: MendelCounts | None
    calls: tuple[UpdCall, ...]
    runs_of_homozygosity: tuple[HomozygousRun, ...]
    notes: tuple[str, ...] = field(default=())


def analyse_upd(
    path: str | os.PathLike[str],
    child: str,
    father: str | None,
    mother: str | None,
    *,
    build: GenomeBuild | str | None = None,
    settings: UpdSettings | None = None,
    roh: RohSettings | None = None,
    pass_only: bool = True,
) -> UpdResult:
    """Scan every chr20 site of ``path`` for UPD in ``child``."""
    settings = settings or UpdSettings()
    samples = [s for s in (child, father, mother) if s is not None]
    with GenotypeReader(path, samples, build, pass_only=pass_only) as reader:
        # runs, segments and their spans are read along the chromosome: a file whose
        # records are not in position order (valid VCF, unindexable) called a 20q
        # segment "whole chromosome"; bcftools roh refuses such a file, we sort it
        sites = sorted(reader.sites(), key=_position)
        found_build = reader.build
    child_gts = [(s.pos, s.genotypes[0]) for s in sites]
    runs = tuple(runs_of_homozygosity(child_gts, roh))
    notes = []
    if runs:
        notes.append(
            f"{len(runs)} run(s) of homozygosity in {child}: isodisomy possible (also seen "
            "with shared parental ancestry)"
        )
    if father is None or mother is None:
        have = "no parent" if father is None and mother is None else "one parent (a duo)"
        return UpdResult(
            child,
            father,
            mother,
            found_build,
            False,
            f"UPD by Mendelian inheritance needs both parents; {child} has {have}: "
            "only runs of homozygosity (weak evidence) were assessed",
            None,
            (),
            runs,
            tuple(notes),
        )
    scored, counts = score_sites(sites, settings)
    if counts.informative < settings.min_informative:
        return UpdResult(
            child,
            father,
            mother,
            found_build,
            False,
            f"only {counts.informative} informative chr20 site(s) in {counts.sites} trio "
            f"site(s) (need {settings.min_informative}): UPD not assessable; a VCF of the "
            "GNAS region alone cannot show UPD, give the whole chromosome 20",
            counts,
            (),
            runs,
            tuple(notes),
        )
    calls = tuple(call_upd(scored, found_build, settings))
    reason = (
        f"{len(calls)} UPD call(s)"
        if calls
        else f"no UPD: no segment reached LOD {settings.min_lod:g} with "
        f">= {settings.min_upd_errors} UPD-type Mendelian errors"
    )
    return UpdResult(
        child, father, mother, found_build, True, reason, counts, calls, runs, tuple(notes)
    )
