"""Rules and dictionary entries found by error analysis on real news (the Fundus dev set,
eval/data/fundus_dev), checked with the shipped dictionaries on sentences of their kind."""
from transforms.tagging import default_lexicon, find_verbs, tag_text
from transforms.text import tokens

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


def verb_words(text):
    toks = tokens(text)
    return [toks[c.start].norm for c in find_verbs(toks, default_lexicon())]


def test_a_plural_after_a_participle_and_a_word_after_a_hyphenated_modifier_are_nouns():
    assert "allies" not in verb_words("She spent years cultivating allies among leaders.")
    assert "murder" not in verb_words("Two men were charged with second-degree murder.")
    assert "bill" not in verb_words("Parliament passed an anti-LGBTQ bill.")
    assert "attacked" in verb_words("The anti-government militia attacked a police station.")
