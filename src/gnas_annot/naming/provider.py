"""An offline biocommons-hgvs data provider for the GNAS locus.

biocommons hgvs normally asks UTA (transcript alignments, PostgreSQL) and
SeqRepo (sequences) over the network.  :class:`GnasDataProvider` answers the
same questions (``hgvs.dataproviders.interface.Interface``) from the data
pack and the user's reference FASTA, so ``AssemblyMapper``,
``VariantMapper``, ``Normalizer`` and ``Validator`` run with no connection.

Sequences are derived, never stored: chromosome sequence comes from the
reference of that build; a transcript's sequence is its exons spliced out of
the reference; a protein's is the translated CDS.  Where the reference does
not know a base it is ``N`` (a partial reference), and a sequence that cannot
be derived at all raises ``HGVSDataNotAvailableError``.

>>> import hgvs.parser, hgvs.variantmapper
>>> hdp = GnasDataProvider()                       # no reference: mapping works
>>> vm = hgvs.variantmapper.VariantMapper(hdp, replace_reference=False, prevalidation_level=None)
>>> var_c = hgvs.parser.Parser().parse("NM_000516.7:c.601C>T")
>>> str(vm.c_to_g(var_c, "NC_000020.11"))
'NC_000020.11:g.58909365C>T'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hgvs.dataproviders.interface import Interface
from hgvs.exceptions import HGVSDataNotAvailableError

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript
from gnas_annot.naming.sequences import PackSequences, transcript_offset
from gnas_annot.pack.files import read_manifest
from gnas_annot.seq.codons import translate
from gnas_annot.seq.reference import ReferenceGenome

__all__ = ["ALN_METHOD", "GnasDataProvider", "transcript_offset", "translate"]

ALN_METHOD = "splign"  # the name UTA gives RefSeq transcript alignments
_ASSEMBLY = {"GRCh38": GenomeBuild.GRCh38, "GRCh37": GenomeBuild.GRCh37}


class GnasDataProvider(PackSequences, Interface):  # type: ignore[misc]
    """hgvs data provider backed by the GNAS data pack and reference FASTAs.

    ``references`` maps a build to an open :class:`ReferenceGenome`; builds
    without one can still map coordinates, but not serve sequence.  ``share``:
    the models, references and sequence cache of an existing
    :class:`~gnas_annot.naming.sequences.PackSequences` (a namer's), instead of
    loading the pack again.
    """

    required_version = "1.1"

    def __init__(
        self,
        references: Mapping[GenomeBuild, ReferenceGenome] | None = None,
        share: PackSequences | None = None,
    ) -> None:
        if share is None:
            PackSequences.__init__(self, references)
        else:
            self._share(share)
        self._by_chrom = {b.refseq_accession: b for b in GenomeBuild}
        self._proteins = {
            tx.protein: acc
            for acc, models in self._models.items()
            for tx in models.values()
            if tx.protein
        }
        Interface.__init__(self)

    # -- versions -----------------------------------------------------------

    def data_version(self) -> str:
        return f"gnas_annot-pack-{read_manifest().get('pack_version')}"

    def schema_version(self) -> str:
        return "1.1"

    # -- helpers ------------------------------------------------------------

    def model(self, tx_ac: str, build: GenomeBuild | None = None) -> Transcript:
        tx = self.find_model(tx_ac, build)
        if tx is None:
            raise HGVSDataNotAvailableError(
                f"{tx_ac} is not a GNAS transcript with an exon model in the data pack"
            )
        return tx

    def _build_of(self, alt_ac: str) -> GenomeBuild:
        try:
            return self._by_chrom[alt_ac]
        except KeyError:
            raise HGVSDataNotAvailableError(
                f"{alt_ac} is not chromosome 20 of GRCh38/GRCh37"
            ) from None

    def _reference(self, build: GenomeBuild) -> ReferenceGenome:
        reference = self.references.get(build)
        if reference is None:
            raise HGVSDataNotAvailableError(
                f"reference sequence unavailable for {build}: pass --reference"
            )
        return reference

    def transcript_sequence(self, tx_ac: str) -> str:
        """The transcript's exonic sequence, 5' to 3', from the first build with a reference."""
        seq = self.known_transcript_sequence(tx_ac)
        if seq is None:
            self.model(tx_ac)  # raises for unknown transcripts
            raise HGVSDataNotAvailableError(
                f"reference sequence unavailable: cannot derive {tx_ac}"
            )
        return seq

    def _cds_bounds(self, tx: Transcript) -> tuple[int | None, int | None]:
        """0-based, end-exclusive CDS bounds in transcript coordinates."""
        if tx.cds_start is None or tx.cds_end is None:
            return None, None
        first, last = (tx.cds_start, tx.cds_end) if tx.strand > 0 else (tx.cds_end, tx.cds_start)
        return transcript_offset(tx, first), transcript_offset(tx, last) + 1

    def _tx_row(self, tx: Transcript, alt_ac: str) -> dict[str, Any]:
        start_i, end_i = self._cds_bounds(tx)
        return {
            "hgnc": tx.gene,
            "cds_start_i": start_i,
            "cds_end_i": end_i,
            "tx_ac": tx.accession,
            "alt_ac": alt_ac,
            "alt_aln_method": ALN_METHOD,
        }

    # -- Interface ----------------------------------------------------------

    def get_seq(self, ac: str, start_i: int | None = None, end_i: int | None = None) -> str:
        if ac in self._by_chrom:
            reference = self._reference(self._by_chrom[ac])
            start = 0 if start_i is None else start_i
            end = reference.length if end_i is None else end_i
            return reference.fetch(start + 1, end)
        if ac in self._proteins:
            seq = self._protein_sequence(self._proteins[ac])
        else:
            seq = self.transcript_sequence(ac)
        return seq[start_i:end_i]

    def _protein_sequence(self, tx_ac: str) -> str:
        tx = self.model(tx_ac)
        start, end = self._cds_bounds(tx)
        assert start is not None and end is not None
        protein = translate(self.transcript_sequence(tx_ac)[start:end])
        return protein[:-1] if protein.endswith("*") else protein

    def get_acs_for_protein_seq(self, seq: str) -> list[str]:
        return []

    def get_assembly_map(self, assembly_name: str) -> dict[str, str]:
        build = _ASSEMBLY.get(assembly_name.split(".")[0])
        if build is None:
            raise HGVSDataNotAvailableError(f"assembly {assembly_name} is not supported")
        return {build.refseq_accession: "20"}

    def get_gene_info(self, gene: str) -> dict[str, Any] | None:
        if gene not in {"GNAS", "GNAS-AS1"}:
            return None
        return {
            "hgnc": gene,
            "maploc": "20q13.32",
            "descr": "GNAS complex locus",
            "summary": "",
            "aliases": "",
            "added": None,
        }

    def get_pro_ac_for_tx_ac(self, tx_ac: str) -> str | None:
        return self.model(tx_ac).protein if tx_ac in self._models else None

    def get_similar_transcripts(self, tx_ac: str) -> list[dict[str, Any]]:
        return []

    def get_tx_exons(
        self, tx_ac: str, alt_ac: str, alt_aln_method: str
    ) -> list[dict[str, Any]] | None:
        if alt_aln_method != ALN_METHOD or tx_ac not in self._models:
            return None
        build = self._build_of(alt_ac)
        if build not in self._models[tx_ac]:
            return None
        tx = self._models[tx_ac][build]
        exons = tx.exons if tx.strand > 0 else tuple(reversed(tx.exons))
        rows, offset = [], 0
        for order, exon in enumerate(exons):
            rows.append(
                {
                    "tx_ac": tx_ac,
                    "alt_ac": alt_ac,
                    "alt_strand": tx.strand,
                    "alt_aln_method": ALN_METHOD,
                    "ord": order,
                    "tx_start_i": offset,
                    "tx_end_i": offset + exon.length,
                    "alt_start_i": exon.start - 1,
                    "alt_end_i": exon.end,
                    "cigar": f"{exon.length}=",
                }
            )
            offset += exon.length
        # hgvs builds its CIGAR from exons in genomic order
        return sorted(rows, key=lambda r: r["alt_start_i"])

    def get_tx_for_gene(self, gene: str) -> list[dict[str, Any]]:
        return [
            {
                **self._tx_row(tx, build.refseq_accession),
                "alt_strand": tx.strand,
                "tx_start_i": tx.start - 1,
                "tx_end_i": tx.end,
            }
            for acc, models in self._models.items()
            for build, tx in models.items()
            if tx.gene == gene
        ]

    def get_tx_for_region(
        self, alt_ac: str, alt_aln_method: str, start_i: int, end_i: int
    ) -> list[dict[str, Any]]:
        if alt_aln_method != ALN_METHOD:
            return []
        build = self._build_of(alt_ac)
        return [
            {
                "tx_ac": tx.accession,
                "alt_ac": alt_ac,
                "alt_strand": tx.strand,
                "alt_aln_method": ALN_METHOD,
                "start_i": tx.start - 1,
                "end_i": tx.end,
            }
            for tx in self.loci[build].transcripts_overlapping(start_i + 1, end_i)
            if tx.has_exon_model
        ]

    def get_tx_identity_info(self, tx_ac: str) -> dict[str, Any]:
        tx = self.model(tx_ac)
        start_i, end_i = self._cds_bounds(tx)
        exons = tx.exons if tx.strand > 0 else tuple(reversed(tx.exons))
        return {
            "tx_ac": tx_ac,
            "alt_ac": tx_ac,
            "alt_aln_method": "transcript",
            "cds_start_i": start_i,
            "cds_end_i": end_i,
            "lengths": [e.length for e in exons],
            "hgnc": tx.gene,
        }

    def get_tx_info(self, tx_ac: str, alt_ac: str, alt_aln_method: str) -> dict[str, Any] | None:
        if alt_aln_method != ALN_METHOD or tx_ac not in self._models:
            return None
        build = self._build_of(alt_ac)
        tx = self._models[tx_ac].get(build)
        return self._tx_row(tx, alt_ac) if tx else None

    def get_tx_mapping_options(self, tx_ac: str) -> list[dict[str, Any]]:
        return [
            {"tx_ac": tx_ac, "alt_ac": build.refseq_accession, "alt_aln_method": ALN_METHOD}
            for build in self._models.get(tx_ac, {})
        ]
