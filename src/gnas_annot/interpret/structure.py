"""Readings of copy-number events and of chromosome-20 UPD (gnas-domain.md
3.2, 3.3, 10.4, 10.5).  Evidence for interpretation, never a diagnosis.

* maternal deletion of STX16 exons 4-6 or of the NESP55/AS region: consistent
  with AD-PHP1B (loss of methylation at A/B, or at all maternal DMRs);
* deletion of Gs-alpha exons (or the whole gene): maternal -> PHP1A, paternal
  -> PPHP/POH; the ~30-kb A/B-to-intron-5 deletion looks like PHP1B by
  methylation but is PHP1A when maternal;
* paternal UPD of 20q covering GNAS: consistent with sporadic PHP1B;
  maternal UPD20: not a GNAS mechanism by itself (reported as found);
* with a methylation result of the same sample, the expected pattern
  (isolated A/B LOM for a maternal STX16 deletion, broad LOM with NESP gain
  for NESP55/AS, the paternal pattern for paternal UPD covering GNAS, normal
  for paternal lesions and Gs-alpha deletions) is evidence when seen and a
  caveat when another pattern is seen.
"""

from __future__ import annotations

from dataclasses import replace

from gnas_annot.epigenetics.model import Pattern
from gnas_annot.interpret.reading import (
    DISCLAIMER,
    MATERNAL,
    PATERNAL,
    Interpretation,
    Mechanism,
    conditions,
)
from gnas_annot.pack.store import load_pack
from gnas_annot.structure.events import CopyNumberEvent, EventKind
from gnas_annot.structure.upd import UpdCall, UpdParent


def read_event(event: CopyNumberEvent, origin: str = "unknown") -> Interpretation:
    """The phenotype class a deletion/duplication is consistent with."""
    caveats = [DISCLAIMER, "copy-number calls need orthogonal confirmation (MLPA, array, PCR)"]
    evidence = [f"{event.label} ({event.source})"]
    if event.kind == EventKind.DUPLICATION:
        return Interpretation(
            Mechanism.UNCERTAIN,
            origin,
            "duplication at GNAS/STX16: clinical significance uncertain",
            (),
            tuple(evidence),
            tuple(caveats),
        )
    known = " ".join(event.known)
    gs = "Gs-alpha coding exons" in known or "whole GNAS gene" in known
    mimic = "~30-kb deletion" in known
    if gs or mimic:
        if mimic:
            caveats.append("this deletion mimics isolated A/B loss of methylation (PHP1B pitfall)")
        keys: tuple[str, ...]
        if origin == MATERNAL:
            summary, keys = "consistent with PHP1A (maternal Gs-alpha deletion)", ("PHP1A",)
        elif origin == PATERNAL:
            summary = "consistent with the PPHP / POH spectrum (paternal Gs-alpha deletion)"
            keys = ("PPHP", "POH")
        else:
            summary = (
                f"Gs-alpha deletion; parent of origin {origin}: consistent with PHP1A if "
                "maternal, PPHP/POH if paternal"
            )
            keys = ("PHP1A", "PPHP", "POH")
        return Interpretation(
            Mechanism.LOSS_OF_FUNCTION,
            origin,
            summary,
            tuple(conditions()[k] for k in keys),
            tuple(evidence),
            tuple(caveats),
        )
    # the imprinting-control regions are the pack's (imprinting_control.tsv);
    # a target belongs to a region by name (NESP-DMR) or by gene (STX16 exon 4)
    controls = [
        row
        for row in load_pack().imprinting_control
        if any(row.region in (t, t.split(" ")[0]) for t in event.targets)
    ]
    if controls:
        nesp = any(row.region != "STX16" for row in controls) or "NESP55/AS" in known
        where = "the NESP55/AS region" if nesp else "STX16"
        evidence.extend(row.evidence for row in controls)
        pattern = (
            "loss of methylation at all maternal DMRs and gain at NESP"
            if nesp
            else "isolated loss of methylation at A/B"
        )
        if origin == MATERNAL:
            summary = f"consistent with AD-PHP1B (maternal deletion of {where})"
        elif origin == PATERNAL:
            summary = (
                f"paternal deletion of {where}: not expected to cause PHP1B "
                "(the imprinting-control lesion acts on the maternal allele)"
            )
        else:
            summary = (
                f"possible PHP1B imprinting-control lesion ({where}); parent of origin "
                f"{origin} (relevant when maternal)"
            )
        evidence.append(f"a maternal deletion here is expected to give {pattern}")
        caveats.append("methylation analysis of the GNAS DMRs tests the expected pattern")
        return Interpretation(
            Mechanism.IMPRINTING_CONTROL,
            origin,
            summary,
            tuple(dict.fromkeys(conditions()[row.condition] for row in controls)),
            tuple(evidence),
            tuple(caveats),
        )
    return Interpretation(
        Mechanism.UNCERTAIN,
        origin,
        "deletion without a Gs-alpha exon or a known imprinting-control region: "
        "significance uncertain",
        (),
        tuple(evidence),
        tuple(caveats),
    )


