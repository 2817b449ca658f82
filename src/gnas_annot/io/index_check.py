"""Does a .tbi/.csi index describe this data file, or another version of it?

htslib only compares dates (see :func:`gnas_annot._htslib.stale_index`).  An
index copied from another run, or left by a writer killed between installing
data and index, is newer than the data and is trusted: region fetches then
return nothing, with exit 0.  The index records where the last record of
the file ends (the largest chunk end, a BGZF virtual offset); for the data it
was built from, nothing but the end of the file follows that point.  One
seek and one read check that, for any file size.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import pysam

from gnas_annot._htslib import htslib_messages, stale_index


def last_record_end(index: Path) -> int | None:
    """The largest chunk end (virtual offset) in a .tbi or .csi file; None if it
    cannot be read as one."""
    try:
        data = gzip.decompress(index.read_bytes())
    except (OSError, EOFError, zlib.error):
        return None
    try:
        if data[:4] == b"TBI\x01":
            return _tbi_end(data)
        if data[:4] == b"CSI\x01":
            return _csi_end(data)
    except struct.error:
        return None
    return None


_INT = struct.Struct("<i").unpack_from
_OFFSET = struct.Struct("<Q").unpack_from
#: a bin's chunk count with its first chunk (begin, end): one read per bin
_FIRST_CHUNK = struct.Struct("<iQQ")


def _chunks_end(data: bytes, at: int, n_ref: int, has_loffset: bool) -> int:
    # every bin of an exome's index is walked (thousands, nearly all of one chunk):
    # one unpack per bin, reading its chunk count and its first chunk together
    end = 0
    skip = 4 + (8 if has_loffset else 0)  # bin number (and CSI's loffset)
    first_chunk = _FIRST_CHUNK.unpack_from
    # the last place a bin's count and first chunk can be read at once; past it (a
    # bin without chunks at the very end) they are read one by one, as they fit
    last = len(data) - _FIRST_CHUNK.size
    for _ in range(n_ref):
        (n_bin,) = _INT(data, at)
        at += 4
        for _ in range(n_bin):
            at += skip
            if at <= last:
                n_chunk, _, chunk_end = first_chunk(data, at)
                if n_chunk > 0 and chunk_end > end:
                    end = chunk_end
                start = 1  # the first chunk is read
            else:
                (n_chunk,) = _INT(data, at)
                start = 0
            at += 4
            for i in range(start, n_chunk):
                (chunk_end,) = _OFFSET(data, at + 16 * i + 8)
                if chunk_end > end:
                    end = chunk_end
            at += 16 * n_chunk
        if not has_loffset:
            (n_intv,) = _INT(data, at)
            at += 4 + 8 * n_intv
    return end


def _tbi_end(data: bytes) -> int:
    n_ref = struct.unpack_from("<i", data, 4)[0]
    (l_nm,) = struct.unpack_from("<i", data, 32)
    return _chunks_end(data, 36 + l_nm, n_ref, has_loffset=False)


def _csi_end(data: bytes) -> int:
    (l_aux,) = struct.unpack_from("<i", data, 12)
    (n_ref,) = struct.unpack_from("<i", data, 16 + l_aux)
    return _chunks_end(data, 20 + l_aux, n_ref, has_loffset=True)


def index_mismatch(data: Path, index: Path) -> str | None:
    """Why ``index`` does not describe ``data`` (None if it may well do)."""
    end = last_record_end(index)
    if end is None:
        return None  # an index format we do not read: htslib decides
    try:  # htslib's complaint about a bad offset is our answer: not shown
        with htslib_messages(lambda _: True), pysam.BGZFile(str(data), "rb", index=None) as handle:
            handle.seek(end)
            rest = handle.read(1 << 16)
    except (OSError, ValueError, EOFError):
        return "its records end beyond the data"
    if rest.strip():
        return "the data goes on after the last record the index knows"
    return None


def untrusted_index(path: str) -> tuple[Path, str] | None:
    """The .tbi/.csi beside ``path`` that does not describe it, and why."""
    if path == "-" or not Path(path).is_file():
        return None
    data = Path(path)
    candidates = (Path(f"{data}.tbi"), Path(f"{data}.csi"))
    stale = stale_index(data, candidates)
    if stale is not None:
        return stale, "is older than the data (the file changed after it was indexed)"
    for index in candidates:
        if index.is_file() and (mismatch := index_mismatch(data, index)):
            return index, f"does not describe the data ({mismatch})"
    return None
