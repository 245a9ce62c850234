from datetime import date

import pytest

from ingest.extract import extract_facts, split_sentences


def facts(text: str, published: date = date(2025, 3, 4)) -> list[dict]:
    return [f.to_dict() for f in extract_facts(text, published)]


def find(found: list[dict], **fields) -> dict:
    matches = [f for f in found if all(f[k] == v for k, v in fields.items())]
    assert matches, f"no fact with {fields} in {found}"
    return matches[0]


def test_alibaba_three_year_plan():
    (fact,) = facts("2025年2月24日，阿里巴巴宣布未来三年将投入3800亿元建设云和AI硬件基础设施。")
    assert fact["entity"] == "Alibaba"
    assert fact["metric"] == "capex"
    assert fact["value"] == 380_000_000_000
    assert fact["unit"] == "CNY"
    assert fact["period"] == "2025-2027"
    assert fact["kind"] == "plan"


def test_conversion_gives_two_facts_the_second_approximate():
    found = facts("百度宣布将16亿美元（约合人民币110亿元）资金转投云计算与AI基础设施。")
    usd = find(found, unit="USD")
    cny = find(found, unit="CNY")
    assert (usd["entity"], usd["bound"], usd["value"]) == ("Baidu", "exact", 1_600_000_000)
    assert (cny["bound"], cny["value"]) == ("approx", 11_000_000_000)


def test_each_figure_goes_to_its_own_company():
    found = facts(
        "Google expects $75 billion, Meta $65 billion and Microsoft $80 billion of capital spending in 2025."
    )
    assert {f["entity"]: f["value"] for f in found} == {
        "Alphabet": 75_000_000_000,
        "Meta": 65_000_000_000,
        "Microsoft": 80_000_000_000,
    }


def test_range_gives_low_and_high_bounds():
    found = facts(
        "Meta plans capital expenditures of $60 billion to $65 billion this year.",
        date(2025, 1, 29),
    )
    assert [(f["value"], f["bound"], f["period"]) for f in found] == [
        (60_000_000_000, "at_least", "2025"),
        (65_000_000_000, "at_most", "2025"),
    ]


def test_growth_bound_and_plan_in_chinese():
    fact = find(facts("谷歌预计2025年的资本开支增长超40%，将达到750亿美元。"), entity="Alphabet")
    assert (fact["value"], fact["yoy"], fact["bound"], fact["kind"]) == (
        75_000_000_000,
        0.4,
        "exact",
        "plan",
    )


def test_pronoun_resolves_to_the_company_of_the_sentence_before():
    found = facts(
        "Microsoft reported results on Wednesday. The company expects to spend $80 billion in fiscal 2025.",
        date(2025, 1, 30),
    )
    fact = find(found, value=80_000_000_000)
    assert (fact["entity"], fact["period"], fact["kind"]) == ("Microsoft", "FY2025", "plan")


def test_segment_names_its_parent():
    fact = find(facts("阿里云季度营收为317亿元，同比增长13%。"), metric="revenue")
    assert (fact["entity"], fact["segment"], fact["yoy"]) == ("Alibaba", "cloud", 0.13)


def test_third_party_projection_is_a_forecast():
    found = facts("IDC预计，2026年中国智能算力规模将达到1460.3EFLOPS。")
    fact = find(found, entity="China")
    assert (fact["metric"], fact["kind"], fact["period"]) == ("compute", "forecast", "2026")


@pytest.mark.parametrize(
    "text",
    [
        "DeepSeek以557万美元的训练成本实现性能突破。",
        "2025年中国人工智能算力市场规模将达到259亿美元。",
        "Microsoft shares rose 2% to $415.20 a share, giving it a market value of $3.1 trillion.",
        "阿里巴巴自由现金流为390.20亿元，同比下降31%。",
        "中国移动全年新增智算规模约19EFLOPS。",
        "Azure revenue grew 31% in the quarter.",
        "欢迎致电400-820-1234，2025年会再见。",
        "Microsoft has put roughly $13 billion into OpenAI since 2019.",
        "英伟达宣布将向OpenAI投资最多1000亿美元。",
        "CoreWeave lost $863 million last year.",
    ],
)
def test_traps_yield_no_fact(text):
    assert facts(text) == []


