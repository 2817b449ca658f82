"""Pedigrees: PED files and ``--trio CHILD,FATHER,MOTHER``, validated up front.

Parent of origin at GNAS flips the expected phenotype (maternal: PHP1A,
paternal: PPHP/POH), so a pedigree that swaps the parents would silently flip
every call.  Everything that can be checked before the VCF is read is checked
here: duplicate IDs, cycles, a father recorded as female (or a mother as
male), and samples missing from the VCF.

>>> ped = Pedigree.parse_text("F1 kid dad mum 2 2\\nF1 dad 0 0 1 1\\nF1 mum 0 0 2 1\\n")
>>> [(t.child, t.father, t.mother, t.kind.value) for t in ped.trios()]
[('kid', 'dad', 'mum', 'trio')]
>>> Trio.parse("kid,dad,0").kind.value
'duo'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from gnas_annot.errors import (
    MalformedPedError,
    PedigreeConsistencyError,
    PedigreeError,
    SampleNotFoundError,
)
from gnas_annot.io.paths import require_input
from gnas_annot.origin.family import MISSING as MISSING  # re-exported: their old home
from gnas_annot.origin.family import FamilyKind as FamilyKind
from gnas_annot.origin.family import Trio as Trio

_SEX_CODES = {
    "1": "male",
    "m": "male",
    "male": "male",
    "2": "female",
    "f": "female",
    "female": "female",
    "0": "unknown",
    "-9": "unknown",
    "u": "unknown",
    "unknown": "unknown",
    "other": "unknown",
}
_HEADER_FIRST = {"fid", "famid", "family", "family_id", "familyid"}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Member:
    """One PED line (parents are None where the file has ``0``)."""

    family: str
    sample: str
    father: str | None
    mother: str | None
    sex: Sex
    phenotype: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Pedigree:
    """Validated pedigree members; construct with :meth:`read` or :meth:`parse_text`."""

    members: tuple[Member, ...]
    source: str = "PED"

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Pedigree:
        file = Path(path)
        require_input(file, "PED file", stream_ok=True)  # /dev/null: no pedigree lines
        return cls.parse_text(file.read_text(encoding="utf-8", errors="replace"), str(file))

    @classmethod
    def parse_text(cls, text: str, source: str = "PED") -> Pedigree:
        members = [
            m for n, line in enumerate(text.splitlines(), 1) if (m := _member(line, n, source))
        ]
        if not members:
            raise MalformedPedError(f"{source}: no pedigree lines")
        pedigree = cls(tuple(members), source)
        pedigree._validate()
        return pedigree

    @classmethod
    def from_trio(cls, trio: Trio) -> Pedigree:
        """A pedigree holding one (possibly partial) trio from ``--trio``."""
        members = [Member("trio", trio.child, trio.father, trio.mother, Sex.UNKNOWN, "0")]
        members += [
            Member("trio", parent, None, None, sex, "0")
            for parent, sex in ((trio.father, Sex.MALE), (trio.mother, Sex.FEMALE))
            if parent is not None
        ]
        pedigree = cls(tuple(members), "--trio")
        pedigree._validate()
        return pedigree

    def member(self, sample: str) -> Member | None:
        return next((m for m in self.members if m.sample == sample), None)

    def trios(self) -> tuple[Trio, ...]:
        """Every sample whose origin can be asked about: those with a parent in
        the pedigree, and samples that are nobody's parent (singletons).
        Founders who are parents are not children of anyone, so not listed."""
        parents = {p for m in self.members for p in (m.father, m.mother) if p is not None}
        return tuple(
            Trio(m.sample, m.father, m.mother, m.family)
            for m in self.members
            if m.father is not None or m.mother is not None or m.sample not in parents
        )

    def families(self) -> list[list[Member]]:
        """Members grouped by connected component (parents and children), in PED order."""
        parent: dict[str, str] = {}

        def root(name: str) -> str:
            parent.setdefault(name, name)
            while parent[name] != name:
                parent[name] = parent[parent[name]]
                name = parent[name]
            return name

        for m in self.members:
            for other in (m.father, m.mother):
                if other is not None:
                    parent[root(other)] = root(m.sample)
            root(m.sample)
        groups: dict[str, list[Member]] = {}
        for m in self.members:
            groups.setdefault(root(m.sample), []).append(m)
        return list(groups.values())

    def check_samples(self, vcf_samples: Iterable[str], trios: Sequence[Trio] = ()) -> None:
        """Raise SampleNotFoundError naming every pedigree sample the VCF lacks."""
        present = set(vcf_samples)
        wanted = [s for t in (trios or self.trios()) for s in t.samples]
        missing = sorted({s for s in wanted if s not in present})
        if missing:
            raise SampleNotFoundError(
                f"{self.source}: sample(s) {', '.join(missing)} not in the VCF "
                f"(VCF samples: {', '.join(sorted(present)) or 'none'}); use 0 in the PED "
                "for a parent who was not sequenced"
            )

    # -- validation -----------------------------------------------------------

    def _validate(self) -> None:
        seen: dict[str, Member] = {}
        for m in self.members:
            if m.sample in seen:
                raise PedigreeConsistencyError(
                    f"{self.source}: sample {m.sample!r} is listed twice (lines "
                    f"{seen[m.sample].line} and {m.line}); VCF sample IDs must be unique"
                )
            seen[m.sample] = m
        for m in self.members:
            if m.father is not None and m.father == m.mother:
                raise PedigreeConsistencyError(
                    f"{self.source}: {m.sample!r} has {m.father!r} as both father and mother"
                )
            self._check_parent_sex(m, m.father, Sex.MALE, "father", seen)
            self._check_parent_sex(m, m.mother, Sex.FEMALE, "mother", seen)
        self._check_cycles(seen)

    def _check_parent_sex(
        self, child: Member, parent: str | None, expected: Sex, role: str, seen: dict[str, Member]
    ) -> None:
        record = seen.get(parent) if parent is not None else None
        if record is not None and record.sex not in (expected, Sex.UNKNOWN):
            # A swapped father/mother column flips PHP1A <-> PPHP calls: refuse.
            raise PedigreeConsistencyError(
                f"{self.source}: {parent!r} is the {role} of {child.sample!r} but is recorded "
                f"as {record.sex} (line {record.line}); are the father/mother columns swapped?"
            )

    def _check_cycles(self, seen: dict[str, Member]) -> None:
        done: set[str] = set()
        for start in seen:
            path: list[str] = []
            on_path: set[str] = set()
            stack: list[tuple[str, bool]] = [(start, False)]
            while stack:
                sample, leaving = stack.pop()
                if leaving:
                    on_path.discard(sample)
                    path.pop()
                    done.add(sample)
                    continue
                if sample in on_path:
                    cycle = [*path[path.index(sample) :], sample]
                    raise PedigreeConsistencyError(
                        f"{self.source}: the pedigree has a cycle: "
                        + " -> ".join(f"{s!r}" for s in cycle)
                        + " (each is recorded as a parent of the previous one)"
                    )
                if sample in done or sample not in seen:
                    continue
                on_path.add(sample)
                path.append(sample)
                stack.append((sample, True))
                m = seen[sample]
                stack.extend((p, False) for p in (m.father, m.mother) if p is not None)


def _member(line: str, number: int, source: str) -> Member | None:
    fields = line.split()
    if not fields or fields[0].startswith("#"):
        return None
    if number == 1 and fields[0].lower() in _HEADER_FIRST:
        return None  # a header line without '#'
    if len(fields) < 6:
        raise MalformedPedError(
            f"{source} line {number}: {len(fields)} column(s); a PED line needs 6 "
            "(family, sample, father, mother, sex, phenotype)"
        )
    family, sample, father, mother, sex, phenotype = fields[:6]
    if sample == MISSING:
        raise MalformedPedError(f"{source} line {number}: the sample ID cannot be 0")
    code = _SEX_CODES.get(sex.lower())
    if code is None:
        raise MalformedPedError(
            f"{source} line {number}: sex {sex!r} is not 1 (male), 2 (female) or 0 (unknown)"
        )
    if sample in (father, mother):
        raise PedigreeConsistencyError(
            f"{source} line {number}: {sample!r} is recorded as its own parent"
        )
    return Member(
        family=family,
        sample=sample,
        father=None if father == MISSING else father,
        mother=None if mother == MISSING else mother,
        sex=Sex(code),
        phenotype=phenotype,
        line=number,
    )


def load_trios(
    ped: str | os.PathLike[str] | None, trio: str | Trio | None
) -> tuple[Pedigree, tuple[Trio, ...]]:
    """The pedigree and the trios to analyse, from a PED path or a ``--trio`` spec."""
    if (ped is None) == (trio is None):
        raise PedigreeError("give either a PED file or --trio CHILD,FATHER,MOTHER (not both)")
    if ped is not None:
        pedigree = Pedigree.read(ped)
    else:
        assert trio is not None
        pedigree = Pedigree.from_trio(trio if isinstance(trio, Trio) else Trio.parse(trio))
    return pedigree, pedigree.trios()


def family_samples(family: Sequence[Member]) -> set[str]:
    return {n for m in family for n in (m.sample, m.father, m.mother) if n is not None}


class FamilyIndex:
    """A pedigree indexed by family (connected parents and children), built once per run."""

    def __init__(self, pedigree: Pedigree) -> None:
        self.source = pedigree.source
        self.families = [tuple(f) for f in pedigree.families()]
        self.of: dict[str, int] = {
            name: k for k, family in enumerate(self.families) for name in family_samples(family)
        }

    def among(self, samples: Iterable[str]) -> Pedigree | None:
        """The families with at least one member among ``samples``, as a pedigree."""
        wanted = sorted({self.of[s] for s in samples if s in self.of})
        members = tuple(m for k in wanted for m in self.families[k])
        return Pedigree(members, self.source) if members else None
