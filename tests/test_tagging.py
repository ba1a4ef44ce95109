"""Coder mechanics on a tiny hand-made lexicon (the shipped dictionaries are tested with
the seed article in test_tagging_seed.py)."""
from transforms.dictionaries import (ActorDictionary, ActorEntry, Agent, CameoCode,
                                     LightVerbs, Pattern, Role, Verb, VerbDictionary,
                                     british_spelling, load_verbs, regular_forms)
from transforms.tagging import build_lexicon, tag_text

CODES = {
    code: CameoCode(code=code, name=code, goldstein=g, root=code[:2], base=code[:3], quad_class=q,
                    plover=None, description=None, example=None)
    for code, q, g in [("040", 1, 1.0), ("0233", 1, 7.4), ("020", 1, 3.0), ("010", 1, 0.0),
                       ("138", 3, -7.0), ("036", 1, 4.0), ("051", 1, 3.4), ("120", 3, -4.0),
                       ("071", 2, 7.4), ("0331", 1, 5.2), ("160", 3, -4.0), ("100", 3, -5.0),
                       ("103", 3, -5.0), ("190", 4, -10.0), ("180", 4, -9.0)]
}


def actor(phrase, type_, code, country, roles=()):
    return ActorEntry(phrase, type_, code, tuple(Role(*r) for r in roles), country, phrase, "test")


ACTORS = ActorDictionary(
    entries=(
        actor("russia", "GPE", "RUS", "RUS"),
        actor("russian", "GPE", "RUS", "RUS"),
        actor("ukraine", "GPE", "UKR", "UKR"),
        actor("united states", "GPE", "USA", "USA"),
        actor("us", "GPE", "USA", "USA"),
        actor("the kremlin", "ORG", "RUSGOV", "RUS"),
        actor("donald trump", "PERSON", "USAELI", "USA",
              [("USAGOV", "2017-01-20", "2021-01-19"), ("USAGOV", "2025-01-20", None)]),
        actor("united nations", "IGO", "IGOUNO", None),
    ),
    agents=(Agent("officials", "GOV", "suffix"), Agent("foreign minister", "GOV", "suffix"),
            Agent("president", "GOV", "suffix"),
            Agent("army", "MIL", "suffix")),
)


def verb(block, forms, code):
    return Verb(forms[0], tuple(forms), code, None, block)


VERBS = VerbDictionary(
    synsets={},
    verbs=(
        verb("MEET", ["meet", "met", "meets", "meeting"], "036"),
        verb("ASK", ["ask", "asked", "asks"], "020"),
        verb("SAY", ["say", "said"], "010"),
        verb("THREATEN", ["threaten", "threatened", "threats"], "138"),
        verb("SUPPORT", ["support", "supported", "supports"], "051"),
        verb("IGNORE", ["ignored"], None),
        verb("GIVE", ["give", "gave", "will give"], "071"),
        verb("ATTACK", ["attack", "attacked"], "190"),
        verb("ANNOUNCE", ["announce", "announced"], "010"),
    ),
    patterns=(Pattern("ASK", ("ask",), (), (("humanitarian aid", "food aid"),), "0233", None, (),
                      None),),
    by_form={}, patterns_by_block={},
)
# Every test verb but "raid" is in the project's verb table (core_verbs).
RAID = verb("RAID", ["raid", "raided"], "190")
LEXICON = build_lexicon(ACTORS, VERBS._replace(verbs=VERBS.verbs + (RAID,)), CODES,
                        core_verbs=VERBS.verbs,
                        light_verbs=LightVerbs(frozenset({"announced"}), {"suspension": "160"}))


def only_event(text, date=None):
    [event] = tag_text(text, date, lexicon=LEXICON).events
    return event


def test_source_verb_target_with_offsets():
    event = only_event("Russian officials met Ukraine's foreign minister in Geneva.")
    assert (event.source.code, event.target.code, event.event_code) == ("RUSGOV", "UKRGOV", "036")
    assert event.sentence[event.verb_start:event.verb_end] == "met"
    assert event.sentence[event.source.start:event.source.end] == "Russian officials"
    assert (event.root_code, event.quad_class, event.goldstein) == ("03", 1, 4.0)


