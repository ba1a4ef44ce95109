"""The events of the seed article (samples/source), checked by hand against its text.

The seed is a real syndicated copy of a news story that went through machine
translation and back; the shipped dictionaries code it."""
from samples import SAMPLE_DIR
from transforms.tagging import tag_text

SEED = (SAMPLE_DIR / "source" / "seed_000_2d04e3dc4d36672f.txt").read_text(encoding="utf-8")
DATE = "2025-08-17"


def events():
    return tag_text(SEED, DATE).events


def dyads():
    return {(e.source.country or e.source.code, e.target.country or e.target.code if e.target else None,
             e.root_code) for e in events()}


def test_trump_putin_meeting_is_a_consultation():
    # "President Donald Trump met in Alaska with Putin"
    assert ("USA", "RUS", "04") in dyads()


def test_warning_of_consequences_for_russia_is_a_threat():
    # "Rubio also said ... that Russia would face 'additional consequences'"
    [event] = [e for e in events() if e.root_code == "13"]
    assert (event.source.code, event.target.country) == ("USAGOV", "RUS")
    assert "Rubio" in event.source.text and "consequences" in event.sentence


def test_zelenskyy_refusal_to_recognise_annexation_is_a_rejection():
    # "Zelenskyy was categorical that kyiv will never recognize any of his sovereign territory
    #  within the framework of Russia"
    [event] = [e for e in events() if e.root_code == "12"]
    assert (event.source.code, event.target.country) == ("UKRGOV", "RUS")
    assert "Zelenskyy" in event.source.text


def test_welcome_of_security_guarantees_is_cooperative_eu_to_ukraine():
    # "von der Leyen ... had welcomed the security guarantees for Ukraine"
    welcomed = [e for e in events() if "welcomed" in e.verb and e.target is not None]
    assert [(e.source.code, e.target.country, e.quad_class) for e in welcomed] == [
        ("IGOEUREEC", "UKR", 1)]


def test_no_event_pairs_actors_the_article_does_not_pair():
    # The article pairs the US, Russia, Ukraine, the EU and NATO with each other; no event
    # joins an actor with itself or with anyone else.
    paired = {"USA", "RUS", "UKR", "IGOEUREEC", "IGOWSTNAT"}
    for event in events():
        source = event.source.country or event.source.code
        target = (event.target.country or event.target.code) if event.target else None
        assert source in paired and target in paired | {None}, event
        assert source != target, event


def test_every_event_shows_its_sentence_and_verb():
    for event in events():
        assert event.sentence in SEED
        assert event.sentence[event.verb_start:event.verb_end] == event.verb
        assert event.sentence[event.source.start:event.source.end] == event.source.text
