"""Parent of origin in one pass over the records, with a bounded look-around window.

The calls of a record are made from that record's own objects (no second
reading of the file, no join by position in the stream).  Trio genotypes need
only the record itself; two methods need other sites of the same child:

* phased genotypes: the trio-informative sites of the child's phase set
  (GT ``|`` + PS, or HP), before and after the target;
* read-backed phasing: the child's heterozygous SNVs within the read window
  (:attr:`ReadPhasingSettings.window`, 5 kb by default).

So a record waits only while a carrier there is phased, or has alignments:
it is decided once the stream is ``window`` bp past it (or ends), and the
records behind it wait with it so that file order is kept.  Other sites are
remembered only for children who carry an allele there and are phased there
(or have alignments), as slim copies holding the trio's three genotypes, and
forgotten once they are ``window`` bp behind every waiting record.

**The bound.**  Unphased input without alignments holds one record at a time,
whatever the number of records or samples.  Otherwise memory is at most the
records within ``window`` bp of a waiting record, plus the remembered sites of
that span.  The default window, :data:`ORIGIN_WINDOW` (300 kb), is larger than
every extraction region (``gnas+stx16`` is 270 kb), so on position-sorted input
the calls are exactly those made with the whole region in view; a smaller
window trades anchors of long phase sets for memory.  On unsorted input the
window follows file order: a site that arrives after its target was decided
is not used for it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from gnas_annot.epigenetics.model import MethylationResult
from gnas_annot.extract.extractor import ExtractedRecord
from gnas_annot.extract.genotypes import carrier_table, columns, sample_names
from gnas_annot.model.variant import Variant, VariantStatus
from gnas_annot.origin.calls import call_origin
from gnas_annot.origin.model import (
    CarrierCalls,
    OriginCalls,
    OriginSettings,
    ParentOfOrigin,
    renamed,
)
from gnas_annot.origin.mosaicism import hotspot_name
from gnas_annot.origin.pedigree import Trio
from gnas_annot.origin.phased import Site, haplotypes
from gnas_annot.origin.reads import ReadPhaser
from gnas_annot.pack.store import Pack, load_pack

#: bp around a target in which phase-set anchors are looked for (see the module docstring)
ORIGIN_WINDOW = 300_000

_Phase = tuple[str, tuple[int | None, ...]]
# a trio member that is not a column: no one named (None), '' named, not a sample
_NOBODY, _EMPTY, _ABSENT = -1, -2, -3
# unphased calls remembered across records (a cohort repeats a few column texts)
_REMEMBERED = 4096
# statuses with no allele of their own (call_origin calls them without the genotypes)
_NOT_ALLELES = (
    VariantStatus.NO_ALT,
    VariantStatus.SPANNING_DELETION,
    VariantStatus.REF_EQUALS_ALT,
)


@dataclass(frozen=True, slots=True)
class DecidedRecord:
    """A record with the origin calls of its alleles: ``calls[k]`` maps a child
    (every child, or each carrier child: see ``everyone``) to its call for
    ``item.variants[k]``."""

    item: ExtractedRecord
    calls: tuple[Mapping[str, ParentOfOrigin], ...]


@dataclass(slots=True)
class _Waiting:
    item: ExtractedRecord
    phases: dict[str, _Phase | None]  # child -> phase at this record (carriers only)
    carried: list[list[Trio]]  # per allele: the trios whose child carries it
    ready_after: int  # decided once the stream is past this position
    # per allele: its carriers (sample indices, column texts or None), and the position
    # among them of each child of ``carried`` (the one scan of the carriers)
    tables: list[tuple[list[int], list[str] | None, list[int]]]


class OriginWindow:
    """Feed records in file order with :meth:`push`; take each record back, with
    its calls, from :meth:`push` or, at the end, :meth:`finish`.

    ``everyone``: a call for every child and allele (``assign_origin``); otherwise
    only for the children who carry the allele (``annotate``: nobody else gets a
    row), so a record costs its carriers, not the size of the pedigree.
    """

    def __init__(
        self,
        trios: Sequence[Trio],
        settings: OriginSettings | None = None,
        phasers: Mapping[str, ReadPhaser] | None = None,
        window: int = ORIGIN_WINDOW,
        methylation: Mapping[str, MethylationResult] | None = None,
        *,
        everyone: bool = True,
        pack: Pack | None = None,
    ) -> None:
        #: the data pack of the run (default: the current one): its hotspots decide
        #: the mosaicism flags of every call
        self.pack = pack if pack is not None else load_pack()
        self.trios = tuple(trios)
        self.methylation = dict(methylation or {})  # child -> its DMR methylation
        self.settings = settings or OriginSettings()
        self.phasers = dict(phasers or {})
        self.window = window
        self.everyone = everyone
        self._by_child = {t.child: t for t in self.trios}
        self._waiting: deque[_Waiting] = deque()
        self._sites: dict[str, deque[Site]] = {t.child: deque() for t in self.trios}
        # the children with remembered sites (the only ones _forget looks at)
        self._remembering: set[str] = set()
        self._furthest = -1
        # children called by the general path only (they have alignments or methylation)
        self._slow = set(self.phasers) | set(self.methylation)
        # per header: child -> its trio's sample positions; sample position -> trio
        self._spots: Mapping[str, tuple[int, int, int]] = {}
        self._spots_of: Mapping[str, int] | None = None
        self._names: Sequence[str] | None = None
        self._at: Mapping[int, Trio] = {}
        # unphased calls by what they read (see _unphased)
        self._calls: dict[tuple[object, ...], ParentOfOrigin] = {}

    def push(self, item: ExtractedRecord) -> Iterator[DecidedRecord]:
        """Take one record; yield every record (this one or earlier) now decided."""
        pos = item.variants[0].source.pos if item.variants else 0
        self._furthest = max(self._furthest, pos)
        carried: list[list[Trio]] = []
        tables: list[tuple[list[int], list[str] | None, list[int]]] = []
        # children whose GT has a '/': unphased for htslib, no phase to look up (HP aside)
        unphased: set[str] = set()
        tagged = "HP" in item.record.format
        for v in item.variants:
            names = sample_names(v.genotypes)
            indices, texts = carrier_table(v.genotypes, v.allele_index)
            if names is not None:
                # the carrier children by their sample position: one dict look-up each
                at = self._children_at(names)
                pairs = [(t, k) for k, i in enumerate(indices) if (t := at.get(i)) is not None]
            else:
                by_child = self._by_child
                genotypes = v.genotypes
                pairs = [
                    (t, k)
                    for k, i in enumerate(indices)
                    if (t := by_child.get(genotypes[i].sample)) is not None
                ]
            trios = [t for t, _ in pairs]
            carried.append(trios)
            tables.append((indices, texts, [k for _, k in pairs]))
            if not tagged and texts is not None:
                unphased.update([t.child for t, k in pairs if "/" in texts[k].partition(":")[0]])
        # every carrier child: no phase unless it may have one (a GT without '/', HP)
        phases: dict[str, _Phase | None] = {t.child: None for ts in carried for t in ts}
        ready_after = -1
        for child in [c for c in phases if c not in unphased or c in self.phasers]:
            trio = self._by_child[child]
            phase = None if child in unphased else _phase(item, child)
            phases[child] = phase
            if phase is None and child not in self.phasers:
                continue
            reach = self.window if phase is not None else self.settings.reads.window
            ready_after = max(ready_after, pos + reach)
            sites = self._sites[child]
            self._remembering.add(child)
            for v, trios in zip(item.variants, carried, strict=True):
                if trio in trios:
                    sites.append(Site(_slim(v, trio), {child: phase}))
        self._waiting.append(_Waiting(item, phases, carried, ready_after, tables))
        yield from self._release(lambda w: self._furthest > w.ready_after)

    def finish(self) -> Iterator[DecidedRecord]:
        """The end of the stream: every record still waiting, decided."""
        yield from self._release(lambda w: True)

    def _release(self, ready: Callable[[_Waiting], bool]) -> Iterator[DecidedRecord]:
        while self._waiting and ready(self._waiting[0]):
            yield self._decide(self._waiting.popleft())
        self._forget()

    def close(self) -> None:
        """Close the read phasers (their alignment files)."""
        for phaser in self.phasers.values():
            phaser.close()

    def __enter__(self) -> OriginWindow:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _decide(self, waiting: _Waiting) -> DecidedRecord:
        calls: list[Mapping[str, ParentOfOrigin]] = []
        phases, slow = waiting.phases, self._slow
        # what else decides how a column's text decodes: FORMAT order and the ALT count
        layout = (tuple(waiting.item.record.format.keys()), len(waiting.item.record.alts or ()))
        texts = self._trio_columns(waiting)
        got = texts.get if texts is not None else None
        spots = self._spots
        for v, carried, table in zip(
            waiting.item.variants, waiting.carried, waiting.tables, strict=True
        ):
            by_child: dict[str, ParentOfOrigin] = {}
            # an unphased child without alignments or methylation is called from the
            # trio's three calls alone: once per distinct (child, father, mother) columns
            same: dict[tuple[object, ...], ParentOfOrigin] = {}
            for trio in self.trios if self.everyone else carried:
                child = trio.child
                phase = phases.get(child)
                if got is None or phase is not None or child in slow:
                    by_child[child] = self._call(v, trio, phase)
                    continue
                c, f, m = spots[child]
                # a member who is not a column keeps its marker (negative: no column's)
                key = (got(c, c), got(f, f), got(m, m))
                known = same.get(key)
                if known is not None:
                    by_child[child] = known  # renamed for this child when it is read
                else:
                    by_child[child] = same[key] = self._unphased(v, trio, (layout, key))
            placed: CarrierCalls | None = None
            if not self.everyone:
                # the calls in place among the carriers the push found: the annotation of
                # this allele takes them from there (pipeline.Annotator._samples)
                indices, found, at = table
                made = [by_child[t.child] for t in carried]
                placed = (indices, found, list(zip(at, made, strict=True)))
            calls.append(OriginCalls(by_child, self._by_child, placed))
        return DecidedRecord(waiting.item, tuple(calls))

    def _trio_columns(self, waiting: _Waiting) -> Mapping[int, str] | None:
        """Sample position -> column text, for the members of the trios whose children
        :meth:`_decide` calls from the columns; None when the record's columns are not
        read as text.  A cohort's columns are cut from the record's text at the bounds
        its genotype scan found, not split into every sample's column."""
        item = waiting.item
        text = columns(item.variants[0].genotypes) if item.variants else None
        index = item.variants[0].sample_index if item.variants else None
        if text is None or not index:
            return None
        spots = self._trio_spots(index)
        trios = self.trios if self.everyone else {t for ts in waiting.carried for t in ts}
        phases, slow = waiting.phases, self._slow
        wanted = [
            spots[t.child] for t in trios if phases.get(t.child) is None and t.child not in slow
        ]
        if not wanted:
            return {}
        needed = sorted({k for members in wanted for k in members if k >= 0})
        # cut from the record's text at the column bounds the genotype scan found
        sample_text = text.sample_text
        bounds = text.column_ends([k - 1 for k in needed] + needed) if sample_text else None
        if sample_text is not None and bounds is not None:
            cut = bounds  # a list of offsets
            n = len(needed)
            return dict(
                zip(
                    needed,
                    [sample_text[a + 1 : b] for a, b in zip(cut[:n], cut[n:], strict=True)],
                    strict=True,
                )
            )
        found = text.all_columns()
        return None if found is None else {k: found[k] for k in needed}

    def _call(self, v: Variant, trio: Trio, phase: _Phase | None) -> ParentOfOrigin:
        """The general call: every method the child's data allow."""
        return call_origin(
            Site(v, {trio.child: phase}),
            self._sites[trio.child],
            trio,
            self.settings,
            self.phasers.get(trio.child),
            self.methylation.get(trio.child),
            self.pack,
        )

    def _unphased(self, v: Variant, trio: Trio, key: tuple[object, ...]) -> ParentOfOrigin:
        """The call of an unphased child without alignments or methylation: what
        :func:`call_origin` reads then is the three members' columns (``key``, with
        FORMAT and the ALT count), the allele's index, status and activating hotspot,
        so the call of an earlier record with the same ones is taken, with this
        variant and these names.  Bounded: forgotten after :data:`_REMEMBERED`."""
        spot = (
            hotspot_name(v, self.pack)
            if v.sv_type is None and v.status not in _NOT_ALLELES
            else None
        )
        full = (key, v.allele_index, v.status, v.sv_type, spot)
        known = self._calls.get(full)
        if known is not None:
            return renamed(known, trio, v)
        if len(self._calls) >= _REMEMBERED:
            self._calls.clear()
        call = self._calls[full] = self._call(v, trio, None)
        return call

    def _children_at(self, names: Sequence[str]) -> Mapping[int, Trio]:
        """Sample position -> the trio of the child there (for one header's samples)."""
        if names is not self._names:
            at = {name: i for i, name in enumerate(names)}
            self._names = names
            self._at = {at[t.child]: t for t in self.trios if t.child in at}
        return self._at

    def _trio_spots(self, index: Mapping[str, int]) -> Mapping[str, tuple[int, int, int]]:
        """child -> where its trio's calls are among the samples (``_NOBODY``, ``_EMPTY``,
        ``_ABSENT`` for a member who is not a column), for one header's samples."""
        if index is not self._spots_of:
            self._spots_of = index
            self._calls.clear()
            self._spots = {
                t.child: (
                    _spot(index, t.child),
                    _spot(index, t.father),
                    _spot(index, t.mother),
                )
                for t in self.trios
            }
        return self._spots

    def _forget(self) -> None:
        """Drop remembered sites that no waiting (or future) record can reach."""
        oldest = (
            self._waiting[0].item.variants[0].source.pos
            if self._waiting and self._waiting[0].item.variants
            else self._furthest
        )
        cutoff = oldest - self.window
        for child in list(self._remembering):
            sites = self._sites[child]
            while sites and sites[0].variant.pos < cutoff:
                sites.popleft()
            if not sites:
                self._remembering.discard(child)


def _spot(index: Mapping[str, int], member: str | None) -> int:
    if member is None:
        return _NOBODY
    return index.get(member, _ABSENT) if member else _EMPTY


def _phase(item: ExtractedRecord, child: str) -> _Phase | None:
    """:func:`haplotypes` of ``child`` at this record, from its decoded call (the
    same GT, phasing and PS) unless the record has HP tags."""
    if not item.variants:
        return haplotypes(item.record, child)
    v = item.variants[0]
    g = v.genotype(child)
    if g is None or "HP" in item.record.format:
        return haplotypes(item.record, child)
    if not g.alleles or None in g.alleles:
        return None
    if g.phased:
        return f"PS:{'.' if g.phase_set is None else g.phase_set}", g.alleles
    return None


def _slim(v: Variant, trio: Trio) -> Variant:
    """``v`` holding only the trio's genotypes: what another site's call reads of it."""
    members = [trio.child, trio.father, trio.mother]
    calls = tuple(g for g in (v.genotype(m) for m in members if m) if g is not None)
    return replace(v, genotypes=calls, sample_index={g.sample: i for i, g in enumerate(calls)})
