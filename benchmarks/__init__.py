"""Benchmarks: `make bench` (or `python -m benchmarks [name ...]`). Results go in the README."""
