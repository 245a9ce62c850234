"""How many of the facts the synthetic articles state the pipeline reads back: each page parsed
as the pipeline parses pages, its text read by the extractor, each intended fact looked for
(entity, metric, value, unit, period, bound and growth all equal). Prints the share found, the
extracted facts no template intended, and the misses per template."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic.check import check_articles  # noqa: E402
from benchmarks.synthetic_corpus import SyntheticCorpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    corpus = SyntheticCorpus(args.articles, 30, date(2025, 1, 1), 50, seed=args.seed)
    check = check_articles(corpus.article(i) for i in range(len(corpus)))
    print(
        f"facts found: {check.found}/{check.intended} ({check.share_found:.1%}) over "
        f"{len(corpus)} articles; {check.unintended} extracted facts not intended; "
        f"{check.unparsed_pages} pages the parser rejected"
    )
    for template, intended in sorted(check.intended_by_template.items()):
        missed = check.missed_by_template[template]
        if missed:
            print(f"  {template}: {missed}/{intended} missed")


if __name__ == "__main__":
    main()
