import pytest

from ingest.extract.numwords import digits_for_number_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("up to five hundred megawatts", "up to 500 megawatts"),
        ("roughly six hundred thousand chips", "roughly 600,000 chips"),
        ("thirty-five thousand GPUs", "35,000 GPUs"),
        ("one hundred and fifty megawatts", "150 megawatts"),
        ("ten thousand GPUs", "10,000 GPUs"),
        ("twenty-two billion dollars", "22 billion dollars"),
        # A small number counts when a unit of power follows it.
        ("will deliver five gigawatts of power", "will deliver 5 gigawatts of power"),
        ("a one-gigawatt cluster", "a 1-gigawatt cluster"),
        ("two GW of capacity", "2 GW of capacity"),
    ],
)
def test_numbers_in_words_become_digits(text, expected):
    assert digits_for_number_words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "one of the largest",
        "two companies",
        "a five-year plan",
        "a thirty-year lease",
        "Three Mile Island",
    ],
)
def test_small_numbers_and_compounds_stay_words(text):
    assert digits_for_number_words(text) == text
