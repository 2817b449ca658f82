"""VCF/BCF in (pysam): header and build detection, indexed fetch or a streaming scan of the GNAS
region.
"""
