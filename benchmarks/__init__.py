"""Speed benchmarks (`make bench`) and the synthetic corpus they and the scale tests run on."""
