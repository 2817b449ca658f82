"""The carriers of one allele: :class:`SampleAnnotation` rows, held column by column.

A cohort allele has hundreds of carriers, and they share a handful of distinct calls
(``0/1`` with the same AD and DP...), so one object per carrier was most of a cohort
run.  :class:`Carriers` keeps, as cyvcf2 and scikit-allel keep genotypes, the
carriers' sample columns and a small table of the distinct facts they share
(:class:`CarrierFacts`: genotype text, allele fraction, depth, origin, origin call,
reading); a :class:`SampleAnnotation` is made only when a caller indexes or iterates.
It behaves as the tuple of those annotations would -- length, indexing, slicing,
iteration, ``in``, ``==`` and ``hash`` against a tuple -- and the writers read its
columns and facts in bulk (:meth:`Carriers.grouped`, :attr:`Carriers.columns`,
:attr:`Carriers.groups`) without making one.

>>> from gnas_annot.origin.model import Origin
>>> het = CarrierFacts("0/1", 0.5, 20, Origin.UNKNOWN, None, None)
>>> hom = CarrierFacts("1/1", 1.0, 18, Origin.UNKNOWN, None, None)
>>> carriers = Carriers(("A", "B", "C", "D"), columns=(0, 2, 3), groups=(0, 1, 0), facts=(het, hom))
>>> len(carriers), [(s.sample, s.genotype) for s in carriers]
(3, [('A', '0/1'), ('C', '1/1'), ('D', '0/1')])
>>> carriers == tuple(carriers), carriers[-1] == het.of("D")
(True, True)
>>> {f.genotype: columns for f, columns in carriers.grouped()}
{'0/1': (0, 3), '1/1': (2,)}
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from gnas_annot.interpret.reading import Interpretation
from gnas_annot.origin.model import Origin, ParentOfOrigin


@dataclass(frozen=True, slots=True)
class SampleAnnotation:
    """One sample carrying the allele (or a child of the pedigree): its call,
    parent of origin and reading -- the sample-level facts."""

    sample: str
    genotype: str  # '0/1', '0|1'
    allele_fraction: float | None
    depth: int | None
    origin: Origin
    origin_call: ParentOfOrigin | None
    interpretation: Interpretation | None
    #: the sample's copy-number events and UPD summary (annotate --sv/--cnv, --upd)
    copy_number: tuple[str, ...] = ()
    upd: str | None = None


@dataclass(frozen=True, slots=True)
class CarrierFacts:
    """What carriers with the same call share: a :class:`SampleAnnotation` but its name."""

    genotype: str
    allele_fraction: float | None
    depth: int | None
    origin: Origin
    origin_call: ParentOfOrigin | None
    interpretation: Interpretation | None
    copy_number: tuple[str, ...] = ()
    upd: str | None = None

    def of(self, sample: str, call: ParentOfOrigin | None = None) -> SampleAnnotation:
        """The annotation of ``sample`` with these facts (and its own origin ``call``
        when given: these facts' call may be another child's, the same but the names)."""
        return SampleAnnotation(
            sample,
            self.genotype,
            self.allele_fraction,
            self.depth,
            self.origin,
            self.origin_call if call is None else call,
            self.interpretation,
            self.copy_number,
            self.upd,
        )

    @classmethod
    def of_annotation(cls, s: SampleAnnotation) -> CarrierFacts:
        """The facts of ``s`` without its name."""
        return cls(
            s.genotype,
            s.allele_fraction,
            s.depth,
            s.origin,
            s.origin_call,
            s.interpretation,
            s.copy_number,
            s.upd,
        )


class Carriers(Sequence[SampleAnnotation]):
    """The carriers of one allele, in sample order, as an immutable sequence of
    :class:`SampleAnnotation` made on demand (see the module docstring).

    ``names`` are the sample names of the record (all of them, in header order);
    carrier ``k`` is sample ``names[columns[k]]`` with the facts ``facts[groups[k]]``.
    ``columns`` must increase (sample order, each sample once) and every group must
    name a fact.  ``calls`` (sample -> origin call), when given, holds each child's own
    origin call: children whose calls differ only by the names share facts (one call of
    theirs in ``origin_call``), and an annotation made carries the child's own call.
    """

    __slots__ = ("_calls", "_columns", "_facts", "_groups", "_names")

    _names: tuple[str, ...]
    _columns: tuple[int, ...]
    _groups: tuple[int, ...]
    _facts: tuple[CarrierFacts, ...]
    _calls: Mapping[str, ParentOfOrigin] | None

    def __init__(
        self,
        names: Sequence[str],
        columns: Iterable[int],
        groups: Iterable[int],
        facts: Iterable[CarrierFacts],
        calls: Mapping[str, ParentOfOrigin] | None = None,
    ) -> None:
        names = names if isinstance(names, tuple) else tuple(names)
        columns, groups, facts = tuple(columns), tuple(groups), tuple(facts)
        if len(columns) != len(groups):
            raise ValueError(f"{len(columns)} carrier columns but {len(groups)} groups")
        # increasing, each column once: every column below the next (one C-level pass)
        if columns and (
            columns[0] < 0
            or columns[-1] >= len(names)
            or not all(map(operator.lt, columns, columns[1:]))
        ):
            raise ValueError("carrier columns must increase and index the sample names")
        if groups and (min(groups) < 0 or max(groups) >= len(facts)):
            raise ValueError(f"a carrier group is not one of the {len(facts)} facts")
        for slot, value in (
            ("_names", names),
            ("_columns", columns),
            ("_groups", groups),
            ("_facts", facts),
            ("_calls", calls),
        ):
            object.__setattr__(self, slot, value)

    @classmethod
    def of(cls, samples: Iterable[SampleAnnotation]) -> Carriers:
        """The columnar form of annotations made one by one (equal to ``tuple(samples)``)."""
        items = tuple(samples)
        index: dict[CarrierFacts, int] = {}
        groups = [index.setdefault(CarrierFacts.of_annotation(s), len(index)) for s in items]
        return cls(tuple(s.sample for s in items), range(len(items)), groups, index)

    # -- the columns (bulk access, no SampleAnnotation made) --------------------------

    @property
    def names(self) -> tuple[str, ...]:
        """The record's sample names, which :attr:`columns` index."""
        return self._names

    @property
    def columns(self) -> tuple[int, ...]:
        """Each carrier's sample column (an index into :attr:`names`), increasing."""
        return self._columns

    @property
    def groups(self) -> tuple[int, ...]:
        """Each carrier's facts, as an index into :attr:`facts`."""
        return self._groups

    @property
    def facts(self) -> tuple[CarrierFacts, ...]:
        """The distinct facts of the carriers (order: an implementation detail)."""
        return self._facts

    @property
    def samples(self) -> tuple[str, ...]:
        """The carriers' sample names, in order."""
        names = self._names
        return tuple([names[c] for c in self._columns])

    def grouped(self) -> Iterator[tuple[CarrierFacts, tuple[int, ...]]]:
        """Each distinct fact with the sample columns of its carriers (increasing)."""
        members: list[list[int]] = [[] for _ in self._facts]
        for column, group in zip(self._columns, self._groups, strict=True):
            members[group].append(column)
        for facts, columns in zip(self._facts, members, strict=True):
            if columns:
                yield facts, tuple(columns)

    # -- the sequence of SampleAnnotation ---------------------------------------------

    def __len__(self) -> int:
        return len(self._columns)

    @overload
    def __getitem__(self, index: int) -> SampleAnnotation: ...

    @overload
    def __getitem__(self, index: slice) -> Carriers: ...

    def __getitem__(self, index: int | slice) -> SampleAnnotation | Carriers:
        if isinstance(index, slice):
            columns, groups = self._columns[index], self._groups[index]
            if index.step is None or index.step > 0:
                return Carriers(self._names, columns, groups, self._facts, self._calls)
            # backwards: the carriers' own names, so that the columns still increase
            names = tuple([self._names[c] for c in columns])
            return Carriers(names, range(len(names)), groups, self._facts, self._calls)
        return self._made(self._facts[self._groups[index]], self._names[self._columns[index]])

    def __iter__(self) -> Iterator[SampleAnnotation]:
        names, facts = self._names, self._facts
        for column, group in zip(self._columns, self._groups, strict=True):
            yield self._made(facts[group], names[column])

    def _made(self, facts: CarrierFacts, sample: str) -> SampleAnnotation:
        calls = self._calls
        if calls is None or facts.origin_call is None:
            return facts.of(sample)
        return facts.of(sample, calls.get(sample))

    def __eq__(self, other: object) -> bool:
        # as a tuple: equal to a tuple (or Carriers) of equal annotations, not to a list
        if isinstance(other, Carriers):
            if len(self) != len(other):
                return False
            same = (self._names, self._columns, self._groups, self._facts)
            if self._calls is other._calls and same == (
                other._names,
                other._columns,
                other._groups,
                other._facts,
            ):
                return True
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return len(self) == len(other) and tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple[SampleAnnotation, ...]:
        if isinstance(other, Carriers | tuple):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[SampleAnnotation, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Carriers({tuple(self)!r})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Carriers is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Carriers is immutable: cannot delete {name}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Carriers, (self._names, self._columns, self._groups, self._facts, self._calls))