def test_content_farm_copy_reads_like_the_original():
    found = facts(
        "阿里巴巴文告异日三年将干预3800亿元缔造云与AI硬件基础步伐。微软的老本开支达到800亿好意思元。"
    )
    assert find(found, entity="Alibaba")["value"] == 380_000_000_000
    assert find(found, entity="Microsoft")["unit"] == "USD"


def test_repeated_figure_is_one_fact():
    found = facts(
        "阿里巴巴宣布未来三年将投入3800亿元。在国内，阿里巴巴的3800亿元投入已接近阿里云季度营收的12倍。"
    )
    assert len([f for f in found if f["value"] == 380_000_000_000]) == 1


def test_sentences_split_on_chinese_and_english_marks():
    text = "Microsoft spent $22.6 billion. U.S. rivals followed.阿里巴巴宣布投资。腾讯未披露！"
    spans = [text[s:e].strip() for s, e in split_sentences(text)]
    assert spans == [
        "Microsoft spent $22.6 billion.",
        "U.S. rivals followed.",
        "阿里巴巴宣布投资。",
        "腾讯未披露！",
    ]


def test_evidence_and_offsets_point_at_the_original_sentence():
    text = "导语。阿里巴巴文告异日三年将干预3800亿元缔造基础步伐。"
    (fact,) = extract_facts(text, date(2025, 2, 24))
    assert text[fact.char_start : fact.char_end] == fact.evidence
    assert "文告" in fact.evidence


def test_confidence_is_lower_for_context_resolved_entities():
    direct, indirect = extract_facts(
        "阿里巴巴宣布未来三年将投入3800亿元。此外将再投入500亿元。", date(2025, 2, 24)
    )
    assert indirect.entity == "Alibaba"
    assert indirect.confidence < direct.confidence


class TestSeedArticle:
    """The founding article: every capex, compute, accelerator and cloud-revenue fact."""

    @pytest.fixture
    def seed_facts(self, seed_text):
        return facts(seed_text, date(2025, 3, 4))

    @pytest.mark.parametrize(
        ("entity", "metric", "value", "unit", "period", "kind"),
        [
            ("Alibaba", "capex", 380e9, "CNY", "2025-2027", "plan"),
            ("Baidu", "capex", 1.6e9, "USD", None, "plan"),
            ("Baidu", "capex", 11e9, "CNY", None, "plan"),
            ("Big Tech", "capex", 320e9, "USD", None, "plan"),
            ("Stargate", "capex", 500e9, "USD", "2025-2028", "plan"),
            ("Alphabet", "capex", 75e9, "USD", "2025", "plan"),
            ("Meta", "capex", 65e9, "USD", "2025", "plan"),
            ("Microsoft", "capex", 80e9, "USD", "2025", "plan"),
            ("Amazon", "capex", 105e9, "USD", "2025", "plan"),
            ("Alibaba", "revenue", 31.7e9, "CNY", "FY2025Q3", "actual"),
            ("Alibaba", "capex", 31.78e9, "CNY", "FY2025Q3", "actual"),
            ("Baidu", "accelerators", 10000, "count", None, "actual"),
            ("Baidu", "accelerators", 30000, "count", None, "plan"),
            ("China telecom operators", "compute", 50, "EFLOPS", "asof:2024-12-31", "actual"),
            ("China Mobile", "compute", 30, "EFLOPS", "asof:2024-12-31", "actual"),
            ("China Telecom", "compute", 21, "EFLOPS", "asof:2024-11-30", "actual"),
            ("China Mobile", "accelerators", 18000, "count", None, "actual"),
            ("China Mobile", "compute", 6.9, "EFLOPS", None, "actual"),
            ("China Telecom", "accelerators", 300000, "count", None, "plan"),
            ("China Unicom", "accelerators", 10000, "count", None, "plan"),
            ("China", "compute", 725.3, "EFLOPS", "2024", "actual"),
            ("China", "compute", 1037.3, "EFLOPS", "2025", "forecast"),
            ("China", "compute", 1460.3, "EFLOPS", "2026", "forecast"),
        ],
    )
    def test_fact(self, seed_facts, entity, metric, value, unit, period, kind):
        fact = find(seed_facts, entity=entity, metric=metric, unit=unit, value=pytest.approx(value))
        assert (fact["period"], fact["kind"]) == (period, kind)

    def test_no_trap_figures(self, seed_facts):
        values = {f["value"] for f in seed_facts}
        for trap in (39_020_000_000, 25_900_000_000, 33_700_000_000, 5_570_000, 6_000_000):
            assert trap not in values

    def test_precision_is_kept_where_stated(self, seed_facts):
        assert find(seed_facts, entity="China Mobile", value=30)["precision"] == "FP16"
        assert find(seed_facts, entity="China Telecom", value=21)["precision"] is None


