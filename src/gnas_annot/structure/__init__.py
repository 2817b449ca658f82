"""Structural and chromosomal causes at GNAS: copy number from read depth and
from SV/CNV records, the parent of origin of a copy-number event, and
uniparental disomy of chromosome 20 from trio genotypes.

Evidence for interpretation, never a diagnosis.  Sits just below ``origin``.
"""
