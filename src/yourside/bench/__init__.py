"""Benchmarks: a deterministic statement generator and the ``make bench`` runner."""
