"""Benchmarks that print figures: a large catalogue generator and the storefront benchmark (see README.md)."""
