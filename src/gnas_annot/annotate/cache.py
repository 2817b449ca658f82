"""The cache of annotated alleles: an allele seen again is annotated once.

The allele-level facts of an allele -- consequences with their HGVS names, the
loss-of-function calls and the reading without a sample -- depend only on the
allele (build, POS, REF, ALT, and END and type of a structural one) and on the
inputs of the run that annotates it: the data pack, the reference FASTA and the
user's ClinVar file.  An allele carried by 2,000 samples of a cohort, or met in
20 files of :func:`~gnas_annot.scale.many.annotate_many`, is computed once and
the immutable results are shared (no caller can change them).

Each :class:`~gnas_annot.annotate.run.AnnotationRun` has its own cache by
default; pass one :class:`AlleleCache` to several runs (``annotate_many`` does,
per worker process: :func:`shared_cache`) to share across files.  Entries are
keyed by those inputs too, so runs with another reference, pack or ClinVar file
never see each other's results.  The cache is a bounded LRU: memory stays flat
however many distinct alleles pass through.

>>> cache = AlleleCache(maxsize=2)
>>> cache.get(("ctx", 1)) is None, cache.misses
(True, 1)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from gnas_annot.effect.consequence import VariantConsequences
from gnas_annot.effect.lof import LofAssessment
from gnas_annot.interpret.reading import Interpretation
from gnas_annot.seq.reference import ReferenceGenome

#: alleles kept by default.  An entry holds ~5 kB (measured: +20 MB of peak RSS for 4,096
#: entries on dense input), so ~5 MB; an exome holds ~200 GNAS alleles, so the common
#: ones of many single-sample inputs stay while the distinct ones of a dense file pass
DEFAULT_SIZE = 1024
#: after a cache's worth of misses in a row, one allele in this many is kept
COLD_SAMPLE = 16


@dataclass(frozen=True, slots=True)
class AlleleFacts:
    """What an allele is, whoever carries it (the allele-level facts)."""

    consequences: VariantConsequences
    lof: LofAssessment
    interpretation: Interpretation


class AlleleCache:
    """A thread-safe LRU of :class:`AlleleFacts`, at most ``maxsize`` entries.

    A stream of distinct alleles (a dense sites-only file) never hits: every entry
    it keeps lives on until ``maxsize`` others pushed it out, and alleles that
    outlive their record cost the garbage collector (measured: ~8 us per allele on
    dense input, more than keeping them saves).  So once ``maxsize`` misses came in
    a row, only one allele in :data:`COLD_SAMPLE` is kept, until one is hit again;
    what the cache answers is unchanged, only what it keeps."""

    def __init__(self, maxsize: int = DEFAULT_SIZE) -> None:
        if maxsize < 0:
            raise ValueError(f"maxsize must be >= 0, not {maxsize}")
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._cold = 0  # misses since the last hit
        self._entries: OrderedDict[Hashable, AlleleFacts] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> AlleleFacts | None:
        with self._lock:
            facts = self._entries.get(key)
            if facts is None:
                self.misses += 1
                self._cold += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            self._cold = 0
            return facts

    def put(self, key: Hashable, facts: AlleleFacts) -> None:
        cold = self._cold
        if self.maxsize == 0 or (cold > self.maxsize and cold % COLD_SAMPLE):
            return
        with self._lock:
            entries = self._entries
            if key in entries:
                entries.move_to_end(key)
            entries[key] = facts
            while len(entries) > self.maxsize:
                entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = self._cold = 0

    def __len__(self) -> int:
        return len(self._entries)


_SHARED = AlleleCache()


def shared_cache() -> AlleleCache:
    """This process's cache, for runs that should share alleles (one per worker)."""
    return _SHARED


def reference_identity(reference: ReferenceGenome | None) -> Hashable:
    """The reference FASTA as a cache key: its path and the file's size, change time and
    inode, so a FASTA rewritten in place is a new reference (a file that cannot be
    looked at: the object itself, shared by nobody else)."""
    if reference is None:
        return None
    try:
        path = reference.path.resolve()
        st = path.stat()
    except OSError:
        return reference
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