def test_pattern_refines_code():
    assert only_event("Ukraine asked the United Nations for humanitarian aid.").event_code == "0233"
    assert only_event("Ukraine asked the United Nations for help.").event_code == "020"


def test_role_depends_on_date():
    text = "Donald Trump threatened Russia with sanctions."
    assert only_event(text, "2025-08-15").source.code == "USAGOV"
    assert only_event(text, "2022-03-01").source.code == "USAELI"


def test_country_before_person_is_that_person():
    event = only_event("US President Donald Trump met Russia's leader.", "2025-08-15")
    assert (event.source.text, event.source.code) == ("US President Donald Trump", "USAGOV")


def test_one_sided_event_needs_its_subject():
    assert only_event("Russia threatened to walk away.").target is None
    # the sentence's first actor with a finite verb is its subject, however far apart
    assert only_event("Russia, after weeks of delays, threatened to walk away.").target is None
    # otherwise an actor far from a verb is not its subject, nor is anyone an infinitive's
    assert tag_text("Ukraine said Russia, after weeks of delays, threatened to walk away.",
                    lexicon=LEXICON).events == []
    assert tag_text("Russia has a plan to support", lexicon=LEXICON).events == []
    # nor may a verb only CAMEO.2.0.txt knows, with no pattern, code a one-sided event
    assert tag_text("Russia raided.", lexicon=LEXICON).events == []
    assert only_event("Russia raided Ukraine.").event_code == "190"


def test_passive_without_agent_codes_nothing():
    assert tag_text("Ukraine was threatened.", lexicon=LEXICON).events == []


def test_no_event_for_quoted_conditional_or_noun_verbs():
    for text in ['Ukraine called it "a plan that Russia threatened Ukraine with".',
                 "Talks could resume if Russia met Ukraine.",
                 "The meeting between Russia and Ukraine ended."]:
        assert tag_text(text, lexicon=LEXICON).events == [], text


def test_negation_turns_cooperation_into_rejection_and_cancels_conflict():
    event = only_event("Ukraine will never support Russia.")
    assert (event.source.code, event.target.code, event.event_code) == ("UKR", "RUS", "120")
    assert tag_text("Russia did not threaten Ukraine.", lexicon=LEXICON).events == []


def test_place_after_preposition_is_not_a_participant():
    event = only_event("Donald Trump met in Ukraine with Russian officials.", "2025-08-15")
    assert event.target.code == "RUSGOV"


def test_passive_agent_is_the_source():
    event = only_event("Ukraine was threatened by Russia.")
    assert (event.source.code, event.target.code) == ("RUS", "UKR")


def test_threat_construction_with_face_consequences():
    lexicon = build_lexicon(ACTORS, VERBS, {**CODES, "130": CODES["138"]._replace(code="130")})
    [event] = tag_text("Ukraine said Russia would face consequences.", lexicon=lexicon).events
    assert (event.source.code, event.target.code, event.event_code) == ("UKR", "RUS", "130")


def test_lowercase_pronoun_is_not_an_actor():
    assert tag_text("Let us support Ukraine.", lexicon=LEXICON).events == []


def test_one_event_per_sentence_prefers_specific_code():
    event = only_event("Russia said it threatened Ukraine.")
    assert event.event_code == "138"


def test_entities_counted_per_code():
    result = tag_text("Russia met Ukraine. The Kremlin said Russia would support Ukraine.",
                      lexicon=LEXICON)
    counts = {(e.code, e.type): e.count for e in result.entities}
    assert counts == {("RUS", "GPE"): 2, ("UKR", "GPE"): 2, ("RUSGOV", "ORG"): 1}


def test_stated_intention_is_coded_as_intent():
    assert only_event("Russia gave Ukraine aid.").event_code == "071"
    assert only_event("Russia would give Ukraine aid.").event_code == "0331"


def test_light_verb_takes_the_code_of_its_event_noun():
    event = only_event("Russia announced a suspension of flights to Ukraine.")
    assert (event.event_code, event.target.code) == ("160", "UKR")


