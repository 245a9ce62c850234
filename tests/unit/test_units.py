from datetime import date

import pytest

from ingest.extract import extract_facts
from ingest.extract.units import Unit, has_bare_figure, unit_statement, with_unit


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("单位：亿元", Unit("", "亿元")),
        ("（单位：人民币百万元）", Unit("", "百万元")),
        ("(in millions)", Unit("$", " million")),
        ("Amounts in millions of dollars", Unit("$", " million")),
        ("Units: MW", Unit("", " MW")),
        ("(RMB)", Unit("RMB ", "")),
    ],
)
def test_unit_statements(line, unit):
    assert unit_statement(line) == unit


@pytest.mark.parametrize("line", ["腾讯 770", "单位换算很复杂", "in millions of homes", ""])
def test_other_lines_state_no_unit(line):
    assert unit_statement(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("腾讯 770", "腾讯 770亿元"),
        ("2024年 阿里巴巴 764", "2024年 阿里巴巴 764亿元"),
        ("腾讯:770,阿里:764。", "腾讯:770亿元,阿里:764亿元。"),
        ("增长 12%", "增长 12%"),
        ("腾讯 770亿元", "腾讯 770亿元"),
        ("第3季度 120", "第3季度 120亿元"),
    ],
)
def test_bare_figures_take_the_unit_and_others_keep_theirs(text, expected):
    assert with_unit(text, Unit("", "亿元")) == expected


def test_a_currency_alone_keeps_the_figures_scale_word():
    assert with_unit("2025年计划 3,800亿", Unit("RMB ", "")) == "2025年计划 RMB 3,800亿"


def test_years_are_not_bare_figures():
    assert not has_bare_figure("2024年资本开支")
    assert has_bare_figure("资本开支 767")


def test_a_unit_line_scales_its_paragraph_only():
    text = "资本开支（单位：亿元）\n腾讯2024年资本开支767。\n阿里巴巴2024年资本开支725。\n\n百度计划投资100。"
    facts = extract_facts(text, date(2025, 3, 20))
    assert sorted((f.entity, f.value, f.unit) for f in facts) == [
        ("Alibaba", 7.25e10, "CNY"),
        ("Tencent", 7.67e10, "CNY"),
    ]


def test_in_millions_scales_an_english_figure():
    text = "(in millions)\nMicrosoft reported capital expenditures of 22,600 in the fourth quarter of fiscal 2025."
    facts = extract_facts(text, date(2025, 8, 1))
    assert [(f.entity, f.metric, f.value, f.unit) for f in facts] == [
        ("Microsoft", "capex", 2.26e10, "USD")
    ]


@pytest.mark.parametrize(
    "text", ["最近更新: 2024-07-02", "1、E表示预测数据", "会议于10:30开始", "7/2"]
)
def test_dates_times_and_list_markers_are_not_figures(text):
    assert with_unit(text, Unit("", " EFLOPS")) == text
