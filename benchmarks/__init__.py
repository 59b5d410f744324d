"""Benchmarks: each module has a main() that prints one JSON line of figures."""
