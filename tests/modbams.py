"""SYNTHETIC haplotagged modBAMs and bedMethyl files at the real GNAS DMRs.

The DMR coordinates are the published kit table's (tests/data, GRCh38;
GRCh37 = GRCh38 - 1,424,945 as its PROVENANCE states); the bases
are synthetic (no GNAS sequence is needed): every 50th position is the C of
a CpG, the next one its G, and all other bases are A/T so no other CpG
exists.  MM/ML tags are written the way basecallers write them (skip counts
over the Cs of the read in its original orientation), independently of the
reader under test, and the generator keeps the truth per CpG.
"""

from __future__ import annotations

import array
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pysam

from facts import dmrs_grch38

OFFSET = 1_424_945
CHR20 = {"GRCh38": 64_444_167, "GRCh37": 63_025_520}
STEP = 50
FLANK = 150
#: the real person's phased levels (PROVENANCE: NanoImprint); haplotype 1 paternal pattern
REAL_PATERNAL = {"NESP": 95.6, "AS1": 3.6, "XL": 6.1, "AB": 0.4}
REAL_MATERNAL = {"NESP": 10.1, "AS1": 81.6, "XL": 94.3, "AB": 95.0}
KEYS = {
    "GNAS-NESP:TSS-DMR": "NESP",
    "GNAS-AS1:TSS-DMR": "AS1",
    "GNAS-XL:Ex1-DMR": "XL",
    "GNAS-A/B:TSS-DMR": "AB",
}


def real_dmrs(build: str) -> dict[str, tuple[int, int]]:
    """{NESP|AS1|XL|AB: (first, last) 1-based} from the kit table (tests/data)."""
    shift = OFFSET if build == "GRCh37" else 0
    out = {KEYS[name]: (start - shift, end - shift) for _, start, end, name in dmrs_grch38()}
    assert len(out) == 4
    return out


def base_at(pos: int) -> str:
    r = pos % STEP
    return "C" if r == 0 else "G" if r == 1 else "AT"[pos % 2]


