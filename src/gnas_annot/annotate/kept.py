"""Texts of immutable objects, made once per object and kept by identity.

A dense file's alleles share many objects the writers render: the exon and intron
spans of a transcript (effect/geometry.py keeps one per exon), the not-LoF calls of an
allele shape (effect/products.py keeps them per shape), the pack's transcript models.
Rendering each again for every allele x transcript was a good part of writing an entry;
here the text (or a table of texts) is kept per object.  The key is the object's
``id`` and the object is held with its text, so an id reused by a new object after the
old one was freed is never taken for it (the held object is compared by ``is``); each
table is bounded (cleared when full).  Every object kept is immutable (frozen
dataclasses, tuples of them): its text cannot change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Generic, TypeVar

__all__ = ["KEPT", "Keep", "Kept"]

T = TypeVar("T")
V = TypeVar("V")

#: objects kept per table before it is cleared (a pack has a few hundred spans/calls)
KEPT: Final = 4096


class Keep(Generic[T, V]):
    """Values kept per object (by identity, the object held), put by the caller."""

    __slots__ = ("_kept", "_size")

    def __init__(self, size: int = KEPT) -> None:
        self._size = size
        self._kept: dict[int, tuple[T, V]] = {}

    def get(self, obj: T) -> V | None:
        """The value kept for ``obj`` itself (None: none)."""
        kept = self._kept.get(id(obj))
        return kept[1] if kept is not None and kept[0] is obj else None

    def put(self, obj: T, value: V) -> V:
        if len(self._kept) >= self._size:
            self._kept.clear()
        self._kept[id(obj)] = (obj, value)
        return value

    def __len__(self) -> int:
        return len(self._kept)


class Kept(Keep[T, V]):
    """``render(obj)``, kept per object (by identity, the object held).  What it
    returns is shared by every caller: a text, or a table nobody changes."""

    __slots__ = ("_render",)

    def __init__(self, render: Callable[[T], V], size: int = KEPT) -> None:
        super().__init__(size)
        self._render = render

    def __call__(self, obj: T) -> V:
        kept = self._kept.get(id(obj))
        if kept is None or kept[0] is not obj:
            if len(self._kept) >= self._size:
                self._kept.clear()
            kept = self._kept[id(obj)] = (obj, self._render(obj))
        return kept[1]
