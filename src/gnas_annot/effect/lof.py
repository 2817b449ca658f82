"""Predicted loss of function per transcript: the ClinGen SVI PVS1 tree with
AutoPVS1's criterion codes, and LOFTEE-style HC/LC with filters and flags.

The two are reported side by side and never merged.  Where a decision needs
data we do not have offline — gnomAD LoF frequencies, ClinVar counts,
MaxEntScan, GERP — the call says which branch it took by default (as
AutoPVS1 does when its data are missing) and names the missing input in its
reasons.  GNAS knowledge enters as data (critical regions, activating
hotspots) and in two documented rules: activating hotspots are never LoF,
and skipping exon 3 reproduces the natural Gs-alpha short isoform.

>>> from gnas_annot.model.builds import GenomeBuild
>>> from gnas_annot.effect.consequence import ConsequenceCalculator
>>> calc = ConsequenceCalculator()
>>> call = assess(calc.annotate(GenomeBuild.GRCh38, 58909217, "G", "A")).on("NM_000516.7")
>>> call.lof_class, call.pvs1_criterion, call.pvs1_strength.value
('splice_donor_variant', 'SS1', 'VeryStrong')
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gnas_annot.effect.consequence import TranscriptConsequence, VariantConsequences
from gnas_annot.effect.products import activating_hotspot, shape
from gnas_annot.effect.pvs1 import LofCall, Strength, structural, truncating
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript, transcript_segments
from gnas_annot.naming.sequences import PackSequences, transcript_offset
from gnas_annot.pack.store import Pack, load_pack
from gnas_annot.seq.codons import reverse_complement

if TYPE_CHECKING:  # ClinVar is read only with --clinvar (start-up)
    from gnas_annot.known.clinvar import ClinVarIndex

__all__ = ["LofAssessment", "LofCall", "Strength", "assess", "assess_computed"]

Genome = Callable[[int, int], str]  # 1-based inclusive fetch
Sequence = Callable[[str], str | None]  # transcript sequence, None if unknown

LOF_TERMS = (
    "frameshift_variant",
    "stop_gained",
    "splice_donor_variant",
    "splice_acceptor_variant",
    "start_lost",
    "transcript_ablation",
    "feature_truncation",
    "transcript_amplification",
    "feature_elongation",
)
LOFTEE_TERMS = (
    "stop_gained",
    "frameshift_variant",
    "splice_donor_variant",
    "splice_acceptor_variant",
)
_LOF_TERMS = frozenset(LOF_TERMS)
MIN_INTRON = 15  # LOFTEE's default min_intron_size


@dataclass(frozen=True, slots=True)
class LofAssessment:
    calls: tuple[LofCall, ...]

    def on(self, accession: str) -> LofCall | None:
        """The first call on ``accession``'s bare accession (any version)."""
        bare = accession.split(".")[0]
        n = len(bare)
        for c in self.calls:
            # c.transcript.split(".")[0] == bare, without splitting every accession
            name = c.transcript
            if name.startswith(bare) and (len(name) == n or name[n] == "."):
                return c
        return None


def assess(
    result: VariantConsequences,
    provider: PackSequences | None = None,
    clinvar: ClinVarIndex | None = None,
    pack: Pack | None = None,
) -> LofAssessment:
    """LoF calls for every coding transcript the variant touches.

    ``provider`` (the naming's data provider) supplies sequence: transcript
    sequence for the start-loss question (where is the next in-frame Met?)
    and genome sequence for LOFTEE's splice-site checks; without it those
    are left undetermined.  ``clinvar`` (the user's ClinVar file) answers the
    branches that ask for known pathogenic variants (:mod:`~gnas_annot.effect.clinvar_regions`).
    The facts are ``pack``'s; by default the provider's (the pack it was named with),
    else the current pack.

    A transcript whose terms hold no loss-of-function term gets its call without
    entering :func:`_call` (most alleles of a dense file): :func:`assess_computed`
    is the same with every transcript through the tree, as the tests compare them.
    """
    return _assess(result, provider, clinvar, pack, True)


