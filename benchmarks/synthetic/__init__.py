"""The parts of the synthetic news corpus; `benchmarks.synthetic_corpus` is their public face."""