@pytest.mark.parametrize(
    ("text", "yoy"),
    [
        ("中国电信智算规模一年内翻两番，达到35EFLOPS。", 3.0),
        ("中国电信智算规模一年内翻番，达到35EFLOPS。", 1.0),
        ("China Telecom's compute capacity quadrupled to 35 EFLOPS.", 3.0),
        ("China Telecom's compute capacity tripled to 35 EFLOPS.", 2.0),
    ],
)
def test_growth_said_in_words(text, yoy):
    (fact,) = extract_facts(text, date(2025, 3, 4))
    assert fact.yoy == yoy


def test_hyperscalers_listed_together_are_one_aggregate():
    text = "Tech giants including Microsoft, Google, Meta and Amazon will invest about $400 billion in 2026."
    (fact,) = extract_facts(text, date(2025, 11, 1))
    assert (fact.entity, fact.value) == ("Big Tech", 400e9)


def test_a_full_stop_without_its_space_still_ends_the_sentence():
    text = "The site spans France and Sweden.Nscale said it will build a 200 MW campus."
    (fact,) = extract_facts(text, date(2025, 11, 1))
    assert (fact.entity, fact.value, fact.unit) == ("Nscale", 200, "MW")


def test_a_figure_that_modifies_the_name_after_it_is_that_entitys():
    text = "中国联通在17 EFLOPS的智算规模上落后于19.6 EFLOPS的中国移动和21 EFLOPS的中国电信。"
    facts = {(f.entity, f.value) for f in extract_facts(text, date(2025, 3, 4))}
    assert {("China Mobile", 19.6), ("China Telecom", 21.0)} <= facts


def test_a_year_before_a_card_count_is_not_a_count():
    text = "据报道,腾讯 2024 年从英伟达购买约 23 万张 GPU 芯片。"
    assert [(f.entity, f.value) for f in extract_facts(text, date(2025, 3, 4))] == [
        ("Tencent", 230000)
    ]


def _owners(text: str, published: date = date(2025, 6, 1)) -> list[tuple[str, str, float]]:
    return [(f.entity, f.metric, f.value) for f in extract_facts(text, published)]


def test_a_cue_inside_an_aside_does_not_name_the_figure():
    text = "Oracle reported capital expenditures (including equipment acquired on credit) of $9 billion."
    assert ("Oracle", "capex", 9e9) in _owners(text)


def test_idc_before_a_business_noun_is_the_carriers_data_centre_business():
    facts = extract_facts("中国联通计划今年IDC投资30亿元。", date(2024, 3, 20))
    assert [(f.entity, f.value, f.kind) for f in facts] == [("China Unicom", 3e9, "plan")]


