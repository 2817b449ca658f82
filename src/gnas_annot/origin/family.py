"""Who a parent-of-origin call is about: a child with whichever parents are known
(:class:`Trio`), how complete that family is (:class:`FamilyKind`), and which
parent gave an allele (:class:`Parent`).

Apart from reading PED files (:mod:`~gnas_annot.origin.pedigree`) and from
read-backed phasing (:mod:`~gnas_annot.origin.reads`), which re-export these
names: the origin model needs only these, so a run without a pedigree or
alignments imports neither module (start-up, issue 15).

>>> Trio.parse("kid,dad,0").kind.value
'duo'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gnas_annot.errors import MalformedPedError, PedigreeConsistencyError

#: a parent not sequenced (PED ``0``, ``--trio kid,dad,0``)
MISSING = "0"


class Parent(StrEnum):
    PATERNAL = "paternal"
    MATERNAL = "maternal"


class FamilyKind(StrEnum):
    TRIO = "trio"
    DUO = "duo"  # one parent known
    SINGLETON = "singleton"  # no parent known


@dataclass(frozen=True, slots=True)
class Trio:
    """A child and whichever of its parents are known."""

    child: str
    father: str | None
    mother: str | None
    family: str = ""

    @property
    def kind(self) -> FamilyKind:
        parents = (self.father is not None) + (self.mother is not None)
        return (FamilyKind.SINGLETON, FamilyKind.DUO, FamilyKind.TRIO)[parents]

    @property
    def samples(self) -> tuple[str, ...]:
        return tuple(s for s in (self.child, self.father, self.mother) if s is not None)

    @classmethod
    def parse(cls, text: str) -> Trio:
        """``CHILD,FATHER,MOTHER``; ``0`` (or nothing) marks a parent not sequenced."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 3 or not parts[0] or parts[0] == MISSING:
            raise MalformedPedError(
                f"--trio {text!r}: expected CHILD,FATHER,MOTHER (0 for a missing parent)"
            )
        child, father, mother = (p if p and p != MISSING else None for p in parts)
        assert child is not None
        trio = cls(child, father, mother)
        if len(set(trio.samples)) != len(trio.samples):
            raise PedigreeConsistencyError(f"--trio {text!r} names the same sample twice")
        return trio
