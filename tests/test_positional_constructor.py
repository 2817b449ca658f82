"""model.construct.positional_constructor (the twin-class constructor of the objects
made several times per allele: names, consequences) gives the very object the
dataclass gives: same class, equal, same hash, every field the same object, still
frozen, garbage collected; it refuses classes whose layout or __init__ it cannot
reproduce."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from typing import Any

import pytest

from gnas_annot.effect.terms import TranscriptConsequence, VariantConsequences
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.construct import positional_constructor
from gnas_annot.model.spans import ExonSpan
from gnas_annot.naming.described import TranscriptHgvs, VariantHgvs
from gnas_annot.naming.protein_change import ProteinChange

_HGVS = TranscriptHgvs(
    "NM_000516.7", "GNAS", "Gs-alpha", "NM_000516.7:c.601C>T", "exon 8",
    "NP_000507.1:p.(Arg201Cys)", "NP_000507.1:p.(R201C)",
    ProteinChange("missense", 201, 201, "R", "C"), ("a note",),
)  # fmt: skip
_NAMES = VariantHgvs(GenomeBuild.GRCh38, "NC_000020.11:g.1A>C", None, (_HGVS,), ("n",))
_CONSEQUENCE = TranscriptConsequence(
    "NM_000516.7", "GNAS", "Gs-alpha", "protein_coding", ("missense_variant",), "MODERATE",
    ExonSpan(8, 8, 13), None, "601", "601", "201", "R/C", "Cgt/Tgt", None, _HGVS,
)  # fmt: skip
_EXAMPLES: list[Any] = [
    _HGVS,
    _NAMES,
    _CONSEQUENCE,
    VariantConsequences(GenomeBuild.GRCh37, _NAMES, (_CONSEQUENCE,), (1, 1), (1, "A", "C")),
    ProteinChange("frameshift", 3, 3, "R", "", 7, False),
]


class _Box(list[Any]):
    """A list that a weak reference can point at."""


@pytest.mark.parametrize("general", _EXAMPLES, ids=lambda x: type(x).__name__)
def test_the_positional_constructor_makes_the_very_object_the_dataclass_makes(general: Any) -> None:
    cls = type(general)
    values = [getattr(general, f.name) for f in dataclasses.fields(cls)]
    made = positional_constructor(cls)(*values)
    assert type(made) is cls and made == general and hash(made) == hash(general)
    assert repr(made) == repr(general)
    for f in dataclasses.fields(cls):
        assert getattr(made, f.name) is getattr(general, f.name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, None)
    with pytest.raises(TypeError):  # every field must be given
        positional_constructor(cls)(*values[:-1])


def test_objects_of_the_positional_constructor_are_freed_and_hold_no_twin_state() -> None:
    made = positional_constructor(ProteinChange)("missense", 1, 1, "R", "C", None, True)
    assert not hasattr(made, "__dict__")
    # a cycle through a field is collected: the object is tracked as its class's are
    box = _Box()
    cyclic = positional_constructor(VariantHgvs)(GenomeBuild.GRCh38, None, None, (), (box,))
    box.append(cyclic)
    gone = weakref.ref(box)
    del box, cyclic
    gc.collect()
    assert gone() is None


def test_the_positional_constructor_refuses_classes_it_cannot_reproduce() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived(Base):  # its slots add to Base's: no twin of object has its layout
        b: int

    @dataclasses.dataclass(frozen=True, slots=True, weakref_slot=True)
    class Weak:
        a: int

    for cls in (NoSlots, Checked, Derived, Weak, int):
        with pytest.raises(TypeError):
            positional_constructor(cls)