def test_idc_the_research_firm_still_makes_a_forecast():
    facts = extract_facts("IDC预计,2026年全球AI资本开支将达到5000亿美元。", date(2025, 6, 1))
    assert facts and all(f.kind == "forecast" for f in facts)


def test_nationwide_is_an_adjective_not_the_country():
    text = "中国电信表示,公司已建成8个全国性智算中心节点,总智算能力超过20 EFLOPS。"
    assert ("China Telecom", "compute", 20) in _owners(text)


def test_a_place_qualifying_an_earlier_clause_yields_to_the_company():
    text = "腾讯二季度中国游戏收入增长,管理层表示今年将投资500亿元建设数据中心。"
    assert ("Tencent", "capex", 5e10) in _owners(text)


def test_a_place_named_in_passing_keeps_the_article_about_its_company():
    text = (
        "软银大阪园区首期用电120兆瓦。园区将成为日本数一数二的算力设施。"
        "到2029年,用电将扩大到300兆瓦。"
    )
    assert ("SoftBank", "power", 300) in _owners(text)


def test_a_completion_date_is_not_the_period_of_the_money():
    text = "Oracle will fund the first building with $4 billion, and the site should be operational in 2027."
    facts = extract_facts(text, date(2025, 6, 1))
    assert [(f.value, f.period, f.kind) for f in facts] == [(4e9, None, "plan")]


def test_capacity_being_built_is_a_plan():
    text = "Crusoe said it is now building a 300MW data center in Wyoming."
    facts = extract_facts(text, date(2025, 6, 1))
    assert [(f.metric, f.value, f.kind) for f in facts] == [("power", 300, "plan")]


def test_a_plus_after_a_capacity_means_at_least():
    facts = extract_facts(
        "Crusoe has a portfolio of 2.5+ GW built or under development.", date(2025, 6, 1)
    )
    assert [(f.value, f.bound) for f in facts] == [(2500, "at_least")]


def test_a_name_after_an_organisation_noun_is_an_organisation():
    text = "The plan includes a $20 billion commitment by the Saudi firm Korvex to invest in data centers."
    assert ("Korvex", "capex", 2e10) in _owners(text)


def test_a_segment_that_drove_revenue_is_not_its_unit():
    text = "百度非网络营销收入为人民币70亿元,同比增长6%,主要受智能云业务的推动。"
    assert all(f.segment != "cloud" for f in extract_facts(text, date(2024, 5, 20)))


def test_a_supplier_beside_the_buyer_does_not_own_the_capacity():
    text = "甲骨文与英伟达合作打造的超级集群,用电规模将达到80兆瓦。"
    assert [(e, m) for e, m, _ in _owners(text)] == [("Oracle", "power")]


def test_figures_after_a_combined_total_stay_with_the_group():
    text = (
        "Analysts expect Amazon, Microsoft, Alphabet and Meta to spend a combined $600 billion "
        "on capital expenditures in 2026. A quarter ago those estimates stood at $520 billion."
    )
    assert {e for e, m, v in _owners(text) if v == 5.2e11} == {"Big Tech"}


def test_clients_named_after_the_company_do_not_become_the_subject():
    text = (
        "Oracle reported strong bookings. The company signed new contracts with clients such as "
        "Meta and OpenAI. This comes with capital expenditures of about $35 billion for fiscal 2026."
    )
    assert ("Oracle", "capex", 3.5e10) in _owners(text)


def test_for_the_year_is_the_year_of_publication():
    text = "Alphabet raised its capital spending plans for the year to about $80 billion and expects more next year."
    assert [f.period for f in extract_facts(text, date(2025, 7, 24))] == ["2025"]


def test_a_companys_raised_guidance_reported_by_a_research_firm_is_its_plan():
    text = "TrendForce表示,Meta已上调2025年资本支出至660亿美元。"
    assert [f.kind for f in extract_facts(text, date(2025, 8, 1))] == ["plan"]


