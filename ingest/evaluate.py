"""Measure the extractor against labelled passages: precision, recall and F1 overall, by
language and by metric, and how often a matched fact's period, kind, bound and yoy agree.

A predicted fact matches a gold fact when entity, metric and unit agree and the values agree
within 0.5 %; each gold fact matches at most one prediction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest.extract import CONTRACT_FIELDS, extract_facts

VALUE_TOLERANCE = 0.005
ATTRIBUTES = ("period", "kind", "bound", "yoy")


@dataclass
class Passage:
    id: str
    published: date
    lang: str
    text: str
    facts: list[dict]
    style: str = ""


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
        }


@dataclass
class EvalResult:
    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_metric: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    attribute_agreement: dict[str, list[int]] = field(
        default_factory=lambda: {a: [0, 0] for a in ATTRIBUTES}
    )
    misses: list[tuple[str, dict]] = field(default_factory=list)
    false_alarms: list[tuple[str, dict]] = field(default_factory=list)
    disagreements: list[tuple[str, str, dict, dict]] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "by_language": {k: v.as_dict() for k, v in sorted(self.by_language.items())},
            "by_metric": {k: v.as_dict() for k, v in sorted(self.by_metric.items())},
            "attribute_agreement": {
                a: round(ok / total, 4) if total else 1.0
                for a, (ok, total) in self.attribute_agreement.items()
            },
        }


def load_passages(paths: Iterable[Path]) -> list[Passage]:
    passages = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            passages.append(
                Passage(
                    row["id"],
                    date.fromisoformat(row["published"]),
                    row["lang"],
                    row["text"],
                    row["facts"],
                    row.get("style", ""),
                )
            )
    return passages


def _values_agree(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b), 1e-12)


def _same_fact(gold: dict, predicted: dict) -> bool:
    return (
        gold["entity"] == predicted["entity"]
        and gold["metric"] == predicted["metric"]
        and gold["unit"] == predicted["unit"]
        and _values_agree(float(gold["value"]), float(predicted["value"]))
    )


def _attribute_agrees(attribute: str, gold: dict, predicted: dict) -> bool:
    if attribute == "yoy":
        g, p = gold.get("yoy"), predicted.get("yoy")
        return (g is None and p is None) or (g is not None and p is not None and abs(g - p) < 0.005)
    return gold.get(attribute) == predicted.get(attribute)


def evaluate(passages: Iterable[Passage], extractor: Callable = extract_facts) -> EvalResult:
    result = EvalResult()
    for passage in passages:
        predicted = [f.to_dict() for f in extractor(passage.text, passage.published)]
        unmatched = list(range(len(predicted)))
        for gold in passage.facts:
            match = next((i for i in unmatched if _same_fact(gold, predicted[i])), None)
            tallies = (
                result.overall,
                result.by_language[passage.lang],
                result.by_metric[gold["metric"]],
            )
            if match is None:
                for tally in tallies:
                    tally.false_negatives += 1
                result.misses.append((passage.id, gold))
                continue
            unmatched.remove(match)
            for tally in tallies:
                tally.true_positives += 1
            for attribute in ATTRIBUTES:
                counts = result.attribute_agreement[attribute]
                counts[1] += 1
                if _attribute_agrees(attribute, gold, predicted[match]):
                    counts[0] += 1
                else:
                    result.disagreements.append((passage.id, attribute, gold, predicted[match]))
        for i in unmatched:
            for tally in (
                result.overall,
                result.by_language[passage.lang],
                result.by_metric[predicted[i]["metric"]],
            ):
                tally.false_positives += 1
            result.false_alarms.append((passage.id, predicted[i]))
    return result


def format_report(
    result: EvalResult, show: bool = False, passages: dict[str, Passage] | None = None
) -> str:
    lines = []
    s = result.summary()

    def row(name: str, t: dict) -> str:
        return f"  {name:<14} P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}   (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})"

    lines.append("overall")
    lines.append(row("all", s["overall"]))
    lines.append("by language")
    lines.extend(row(k, v) for k, v in s["by_language"].items())
    lines.append("by metric")
    lines.extend(row(k, v) for k, v in s["by_metric"].items())
    lines.append("agreement on matched facts")
    lines.extend(f"  {k:<14} {v:.3f}" for k, v in s["attribute_agreement"].items())
    if show:

        def short(f: dict) -> str:
            keys = CONTRACT_FIELDS[:-1]
            return " ".join(f"{k}={f.get(k)}" for k in keys)

        def text(pid: str) -> str:
            return passages[pid].text if passages and pid in passages else ""

        lines.append(f"\nmisses ({len(result.misses)})")
        for pid, f in result.misses:
            lines.append(f"  [{pid}] {short(f)}\n      {text(pid)[:300]}")
        lines.append(f"\nfalse alarms ({len(result.false_alarms)})")
        for pid, f in result.false_alarms:
            lines.append(f"  [{pid}] {short(f)}\n      {f.get('evidence', '')[:300]}")
        lines.append(f"\nattribute disagreements ({len(result.disagreements)})")
        for pid, attribute, gold, predicted in result.disagreements:
            lines.append(
                f"  [{pid}] {attribute}: gold={gold.get(attribute)} predicted={predicted.get(attribute)} ({gold['entity']} {gold['metric']} {gold['value']})"
            )
    return "\n".join(lines)


REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT / "tests" / "extraction" / "corpus"
HOLDOUT_DIR = REPO_ROOT / "tests" / "extraction" / "holdout"
SAMPLE_DIR = REPO_ROOT / "sources" / "sample"


def corpus_passages(folder: Path = CORPUS_DIR) -> list[Passage]:
    return load_passages(sorted(folder.glob("*.jsonl")))


def sample_passages(sample_dir: Path = SAMPLE_DIR) -> list[Passage]:
    """The bundled sample pages, parsed as the pipeline parses them, with their expected facts."""
    from ingest.article import parse_article
    from ingest.encoding import decode

    passages = []
    for line in (sample_dir / "expected_facts.jsonl").read_text("utf-8").splitlines():
        page = json.loads(line)
        html, _ = decode((sample_dir / "sites" / page["url"].removeprefix("https://")).read_bytes())
        passages.append(
            Passage(
                page["url"],
                date.fromisoformat(page["published"]),
                page["lang"],
                parse_article(html).main_text,
                page["facts"],
            )
        )
    return passages


def evaluation_sets() -> dict[str, list[Passage]]:
    """dev: the labelled corpus the extractor is tuned on; sample: the bundled pages; holdout:
    passages written apart from the extractor and never used to tune it (when present)."""
    sets = {"dev": corpus_passages(), "sample": sample_passages()}
    if HOLDOUT_DIR.exists() and any(HOLDOUT_DIR.glob("*.jsonl")):
        sets["holdout"] = corpus_passages(HOLDOUT_DIR)
    return sets
