"""Measure the extractor against labelled passages: precision, recall and F1 overall, by
language and by metric, and how often a matched fact's period, kind, bound and yoy agree.

A predicted fact matches a gold fact when entity, metric and unit agree and the values agree
within 0.5 %; each gold fact matches at most one prediction.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ingest.evaluate.sets import Passage
from ingest.extract import CONTRACT_FIELDS, extract_facts
from ingest.extract.entities import entity_key

VALUE_TOLERANCE = 0.005
ATTRIBUTES = ("period", "kind", "bound", "yoy")


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
    # Gold facts whose figure was found but given to another entity.
    wrong_entity: list[tuple[str, dict, dict]] = field(default_factory=list)
    # (confidence, right) for every prediction: what `needs_review` is calibrated on.
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    # (signals, right) for every prediction: what the confidence model is fitted on.
    signals: list[tuple[dict, bool]] = field(default_factory=list)
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
            "right_figure_wrong_entity": len(self.wrong_entity),
        }


def _values_agree(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b), 1e-12)


def _same_entity(gold: dict, predicted: dict) -> bool:
    """Equal after folding trivial variants (case, legal suffixes, traditional characters), or one
    of the gold fact's accepted alternative spellings."""
    name = entity_key(predicted["entity"])
    return name == entity_key(gold["entity"]) or any(
        name == entity_key(alt) for alt in gold.get("entity_alt") or ()
    )


def _same_figure(gold: dict, predicted: dict) -> bool:
    return (
        gold["metric"] == predicted["metric"]
        and gold["unit"] == predicted["unit"]
        and _values_agree(float(gold["value"]), float(predicted["value"]))
    )


def _same_fact(gold: dict, predicted: dict) -> bool:
    return _same_figure(gold, predicted) and _same_entity(gold, predicted)


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
        misses_before = len(result.misses)
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
        for pid, gold in result.misses[misses_before:]:
            other = next((i for i in unmatched if _same_figure(gold, predicted[i])), None)
            if other is not None:
                result.wrong_entity.append((pid, gold, predicted[other]))
        for i, fact in enumerate(predicted):
            result.confidences.append((float(fact.get("confidence") or 0.0), i not in unmatched))
            result.signals.append((fact.get("signals") or {}, i not in unmatched))
        for i in unmatched:
            for tally in (
                result.overall,
                result.by_language[passage.lang],
                result.by_metric[predicted[i]["metric"]],
            ):
                tally.false_positives += 1
            result.false_alarms.append((passage.id, predicted[i]))
    return result


def fit_confidence(
    samples: list[tuple[dict, bool]], l2: float = 1.0, steps: int = 4000, rate: float = 0.5
) -> dict:
    """Logistic regression of "the fact is right" on the extractor's signals, by gradient
    descent with an L2 penalty (the set is a few hundred facts; no library needed)."""
    names = sorted({name for features, _ in samples for name in features})
    rows = [
        ([features.get(n, 0.0) for n in names], 1.0 if right else 0.0)
        for features, right in samples
    ]
    weights, intercept, count = [0.0] * len(names), 0.0, len(rows)
    for _ in range(steps):
        gradient, gradient_intercept = [l2 * w / count for w in weights], 0.0
        for x, y in rows:
            z = intercept + sum(w * v for w, v in zip(weights, x, strict=True))
            error = 1.0 / (1.0 + math.exp(-z)) - y
            gradient_intercept += error / count
            for j, v in enumerate(x):
                gradient[j] += error * v / count
        intercept -= rate * gradient_intercept
        weights = [w - rate * g for w, g in zip(weights, gradient, strict=True)]
    return {
        "intercept": round(intercept, 4),
        "weights": {n: round(w, 4) for n, w in zip(names, weights, strict=True)},
    }


CONFIDENCE_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def calibration_table(confidences: list[tuple[float, bool]]) -> list[str]:
    """Precision by confidence band, and for each review threshold the share of the wrong facts
    and of the right ones that would be queued for review (confidence below it)."""
    lines = ["precision by confidence band"]
    for low, high in itertools.pairwise(CONFIDENCE_BANDS):
        band = [right for confidence, right in confidences if low <= confidence < high]
        if band:
            lines.append(
                f"  [{low:.1f}, {min(high, 1.0):.1f}{']' if high > 1 else ')'}  "
                f"{len(band):>4} facts  precision {sum(band) / len(band):.3f}"
            )
    wrong = [c for c, right in confidences if not right]
    right = [c for c, ok in confidences if ok]
    lines.append("review threshold: share of wrong / right facts it queues")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        caught = sum(c < threshold for c in wrong) / len(wrong) if wrong else 0.0
        held = sum(c < threshold for c in right) / len(right) if right else 0.0
        lines.append(f"  < {threshold:.1f}   wrong {caught:.2f}   right {held:.2f}")
    return lines


def format_report(
    result: EvalResult,
    show: bool = False,
    passages: dict[str, Passage] | None = None,
    calibration: bool = False,
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
    lines.append(f"right figure, wrong entity: {s['right_figure_wrong_entity']}")
    if calibration:
        lines.extend(calibration_table(result.confidences))
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
        lines.append(f"\nright figure, wrong entity ({len(result.wrong_entity)})")
        for pid, gold, predicted in result.wrong_entity:
            lines.append(
                f"  [{pid}] gold {gold['entity']} predicted {predicted['entity']}: {short(gold)}"
            )
        lines.append(f"\nattribute disagreements ({len(result.disagreements)})")
        for pid, attribute, gold, predicted in result.disagreements:
            lines.append(
                f"  [{pid}] {attribute}: gold={gold.get(attribute)} predicted={predicted.get(attribute)} ({gold['entity']} {gold['metric']} {gold['value']})"
            )
    return "\n".join(lines)
