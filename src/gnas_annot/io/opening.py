"""Opening a VCF/BCF with htslib, its failures turned into one-line errors."""

from __future__ import annotations

import zlib

import pysam

from gnas_annot._htslib import NO_INDEX, STALE, Messages, claims, htslib_messages
from gnas_annot.errors import (
    CorruptInputError,
    InputNotFoundError,
    MalformedHeaderError,
    TruncatedInputError,
)
from gnas_annot.io.header import diagnose_header
from gnas_annot.io.scan import corrupt_reason, head_of


def open_variant_file(path: str, display: str | None = None) -> pysam.VariantFile:
    # htslib complains on stderr about every missing index and warns about a
    # stale one; VcfSource has decided about indexes already (see
    # _stale_index_warning), so those lines are ours to drop, and any other
    # warning still reaches the user.
    said = Messages()
    try:
        with htslib_messages(claims(*NO_INDEX, *STALE)) as said:
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
        if any("bgzf_" in line or "Inflate" in line for line in said):
            raise CorruptInputError(
                f"{display or path}: the compressed data is damaged and cannot be "
                f"decompressed ({said.summary()})"
            ) from exc
        # pysam's own words ("does not have valid header (mode=...)") say little
        reason = diagnose_header(path) or (
            f"htslib cannot read the header ({said.summary() or 'it gives no reason'})"
        )
        raise MalformedHeaderError(f"{display or path}: {reason}") from exc


def corrupt_reason_of(path: str) -> str | None:
    """'the file is empty', 'binary data ...' or 'the compressed data is
    damaged' for input htslib refused (its own words are an unclear
    "does not have valid header")."""
    if path == "-":
        return None
    try:
        return corrupt_reason(head_of(path))
    except CorruptInputError:
        raise
    except EOFError:
        return "file is truncated (the compressed data ends mid-stream)"
    except (OSError, zlib.error) as exc:
        return f"the compressed data is damaged and cannot be decompressed ({exc})"
