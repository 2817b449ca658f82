"""GNAS interpretation: mechanism x parent of origin -> the phenotype class the
evidence is consistent with.  Evidence for interpretation, never a diagnosis.

In GNAS the same inactivating variant means different diseases depending on
the parent who passed it on (gnas-domain.md sections 2-3): a maternal Gs-alpha
loss of function is consistent with PHP1A (or PHP1C in exon 13), a paternal
one with PPHP/POH; activating p.Arg201/p.Gln227 variants are post-zygotic or
somatic (McCune-Albright spectrum); deletions of STX16 or of the NESP/AS
region are possible PHP1B imprinting-control lesions.

Allele fractions are not judged here: the reading restates the
:class:`~gnas_annot.origin.mosaicism.Mosaicism` flags the origin step gives
(one set of thresholds, ``data/mosaicism.tsv``), so ``annotate`` and
``gnas-annot origin`` cannot disagree about mosaicism.

>>> from gnas_annot.model.builds import GenomeBuild
>>> from gnas_annot.effect.consequence import ConsequenceCalculator
>>> from gnas_annot.effect.lof import assess
>>> result = ConsequenceCalculator().annotate(GenomeBuild.GRCh38, 58830000, "N", "<DEL>",
...                                           sv_type="DEL", sv_end=58915000)
>>> interpret(result, assess(result), origin="maternal", span=(58830000, 58915000)).summary
'consistent with PHP1A (maternal Gs-alpha loss of function)'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from gnas_annot.effect.consequence import VariantConsequences
from gnas_annot.effect.lof import LofAssessment
from gnas_annot.effect.products import ProductEffect, activating_hotspot, products_hit
from gnas_annot.origin.mosaicism import MosaicFlag, Mosaicism
from gnas_annot.pack.facts import Condition, ImprintingControl
from gnas_annot.pack.store import Pack, load_pack

DISCLAIMER = "evidence for interpretation by a qualified professional, not a diagnosis"
PATERNAL, MATERNAL = "paternal", "maternal"
UNRESOLVED = ("de_novo_unphased", "ambiguous", "unknown", "not_applicable")


class Mechanism(StrEnum):
    LOSS_OF_FUNCTION = "loss_of_function"
    ACTIVATING = "activating"
    IMPRINTING_CONTROL = "imprinting_control"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True, slots=True)
class Interpretation:
    mechanism: Mechanism
    origin: str
    summary: str  # "consistent with ..."
    conditions: tuple[Condition, ...]
    evidence: tuple[str, ...]
    caveats: tuple[str, ...]
    #: the allele-fraction flags the reading restates (those of the origin step)
    mosaic_flags: tuple[MosaicFlag, ...] = ()


def conditions(pack: Pack | None = None) -> dict[str, Condition]:
    """The conditions of ``pack`` (default: the current pack), by key (conditions.tsv)."""
    return dict((pack if pack is not None else load_pack()).conditions)


def interpret(
    result: VariantConsequences,
    lof: LofAssessment,
    origin: str = "unknown",
    mosaicism: Mosaicism | None = None,
    span: tuple[int, int] | None = None,
    *,
    biallelic: bool = False,
    pack: Pack | None = None,
) -> Interpretation:
    """Interpret one allele.  ``span`` is the genomic extent of a deletion (given
    for deletions only: it is how STX16/NESP/AS lesions are recognised);
    ``mosaicism`` is the sample's allele-fraction assessment
    (:func:`gnas_annot.origin.mosaicism.assess_mosaicism`), restated as is;
    ``biallelic`` says the sample carries the allele on every copy (a ``1/1``
    call), so the maternal allele is affected whatever ``origin`` says.  The facts
    (conditions, products, hotspots) are ``pack``'s (default: the current pack)."""
    if mosaicism is not None and not isinstance(mosaicism, Mosaicism):
        # the previous release took a bare allele fraction here; judging it again
        # would reintroduce a second threshold
        raise TypeError(
            "interpret() takes the sample's Mosaicism (gnas_annot.origin.mosaicism."
            f"assess_mosaicism), not {type(mosaicism).__name__}"
        )
    reading = _reading(
        result, lof, origin, span, biallelic, pack if pack is not None else load_pack()
    )
    if mosaicism is None:
        return reading  # nothing to restate: the reading as it stands
    evidence, caveats = _restate(mosaicism, reading.mechanism)
    return dataclasses.replace(
        reading,
        evidence=(*reading.evidence, *evidence),
        caveats=_after_disclaimer(reading.caveats, caveats),
        mosaic_flags=mosaicism.flags,
    )


def _after_disclaimer(caveats: tuple[str, ...], extra: list[str]) -> tuple[str, ...]:
    return (caveats[0], *extra, *caveats[1:])


