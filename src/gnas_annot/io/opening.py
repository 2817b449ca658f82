"""Opening a VCF/BCF with htslib, its failures turned into one-line errors."""

from __future__ import annotations

import pysam

from gnas_annot._htslib import NO_INDEX, STALE, claims, htslib_messages
from gnas_annot.errors import (
    CorruptInputError,
    InputNotFoundError,
    MalformedHeaderError,
    TruncatedInputError,
)
from gnas_annot.io.header import diagnose_header
from gnas_annot.io.scan import corrupt_reason


def open_variant_file(path: str, display: str | None = None) -> pysam.VariantFile:
    # htslib complains on stderr about every missing index and warns about a
    # stale one; VcfSource has decided about indexes already (see
    # _stale_index_warning), so those lines are ours to drop, and any other
    # warning still reaches the user.
    try:
        with htslib_messages(claims(*NO_INDEX, *STALE)):
            return pysam.VariantFile(path, "r")
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"input not found: {path}") from exc
    except NotImplementedError as exc:
        raise CorruptInputError(
            f"{path}: compressed with plain gzip, not bgzip; recompress it "
            f"(`zcat {path} | bgzip > new.vcf.gz`) or stream it (`zcat {path} | gnas-annot ... -`)"
        ) from exc
    except (OSError, ValueError) as exc:
        text = str(exc)
        if "truncated" in text.lower():
            raise TruncatedInputError(
                f"{path}: file is truncated (no BGZF end-of-file marker): {text}"
            ) from exc
        corrupt = corrupt_reason_of(path)
        if corrupt:
            raise CorruptInputError(f"{display or path}: {corrupt}") from exc
        raise MalformedHeaderError(f"{display or path}: {diagnose_header(path) or text}") from exc


def corrupt_reason_of(path: str) -> str | None:
    """'the file is empty' or 'binary data ...' for input htslib refused."""
    if path == "-":
        return None
    try:
        with pysam.BGZFile(path, "rb", index=None) as handle:  # reads plain text as well
            return corrupt_reason(handle.read(1 << 16))
    except (OSError, ValueError, EOFError):
        return None
