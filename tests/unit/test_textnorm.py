from ingest.extract.textnorm import load_synonyms, normalise


def test_full_width_digits_and_punctuation_become_ascii():
    assert normalise("３８００亿元（约合）；") == "3800亿元(约合);"


def test_traditional_becomes_simplified():
    assert normalise("微軟資本開支達到８００億美元") == "微软资本开支达到800亿美元"


def test_content_farm_substitutions_are_undone():
    text = "阿里巴巴文告异日三年将干预3800亿元缔造云与AI硬件基础步伐，中国转移的智算畛域"
    assert (
        normalise(text)
        == "阿里巴巴宣布未来三年将投入3800亿元建设云与AI硬件基础设施,中国移动的智算规模"
    )


def test_synonym_table_is_data_and_longest_first():
    pairs = load_synonyms()
    assert ("好意思元", "美元") in pairs
    lengths = [len(s) for s, _ in pairs]
    assert lengths == sorted(lengths, reverse=True)


def test_english_is_left_alone():
    assert normalise("Microsoft will spend $80 billion") == "Microsoft will spend $80 billion"
