"""The reading of an allele: mechanism x parent of origin -> "consistent with" statements, never a
diagnosis.
"""