def cpgs(first: int, last: int) -> list[int]:
    return list(range(-(-first // STEP) * STEP, last + 1, STEP))


def _complement(seq: str) -> str:
    return seq[::-1].translate(str.maketrans("ACGT", "TGCA"))


def _methylated(read: int, k: int, percent: float, reads: int) -> bool:
    """Exactly round(percent% of reads) methylated per CpG, spread over reads by CpG."""
    n = round(percent * reads / 100.0)
    return (read + k * 7) % reads < n


@dataclass
class ModBam:
    build: str = "GRCh38"
    sample: str = "PROBAND"  # the read group's SM, checked by the reader
    reads: list[pysam.AlignedSegment] = field(default_factory=list)
    truth: dict[tuple[str, int], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )

    def __post_init__(self) -> None:
        self.header = pysam.AlignmentHeader.from_dict(
            {
                "HD": {"VN": "1.6", "SO": "coordinate"},
                "SQ": [{"SN": "chr20", "LN": CHR20[self.build]}],
                "RG": [{"ID": "rg1", "SM": self.sample}],
            }
        )

    def add(
        self,
        dmr: str,
        percent: float,
        reads: int,
        *,
        hp: int | None = None,
        ps: int | None = None,
        implicit: bool = False,
        mm_tag: str = "MM",
        with_ml: bool = True,
    ) -> None:
        """``reads`` reads over the whole DMR, ``percent`` methylated at each CpG;
        odd reads are reverse-strand."""
        first, last = real_dmrs(self.build)[dmr]
        # read ends on an A/T base: no CpG is cut in half by a read end
        start, end = first - FLANK, last + FLANK
        start += (2 - start) % STEP
        end += (2 - end) % STEP
        ref = "".join(base_at(p) for p in range(start, end + 1))
        sites = cpgs(start, end)
        for r in range(reads):
            a = pysam.AlignedSegment(self.header)
            a.query_name = f"{dmr}-{hp}-{ps}-{r}-{len(self.reads)}"
            a.reference_id = 0
            a.reference_start = start - 1
            a.query_sequence = ref
            a.cigarstring = f"{len(ref)}M"
            a.mapping_quality = 60
            a.is_reverse = bool(r % 2)
            a.set_tag("RG", "rg1")
            if hp is not None:
                a.set_tag("HP", hp)
            if ps is not None:
                a.set_tag("PS", ps)
            states = [_methylated(r, k, percent, reads) for k in range(len(sites))]
            for pos, m in zip(sites, states, strict=True):
                if first <= pos <= last:
                    for key in (("all", pos), (f"hp{hp}", pos)):
                        self.truth[key][0] += m
                        self.truth[key][1] += 1
            # original orientation: the read's Cs are the CpG Cs (+) or the CpG Gs' complement (-)
            order = states[::-1] if a.is_reverse else states
            if implicit:
                skips, probs, skip = [], [], 0
                for m in order:
                    if m:
                        skips.append(skip)
                        probs.append(240)
                        skip = 0
                    else:
                        skip += 1
                mm = "C+m" + "".join(f",{x}" for x in skips) + ";"
            else:
                mm = "C+m?" + ",0" * len(order) + ";"
                probs = [230 if m else 20 for m in order]
            a.set_tag(mm_tag, mm, "Z")
            if with_ml:
                a.set_tag("ML" if mm_tag == "MM" else "Ml", array.array("B", probs))
            self.reads.append(a)

    def add_plain(self, dmr: str, reads: int) -> None:
        """Reads without any MM/ML tag."""
        first, last = real_dmrs(self.build)[dmr]
        ref = "".join(base_at(p) for p in range(first, last + 1))
        for r in range(reads):
            a = pysam.AlignedSegment(self.header)
            a.query_name = f"plain-{dmr}-{r}"
            a.reference_id, a.reference_start = 0, first - 1
            a.query_sequence, a.cigarstring, a.mapping_quality = ref, f"{len(ref)}M", 60
            self.reads.append(a)

    def add_snv_reads(
        self, pos: int, base: str, reads: int, *, hp: int | None = None, ps: int | None = None
    ) -> None:
        """Reads without MM/ML over a variant site, showing ``base`` there."""
        start = pos - 100
        seq = "".join(base if p == pos else base_at(p) for p in range(start, pos + 101))
        for r in range(reads):
            a = pysam.AlignedSegment(self.header)
            a.query_name = f"snv-{pos}-{base}-{hp}-{r}"
            a.reference_id, a.reference_start = 0, start - 1
            a.query_sequence, a.cigarstring, a.mapping_quality = seq, f"{len(seq)}M", 60
            a.query_qualities = pysam.qualitystring_to_array("I" * len(seq))
            a.is_reverse = bool(r % 2)
            if hp is not None:
                a.set_tag("HP", hp)
            if ps is not None:
                a.set_tag("PS", ps)
            self.reads.append(a)

    def write(self, path: Path) -> Path:
        unsorted = path.with_suffix(".unsorted.bam")
        with pysam.AlignmentFile(str(unsorted), "wb", header=self.header) as out:
            for a in self.reads:
                out.write(a)
        pysam.sort("-o", str(path), str(unsorted))
        pysam.index(str(path))
        unsorted.unlink()
        return path


def phased_sample(
    build: str,
    paternal: dict[str, float],
    maternal: dict[str, float],
    reads: tuple[int, int] = (20, 20),
    *,
    paternal_hp: int = 1,
    ps: int = 58800000,
    sample: str = "PROBAND",
) -> ModBam:
    """A haplotagged sample: the paternal haplotype as HP ``paternal_hp``, in one phase set."""
    bam = ModBam(build, sample)
    for dmr in ("NESP", "AS1", "XL", "AB"):
        bam.add(dmr, paternal[dmr], reads[0], hp=paternal_hp, ps=ps)
        bam.add(dmr, maternal[dmr], reads[1], hp=3 - paternal_hp, ps=ps)
    return bam


def bedmethyl_lines(
    counts: dict[int, tuple[int, int]], width: int, chrom: str = "chr20"
) -> list[str]:
    """Rows for {CpG C position (1-based): (methylated, total)}, half of each CpG's calls on
    the - strand (at the G, as modkit and modbam2bed write it)."""
    rows = []
    for pos, (m, n) in sorted(counts.items()):
        plus = (m - m // 2, n - n // 2)
        minus = (m // 2, n // 2)
        for strand, start, (mm, nn) in (("+", pos - 1, plus), ("-", pos, minus)):
            if nn == 0:
                continue
            pct = 100.0 * mm / nn
            common = [chrom, str(start), str(start + 1)]
            if width == 18:
                rows.append(
                    "\t".join(
                        [
                            *common,
                            "m",
                            str(nn),
                            strand,
                            str(start),
                            str(start + 1),
                            "255,0,0",
                            str(nn),
                            f"{pct:.2f}",
                            str(mm),
                            str(nn - mm),
                            "0",
                            "0",
                            "0",
                            "0",
                            "0",
                        ]
                    )
                )
            elif width == 14:
                rows.append(
                    "\t".join(
                        [
                            *common,
                            "5mC",
                            str(min(nn, 1000)),
                            strand,
                            str(start),
                            str(start + 1),
                            "0,0,0",
                            str(nn),
                            f"{pct:.1f}",
                            str(nn - mm),
                            str(mm),
                            "0",
                        ]
                    )
                )
            else:
                rows.append(
                    "\t".join(
                        [
                            *common,
                            "cpg",
                            str(min(nn, 1000)),
                            strand,
                            str(start),
                            str(start + 1),
                            "0,0,0",
                            str(nn),
                            f"{pct:.6f}",
                        ]
                    )
                )
    return rows
