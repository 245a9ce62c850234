from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from ingest.review.log import (
    ReviewError,
    parse_assignments,
    record_merge,
    record_review,
    reviews_of,
)

FACT = "0123456789abcdef0123456789abcdef"


def test_reviews_append_with_who_when_why(tmp_path):
    overrides = tmp_path / "fact_overrides.csv"
    when = datetime(2025, 3, 5, 9, 30, tzinfo=UTC)
    record_review(
        FACT,
        "correct",
        "Ana",
        "misprint",
        {"value": "75000000000", "period": "2025"},
        overrides,
        when,
    )
    record_review(FACT, "accept", "Ben", "checked against the filing", None, overrides, when)
    rows = reviews_of(FACT, overrides)
    assert [(r["action"], r["reviewer"], r["value"], r["period"]) for r in rows] == [
        ("correct", "Ana", "75000000000", "2025"),
        ("accept", "Ben", "", ""),
    ]
    assert rows[0]["reviewed_at"] == "2025-03-05 09:30:00"
    assert overrides.read_text().startswith("review_seq,fact_id,action,")
    assert [r["review_seq"] for r in rows] == ["1", "2"]


def test_reviews_in_the_same_second_are_ordered_by_sequence(tmp_path):
    """Two reviews with one timestamp, from two processes at once: the sequence decides, and it
    never ties."""
    overrides = tmp_path / "fact_overrides.csv"
    when = datetime(2025, 3, 5, 9, 30, tzinfo=UTC)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(
            pool.map(
                lambda n: record_review(
                    FACT, "correct", "Ana", "why", {"value": str(n + 1)}, overrides, when
                ),
                range(40),
            )
        )
    rows = reviews_of(FACT, overrides)
    assert sorted(int(r["review_seq"]) for r in rows) == list(range(1, 41))
    assert len({r["reviewed_at"] for r in rows}) == 1


@pytest.mark.parametrize(
    ("action", "corrections", "message"),
    [
        ("correct", {}, "at least one"),
        ("accept", {"value": "1"}, "only a correction"),
        ("correct", {"value": "lots"}, "not a valid value"),
        ("correct", {"value": "nan"}, "not a valid value"),
        ("correct", {"value": "-inf"}, "not a valid value"),
        ("correct", {"value": "inf"}, "not a valid value"),
        ("correct", {"value": "-5"}, "not a valid value"),
        ("correct", {"value": "0"}, "not a valid value"),
        ("correct", {"period": "next year"}, "not a valid value"),
        ("correct", {"entity": " "}, "not a valid value"),
        ("correct", {"colour": "blue"}, "cannot correct"),
        ("delete", {}, "unknown action"),
    ],
)
def test_bad_reviews_are_refused(tmp_path, action, corrections, message):
    with pytest.raises(ReviewError, match=message):
        record_review(FACT, action, "Ana", "why", corrections, tmp_path / "o.csv")


def test_review_needs_a_fact_id_reviewer_and_reason(tmp_path):
    with pytest.raises(ReviewError, match="not a fact_id"):
        record_review("abc", "accept", "Ana", "why", None, tmp_path / "o.csv")
    with pytest.raises(ReviewError, match="reviewer"):
        record_review(FACT, "accept", " ", "why", None, tmp_path / "o.csv")
    with pytest.raises(ReviewError, match="reason"):
        record_review(FACT, "accept", "Ana", "", None, tmp_path / "o.csv")


def test_parse_assignments():
    assert parse_assignments(["value=3.8e11", "period = 2025-2027"]) == {
        "value": "3.8e11",
        "period": "2025-2027",
    }
    with pytest.raises(ReviewError):
        parse_assignments(["value"])


def test_merges_are_sequenced_and_refuse_loops(tmp_path):
    merges = tmp_path / "entity_merges.csv"
    record_merge("万国数据", "GDS", "Ana", "same company", merges)
    record_merge("GDS Holdings", "GDS", "Ben", "legal name", merges)
    rows = merges.read_text().splitlines()
    assert rows[0] == "merge_seq,from_entity,into_entity,reviewer,reviewed_at,reason"
    assert [r.split(",")[:3] for r in rows[1:]] == [
        ["1", "万国数据", "GDS"],
        ["2", "GDS Holdings", "GDS"],
    ]
    with pytest.raises(ReviewError, match="loop"):
        record_merge("GDS", "万国数据", "Ana", "undo", merges)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("Nscale", "Nscale", "into itself"),
        ("Microsoft", "Nscale", "tracked entity"),
        (" ", "GDS", "names the entity"),
    ],
)
def test_bad_merges_are_refused(tmp_path, source, target, message):
    with pytest.raises(ReviewError, match=message):
        record_merge(source, target, "Ana", "why", tmp_path / "m.csv")


def test_the_confidence_model_learns_which_signals_mean_right():
    from ingest.evaluate.scoring import fit_confidence

    samples = [({"cue": 1.0, "noise": float(i % 2)}, i % 10 != 0) for i in range(100)]
    samples += [({"cue": 0.0, "noise": float(i % 2)}, i % 10 == 0) for i in range(100)]
    model = fit_confidence(samples)
    assert model["weights"]["cue"] > 2.0
    assert abs(model["weights"]["noise"]) < 0.5


def test_confidence_rises_with_the_signals_the_model_weights():
    from ingest.extract.assemble import confidence_model, confidence_of

    weights = confidence_model()["weights"]
    strongest = max(weights, key=weights.get)
    assert confidence_of({strongest: 1.0}) > confidence_of({})
    assert 0.0 < confidence_of({}) < 1.0
