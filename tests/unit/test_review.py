import multiprocessing
import multiprocessing.synchronize
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.land.rawstore import RAW_ENTITY_MERGES, RAW_FACT_REVIEWS, RawStore
from ingest.review.log import (
    ReviewError,
    parse_assignments,
    record_merge,
    record_review,
    reviews_of,
)

FACT = "0123456789abcdef0123456789abcdef"
WHEN = datetime(2025, 3, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> RawStore:
    return RawStore(tmp_path / "raw")


def test_reviews_land_in_the_raw_layer_with_who_when_why(store):
    corrected = record_review(
        FACT, "correct", "Ana", "misprint", {"value": "75000000000", "period": "2025"}, store, WHEN
    )
    accepted = record_review(FACT, "accept", "Ben", "checked against the filing", None, store, WHEN)
    assert (corrected.sequence, accepted.sequence) == (1, 2)
    assert corrected.recorded_in == store.table_dir(RAW_FACT_REVIEWS)
    rows = reviews_of(FACT, store)
    assert [(r["action"], r["reviewer"], r["value"], r["period"]) for r in rows] == [
        ("correct", "Ana", 75e9, "2025"),
        ("accept", "Ben", None, None),
    ]
    assert [r["review_seq"] for r in rows] == [1, 2]
    assert all(r["reviewed_at"] == WHEN for r in rows)
    parts = sorted(store.table_dir(RAW_FACT_REVIEWS).rglob("part-*.parquet"))
    assert [p.parent.relative_to(store.root).as_posix() for p in parts] == [
        "raw_fact_reviews/source=analyst_review/fetch_date=2025-03-05"
    ] * 2
    assert reviews_of("f" * 32, store) == []


def test_a_review_lands_in_the_data_folder_of_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path / "data"))
    review = record_review(FACT, "reject", "Ana", "a market size, not capex")
    assert review.recorded_in == tmp_path / "data" / "raw" / "raw_fact_reviews"
    assert [r["action"] for r in reviews_of(FACT)] == ["reject"]


def test_what_a_reviewer_types_is_kept_as_data(store):
    """Reviewer and reason are free text: commas, quotes, newlines and formula-like text are
    stored as typed and never become part of a path."""
    reviewer, reason = '../../Ana "A", Jr.', '=HYPERLINK("x")\nsecond line, with a comma'
    record_review(FACT, "accept", reviewer, reason, None, store, WHEN)
    (row,) = reviews_of(FACT, store)
    assert (row["reviewer"], row["reason"]) == (reviewer, reason)
    assert {p.parent.parent.name for p in store.root.rglob("part-*.parquet")} == {
        "source=analyst_review"
    }


def test_reviews_in_the_same_second_are_ordered_by_sequence(store):
    """Reviews with one timestamp, from many threads at once: the sequence decides, and it
    never ties."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(
            pool.map(
                lambda n: record_review(
                    FACT, "correct", "Ana", "why", {"value": str(n + 1)}, store, WHEN
                ),
                range(20),
            )
        )
    rows = reviews_of(FACT, store)
    assert [r["review_seq"] for r in rows] == list(range(1, 21))
    assert sorted(r["value"] for r in rows) == [float(n) for n in range(1, 21)]
    assert len({r["reviewed_at"] for r in rows}) == 1


REVIEWS_PER_PROCESS = 6


def _review_in_turn(root: str, process: int, start: multiprocessing.synchronize.Event) -> None:
    start.wait(timeout=60)
    store = RawStore(root)
    for turn in range(REVIEWS_PER_PROCESS):
        value = str(100 * (process + 1) + turn)
        record_review(FACT, "correct", f"Analyst {process}", "why", {"value": value}, store, WHEN)


def test_two_processes_reviewing_at_once_never_share_a_number(tmp_path):
    """Two terminals review one fact at once, in the same second: every review gets a number
    of its own, and each terminal's later review is numbered after its earlier ones."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    root = str(tmp_path / "raw")
    processes = [
        context.Process(target=_review_in_turn, args=(root, process, start)) for process in (0, 1)
    ]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0, 0]
    rows = reviews_of(FACT, RawStore(root))
    assert [r["review_seq"] for r in rows] == list(range(1, 2 * REVIEWS_PER_PROCESS + 1))
    for process in (0, 1):
        values = [r["value"] for r in rows if r["reviewer"] == f"Analyst {process}"]
        assert values == [100.0 * (process + 1) + turn for turn in range(REVIEWS_PER_PROCESS)]
    assert not list(tmp_path.rglob("*.tmp"))


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
def test_bad_reviews_are_refused(store, action, corrections, message):
    with pytest.raises(ReviewError, match=message):
        record_review(FACT, action, "Ana", "why", corrections, store)
    assert store.count(RAW_FACT_REVIEWS) == 0


def test_review_needs_a_fact_id_reviewer_and_reason(store):
    with pytest.raises(ReviewError, match="not a fact_id"):
        record_review("abc", "accept", "Ana", "why", None, store)
    with pytest.raises(ReviewError, match="not a fact_id"):
        record_review("../" + FACT[3:], "accept", "Ana", "why", None, store)
    with pytest.raises(ReviewError, match="reviewer"):
        record_review(FACT, "accept", " ", "why", None, store)
    with pytest.raises(ReviewError, match="reason"):
        record_review(FACT, "accept", "Ana", "", None, store)
    assert store.count(RAW_FACT_REVIEWS) == 0


def test_parse_assignments():
    assert parse_assignments(["value=3.8e11", "period = 2025-2027"]) == {
        "value": "3.8e11",
        "period": "2025-2027",
    }
    with pytest.raises(ReviewError):
        parse_assignments(["value"])


def test_merges_are_sequenced_and_refuse_loops(store):
    first = record_merge("万国数据", "GDS", "Ana", "same company", store, WHEN)
    record_merge("GDS Holdings", "GDS", "Ben", "legal name", store, WHEN)
    assert first.recorded_in == store.table_dir(RAW_ENTITY_MERGES)
    merges = store.read(RAW_ENTITY_MERGES).sort_values("merge_seq")
    assert merges[["merge_seq", "from_entity", "into_entity", "reviewer"]].values.tolist() == [
        [1, "万国数据", "GDS", "Ana"],
        [2, "GDS Holdings", "GDS", "Ben"],
    ]
    with pytest.raises(ReviewError, match="loop"):
        record_merge("GDS", "万国数据", "Ana", "undo", store)
    assert store.count(RAW_ENTITY_MERGES) == 2


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("Nscale", "Nscale", "into itself"),
        ("Microsoft", "Nscale", "tracked entity"),
        (" ", "GDS", "names the entity"),
    ],
)
def test_bad_merges_are_refused(store, source, target, message):
    with pytest.raises(ReviewError, match=message):
        record_merge(source, target, "Ana", "why", store)
    assert store.count(RAW_ENTITY_MERGES) == 0


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
