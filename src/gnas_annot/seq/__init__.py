"""Reference sequence: FASTA access and REF checks, left-alignment/trimming and the one 3' shift."""
