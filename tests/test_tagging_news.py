"""Rules and dictionary entries found by error analysis on real news (the Fundus dev set,
eval/data/fundus_dev), checked with the shipped dictionaries on sentences of their kind."""
from transforms.tagging import tag_text

DATE = "2024-03-01"


def dyads(text):
    return [(e.source.code, e.target.code if e.target else None, e.event_code)
            for e in tag_text(text, DATE).events]


def test_lashing_out_at_someone_is_criticism_of_that_person():
    # a person after "at" is whom the verb aims at, not a place
    assert dyads("Biden lashed out at Trump on Friday.") == [("USAGOV", "USAELI", "111")]


def test_calls_for_after_a_light_verb_are_an_appeal():
    assert dyads("Russia renewed its calls for Ukraine to withdraw.") == [("RUS", "UKR", "020")]


def test_a_gag_order_restricts_political_freedom():
    assert dyads("Russia imposed a gag order on Ukraine's foreign minister.") == [
        ("RUS", "UKRGOV", "1721")]


def test_an_inspection_is_an_investigation():
    assert dyads("Russian inspectors conducted an inspection of Ukraine's nuclear plant.")[0][2] \
        == "090"


def test_pleading_not_guilty_denies_the_charges():
    assert [d[2] for d in dyads("Ukraine's former defence minister pleaded not guilty.")] == [
        "016"]
    assert [d[2] for d in dyads("Ukraine's minister pleaded for help from Russia.")] != ["016"]


def test_officials_a_judge_and_a_senator_are_actors():
    assert dyads("In Ukraine, officials condemned Russia.") == [("UKRGOV", "RUS", "111")]
    assert dyads("The judge condemned the United Nations.") == [("JUD", "IGOUNO", "111")]
    assert dyads("The senator condemned the United Nations.") == [("LEG", "IGOUNO", "111")]