def _restate(mosaicism: Mosaicism | None, mechanism: Mechanism) -> tuple[list[str], list[str]]:
    """Evidence and caveats saying what each allele-fraction flag means here."""
    if mosaicism is None or mosaicism.vaf is None:
        if mosaicism is not None and MosaicFlag.INSUFFICIENT_DEPTH in mosaicism.flags:
            return [], [
                "no reads at the allele's site: mosaicism not assessed (insufficient_depth)"
            ]
        return [], []
    reads = (
        f"allele fraction {mosaicism.vaf:.2f} ({mosaicism.alt_reads} of {mosaicism.depth} reads)"
    )
    flags = mosaicism.flags
    evidence: list[str] = []
    caveats: list[str] = []
    if MosaicFlag.INSUFFICIENT_DEPTH in flags:
        caveats.append(f"{reads}: too few reads to assess mosaicism (insufficient_depth)")
    if MosaicFlag.SOMATIC_MOSAIC_SUSPECTED in flags:
        evidence.append(
            f"{reads}: consistent with post-zygotic mosaicism or a somatic clone "
            "(somatic_mosaic_suspected)"
        )
    if MosaicFlag.LOW_VAF_MOSAIC in flags:
        caveats.append(f"{reads}: possible mosaicism (low_vaf_mosaic)")
    if MosaicFlag.POSSIBLE_LOH_OR_CNV in flags:
        caveats.append(
            f"{reads} on a heterozygous call: possible loss of heterozygosity or a "
            "copy-number change (possible_loh_or_cnv)"
        )
    mosaic = {MosaicFlag.INSUFFICIENT_DEPTH, MosaicFlag.SOMATIC_MOSAIC_SUSPECTED}
    if mechanism is Mechanism.ACTIVATING and not mosaic & set(flags):
        caveats.append(
            f"{reads}: not flagged as mosaic; constitutional activation is thought "
            "to be lethal: confirm the call and the tissue"
        )
    return evidence, caveats


def _reading(
    result: VariantConsequences,
    lof: LofAssessment,
    origin: str,
    span: tuple[int, int] | None,
    biallelic: bool,
    pack: Pack,
    memo: bool = True,
) -> Interpretation:
    caveats = [DISCLAIMER]
    hotspot = activating_hotspot(result, pack)
    if hotspot is not None:
        return _activating(hotspot.protein, origin, caveats, pack)
    reference = pack.reference_accession
    gs = lof.on(reference)
    if gs is not None and gs.is_lof:
        gs_tc = result.on(reference)
        exon = gs_tc.exon.number if gs_tc is not None and gs_tc.exon is not None else None
        evidence = [
            f"Gs-alpha ({reference}) loss of function: PVS1 {gs.pvs1_strength.value} "
            f"({gs.pvs1_criterion}); " + "; ".join(gs.pvs1_reasons[-1:])
        ]
        return _loss_of_function(result, exon, origin, evidence, caveats, biallelic, pack)
    control = _imprinting_control(result, span, pack)
    if control is not None:
        return _imprinting(control, origin, caveats, pack)
    products = products_hit(result, pack)
    if not memo:
        return _uncertain(products, origin)
    # most alleles of a dense file end here, and products_hit gives one tuple object per
    # combination it has seen: the reading is kept with that very object (and the origin
    # as given, its type included) until the memo is full
    kept = _UNCERTAIN.get(id(products))
    if kept is None or kept[0] is not products:
        if len(_UNCERTAIN) >= _UNCERTAIN_SIZE:
            _UNCERTAIN.clear()
        kept = _UNCERTAIN[id(products)] = (products, {})
    key = (origin, type(origin))
    reading = kept[1].get(key)
    if reading is None:
        reading = kept[1][key] = _uncertain(products, origin)
    return reading


def reading_computed(
    result: VariantConsequences,
    lof: LofAssessment,
    origin: str = "unknown",
    span: tuple[int, int] | None = None,
    *,
    biallelic: bool = False,
    pack: Pack | None = None,
) -> Interpretation:
    """The reading :func:`interpret` gives without a sample's mosaicism, worked out
    every time (no kept readings): the general path the tests hold it to."""
    return _reading(
        result, lof, origin, span, biallelic, pack if pack is not None else load_pack(), False
    )


#: id(products) -> (products, (origin, its type) -> reading); products_hit's tuples are
#: kept alive here, so an id is never that of another tuple
_UNCERTAIN: dict[int, tuple[tuple[ProductEffect, ...], dict[tuple[str, type], Interpretation]]] = {}
_UNCERTAIN_SIZE = 4096


def _uncertain(products: tuple[ProductEffect, ...], origin: str) -> Interpretation:
    """The reading of an allele with no loss of function, hotspot or control lesion."""
    touched = (
        ", ".join(
            f"{p.product} ({p.part}; expressed from the {p.expressed_from})" for p in products
        )
        or "no GNAS transcript"
    )
    caveats = [DISCLAIMER]
    return Interpretation(
        Mechanism.UNCERTAIN,
        origin,
        "no loss of function or activation predicted; mechanism uncertain",
        (),
        (f"touches {touched}",),
        (
            *caveats,
            "missense, splice-region, UTR and deep intronic variants need functional "
            "or segregation evidence",
        ),
    )


