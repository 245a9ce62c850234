import pytest

from ingest.extract.numbers import find_quantities, parse_number
from ingest.extract.textnorm import normalise


def quantities(text: str) -> list[tuple[float, str, str | None]]:
    return [(q.value, q.unit, q.range_role) for q in find_quantities(normalise(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3800亿元", [(380e9, "CNY", None)]),
        ("三千八百亿元", [(380e9, "CNY", None)]),
        ("1.2万亿元", [(1.2e12, "CNY", None)]),
        ("人民币3800亿元", [(380e9, "CNY", None)]),
        ("16亿美元（约合人民币110亿元）", [(1.6e9, "USD", None), (11e9, "CNY", None)]),
        ("５０亿港元", [(5e9, "HKD", None)]),
        ("600亿至650亿美元", [(60e9, "USD", "low"), (65e9, "USD", "high")]),
        ("600-650亿美元", [(60e9, "USD", "low"), (65e9, "USD", "high")]),
        ("$80 billion", [(80e9, "USD", None)]),
        ("US$80bn", [(80e9, "USD", None)]),
        ("RMB 380bn", [(380e9, "CNY", None)]),
        ("80 billion dollars", [(80e9, "USD", None)]),
        ("$1.6B", [(1.6e9, "USD", None)]),
        ("a trillion dollars", [(1e12, "USD", None)]),
        ("HK$10 billion", [(10e9, "HKD", None)]),
        ("NT$300 billion", [(300e9, "TWD", None)]),
        ("€3.2 billion", [(3.2e9, "EUR", None)]),
        ("$60-65 billion", [(60e9, "USD", "low"), (65e9, "USD", "high")]),
        ("$60 billion to $65 billion", [(60e9, "USD", "low"), (65e9, "USD", "high")]),
        ("between $66bn and $72bn", [(66e9, "USD", "low"), (72e9, "USD", "high")]),
        ("智算规模达6.9EFLOPS", [(6.9, "EFLOPS", None)]),
        ("5000 PFLOPS", [(5.0, "EFLOPS", None)]),
        ("每秒670亿亿次", [(6.7, "EFLOPS", None)]),
        ("1.8万张AI加速卡", [(18000, "count", None)]),
        ("万卡集群", [(10000, "count", None)]),
        ("三万卡集群", [(30000, "count", None)]),
        ("100,000 GPUs", [(100000, "count", None)]),
        ("a 10,000-GPU cluster", [(10000, "count", None)]),
        (
            "Amazon and Google bought Nvidia chips: 196,000 and 169,000 respectively",
            [(196000, "count", None), (169000, "count", None)],
        ),
        ("1.2 gigawatts", [(1200, "MW", None)]),
        ("1吉瓦", [(1000, "MW", None)]),
        ("300兆瓦", [(300, "MW", None)]),
        ("20萬瓩", [(200, "MW", None)]),
        ("3千瓩", [(3, "MW", None)]),
        ("2.5+ GW", [(2500, "MW", None)]),
    ],
)
def test_quantities(text, expected):
    got = quantities(text)
    assert [(unit, role) for _, unit, role in got] == [(unit, role) for _, unit, role in expected]
    for (value, _, _), (want, _, _) in zip(got, expected, strict=True):
        assert value == pytest.approx(want)


@pytest.mark.parametrize(
    "text", ["2025年", "400-820-1234", "增长40%", "8 GPUs per server", "Q4 2025"]
)
def test_things_that_are_not_quantities(text):
    assert quantities(text) == []


def test_vague_amounts_are_flagged():
    (q,) = find_quantities("数十亿美元")
    assert q.vague


def test_round_card_counts_are_approximate():
    (q,) = find_quantities("万卡集群")
    assert q.implied_bound == "approx"


@pytest.mark.parametrize(
    ("text", "value"), [("3,800", 3800), ("三千八百", 3800), ("两千", 2000), ("万", 10000)]
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a joint investment of 2.5 trillion won", 2.5e12, "KRW"),
        ("RM10 billion on its AI drive", 10e9, "MYR"),
        ("₹4,563.36 crore for compute", 45_633_600_000, "INR"),
        ("公司第三季度收入 28.87 亿元", 2_887_000_000, "CNY"),
        ("about 14,000 graphics processing units", 14_000, "count"),
        ("a 300-megawatt campus", 300, "MW"),
    ],
)
def test_currencies_and_forms_of_real_copy(text, value, unit):
    (quantity,) = find_quantities(normalise(text))
    assert quantity.unit == unit and quantity.value == pytest.approx(value)


def test_words_are_not_currency_prefixes():
    assert find_quantities(normalise("FIRM 5 billion")) == []


def test_a_spelled_out_unit_is_no_figure():
    assert find_quantities(normalise("每秒百亿亿次的算力")) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("75亿加元", "CAD"),
        ("2.5万亿韩元", "KRW"),
        ("1000亿卢比", "INR"),
        ("30亿林吉特", "MYR"),
        ("50亿澳元", "AUD"),
    ],
)
def test_more_currencies_in_chinese(text, unit):
    assert [u for _, u, _ in quantities(text)] == [unit]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("计划采购2万颗英伟达Blackwell架构GB200 GPU", 20000),
        ("拟先采购3万台H20", 30000),
        ("800 AWS Inferentia 2 chips", 800),
    ],
)
def test_card_counts_with_a_maker_and_model_between(text, value):
    assert [v for v, u, _ in quantities(text)] == [value]
