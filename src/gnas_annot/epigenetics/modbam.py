"""5mC calls per CpG from a BAM/CRAM whose reads carry MM/ML tags.

Decoding is htslib's, through pysam's ``modified_bases`` (validated against
htslib's own expected outputs in the tests).  pysam reports each call with
the reference strand of the modified C (0 = +, 1 = -) and its position in
SEQ; a call counts when the read itself shows a CpG there (``CG`` on SEQ
for +, the ``G`` of ``CG`` for -), and both strands of a CpG are combined on
its + strand C, as ``modkit --combine-strands`` and Bismark's ``--merge_CpG``
do.  No reference sequence is needed.

MM's implicit mode (``C+m`` or ``C+m.``) means "an unlisted C was looked at
and is unmodified"; pysam does not expose that flag, so it is read from the
section header of the tag (the text before the first comma); positions and
probabilities still come from htslib.  Explicit ``?`` sections leave unlisted
CpGs uncalled.

Reads are grouped by haplotype (``HP`` 1/2) within their phase set (``PS``)
as WhatsHap ``haplotag`` and longphase write them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pysam

from gnas_annot._htslib import Messages, claims, htslib_messages
from gnas_annot.epigenetics.model import (
    ALL,
    DmrObservation,
    InputKind,
    MethylationSample,
    MethylationSettings,
    Track,
)
from gnas_annot.epigenetics.reference import DmrSpec, dmr_specs
from gnas_annot.errors import AlignmentInputError, BuildMismatchError
from gnas_annot.io.alignments import open_alignments
from gnas_annot.model.builds import CHR20_NAMES, GenomeBuild, build_from_length

#: htslib's line for a read whose MM/ML tags it cannot decode (counted, see _check)
_TAG_ERRORS = ("bam_parse_basemod",)
_SKIP_FLAGS = 0x4 | 0x100 | 0x200 | 0x400 | 0x800  # unmapped, secondary, QC fail, dup, suppl.
PathLike = str | os.PathLike[str]
Counts = dict[int, list[int]]


def header_build(handle: pysam.AlignmentFile, path: Path) -> tuple[str, GenomeBuild | None]:
    """The chr20 contig and the build its length names (None when unknown)."""
    contigs = [c for c in handle.references if c in CHR20_NAMES]
    if not contigs:
        raise AlignmentInputError(f"{path} has no chromosome 20 contig")
    return contigs[0], build_from_length(handle.get_reference_length(contigs[0]))


def _implicit(read: pysam.AlignedSegment) -> bool:
    """True when the C+m (or C+mh) section is implicit: unlisted Cs are unmodified."""
    tag = str(read.get_tag("MM") if read.has_tag("MM") else read.get_tag("Mm"))
    for section in tag.split(";"):
        head = section.split(",", 1)[0]
        if head.startswith("C+") and "m" in head:
            return not head.endswith("?")
    return False


class _Tally:
    """Per-DMR accumulation of calls by (phase set, haplotype)."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str | None], Counts] = defaultdict(
            lambda: defaultdict(lambda: [0, 0])
        )
        self.reads: dict[tuple[str, str | None], int] = defaultdict(int)

    def add(self, key: tuple[str, str | None], pos: int, methylated: bool) -> None:
        cell = self.counts[key][pos]
        cell[0] += methylated
        cell[1] += 1

    def tracks(self) -> tuple[Track, ...]:
        out = []
        for (label, ps), counts in sorted(self.counts.items(), key=lambda kv: _order(kv[0])):
            out.append(
                Track.build(
                    label, ps, {p: (c[0], c[1]) for p, c in counts.items()}, self.reads[(label, ps)]
                )
            )
        return tuple(out)


def _order(key: tuple[str, str | None]) -> tuple[int, str, str]:
    label, ps = key
    return (0 if label == ALL else 1, ps or "", label)


class _Stats:
    def __init__(self) -> None:
        self.reads = 0
        self.with_mm = 0
        self.mm_without_ml = 0
        self.unparsable = 0


def read_modbam(
    path: PathLike,
    *,
    sample: str | None = None,
    build: GenomeBuild | None = None,
    reference: PathLike | None = None,
    settings: MethylationSettings | None = None,
) -> MethylationSample:
    """CpG calls per DMR, overall and per haplotype, from one modBAM."""
    s = settings or MethylationSettings()
    p = Path(path)
    handle = open_alignments(p, reference)
    try:
        names = {rg.get("SM") for rg in handle.header.to_dict().get("RG", []) if "SM" in rg}
        if sample is not None and names and sample not in names:
            # another person's methylation would give another person's parents: refuse
            raise AlignmentInputError(
                f"{p} is for sample(s) {', '.join(sorted(map(str, names)))}, not {sample}"
            )
        contig, from_header = header_build(handle, p)
        if build is not None and from_header is not None and build is not from_header:
            raise BuildMismatchError(
                f"{p}: chr20 is {handle.get_reference_length(contig):,} bp ({from_header}) "
                f"but --build {build}"
            )
        chosen = build or from_header
        if chosen is None:
            raise BuildMismatchError(
                f"{p}: the chr20 length does not name a build; pass --build GRCh38 or GRCh37"
            )
        stats = _Stats()
        observations = tuple(
            DmrObservation(spec.region, _read_dmr(handle, contig, spec, s, stats))
            for spec in dmr_specs(chosen)
        )
    except (OSError, ValueError) as exc:
        raise AlignmentInputError(f"cannot read {p}: {exc}") from exc
    finally:
        handle.close()
    return MethylationSample(
        (str(p),), InputKind.MODBAM, str(chosen), observations, _check(p, stats)
    )


