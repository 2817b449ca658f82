"""The family report: one self-contained HTML file per family of the pedigree
(pedigree with parent-of-origin arrows, the variant table, a Gs-alpha
lollipop coloured by origin, extra sections such as methylation or copy
number, caveats and provenance).  See docs/report.md."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from gnas_annot.annotate.results import AnnotatedVariant
from gnas_annot.epigenetics.model import MethylationResult
from gnas_annot.errors import OutputError
from gnas_annot.origin.pedigree import Pedigree
from gnas_annot.output.atomic import atomic_path
from gnas_annot.output.report import copy_number_svg, methylation_svg
from gnas_annot.output.report.html import Section, page
from gnas_annot.output.report.model import Family, families
from gnas_annot.structure.event_origin import EventOrigin, event_origin
from gnas_annot.structure.events import CopyNumberEvent
from gnas_annot.structure.targets import copy_number_targets

__all__ = ["Family", "Section", "report_paths", "write_family_reports"]


def report_paths(output: str | os.PathLike[str], names: Sequence[str]) -> list[Path]:
    """Where each family's page goes: ``-o family.html`` for one family; with
    several, ``family.<FAMILY>.html`` beside it; ``-o DIR/`` gives
    ``DIR/<FAMILY>.html``."""
    out = Path(output)
    safe = [re.sub(r"[^A-Za-z0-9._-]", "_", n) or "family" for n in names]
    if len(set(safe)) != len(safe):
        safe = [f"{k + 1}_{s}" for k, s in enumerate(safe)]
    if str(output).endswith(os.sep) or out.is_dir():
        return [out / f"{s}.html" for s in safe]
    if out.suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"the report is HTML: name it *.html or give a directory ({output})")
    if len(names) == 1:
        return [out]
    return [out.with_name(f"{out.stem}.{s}{out.suffix}") for s in safe]


def write_family_reports(
    annotated: Iterable[AnnotatedVariant],
    pedigree: Pedigree,
    vcf_samples: Sequence[str],
    output: str | os.PathLike[str],
    *,
    provenance: Sequence[tuple[str, str]] = (),
    sections: Sequence[Section] = (),
    methylation: Mapping[str, MethylationResult] | None = None,
    copy_number: Mapping[str, Sequence[CopyNumberEvent]] | None = None,
) -> list[Path]:
    """Write one page per family; each file replaced atomically.  Returns the paths.

    ``methylation`` (sample -> :class:`~gnas_annot.epigenetics.model.MethylationResult`)
    adds a DMR block for each member that has one; ``copy_number`` (sample -> its
    deletion/duplication events; a sample present with no events was assessed and
    has none) a copy-number block, with each event's parent of origin from the
    parents' own events."""
    found = families(annotated, pedigree, vcf_samples)
    paths = report_paths(output, [f.name for f in found])
    for family, path in zip(found, paths, strict=True):
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        extra = list(sections)
        block = methylation_svg.render([p.sample for p in family.people], methylation or {})
        if block:
            extra.insert(0, Section("DMR methylation", block))
        if copy_number is not None and family.build is not None:
            cnv = _copy_number_block(family, pedigree, copy_number)
            if cnv:
                extra.insert(0, Section("Copy number", cnv))
        with atomic_path(path) as tmp:
            Path(tmp).write_text(page(family, extra, provenance), encoding="utf-8")
    return paths


def _copy_number_block(
    family: Family, pedigree: Pedigree, events: Mapping[str, Sequence[CopyNumberEvent]]
) -> str:
    assert family.build is not None
    origins: dict[int, EventOrigin] = {}
    for person in family.people:
        parents = {"father": person.father, "mother": person.mother}
        if not any(p is not None for p in parents.values()):
            continue
        parent_events = {
            role: (events[name] if name is not None and name in events else None)
            for role, name in parents.items()
        }
        for event in events.get(person.sample, ()):
            origins[id(event)] = event_origin(event, parent_events)
    members = [p.sample for p in family.people]
    return copy_number_svg.render(members, events, copy_number_targets(family.build), origins)
