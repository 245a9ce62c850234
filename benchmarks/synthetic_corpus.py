"""A synthetic news corpus for benchmarks and scale tests: English and Chinese articles made on
demand from (seed, index), served over HTTP from many loopback hosts, or written as CC-NEWS-style
WARC files. The parts live in `benchmarks/synthetic/`; this module is their public face."""

from benchmarks.synthetic.corpus import SyntheticArticle, SyntheticCorpus
from benchmarks.synthetic.server import CorpusServer
from benchmarks.synthetic.sources import write_sources_file
from benchmarks.synthetic.warc import write_warcs
from benchmarks.synthetic.writing import SyntheticFact

__all__ = [
    "CorpusServer",
    "SyntheticArticle",
    "SyntheticCorpus",
    "SyntheticFact",
    "write_sources_file",
    "write_warcs",
]
