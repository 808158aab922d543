"""Benchmark: cost must stay flat as the council's history grows (`make bench`)."""
