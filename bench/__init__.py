"""Benchmarks that print figures; run them from the repository root (see README.md)."""
