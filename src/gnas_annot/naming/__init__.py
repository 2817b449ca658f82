"""HGVS: the offline biocommons data provider, names on every GNAS transcript, parsing, protein
prediction.
"""
