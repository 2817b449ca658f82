"""Effects of an allele: SO consequences (from the names), products hit, loss of function (PVS1,
LOFTEE).
"""