def _check(path: Path, stats: _Stats) -> tuple[str, ...]:
    """Refuse inputs whose methylation cannot be read; describe partial losses."""
    if stats.reads and not stats.with_mm:
        raise AlignmentInputError(
            f"{path}: none of the {stats.reads} reads over the DMRs has an MM tag "
            "(basecall with modified-base calling, or keep the tags when aligning: "
            "samtools fastq -T MM,ML | minimap2 -y)"
        )
    if stats.with_mm and stats.mm_without_ml == stats.with_mm:
        raise AlignmentInputError(f"{path}: reads carry MM tags but no ML probabilities")
    if stats.with_mm and stats.unparsable == stats.with_mm:
        raise AlignmentInputError(f"{path}: htslib cannot decode the MM/ML tags of any read")
    notes = []
    if stats.mm_without_ml:
        notes.append(f"{stats.mm_without_ml} read(s) with MM but no ML were skipped")
    if stats.unparsable:
        notes.append(f"{stats.unparsable} read(s) with MM/ML htslib cannot decode were skipped")
    if stats.reads > stats.with_mm:
        notes.append(f"{stats.reads - stats.with_mm} read(s) without MM tags were skipped")
    return tuple(notes)


def _read_dmr(
    handle: pysam.AlignmentFile,
    contig: str,
    spec: DmrSpec,
    s: MethylationSettings,
    stats: _Stats,
) -> tuple[Track, ...]:
    start, end = spec.interval.start, spec.interval.end
    tally = _Tally()
    codes = ("m", "h") if s.combine_5hmc else ("m",)
    # htslib prints one line per read whose MM/ML it cannot decode: those are
    # counted (a note, or the refusal in _check); every other line passes
    try:
        with htslib_messages(claims(*_TAG_ERRORS)) as said:
            for read in handle.fetch(contig, start - 1, end):
                if read.flag & _SKIP_FLAGS or read.mapping_quality < s.min_mapq:
                    continue
                stats.reads += 1
                if not (read.has_tag("MM") or read.has_tag("Mm")):
                    continue
                stats.with_mm += 1
                if not (read.has_tag("ML") or read.has_tag("Ml")):
                    stats.mm_without_ml += 1
                    continue
                calls = _read_calls(read, codes, s)
                if calls is None:
                    stats.unparsable += 1
                    continue
                inside = {pos: m for pos, m in calls.items() if start <= pos <= end}
                if not inside:
                    continue
                keys: list[tuple[str, str | None]] = [(ALL, None)]
                hp = read.get_tag("HP") if read.has_tag("HP") else None
                if hp in (1, 2, "1", "2"):
                    ps = read.get_tag("PS") if read.has_tag("PS") else None
                    keys.append((str(hp), None if ps is None else f"PS:{ps}"))
                for key in keys:
                    tally.reads[key] += 1
                    for pos, methylated in inside.items():
                        tally.add(key, pos, methylated)
    except OSError as exc:
        # a CRAM decoded with another FASTA: htslib names the MD5 mismatch, pysam
        # only says "truncated file"
        raise OSError(_first_error(said) or str(exc)) from exc
    return tally.tracks()


def _first_error(said: Messages) -> str:
    """htslib's first error line without its ``[E::function]`` tag ('' if none)."""
    for line in said:
        if line.startswith("[E::") and "]" in line:
            return line.split("]", 1)[1].strip()
    return ""


def _read_calls(
    read: pysam.AlignedSegment, codes: Sequence[str], s: MethylationSettings
) -> dict[int, bool] | None:
    """{CpG + strand C position (1-based): methylated?} for one read; None if undecodable."""
    mods = read.modified_bases
    if mods is None:
        return None
    seq = read.query_sequence or ""
    ref = read.get_reference_positions(full_length=True)
    probability: dict[int, float] = defaultdict(float)
    listed: set[int] = set()
    for (base, strand, code), calls in mods.items():
        if base not in "CG" or code not in codes:
            continue
        for qpos, qual in calls:
            if qual < 0:
                continue
            cpg = _cpg_position(seq, ref, qpos, strand)
            if cpg is not None:
                listed.add(cpg)
                probability[cpg] += (qual + 0.5) / 256.0  # ML = floor(256 p)
    out: dict[int, bool] = {}
    for cpg, prob in probability.items():
        if prob >= s.mod_threshold:
            out[cpg] = True
        elif prob <= s.canonical_threshold:
            out[cpg] = False
    if _implicit(read):
        strand = 1 if read.is_reverse else 0
        for qpos, base in enumerate(seq):
            if base == ("G" if strand else "C"):
                cpg = _cpg_position(seq, ref, qpos, strand)
                if cpg is not None and cpg not in listed:
                    out[cpg] = False
    return out


def _cpg_position(seq: str, ref: Sequence[int | None], qpos: int, strand: int) -> int | None:
    if strand == 0:
        if seq[qpos : qpos + 2] != "CG" or ref[qpos] is None:
            return None
        return int(ref[qpos]) + 1  # type: ignore[arg-type]
    if qpos < 1 or seq[qpos - 1 : qpos + 1] != "CG" or ref[qpos] is None:
        return None
    return int(ref[qpos])  # type: ignore[arg-type]  # the G's 0-based = the C's 1-based