def read_upd(call: UpdCall) -> Interpretation:
    """The reading of one UPD call."""
    caveats = [DISCLAIMER]
    evidence = [
        f"{call.parent.value} {call.kind.value} {call.extent} chr20:{call.start}-{call.end}, "
        f"LOD {call.statistic:g}, {call.upd_errors} UPD-type Mendelian errors in "
        f"{call.informative_sites} informative sites"
    ]
    if call.parent == UpdParent.PATERNAL and call.includes_gnas:
        evidence.append("paternal GNAS on both homologues: the paternal methylation pattern")
        caveats.append("expected methylation: A/B, AS and XL unmethylated, NESP fully methylated")
        return Interpretation(
            Mechanism.IMPRINTING_CONTROL,
            PATERNAL,
            "consistent with sporadic PHP1B (paternal UPD of 20q covering GNAS)",
            (conditions()["PHP1B"],),
            tuple(evidence),
            tuple(caveats),
        )
    if not call.includes_gnas:
        caveats.append("the UPD segment does not cover GNAS")
    return Interpretation(
        Mechanism.UNCERTAIN,
        call.parent.value,
        f"{call.parent.value} UPD20 without a known GNAS mechanism",
        (),
        tuple(evidence),
        tuple(caveats),
    )


def _expected_pattern(event: CopyNumberEvent) -> tuple[Pattern, ...]:
    """The methylation pattern(s) a maternal deletion of this content gives."""
    known = " ".join(event.known)
    if "~30-kb deletion" in known:
        return (Pattern.ISOLATED_AB_LOM,)  # the apparent A/B LOM of the PHP1A mimic
    if "NESP55/AS" in known:  # unphased data call the paternal pattern broad LOM + NESP gain
        return (Pattern.BROAD_LOM_NESP_GAIN, Pattern.PATERNAL_UPD_LIKE)
    if any(t.startswith("STX16") for t in event.targets):
        return (Pattern.ISOLATED_AB_LOM,)
    return (Pattern.NORMAL,)


def with_methylation(
    reading: Interpretation, expected: tuple[Pattern, ...], pattern: Pattern | None, what: str
) -> Interpretation:
    """``reading`` with the sample's methylation pattern joined: agreement is
    evidence, disagreement a caveat; a pattern that could not be read is said."""
    if pattern is None:
        return reading
    if pattern in (Pattern.NOT_ASSESSABLE, Pattern.INCOMPLETE):
        extra = (f"methylation at the GNAS DMRs: {pattern.value}, not usable for {what}",)
        return replace(reading, caveats=(*reading.caveats, *extra))
    if pattern in expected:
        note = f"methylation at the GNAS DMRs: {pattern.value}, as expected for {what}"
        return replace(reading, evidence=(*reading.evidence, note))
    note = (
        f"methylation at the GNAS DMRs: {pattern.value}, but {what} would give "
        f"{' or '.join(p.value for p in expected)}: recheck both results"
    )
    return replace(reading, caveats=(*reading.caveats, note))


def read_event_with_methylation(
    event: CopyNumberEvent, origin: str, pattern: Pattern | None
) -> Interpretation:
    """:func:`read_event` joined with the sample's methylation pattern.  A
    paternal imprinting-control deletion is expected to leave methylation
    normal; so is a Gs-alpha deletion (other than the A/B-mimicking one)."""
    reading = read_event(event, origin)
    if event.kind != EventKind.DELETION:
        if pattern is None:
            return reading
        note = (
            f"methylation at the GNAS DMRs: {pattern.value} (no pattern is known for duplications)"
        )
        return replace(reading, evidence=(*reading.evidence, note))
    expected = _expected_pattern(event)
    if origin == PATERNAL:
        expected = (Pattern.NORMAL,)
    elif origin != MATERNAL and expected != (Pattern.NORMAL,):
        expected = (*expected, Pattern.NORMAL)  # unknown origin: either is possible
    return with_methylation(reading, expected, pattern, f"a {origin} {event.label.split(':')[0]}")


def read_upd_with_methylation(call: UpdCall, pattern: Pattern | None) -> Interpretation:
    """:func:`read_upd` joined with the sample's methylation pattern."""
    expected: tuple[Pattern, ...] = (Pattern.MATERNAL_UPD_LIKE,)
    if call.parent == UpdParent.PATERNAL:  # unphased data: broad LOM with NESP gain
        expected = (Pattern.PATERNAL_UPD_LIKE, Pattern.BROAD_LOM_NESP_GAIN)
    if not call.includes_gnas:
        expected = (Pattern.NORMAL,)
    return with_methylation(
        read_upd(call), expected, pattern, f"{call.parent.value} UPD ({call.extent})"
    )
