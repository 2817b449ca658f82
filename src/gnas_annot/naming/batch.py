"""Many HGVS descriptions, one per line: one result per line, and a line that
cannot be read is a result with its error, not the end of the batch.

Blank lines and lines starting with ``#`` are skipped (they carry no
description); every other line gives exactly one :class:`BatchResult`, in
input order, numbered by its line in the input.

>>> from gnas_annot.naming.names import HgvsNamer
>>> lines = ["NM_000516.7:c.601C>T", "", "# a comment", "nonsense", "NM_999999.1:c.1A>G"]
>>> for r in describe_lines(lines, HgvsNamer()):
...     print(r.line, r.ok, r.error_class or r.allele.vcf)
1 True ('chr20', 58909365, 'C', 'T')
4 False HgvsSyntaxError
5 False UnknownTranscriptError
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gnas_annot.errors import GnasAnnotError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer, VariantHgvs
from gnas_annot.naming.parse import GenomicAllele, parse_hgvs


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One input line: its description, and either the names or the error."""

    line: int  # 1-based line number in the input
    text: str
    allele: GenomicAllele | None = None
    names: VariantHgvs | None = None
    error: str | None = None
    error_class: str | None = None
    exit_code: int = 0  # the code this error would exit with alone (0: ok)

    @property
    def ok(self) -> bool:
        return self.error is None


def describe_lines(
    lines: Iterable[str], namer: HgvsNamer, build: GenomeBuild | None = None
) -> Iterator[BatchResult]:
    """Parse and name each description; an input error stays on its line."""
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        try:
            allele = parse_hgvs(text, namer, build)
            names = namer.name(allele.build, *allele.vcf[1:])
        except GnasAnnotError as exc:  # HGVS input errors, and e.g. an unknown transcript
            yield _failed(number, text, exc)
        else:
            yield BatchResult(number, text, allele, names)


def _failed(number: int, text: str, exc: GnasAnnotError) -> BatchResult:
    return BatchResult(
        number,
        text,
        error=str(exc),
        error_class=type(exc).__name__,
        exit_code=exc.exit_code,
    )