def test_joint_subject_acts_on_itself_each_party_on_the_other():
    events = tag_text("Russia and Ukraine met on Tuesday.", lexicon=LEXICON).events
    assert sorted((e.source.code, e.target.code, e.event_code) for e in events) == [
        ("RUS", "UKR", "036"), ("UKR", "RUS", "036")]


def test_each_actor_of_a_listed_subject_acts():
    events = tag_text("Algeria, Pakistan, China and Russia condemned Israel.",
                      "2025-08-15").events
    assert sorted((e.source.code, e.target.code, e.root_code) for e in events) == [
        ("CHN", "ISR", "11"), ("DZA", "ISR", "11"), ("PAK", "ISR", "11"), ("RUS", "ISR", "11")]
    # a list is joined by commas and "and" alone
    events = tag_text("Russia said China condemned Israel.", "2025-08-15").events
    assert {e.source.code for e in events} == {"CHN"}


def test_regular_forms():
    assert regular_forms("urge") == ("urge", "urges", "urged", "urging")
    assert regular_forms("ban") == ("ban", "bans", "banned", "banning")
    assert regular_forms("call on") == ("call on", "calls on", "called on", "calling on")
    assert regular_forms("cancel") == ("cancel", "cancels", "canceled", "canceling",
                                       "cancelled", "cancelling")


def test_british_spelling_doubles_the_l_of_an_unstressed_last_syllable_and_writes_ise():
    assert british_spelling("traveled to") == "travelled to"
    assert british_spelling("signaling") == "signalling"
    assert british_spelling("penalized") == "penalised"
    # one syllable ("filed" is not "filled"), or the l doubled already
    assert [british_spelling(w) for w in ("filed", "ruled", "controlled", "killed")] == [
        None, None, None, None]
    # the shipped CAMEO verbs take the British forms too
    assert "travelled" in load_verbs().by_form and "traveled" in load_verbs().by_form


def test_sector_noun_is_an_actor_of_the_nearest_country():
    event = only_event("Russian officials met the government of Ukraine.")
    assert (event.source.code, event.target.code) == ("RUSGOV", "UKRGOV")
    assert only_event("Rebels threatened the army.").source.code == "REB"  # no country named


def test_reported_must_is_a_demand_refined_by_the_demanded_act():
    event = only_event("Russia said Ukraine must give aid.")
    assert (event.source.code, event.target.code, event.event_code) == ("RUS", "UKR", "103")
    event = only_event("Russia said Ukraine must withdraw.")
    assert event.event_code == "100"


def test_violence_by_non_state_actors_is_assault_not_fight():
    assert only_event("The army attacked Ukraine.").event_code == "190"
    assert only_event("Rebels attacked Ukraine.").event_code == "180"


def test_another_person_with_a_known_surname_is_not_that_person():
    lexicon = build_lexicon(ActorDictionary(
        ACTORS.entries + (actor("trump", "PERSON", "USAGOV", "USA"),), ACTORS.agents),
        VERBS, CODES, core_verbs=VERBS.verbs)
    assert tag_text("Later, Melania Trump met Russia.", lexicon=lexicon).events == []
    [event] = tag_text("Later, President Trump met Russia.", lexicon=lexicon).events
    assert event.source.code == "USAGOV"


def test_a_verb_form_after_a_preposition_or_a_past_verb_is_a_noun():
    assert tag_text("Russia spoke of threats against Ukraine.", lexicon=LEXICON).events == []
    assert tag_text("Russia ignored supports from Ukraine.", lexicon=LEXICON).events == []
    # the same forms stay verbs where a verb can stand
    assert only_event("Russia supports Ukraine.").event_code == "051"


def test_with_no_other_party_the_country_where_it_happens_is_the_target():
    event = only_event("Russia threatened to strike in Ukraine.")
    assert (event.source.code, event.target.code) == ("RUS", "UKR")


# -- the article as context ----------------------------------------------------------------

def _dyads(text):
    return [(e.source.code, e.target.code if e.target else None, e.event_code)
            for e in tag_text(text, lexicon=LEXICON).events]


