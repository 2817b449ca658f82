"""Methylation at the four GNAS DMRs (NESP:TSS, AS1:TSS, XL:Ex1, A/B:TSS):
reading modBAMs (MM/ML through pysam), bedMethyl, Bismark coverage and
per-DMR tables; per-DMR calls; haplotype -> parent; PHP1B pattern readings.

Below ``origin`` in the layer order, since parent of origin uses the
haplotype assignment."""
