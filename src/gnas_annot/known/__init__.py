"""Known variants and population frequency from the user's own files
(ClinVar, gnomAD or any bgzipped, indexed VCF), matched to our alleles after
both sides are split and normalized the same way, as VEP's ``--custom`` and
SnpSift ``annotate`` do."""
