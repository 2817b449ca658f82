"""Value objects, no I/O: genome builds and contig names, the locus (transcripts, exons, regions),
variants and genotypes.
"""