def test_he_and_she_are_the_person_last_named():
    text = "President Donald Trump spoke on Friday. He asked Russia for talks."
    assert _dyads(text) == [("USAELI", "RUS", "020")]
    # alone, the pronoun names nobody
    assert _dyads("He asked Russia for talks.") == []


def test_an_official_named_by_title_is_an_actor_and_so_is_their_surname_later():
    text = ("Russia rejected the plan. Ukraine's foreign minister Ivan Petrenko asked the "
            "United Nations for help. Petrenko later met the United Nations.")
    assert _dyads(text) == [("UKRGOV", "IGOUNO", "020"), ("UKRGOV", "IGOUNO", "036")]
    # with no country beside the title, the article's main country
    text = ("Ukraine rejected the plan. Foreign Minister Ivan Petrenko asked the United "
            "Nations for help. Petrenko later met the United Nations.")
    assert _dyads(text) == [("UKRGOV", "IGOUNO", "020"), ("UKRGOV", "IGOUNO", "036")]
    # an unknown name without a title stays unknown
    assert _dyads("Petrenko later met the United Nations.") == []


def test_a_sector_no_sentence_places_belongs_to_the_articles_main_country():
    text = ("Ukraine asked Russia for talks. Ukraine's army attacked Russia. "
            "The government met the United Nations.")
    assert _dyads(text)[-1] == ("UKRGOV", "IGOUNO", "036")
    assert _dyads("The government met the United Nations.") == [("GOV", "IGOUNO", "036")]


def test_an_unnamed_target_of_the_main_countrys_actor_is_implied_domestic():
    text = "Russia met Ukraine. Russian officials asked the mayor for help. Russia met Ukraine."
    event = tag_text(text, lexicon=LEXICON).events[1]
    assert (event.source.code, event.target.code, event.target.implied) == (
        "RUSGOV", "RUS", True)
    assert event.target.text == "" and event.confidence < 0.9
    # the state itself acting on someone unnamed is not made to act on itself
    assert _dyads("Russia met Ukraine. Russia asked the mayor for help. Russia met Ukraine."
                  )[1] == ("RUS", None, "020")
    # an actor of another country than the article's keeps no target
    text = ("Ukraine met the United Nations. Ukraine asked the United Nations for talks. "
            "Russia asked the mayor for help.")
    assert _dyads(text)[-1] == ("RUS", None, "020")


def test_a_verb_form_after_a_determiner_and_a_modifier_is_a_noun():
    assert tag_text("Russia won the quiet support of Ukraine.", lexicon=LEXICON).events == []
    assert tag_text("Russia, thanks to Ukraine, met nobody.", lexicon=LEXICON).events == []
    # a sector noun between them is the subject: "the government supports"
    assert _dyads("The government supports the United Nations.") == [("GOV", "IGOUNO", "051")]


def test_a_place_and_a_newspaper_word_is_a_newspaper():
    assert _dyads("The Russian Times asked Ukraine for talks.") == [("RUSMED", "UKR", "020")]


def test_a_relative_clause_verb_belongs_to_its_antecedent():
    assert _dyads("Ukraine cited a report, which asked Russia for talks.") == []
    assert _dyads("Ukraine cited the United Nations, which asked Russia for talks.") == [
        ("IGOUNO", "RUS", "020")]



def test_a_clause_subject_pronoun_is_not_a_modifier():
    assert _dyads("Russia said that it supports Ukraine.") == [("RUS", "UKR", "051")]


def test_a_remembered_surname_starting_a_sentence_needs_a_verb_after_it():
    text = "Foreign Minister Ivan Young met Russia. Young people attacked the United Nations."
    assert [d[0] for d in _dyads(text)] == ["RUSGOV"]
    assert _dyads("Foreign Minister Ivan Young met Russia. Young met Ukraine.")[1] == (
        "RUSGOV", "UKR", "036")


