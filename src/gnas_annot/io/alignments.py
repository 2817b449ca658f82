"""One way to open an indexed BAM/CRAM, for every step that reads alignments
(read-backed phasing, methylation from a modBAM, depth for CNVs).

Each refusal is one line with exit code 3 (5 for a CRAM given another build's
reference), and htslib is never silenced: its warnings reach the user, and
when it fails its own reason goes into our one line.  The three readers used
to open files each their own way; two of them set htslib's verbosity to 0,
so an index older than its BAM (htslib warns, then misses the reads the old
index does not list) was used without a word, and a CRAM read with another
build's FASTA failed as "truncated file".
"""

from __future__ import annotations

import os
from pathlib import Path

import pysam

from gnas_annot._htslib import NO_INDEX, claims, htslib_messages, stale_index
from gnas_annot.errors import AlignmentInputError, BuildMismatchError
from gnas_annot.io.paths import require_input
from gnas_annot.io.scan import has_bgzf_eof
from gnas_annot.model.builds import CHR20_NAMES, build_from_length

PathLike = str | os.PathLike[str]


def index_candidates(path: Path) -> tuple[Path, ...]:
    """Where htslib looks for an alignment index: x.bam.bai, x.bai, x.bam.csi, x.cram.crai."""
    beside = (Path(f"{path}{suffix}") for suffix in (".bai", ".csi", ".crai"))
    return (*beside, path.with_suffix(".bai"))


def open_alignments(path: PathLike, reference: PathLike | None = None) -> pysam.AlignmentFile:
    """An indexed BAM/CRAM (CRAM needs ``reference``), or one line saying why not."""
    file = Path(path)
    require_input(file, "alignment file", stream_ok=False)
    is_cram = file.suffix.lower() == ".cram"
    if is_cram and reference is None:
        raise AlignmentInputError(
            f"{file} is CRAM: pass --reference FASTA (the one it was written with)"
        )
    if not is_cram and not has_bgzf_eof(file):
        raise AlignmentInputError(f"{file} is truncated (no BGZF end-of-file block)")
    stale = stale_index(file, index_candidates(file))
    if stale is not None:
        # htslib only warns, then misses the reads the old index does not list
        raise AlignmentInputError(
            f"{file}: its index {stale.name} is older than the alignments (the file "
            "changed after it was indexed); re-index it with `samtools index`"
        )
    try:  # one line from us instead of htslib's when it fails; its warnings pass
        with htslib_messages(claims(*NO_INDEX)) as said:
            handle = pysam.AlignmentFile(
                str(file),
                "rc" if is_cram else "rb",
                reference_filename=str(reference) if is_cram and reference else None,
            )
            if is_cram and reference is not None:
                _check_cram_reference(handle, file, Path(reference))
    except (OSError, ValueError) as exc:
        reason = said.summary() or str(exc)
        raise AlignmentInputError(f"cannot read {file}: {reason}") from exc
    if not handle.has_index():
        handle.close()
        raise AlignmentInputError(
            f"{file} has no index (.bai/.crai/.csi): run `samtools index` on it"
        )
    return handle


def _check_cram_reference(handle: pysam.AlignmentFile, file: Path, reference: Path) -> None:
    """A CRAM decoded against a FASTA of other lengths fails read by read with
    "truncated file" (htslib: MD5 mismatch): say which FASTA is wrong first."""
    contigs = [c for c in handle.references if c in CHR20_NAMES]
    if not contigs:
        return  # the caller names the missing chromosome 20
    try:
        with pysam.FastaFile(str(reference)) as fasta:
            if contigs[0] not in fasta.references:
                return
            given = fasta.get_reference_length(contigs[0])
    except (OSError, ValueError):
        return  # the reference's own checks name what is wrong with it
    written = handle.get_reference_length(contigs[0])
    if given == written:
        return
    handle.close()
    message = (
        f"{file} was written against {contigs[0]} of {written:,} bp, but the reference "
        f"{reference} has {given:,} bp: pass the FASTA the CRAM was written with"
    )
    ours, theirs = build_from_length(written), build_from_length(given)
    if ours is not None and theirs is not None:
        raise BuildMismatchError(f"{message} ({ours}, not {theirs})")
    raise AlignmentInputError(message)