def test_yen_follows_a_story_about_japan():
    text = (
        "Japan is funding a national compute programme with Tokyo partners. "
        "The government will commit roughly ¥600 billion across four years."
    )
    assert {f.unit for f in extract_facts(text, date(2025, 12, 1))} == {"JPY"}


def test_a_bare_yuan_in_a_taiwanese_story_is_the_new_taiwan_dollar():
    text = "遠傳電信宣布在桃園興建AI資料中心,投資金額達50億元,預計明年啟用。"
    assert [(f.value, f.unit) for f in extract_facts(text, date(2025, 9, 1))] == [(5e9, "TWD")]


def test_a_supplier_named_as_partner_does_not_own_the_money():
    text = "GMI Cloud与英伟达共同投入逾80亿元建设算力中心。"
    assert [e for e, _, _ in _owners(text)] == ["GMI Cloud"]


def test_a_supplier_named_beside_the_buyer_does_not_become_the_subject():
    text = "远传电信与辉达合作兴建AI机房。新机房的总电力容量为18MW。"
    assert [e for e, _, _ in _owners(text)] == ["Far EasTone"]


def test_respectively_pairs_years_with_figures_in_chinese():
    text = "金山云2026/2027/2028年收入预计分别为120亿元/150亿元/180亿元。"
    facts = extract_facts(text, date(2025, 11, 20))
    assert [(f.value, f.period) for f in facts] == [
        (1.2e10, "2026"),
        (1.5e10, "2027"),
        (1.8e10, "2028"),
    ]


def test_respectively_pairs_figures_with_years_in_english():
    text = "CoreWeave expects revenue of $5 billion, $12 billion and $20 billion in 2025, 2026 and 2027 respectively."
    facts = extract_facts(text, date(2025, 6, 1))
    assert [(f.value, f.period, f.bound) for f in facts] == [
        (5e9, "2025", "exact"),
        (1.2e10, "2026", "exact"),
        (2e10, "2027", "exact"),
    ]


def test_a_cloud_name_ends_where_the_word_ends():
    text = "北区云端算力中心的电力规模为12MW。金山云公布第三季度营收25亿元。"
    assert {e for e, _, _ in _owners(text, date(2025, 11, 20))} >= {"金山云"}
    assert all(not e.endswith("云") or e == "金山云" for e, _, _ in _owners(text))


def test_compute_written_in_ten_thousands_of_petaflops():
    text = "中国移动表示,中卫数据中心2025年底算力规模可达4万P。"
    facts = extract_facts(text, date(2025, 6, 5))
    assert [(f.entity, f.value, f.unit, f.kind) for f in facts] == [
        ("China Mobile", 40, "EFLOPS", "plan")
    ]


def test_a_racks_power_is_no_capacity():
    text = "中国移动中卫园区规划机架约5000架,按3kW机柜折算约4万架。"
    assert [f for f in extract_facts(text, date(2025, 6, 5)) if f.metric == "power"] == []


def test_partners_in_a_cooperation_do_not_own_the_figure():
    text = (
        "中国移动中卫数据中心已投产。该项目已与壁仞科技、星河数智科技股份有限公司等达成合作,"
        "可承载算力约3800P。"
    )
    assert [e for e, m, _ in _owners(text, date(2025, 6, 5)) if m == "compute"] == ["China Mobile"]


def test_the_developer_named_by_owns_the_site_not_the_chip_seller():
    text = (
        "The campus, developed by Qarra - a unit of a state fund - will draw up to four hundred "
        "megawatts once it is fitted out with Nvidia's GPUs."
    )
    assert [(e, m, v) for e, m, v in _owners(text)] == [("Qarra", "power", 400)]


def test_the_counterparty_of_a_lease_is_not_the_builder():
    text = (
        "Polaris Digital (NASDAQ: PLDG) said it has signed a lease agreement with CoreWeave, the "
        "AI hyperscaler, for 120MW at its Ohio campus. This lease with CoreWeave supports "
        "our growth, the company said. The first 90MW data center for CoreWeave should open in 2027."
    )
    assert {(e, v) for e, m, v in _owners(text) if m == "power"} == {
        ("Polaris Digital", 120),
        ("Polaris Digital", 90),
    }