def test_an_official_named_by_title_does_not_take_the_country_they_act_on():
    text = ("Ukraine met the United Nations. Foreign Minister Ivan Petrenko met Russia. "
            "Ukraine asked Russia for talks.")
    assert _dyads(text)[1] == ("UKRGOV", "RUS", "036")


RUSSIAN_STORY = "Russia met the United Nations. Russia asked the United Nations for talks. "


def test_an_unknown_name_in_an_article_about_one_country_is_an_actor_of_it():
    assert _dyads(RUSSIAN_STORY + "Petrov attacked Sidorov.")[-1] == ("RUS", "RUS", "190")
    # with the title dropped, and as object of a known actor
    assert _dyads(RUSSIAN_STORY + "The Kremlin attacked Mr. Sidorov.")[-1] == (
        "RUSGOV", "RUS", "190")
    # not a name that modifies a noun, a bare verb form after a sentence's first word, a
    # function word, nor a law; and not without an article's country
    for sentence in ("Petrov voters attacked Sidorov.", "Minority support Ukraine.",
                     "Someone attacked Sidorov."):
        assert len(_dyads(RUSSIAN_STORY + sentence)) == 2, sentence
    assert _dyads(RUSSIAN_STORY + "Russia attacked the Budget Act.")[-1] == ("RUS", None, "190")
    assert _dyads("Petrov attacked Sidorov.") == []
    # a sentence alone that names one country is about that country
    assert _dyads("In Russia, Petrov attacked Sidorov.") == [("RUS", "RUS", "190")]
    assert _dyads("Petrov attacked Sidorov in Russia and in Ukraine.") == []
    # a sentence's first name with an appositive, or joined to another name
    assert _dyads(RUSSIAN_STORY + "Petrov, 76, attacked Sidorov.")[-1] == ("RUS", "RUS", "190")
    assert _dyads(RUSSIAN_STORY + "Petrov and Sidorov attacked Ukraine.")[-1] == (
        "RUS", "UKR", "190")
    # but not a sentence adverb before a comma
    assert len(_dyads(RUSSIAN_STORY + "Indeed, attacked Sidorov.")) == 2


def test_two_people_of_one_role_are_two_actors():
    text = "Donald Trump attacked Joe Biden."
    lexicon = build_lexicon(ActorDictionary(ACTORS.entries + (
        actor("joe biden", "PERSON", "USAELI", "USA"),), ACTORS.agents), VERBS, CODES,
        core_verbs=VERBS.verbs)
    [event] = tag_text(text, "2022-03-01", lexicon=lexicon).events
    assert (event.source.name, event.target.name) == ("donald trump", "joe biden")


def test_an_appositive_does_not_take_the_subjects_place():
    assert _dyads("Russian officials, the Kremlin's envoys, attacked Ukraine.") == [
        ("RUSGOV", "UKR", "190")]
    assert _dyads(RUSSIAN_STORY + "The envoy, Petrov, attacked Ukraine.")[-1] == (
        "RUS", "UKR", "190")
    # an adverbial between commas is no appositive
    assert _dyads("Ukraine said Russia, after weeks of delays, supported talks.") == []


def test_a_participle_after_a_comma_describes_the_phrase_before_it():
    assert _dyads("Ukraine hosted a meeting, supported by Russia.") == [("RUS", None, "051")]
    assert _dyads("Ukraine hosted Ukraine's army, supported by Russia.") == [
        ("RUS", "UKRMIL", "051")]
    assert _dyads("Ukraine was supported by Russia.") == [("RUS", "UKR", "051")]


def test_an_arrest_in_the_passive_with_no_agent_is_the_states():
    codes = {**CODES, **{code: CODES["180"]._replace(code=code, root="17", base=code)
                         for code in ("171", "173")}}
    lexicon = build_lexicon(ACTORS, VERBS._replace(verbs=VERBS.verbs + (
        verb("ARREST", ["arrest", "arrested"], "173"), verb("SEIZE", ["seized"], "171"))),
        codes)
    dyads = [(e.source.code, e.source.implied, e.target.code, e.event_code)
             for e in tag_text("Ukraine's foreign minister was arrested.", lexicon=lexicon).events]
    assert dyads == [("UKRCOP", True, "UKRGOV", "173")]
    # not an actor the subject names a place of, nor an act short of arrest
    for text in ("A reporter from Ukraine was arrested.", "Ukraine's army was seized."):
        assert tag_text(text, lexicon=lexicon).events == [], text


