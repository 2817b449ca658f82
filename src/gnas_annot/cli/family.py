"""A cohort PED against one VCF: samples the PED lists but the VCF lacks.

In a cohort, one PED usually covers more people than any one VCF holds.  By
default such samples are left out with one warning (an absent parent counts
as not sequenced, like ``0`` in the PED; an absent child gets no call);
``--strict`` keeps the error (exit 10).  Reading from stdin, a named pipe,
``<(...)`` or ``/dev/stdin``, the VCF cannot be looked at twice (a look at its
header here would eat the stream the run reads), so the check stays strict there.
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from pathlib import Path

import pysam

from gnas_annot.errors import GnasAnnotWarning, SampleNotFoundError
from gnas_annot.origin.pedigree import Pedigree

PathLike = str | os.PathLike[str]


def _vcf_samples(path: str) -> tuple[str, ...] | None:
    """The VCF's sample names from its header, or None when it cannot be read
    here (the run that follows reports why)."""
    previous = pysam.set_verbosity(0)
    try:
        with pysam.VariantFile(path) as vcf:
            return tuple(vcf.header.samples)
    except (OSError, ValueError):
        return None
    finally:
        pysam.set_verbosity(previous)


def cohort_pedigree(ped: PathLike | None, vcf: str, strict: bool) -> Pedigree | PathLike | None:
    """``ped`` itself, or the pedigree restricted to the VCF's samples (with a warning)."""
    if ped is None or strict or vcf == "-" or not Path(vcf).is_file():
        return ped
    present = _vcf_samples(vcf)
    if present is None:
        return ped
    pedigree = Pedigree.read(ped)
    listed = {s for m in pedigree.members for s in (m.sample, m.father, m.mother) if s}
    absent = sorted(listed - set(present))
    if not absent:
        return pedigree
    if not set(listed) & set(present):
        # not a cohort PED covering more people than this VCF: the PED of another
        # VCF (origin and report would have nobody to call, exit 0 with no rows)
        shown = ", ".join(present[:5]) + (" ..." if len(present) > 5 else "")
        raise SampleNotFoundError(
            f"{pedigree.source}: none of its {len(listed)} sample(s) is in {vcf} "
            f"(VCF samples: {shown or 'none'}); is it the PED of another VCF?"
        )
    kept = tuple(
        dataclasses.replace(
            m,
            father=m.father if m.father in present else None,
            mother=m.mother if m.mother in present else None,
        )
        for m in pedigree.members
        if m.sample in present
    )
    warnings.warn(
        GnasAnnotWarning(
            f"{pedigree.source}: {len(absent)} sample(s) not in {vcf}: {', '.join(absent)}; "
            "going on without them (an absent parent counts as not sequenced); "
            "--strict makes this an error"
        ),
        stacklevel=2,
    )
    return Pedigree(kept, pedigree.source)