def test_the_european_commission_speaks_for_the_union_and_a_place_in_passing_does_not():
    text = (
        "The European Commission has unveiled a programme for artificial intelligence. Within it, "
        "€15 billion is earmarked for AI gigafactories. The plan builds on five AI factories in "
        "Europe. The new sites will hold about 80,000 AI chips."
    )
    assert {(e, m) for e, m, _ in _owners(text, date(2025, 2, 11))} == {
        ("European Union", "capex"),
        ("European Union", "accelerators"),
    }


def test_a_bulleted_summary_on_one_line_is_read_bullet_by_bullet():
    text = (
        "全球格局 - 我国算力总量有望在2027年跃居首位 [3] 运营商布局 中国移动 - "
        "智算规模超50EFLOPS [5] - 在西部新建大型智算中心 [5] 中国联通 - "
        "运营广州南沙等3个万卡智算中心,智算规模32EFLOPS [7]"
    )
    facts = extract_facts(text, date(2025, 8, 14))
    assert [(f.entity, f.value, f.period) for f in facts if f.metric == "compute"] == [
        ("China Mobile", 50, None),
        ("China Unicom", 32, None),
    ]


def test_the_government_is_the_country_the_story_is_about():
    text = (
        "Japanese ministries and Japanese banks are backing a sovereign model programme that aims "
        "to catch up with the US and China. The government will commit roughly ¥800 billion "
        "across four years."
    )
    assert [(e, m) for e, m, _ in _owners(text, date(2025, 12, 21))] == [("Japan", "capex")]


def test_a_servers_cards_are_no_fleet():
    assert _owners("字节跳动采购1000台服务器,每台8颗GPU。") == []


@pytest.mark.parametrize(
    "text",
    [
        "AWS now has an annualized revenue run-rate of $95 billion.",
        "AWS added $3.1 billion of sequential revenue in the quarter.",
        "远传电信的新机房单柜功率最高120KW。",
    ],
)
def test_run_rates_sequential_additions_and_a_cabinets_power_are_no_facts(text):
    assert _owners(text, date(2026, 2, 6)) == []


def test_a_cabinets_power_beside_the_sites_leaves_the_site_alone():
    text = "远传电信的新机房总电力容量为30MW,IT负载为18MW、单柜功率最高120KW。"
    assert sorted(v for _, m, v in _owners(text, date(2025, 12, 29)) if m == "power") == [18, 30]


def test_a_name_shown_once_is_a_name_throughout():
    text = (
        "Ridgeline 7 has signed a ten-year deal to supply 180MW to a cloud tenant. "
        "Fluidstack added capacity elsewhere, and Ridgeline 7 laid out a plan to reach up to "
        "1,600MW."
    )
    assert {e for e, _, _ in _owners(text)} == {"Ridgeline 7"}


def test_a_datelines_place_and_date_are_not_the_figures():
    text = (
        "Denver, United States - March 3, 2026 - Ridgeline 7 has signed an agreement to supply "
        "180MW of IT capacity."
    )
    assert [(f.entity, f.period) for f in extract_facts(text, date(2026, 3, 3))] == [
        ("Ridgeline 7", None)
    ]


def test_a_named_tenant_is_not_the_builder():
    text = "Vireo secured a 3 GW campus. CoreWeave will serve as anchor tenant for the first 300 MW phase."
    assert ("CoreWeave", "power", 300) not in _owners(text)


def test_a_cloud_segment_named_alone_is_the_last_cloud_companys():
    text = (
        "阿里巴巴发布季度财报。蚂蚁集团新推出的应用用户数破千万。"
        "智能云业务收入同比增长30%至400亿元。"
    )
    assert [(e, m) for e, m, _ in _owners(text, date(2025, 11, 25))] == [("Alibaba", "revenue")]