def assess_computed(
    result: VariantConsequences,
    provider: PackSequences | None = None,
    clinvar: ClinVarIndex | None = None,
    pack: Pack | None = None,
) -> LofAssessment:
    """:func:`assess` with every coding transcript through the whole tree."""
    return _assess(result, provider, clinvar, pack, False)


def _assess(
    result: VariantConsequences,
    provider: PackSequences | None,
    clinvar: ClinVarIndex | None,
    pack: Pack | None,
    shortcut: bool,
) -> LofAssessment:
    if pack is None:
        pack = provider.pack if provider is not None else load_pack()
    hotspot = activating_hotspot(result, pack)
    kept = None
    if shortcut and hotspot is None:
        # the calls of an allele without a loss-of-function term depend on its
        # transcripts' accessions and terms alone: kept with its shape (products.shape)
        kept = shape(result, pack)
        if kept.not_lof is not None:
            return LofAssessment(kept.not_lof)
    model = pack.by_accession[result.build].get
    calls: list[LofCall] = []
    sequence: Sequence | None = None
    genome: Genome | None = None
    ready = False  # sequence and genome looked up (only a loss-of-function term asks)
    no_lof = _LOF_TERMS.isdisjoint if shortcut else None
    for tc in result.transcripts:
        tx = model(tc.transcript)
        if tx is None or tx.cds_start is None:  # not in the pack, or not coding
            continue
        if hotspot is not None:
            calls.append(_hotspot_call(tc.transcript, hotspot.protein, hotspot.residue))
            continue
        terms = tc.terms
        if no_lof is not None and no_lof(terms):
            calls.append(_not_lof(tc.transcript, terms[0]))  # what _call answers
            continue
        if not ready:
            sequence = provider.known_transcript_sequence if provider is not None else None
            genome, ready = _genome(provider, result.build), True
        calls.append(_call(tx, tc, pack, sequence, genome, result.span, clinvar))
    if kept is not None and not ready:  # no loss-of-function term on any transcript
        kept.not_lof = tuple(calls)
        return LofAssessment(kept.not_lof)
    return LofAssessment(tuple(calls))


@functools.lru_cache(maxsize=256)
def _hotspot_call(transcript: str, protein: str, residue: int) -> LofCall:
    """The call on a transcript of an activating hotspot allele (immutable: made once)."""
    return LofCall(
        transcript,
        None,
        Strength.NOT_APPLICABLE,
        "NA",
        (
            f"activating hotspot {protein} (Gs-alpha residue "
            f"{residue}): gain of function, never assessed as loss of function",
        ),
    )


def _genome(provider: PackSequences | None, build: GenomeBuild) -> Genome | None:
    if provider is None or build not in provider.references:
        return None
    return provider.references[build].fetch


def _call(
    tx: Transcript,
    tc: TranscriptConsequence,
    pack: Pack,
    sequence: Sequence | None,
    genome: Genome | None,
    span: tuple[int, int] | None = None,
    clinvar: ClinVarIndex | None = None,
) -> LofCall:
    for lof_class in tc.terms:  # the most severe loss-of-function term, if any
        if lof_class in _LOF_TERMS:
            break
    else:
        return _not_lof(tc.transcript, tc.terms[0])
    if lof_class in ("stop_gained", "frameshift_variant"):
        call = truncating(tx, tc, lof_class, clinvar, pack)
    elif lof_class in ("splice_donor_variant", "splice_acceptor_variant"):
        # imported on this path only: most runs meet no splice or start-codon LoF
        # (start-up of a single-sample run, issue 15; tests/test_startup.py)
        from gnas_annot.effect.splicing import splice

        call = splice(tx, tc, lof_class, sequence, span, pack)
    elif lof_class == "start_lost":
        from gnas_annot.effect.initiation import start_lost

        call = start_lost(tx, tc, sequence, clinvar, pack)
    else:
        call = structural(tx, tc, lof_class)
    if lof_class in LOFTEE_TERMS:
        filters, flags = _loftee(tx, tc, lof_class, call, sequence, genome)
        call = _replace(
            call, loftee="LC" if filters else "HC", loftee_filters=filters, loftee_flags=flags
        )
    return call


