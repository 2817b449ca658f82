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
from gnas_annot.output.report import methylation_svg
from gnas_annot.output.report.html import Section, page
from gnas_annot.output.report.model import Family, families

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
) -> list[Path]:
    """Write one page per family; each file replaced atomically.  Returns the paths.

    ``methylation`` (sample -> :class:`~gnas_annot.epigenetics.model.MethylationResult`)
    adds a DMR block for each member that has one."""
    found = families(annotated, pedigree, vcf_samples)
    paths = report_paths(output, [f.name for f in found])
    for family, path in zip(found, paths, strict=True):
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        extra = list(sections)
        block = methylation_svg.render([p.sample for p in family.people], methylation or {})
        if block:
            extra.insert(0, Section("DMR methylation", block))
        with atomic_path(path) as tmp:
            Path(tmp).write_text(page(family, extra, provenance), encoding="utf-8")
    return paths