def _activating(protein: str, origin: str, caveats: list[str], pack: Pack) -> Interpretation:
    evidence = [
        f"activating Gs-alpha hotspot {protein}: the GTPase is abolished "
        "(gain of function, constitutive cAMP signalling)"
    ]
    caveats.append(
        "parent of origin is not determinable from a trio for somatic variants; informational only"
    )
    return Interpretation(
        Mechanism.ACTIVATING,
        origin,
        "consistent with the McCune-Albright syndrome / fibrous dysplasia spectrum when mosaic, "
        "or a GNAS-activated tumour when somatic",
        (pack.condition("MAS"),),
        tuple(evidence),
        tuple(caveats),
    )


def _loss_of_function(
    result: VariantConsequences,
    exon: int | None,
    origin: str,
    evidence: list[str],
    caveats: list[str],
    biallelic: bool,
    pack: Pack,
) -> Interpretation:
    # a critical exon of critical_regions.tsv names its own maternal condition (exon 13: PHP1C)
    critical = pack.critical_exon(pack.reference_accession, exon) if exon is not None else None
    maternal_key = (critical.maternal_condition if critical else None) or "PHP1A"
    xl = next((p for p in products_hit(result, pack) if p.product == "XLalphas"), None)
    if xl is not None and xl.coding:
        evidence.append(
            "the change also alters XLalphas (paternally expressed; reduced XLalphas "
            "is linked to IUGR in PPHP)"
        )
    elif exon == 1:
        evidence.append("Gs-alpha exon 1 is Gs-alpha-specific: XLalphas and NESP55 are not altered")
    if biallelic:
        # both copies carry it: the maternal one is affected, which alone gives the
        # maternal reading; no parent of origin is needed (or callable: origin stays as given)
        summary = (
            f"consistent with {maternal_key} (Gs-alpha loss of function on both alleles, "
            "the maternal one included)"
        )
        evidence.append(
            "homozygous call: both alleles affected, the maternal one included; imprinted "
            "tissues (renal proximal tubule, thyroid, gonads, pituitary) keep no Gs-alpha"
        )
        caveats.append(
            "a homozygous call may also be one allele over a deletion of the other: "
            "confirm the copy number (either way no maternal Gs-alpha allele is intact)"
        )
        keys: tuple[str, ...] = (maternal_key,)
    elif origin == MATERNAL:
        summary = f"consistent with {maternal_key} (maternal Gs-alpha loss of function)"
        evidence.append(
            "maternal allele: imprinted tissues (renal proximal tubule, thyroid, "
            "gonads, pituitary) lose most Gs-alpha -> hormone resistance"
        )
        keys = (maternal_key,)
    elif origin == PATERNAL:
        summary = "consistent with the PPHP / POH spectrum (paternal Gs-alpha loss of function)"
        evidence.append(
            "paternal allele: the maternal Gs-alpha copy remains in imprinted "
            "tissues -> no hormone resistance expected"
        )
        keys = ("PPHP", "POH")
    else:
        summary = (
            f"Gs-alpha loss of function; parent of origin {origin}: consistent with "
            f"{maternal_key} if maternal, PPHP/POH if paternal"
        )
        caveats.append(
            "establish the parent of origin (trio genotypes, phasing, read-backed "
            "phasing) before reading the phenotype class"
        )
        keys = (maternal_key, "PPHP", "POH")
    return Interpretation(
        Mechanism.LOSS_OF_FUNCTION,
        origin,
        summary,
        tuple(pack.condition(k) for k in keys),
        tuple(evidence),
        tuple(caveats),
    )


def _imprinting_control(
    result: VariantConsequences, span: tuple[int, int] | None, pack: Pack
) -> ImprintingControl | None:
    """The imprinting-control region a deletion overlaps, if any."""
    if span is None:
        return None
    locus = pack.locus(result.build)
    for row in pack.imprinting_control:
        if locus.region(row.region).interval.overlaps(*span):
            return row
    return None


def _imprinting(
    row: ImprintingControl, origin: str, caveats: list[str], pack: Pack
) -> Interpretation:
    evidence = [f"the change overlaps {row.region}: {row.evidence} ({row.sources})"]
    if origin == MATERNAL:
        summary = f"consistent with {row.condition} (possible maternal imprinting-control lesion)"
    else:
        summary = (
            f"possible {row.condition} imprinting-control lesion; parent of origin {origin} "
            "(relevant when maternal)"
        )
    caveats.append(
        "methylation analysis of the GNAS DMRs confirms an imprinting defect; "
        "an intragenic deletion can mimic PHP1B (PHP1A pitfall)"
    )
    return Interpretation(
        Mechanism.IMPRINTING_CONTROL,
        origin,
        summary,
        (pack.condition(row.condition),),
        tuple(evidence),
        tuple(caveats),
    )