def test_a_pattern_noun_matches_its_regular_plural():
    codes = {**CODES, "016": CODES["010"]._replace(code="016", base="016")}
    lexicon = build_lexicon(ACTORS, VERBS._replace(
        verbs=VERBS.verbs + (verb("DENY", ["denied"], None),),
        patterns=VERBS.patterns + (Pattern("DENY", ("deny",), (), (("allegation",),), "016",
                                           None, (), None),)), codes)
    for text in ("Russia denied the allegation by Ukraine.",
                 "Russia denied the war allegations by Ukraine."):
        [event] = tag_text(text, lexicon=lexicon).events
        assert event.event_code == "016", text
    assert tag_text("Russia denied the allegationss by Ukraine.", lexicon=lexicon).events == []


def test_a_name_many_people_share_is_the_office_holder_only_near_their_time():
    # "Hussein" is part of the names of people of five countries; the dictionary files the
    # bare name under the one of them who held an office until 1999.
    namesakes = tuple(actor(f"{first} hussein", "PERSON", code, code)
                      for first, code in [("saddam", "IRQ"), ("nur hassan", "SOM"),
                                          ("ali", "ETH"), ("sadiq", "MYS")])
    king = actor("hussein", "PERSON", "JOR", "JOR", [("JORGOV", "1952-08-11", "1999-02-07")])
    lexicon = build_lexicon(ActorDictionary(ACTORS.entries + (king,) + namesakes,
                                            ACTORS.agents), VERBS, CODES,
                            core_verbs=VERBS.verbs)

    def sources(date):
        return [e.source.code for e in tag_text("Hussein threatened Russia.", date,
                                                lexicon=lexicon).events]
    assert sources("1995-06-01") == ["JORGOV"]
    assert sources("2002-06-01") == ["JOR"]   # a few years after: still the king
    assert sources("2008-12-15") == []        # long after: someone else of that name
    assert sources(None) == []
    # whoever the article named with the name is meant, even while the king held office
    named = tag_text("Saddam Hussein threatened Ukraine. Hussein threatened Russia.",
                     "1995-06-01", lexicon=lexicon).events
    assert [(e.source.code, e.target.code) for e in named] == [("IRQ", "UKR"), ("IRQ", "RUS")]
    # a first name of someone the dictionaries lack is theirs
    assert tag_text("Hussein Sabri threatened Ukraine.", "1995-06-01",
                    lexicon=lexicon).events == []
    # a name only one country's people have keeps its dictionary code on any date
    only_one = build_lexicon(ActorDictionary(ACTORS.entries + (king,), ACTORS.agents), VERBS,
                             CODES, core_verbs=VERBS.verbs)
    assert [e.source.code for e in tag_text("Hussein threatened Russia.", "2008-12-15",
                                            lexicon=only_one).events] == ["JOR"]



def test_the_last_word_of_a_compound_preposition_is_no_particle():
    pattern = Pattern("MEET", ("meet",), (), (("to",),), "040", None, (), None)
    lexicon = build_lexicon(ACTORS, VERBS._replace(patterns=VERBS.patterns + (pattern,)),
                            CODES)
    assert only_event("Russia met Ukraine to talk.").event_code == "036"
    assert [e.event_code for e in tag_text("Russia met to discuss Ukraine.",
                                           lexicon=lexicon).events] == ["040"]
    assert [e.event_code for e in tag_text("Russia met in response to Ukraine.",
                                           lexicon=lexicon).events] == ["036"]


def test_a_word_before_a_modal_is_not_a_verb():
    assert only_event("Russia threatened Ukraine.").event_code == "138"
    assert tag_text("Russian threats could hurt Ukraine.", lexicon=LEXICON).events == []
    # "May" the month (or a name) is no modal
    assert only_event("Russia met May 16 with Ukraine.").event_code == "036"
