"""Organisations no lexicon lists, recognised by their form, and entity names folded."""

import pytest

from ingest.extract.entities import entity_key, find_mentions
from ingest.extract.names import find_names
from ingest.extract.textnorm import normalise


def discovered(text: str) -> list[str]:
    sentence = normalise(text)
    return [m.entity for m in find_names(sentence, find_mentions(sentence))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Northwind Compute, a GPU cloud start-up, said it will spend $2 billion.",
            ["Northwind Compute"],
        ),
        (
            "Halcyon Grid Infrastructure plans a 500 MW campus in Ohio.",
            ["Halcyon Grid Infrastructure"],
        ),
        ("Redfern Labs said on Monday it had 20,000 GPUs running.", ["Redfern Labs"]),
        ("The expansion lifts Quillon's fleet to 9,000 GPUs.", ["Quillon"]),
        ("Japan's AI Bridging Cloud Infrastructure (ABCI) will deliver 130 petaflops.", ["ABCI"]),
        ("Meridian Data Centers, Inc. said it will build two sites.", ["Meridian Data Centers"]),
        ("据悉，黔云智算科技宣布在贵安建设智算中心，总投资18亿元。", ["黔云智算科技"]),
        ("贵安超算中心的算力规模超过30P。", ["贵安超算中心"]),
        ("由本地企业Halcyon公司在柔佛兴建的数据中心园区", ["Halcyon"]),
    ],
)
def test_names_shown_by_their_form_are_found(text, names):
    assert discovered(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Construction began in March on the 1 GW site.",
        "The datacenter REIT expects to spend $4 billion a year.",
        "In March, the company said it had 5,000 GPUs.",
        "Shipments will rise to 2 million chips, Nvidia said.",
        "美国科技巨头的资本开支合计超过3200亿美元。",
        "当季集团资本开支为317.75亿元。",
        "中国移动旗下的苏州智算中心已投运。",
        "Japan's Ministry of Economy, Trade and Industry will spend 19.5 billion yen.",
        "Analysts at Lakemont Capital expect $400 billion of spending.",
        "The site at 1801 Dallas Pkwy will host 3,500 GPUs.",
    ],
)
def test_common_nouns_openers_facilities_and_forecasters_are_not_names(text):
    assert discovered(text) == []


def test_a_name_the_lexicon_knows_is_not_found_again():
    assert discovered("Nscale said it will deploy 300,000 GPUs.") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nebius Group N.V.", "Nebius"),
        ("CoreWeave, Inc.", "CoreWeave"),
        ("鴻海", "鸿海"),
        ("鸿海", "Foxconn"),
        ("软银", "SoftBank"),
        ("阿里巴巴集团", "阿里巴巴"),
        ("the UK", "United Kingdom"),
    ],
)
def test_trivial_variants_fold_together(a, b):
    assert entity_key(a) == entity_key(b)


def test_different_names_stay_apart():
    assert entity_key("Visco") != entity_key("Vis")
    assert entity_key("Nscale") != entity_key("Nebius")


def test_long_runs_keep_their_organisation_word():
    text = normalise("上月记者走访了宁夏中卫的星辰智联绿色智算中心,该中心算力超1.5万P。")
    assert "星辰智联绿色智算中心" in [m.alias for m in find_names(text, find_mentions(text))]


def test_a_verb_after_a_latin_name_in_chinese_copy_makes_it_an_organisation():
    text = normalise("负责人表示,HKSC提供约2000 PFLOPS的算力。")
    assert [m.entity for m in find_names(text, find_mentions(text))] == ["HKSC"]


def test_a_countrys_centres_in_general_are_no_name():
    text = normalise("中国智算中心的建设投资累计已逾千亿元。")
    assert find_names(text, find_mentions(text)) == []


def test_verbs_end_a_chinese_names_lead_in():
    text = normalise("获批项目涵盖本地大学及科研机构。")
    assert all("涵盖" not in m.alias for m in find_names(text, find_mentions(text)))


def test_a_run_of_characters_can_hold_several_names():
    text = normalise("该项目由杭州星澜信息技术有限公司与上海云岫智能科技有限公司合资建设。")
    names = [m.entity for m in find_names(text, find_mentions(text))]
    assert names == ["杭州星澜信息技术", "上海云岫智能科技"]


@pytest.mark.parametrize(
    "text",
    [
        "The campus will grow to 400 MW, said Lena Park, CEO of Northwind.",
        "Chairman Omar Haddad said the company will invest $2 billion.",
    ],
)
def test_people_are_not_organisations(text):
    assert "Lena Park" not in discovered(text) and "Omar Haddad" not in discovered(text)


def test_a_short_number_may_close_a_name():
    assert discovered("Ridgeline 7 has signed a long-term deal to supply 180MW.") == ["Ridgeline 7"]