@functools.lru_cache(maxsize=1024)
def _not_lof(transcript: str, most_severe: str) -> LofCall:
    """The call on a consequence that is not a loss of function (immutable: made once)."""
    return LofCall(
        transcript,
        None,
        Strength.NOT_APPLICABLE,
        "NA",
        (f"{most_severe} is not a predicted loss-of-function consequence",),
    )


def _replace(call: LofCall, **changes: object) -> LofCall:
    return dataclasses.replace(call, **changes)  # type: ignore[arg-type]


# -- LOFTEE ------------------------------------------------------------------------------


def _loftee(
    tx: Transcript,
    tc: TranscriptConsequence,
    lof_class: str,
    call: LofCall,
    sequence: Sequence | None,
    genome: Genome | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """LOFTEE filters (-> LC) and flags that need no conservation or population data.

    Not evaluated (no data offline): ANC_ALLELE (ancestral allele), GERP-weighted
    END_TRUNC (we apply its 50-bp rule at the new stop), PHYLOCSF_* flags,
    NON_DONOR/ACCEPTOR_DISRUPTING and RESCUE_* (splice models).
    """
    filters: list[str] = []
    flags: list[str] = []
    if len(tx.exons) == 1:
        flags.append("SINGLE_EXON")
    if _incomplete_cds(tx, sequence):
        filters.append("INCOMPLETE_CDS")
    if lof_class in ("stop_gained", "frameshift_variant") and call.nmd is False:
        filters.append("END_TRUNC")
    if lof_class in ("splice_donor_variant", "splice_acceptor_variant") and tc.intron:
        number = tc.intron.number
        intron = next(
            s for s in transcript_segments(tx) if s.kind == "intron" and s.number == number
        )
        if intron.end - intron.start + 1 < MIN_INTRON:
            filters.append("SMALL_INTRON")
        utr = _intron_flanks_coding(tx, tc)
        if utr is not None:
            filters.append(f"{utr}_SPLICE")
        if genome is not None:
            bases = genome(intron.start, intron.end)
            if tx.strand < 0:
                bases = reverse_complement(bases)
            if "N" not in bases[:2] + bases[-2:] and (bases[:2], bases[-2:]) != ("GT", "AG"):
                flags.append("NON_CAN_SPLICE")
            if lof_class == "splice_acceptor_variant" and _nagnag(bases, tx, intron, genome):
                flags.append("NAGNAG_SITE")
    return tuple(filters), tuple(flags)


def _incomplete_cds(tx: Transcript, sequence: Sequence | None) -> bool:
    """True only when the known sequence shows no ATG start or no stop codon."""
    if sequence is None or tx.cds_start is None or tx.cds_end is None:
        return False
    seq = sequence(tx.accession)
    if seq is None:
        return False
    start = transcript_offset(tx, tx.cds_start if tx.strand > 0 else tx.cds_end)
    first, last = (
        seq[start : start + 3],
        seq[start + tx.coding_length - 3 : start + tx.coding_length],
    )
    known = "N" not in first + last
    return known and (first != "ATG" or last not in ("TAA", "TAG", "TGA"))


def _nagnag(bases: str, tx: Transcript, intron: object, genome: Genome) -> bool:
    """The acceptor AG sits in an NAGNAG motif (AG.AG across the junction)."""
    assert hasattr(intron, "start") and hasattr(intron, "end")
    if tx.strand > 0:
        context = genome(intron.end - 4, intron.end + 3)
    else:
        context = reverse_complement(genome(intron.start - 3, intron.start + 4))
    return "N" not in context and re.search("AG.AG", context) is not None


def _intron_flanks_coding(tx: Transcript, tc: TranscriptConsequence) -> str | None:
    """'5UTR'/'3UTR' when the intron lies wholly outside the CDS (LOFTEE's UTR splice filters)."""
    if tc.intron is None or tx.cds_start is None or tx.cds_end is None:
        return None
    number = tc.intron.number
    intron = next(s for s in transcript_segments(tx) if s.kind == "intron" and s.number == number)
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
    if intron.end < lo:
        return "5UTR" if tx.strand > 0 else "3UTR"
    if intron.start > hi:
        return "3UTR" if tx.strand > 0 else "5UTR"
    return None
