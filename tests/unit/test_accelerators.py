"""Accelerator names have one home, `ingest/extract/data/accelerators.tsv`: every name in it is
read as a count in both languages, makes the company written before it a brand, and the
extractor's code names no chip of its own. The file's guards are tested with malformed rows."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

from ingest.extract import accelerators, entities, numbers
from ingest.extract.accelerators import Accelerator, AcceleratorLexiconError, parse_rows
from ingest.extract.entities import Mention, find_mentions
from ingest.extract.numbers import find_quantities
from ingest.extract.textnorm import normalise

ROWS = accelerators.accelerators()
EN = [a for a in ROWS if "en" in a.languages]
ZH = [a for a in ROWS if "zh" in a.languages]
GOOD_ROW = ["H100", "en zh", "model", "yes", "no", "yes", "no", "strong"]


def counts(text: str) -> list[tuple[float, str]]:
    sentence = normalise(text)
    return [
        (q.value, sentence[q.start : q.end])
        for q in find_quantities(sentence)
        if q.dimension == "count"
    ]


def test_the_file_holds_every_chip_the_extractor_read_before():
    names = {a.name for a in ROWS}
    assert {"H100", "H200", "H800", "H20", "A100", "B200", "GB200", "GB300"} <= names
    assert {"Blackwell", "Hopper", "TPU", "Trainium", "Inferentia", "昇腾", "Ascend"} <= names
    assert {"GPU", "chip", "accelerator", "card", "芯片", "加速卡", "算力卡", "显卡", "卡"} <= names


@pytest.mark.parametrize("accelerator", [a for a in EN if a.plural], ids=lambda a: a.name)
def test_an_english_count_ends_with_every_plural_name(accelerator):
    text = f"The operator now runs 10,000 {accelerator.name}s across two halls."
    assert counts(text) == [(10_000, f"10,000 {accelerator.name}s")]


@pytest.mark.parametrize("accelerator", [a for a in EN if a.kind != "noun"], ids=lambda a: a.name)
def test_a_maker_may_stand_between_an_english_count_and_the_model(accelerator):
    text = f"It ordered 2,500 Contoso {accelerator.name} chips for the new site."
    assert counts(text) == [(2_500, f"2,500 Contoso {accelerator.name} chips")]


@pytest.mark.parametrize("accelerator", ZH, ids=lambda a: a.name)
def test_a_chinese_count_ends_with_every_name(accelerator):
    assert counts(f"该公司今年部署了1万张{accelerator.name}，用于训练。") == [
        (10_000, f"1万张{accelerator.read_as}")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("部署了1万张H200", (10_000, "1万张H200")),
        ("部署了1万张H20", (10_000, "1万张H20")),
        ("采购2万颗GB200芯片", (20_000, "2万颗GB200芯片")),
        ("采购2万颗B200", (20_000, "2万颗B200")),
        ("10,000 H200s arrived", (10_000, "10,000 H200s")),
        ("10,000 H20s arrived", (10_000, "10,000 H20s")),
    ],
)
def test_a_longer_name_is_not_read_as_its_prefix(text, expected):
    assert counts(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a cluster of 16,000 H100", (16_000, "16,000 H100")),
        ("800 AWS Inferentia 2 and 400 Trainium 1", (800, "800 AWS Inferentia 2")),
        ("some 4,000 Trainium2 chips", (4_000, "4,000 Trainium2 chips")),
        ("more than 10,000 Blackwell Ultra GPUs", (10_000, "10,000 Blackwell Ultra GPUs")),
        ("384 Ascend 910C chips", (384, "384 Ascend 910C chips")),
    ],
)
def test_a_model_ends_a_count_alone_and_a_family_with_its_generation(text, expected):
    assert counts(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The first gigawatt comes online in the second half of 2026 on the Vera Rubin platform.",
        "Its 2026 Blackwell launch drew crowds.",
    ],
)
def test_a_family_named_alone_after_a_number_is_no_count(text):
    assert counts(text) == []


@pytest.mark.parametrize("accelerator", [a for a in EN if a.counter], ids=lambda a: a.name)
def test_an_english_counter_word_makes_a_hyphenated_count(accelerator):
    assert counts(f"a 10,000-{accelerator.name} cluster") == [
        (10_000, f"10,000-{accelerator.name}")
    ]


@pytest.mark.parametrize("accelerator", [a for a in ZH if a.counter], ids=lambda a: a.name)
def test_a_chinese_counter_word_makes_a_round_count(accelerator):
    assert counts(f"建成三万{accelerator.name}集群") == [(30_000, f"三万{accelerator.name}")]


@pytest.mark.parametrize("accelerator", [a for a in EN if a.standalone], ids=lambda a: a.name)
def test_a_standalone_name_makes_later_bare_numbers_counts(accelerator):
    text = f"Two labs bought {accelerator.name}s last year: 196,000 and 169,000 respectively."
    assert [value for value, _ in counts(text)] == [196_000, 169_000]


@pytest.mark.parametrize("accelerator", [a for a in EN if not a.standalone], ids=lambda a: a.name)
def test_an_ambiguous_noun_does_not_make_bare_numbers_counts(accelerator):
    text = f"The bank issued {accelerator.name}s last year: 196,000 and 169,000 respectively."
    assert counts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("部署了20万颗GPU，目标是扩展到100万颗", [200_000, 1_000_000]),
        ("银行推出了新的信用卡，今年的发行目标是100万张", []),
    ],
)
def test_a_bare_classifier_counts_only_after_a_standalone_name(text, expected):
    assert [value for value, _ in counts(text)] == expected


def _brand_cases() -> list[tuple[str, str]]:
    cases = []
    for a in ROWS:
        if not a.standalone:
            continue
        for language in sorted(a.languages):
            for spelling in a.spellings(language):
                company = "英伟达" if language == "zh" else "Nvidia"
                cases.append((company, spelling))
    return cases


@pytest.mark.parametrize(("company", "spelling"), _brand_cases())
def test_a_company_before_a_name_is_a_brand(company, spelling):
    assert [m.alias for m in mentions(f"{company} said it shipped more units.")] == [company]
    assert mentions(f"They bought {company} {spelling} by the thousand.") == []
    assert mentions(f"They bought {company}'s {spelling} by the thousand.") == []


def test_a_company_before_an_ambiguous_noun_stays_the_entity():
    assert [m.entity for m in mentions("Nvidia cards were sold out")] == ["Nvidia"]
    assert [m.entity for m in mentions("英伟达卡位领先")] == ["Nvidia"]


def mentions(text: str) -> list[Mention]:
    return find_mentions(normalise(text))


def _code_strings(module: object) -> str:
    """The string literals of a module's code, without its docstrings and comments."""
    source = Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    strings, previous = [], tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        is_docstring = previous in {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
        if token.type == tokenize.STRING and not is_docstring:
            strings.append(token.string)
        if token.type not in {tokenize.COMMENT, tokenize.NL}:
            previous = token.type
    return "\n".join(strings)


@pytest.mark.parametrize("module", [numbers, entities], ids=lambda m: m.__name__)
def test_the_extractor_code_names_no_chip(module):
    code = _code_strings(module)
    assert "H100" not in code and "Trainium" not in code  # the check can see a name
    written = [a.name for a in ROWS if a.kind != "noun" and a.name in code]
    assert written == []


def test_the_shipped_file_parses_to_the_same_rows_twice():
    assert accelerators.accelerators() is accelerators.accelerators()
    assert all(isinstance(a, Accelerator) for a in ROWS)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD_ROW[:-1], "expected name"),
        ([*GOOD_ROW, "extra"], "expected name"),
        (["", *GOOD_ROW[1:]], "empty"),
        ([" H100", *GOOD_ROW[1:]], "odd characters"),
        (["H1\\d+", *GOOD_ROW[1:]], "odd characters"),
        (["H\x00100", *GOOD_ROW[1:]], "odd characters"),
        (["H100", "fr", *GOOD_ROW[2:]], "languages"),
        (["H100", "", *GOOD_ROW[2:]], "languages"),
        (["H100", "en", "gadget", *GOOD_ROW[3:]], "'gadget' is not one of"),
        (["H100", "en", "model", "maybe", *GOOD_ROW[4:]], "'maybe' is not yes or no"),
        ([*GOOD_ROW[:-1], "weak"], "'weak' is not one of"),
        (["昇腾", "zh", "family", "yes", "no", "yes", "no", "strong"], "plural"),
    ],
)
def test_a_malformed_row_is_refused(row, message):
    with pytest.raises(AcceleratorLexiconError, match=message):
        parse_rows([row])


def test_a_name_listed_twice_for_a_language_is_refused():
    with pytest.raises(AcceleratorLexiconError, match="listed twice for en"):
        parse_rows([GOOD_ROW, ["H100", "en", *GOOD_ROW[2:]]])
    assert (
        len(parse_rows([["GPU", "en", *GOOD_ROW[2:]], ["GPU", "zh", "noun", "no", *GOOD_ROW[4:]]]))
        == 2
    )


def test_a_name_with_two_relevance_kinds_is_refused():
    with pytest.raises(AcceleratorLexiconError, match="two relevance kinds"):
        parse_rows(
            [["GPU", "en", *GOOD_ROW[2:]], ["GPU", "zh", "noun", "no", "no", "yes", "no", "topic"]]
        )
