"""Rules found by error analysis on international wire copy (the bundled sample's
development set, eval/data/sample_dev), checked on sentences of their kind."""
import json
import pathlib

from transforms.tagging import tag_text

DATE = "2025-08-15"


def dyads(text):
    return [(e.source.code[:3], e.target.code[:3] if e.target else None, e.root_code)
            for e in tag_text(text, DATE).events]


def coded(text):
    """(source code, target code, event code) of each event: full codes, not countries."""
    return [(e.source.code, e.target.code if e.target else None, e.event_code)
            for e in tag_text(text, DATE).events]


def second_sentence_dyads(text):
    """Dyads of the second sentence of a text, by country, sorted."""
    return sorted((e.source.country, e.target.country if e.target else None, e.root_code)
                  for e in tag_text(text, DATE).events if e.sentence_index == 1)


def test_talks_held_with_someone_are_held_by_both():
    assert sorted(dyads("Poland held talks with Lithuania on Monday.")) == [
        ("LTU", "POL", "04"), ("POL", "LTU", "04")]


def test_an_act_against_someone_is_not_made_joint():
    assert dyads("Poland condemned Lithuania on Monday.") == [("POL", "LTU", "11")]


def test_a_second_verb_joined_by_and_is_an_event_of_its_own():
    assert sorted(dyads("Britain condemned the approval and urged Israel to reverse it.")) == [
        ("GBR", "ISR", "02"), ("GBR", "ISR", "11")]


def test_a_joined_progressive_verb_is_the_subjects_act_and_a_joined_passive_is_not():
    assert sorted(dyads("Germany condemned the strike and was preparing sanctions against"
                        " Russia.")) == [("DEU", "RUS", "11"), ("DEU", "RUS", "13")]
    assert dyads("Germany condemned the strike and was attacked by Russia.") == [
        ("DEU", "RUS", "11")]
    # (in a clause of time, "they were returning" may be anyone named before)
    assert "04" not in {root for _, _, root in dyads(
        "Iranian officials say they arrested the sailors overnight as they were returning to"
        " the U.S. from an inspection of two ships.")}
    assert "07" not in {root for _, _, root in dyads(
        "Taliban fighters shot down two U.S. helicopters as they were evacuating the wounded.")}


def test_a_verb_joined_by_but_is_an_event_of_its_own():
    assert sorted(dyads("The European Union condemned Syria's shootdown of a Turkish jet, but"
                        " also sought restraint from Turkey.")) == [
        ("IGO", "SYR", "11"), ("IGO", "TUR", "02")]


def test_a_joined_verb_with_no_one_to_act_on_is_not_coded():
    assert dyads("Britain condemned Israel and promised to act.") == [("GBR", "ISR", "11")]


def test_an_unknown_name_takes_the_country_its_appositive_gives():
    assert sorted(dyads(
        "Ali Larijani, the secretary of Iran's Supreme National Security Council, held talks"
        " with Lebanese leaders in Beirut.")) == [("IRN", "LBN", "04"), ("LBN", "IRN", "04")]


def test_an_unknown_name_of_a_place_is_no_actor_of_the_main_country():
    # (the story is about Russia: unknown names would otherwise be Russians)
    story = ("Russia said its forces were advancing. Russian officials said Moscow would press"
             " on. Russian forces captured Pokrovsk in eastern Ukraine.")
    assert [(e.source.country, e.target.country) for e in tag_text(story, DATE).events
            if e.sentence_index == 2] == [("RUS", "UKR")]
    assert dyads("Russian forces took control of the town of Pokrovsk in Ukraine.") == [
        ("RUS", "UKR", "19")]
    # a place of the story's country, where the act happens
    assert second_sentence_dyads("Russia said its forces advanced. Ukraine struck the city"
                                 " of Novoshakhtinsk.") == [("UKR", "RUS", "19")]


def test_an_unknown_name_with_no_country_is_no_actor():
    assert dyads("Carla Ruiz, a local teacher, condemned Israel.") == []


def test_what_is_done_to_tariffs_says_the_code():
    assert dyads("The United States raised its tariff on Canadian goods.") == [
        ("USA", "CAN", "16")]
    assert dyads("China lifted its sanctions on Australian wine.") == [("CHN", "AUS", "08")]
    assert dyads("Japan extended a pause on tariff increases on Chinese goods.") == [
        ("JPN", "CHN", "08")]


def test_supplies_cut_reduce_aid_and_a_blockade_reimposed_is_a_blockade():
    assert coded("The World Food Programme cut food supplies to Yemen.")[0][2] == "162"
    assert coded("Israel reimposed a blockade on Gaza.") == [("ISR", "PSEGZA", "191")]
    assert coded("Peru declared a state of siege in the capital.") == [("PER", None, "1724")]


def test_a_conviction_is_a_finding_of_guilt_and_territory_taken_is_occupation():
    assert coded("A Moscow court convicted the American journalist of espionage.") == [
        ("RUSJUD", "USAMED", "116")]
    # (in the passive, the court of the convicted one's country)
    assert [e.event_code for e in tag_text("The Ukrainian mayor was convicted of treason.",
                                           DATE).events] == ["116"]
    assert coded("The Peshmerga gained control of parts of the Mosul Dam.")[0][2] == "192"
    # control of a tanker is property seized; of a legislature, no act of force
    assert coded("The Iranian navy seized control of the British tanker.")[0][2] == "171"
    assert dyads("Republicans gained control of the Senate.") == []
    # (the codebook's code, not a pattern of CAMEO.2.0.txt's BLAME block)
    assert coded("Brazil's Supreme Court convicted Bolsonaro of plotting a coup.")[0][2] == "116"
    assert dyads("Israel would observe a unilateral ceasefire in Gaza.")[0][2] == "03"


def test_weapons_delivered_are_military_aid_and_economic_measures_are_sanctions():
    assert dyads("Germany delivered Leopard tanks to Ukraine.") == [("DEU", "UKR", "07")]
    assert coded("The United States continued to send arms to Pakistan.") == [
        ("USA", "PAK", "072")]
    assert dyads("South Korea announced economic measures against North Korea.") == [
        ("KOR", "PRK", "16")]
    # handing over one's own weapons is no aid to anyone
    assert "07" not in {root for _, _, root in dyads(
        "The Taliban agreed to hand over their weapons to the Afghan government.")}


def test_an_order_signed_at_home_is_no_agreement():
    assert dyads("Trump signed an executive order imposing duties on Indian goods.") == [
        ("USA", "IND", "16")]
    assert dyads("Armenia signed a peace treaty with Azerbaijan.")[0][2] == "05"


def test_questioning_a_partys_legitimacy_is_criticism():
    assert coded("Moscow questioned Zelenskyy's legitimacy.") == [("RUS", "UKRGOV", "111")]
    assert dyads("Police questioned the suspects.") == []


def test_raising_concerns_about_a_party_is_criticism_not_a_meeting():
    assert dyads("India raised concerns about China's export restrictions.") == [
        ("IND", "CHN", "11")]


def test_calling_something_wrong_is_criticism_and_calling_on_is_an_appeal():
    assert dyads("Britain called Israel's decision wrong.") == [("GBR", "ISR", "11")]
    assert dyads("Britain called the talks with Israel a breakthrough.")[0][2] == "05"
    assert dyads("Britain called on Israel to reconsider.") == [("GBR", "ISR", "02")]


def test_launching_drones_at_someone_is_an_air_attack_and_sending_them_is_not():
    assert dyads("Russia launched dozens of drones at Ukrainian territory.") == [
        ("RUS", "UKR", "19")]
    assert [d[2] for d in dyads("Germany sent drones to Ukraine.")] == ["06"]


def test_a_joint_subject_that_agreed_to_act_acts_both_ways():
    assert sorted(dyads("Canada and the United States had agreed to hold talks.")) == [
        ("CAN", "USA", "03"), ("USA", "CAN", "03")]


def test_the_two_leaders_are_the_pair_the_story_last_named():
    assert second_sentence_dyads(
        "Armenia's prime minister met Azerbaijan's president in Washington. "
        "The two leaders signed a joint declaration.") == [
        ("ARM", "AZE", "05"), ("AZE", "ARM", "05")]


def test_urging_both_sides_appeals_to_each():
    assert second_sentence_dyads(
        "Thailand accused Cambodia of laying landmines. "
        "Malaysia urged both sides to exercise restraint.") == [
        ("MYS", "KHM", "02"), ("MYS", "THA", "02")]


def test_both_sides_with_no_pair_named_before_is_no_actor():
    assert dyads("Both sides signed a joint declaration.") == []


def test_a_violent_verb_aimed_at_a_person_is_criticism_and_at_a_state_is_not():
    assert dyads("Joe Biden blasted Vladimir Putin on Friday.") == [("USA", "RUS", "11")]
    assert dyads("Russia attacked Ukraine on Friday.")[0][2] == "19"


def test_what_is_told_to_someone_is_aimed_at_them():
    assert dyads("Lebanon's president told Iran that Lebanon rejected any interference.") == [
        ("LBN", "IRN", "12")]


def test_a_name_keeps_the_country_its_appositive_gave_it_for_the_rest_of_the_story():
    assert second_sentence_dyads(
        "Ali Larijani, the secretary of Iran's Supreme National Security Council, "
        "arrived in Beirut on Wednesday. Lebanon's president told Larijani that Lebanon "
        "rejected any interference.") == [("LBN", "IRN", "12")]


def test_the_agency_is_the_organisation_the_story_named():
    text = ("The International Atomic Energy Agency sent inspectors to Vienna. "
            "Iran condemned the agency on Monday.")
    assert [(e.source.code, e.target.code, e.root_code)
            for e in tag_text(text, DATE).events if e.sentence_index == 1] == [
        ("IRN", "IGOUNOIAE", "11")]


def test_speech_that_says_what_something_is_judges_it():
    assert dyads("Ukraine said Russia's demand was unacceptable.") == [("UKR", "RUS", "11")]
    assert dyads("Ukraine said Russia's demand was not unacceptable.") == []
    # the judgement must be what the clause says something is, not a word in passing
    assert dyads("Ukraine said Russia's unfair demand would be studied.") == []


def test_being_critical_of_someone_and_expressing_dismay_are_disapproval():
    assert dyads("South Korea has been critical of Japan.") == [("KOR", "JPN", "11")]
    assert dyads("France expressed dismay at Israel's decision.") == [("FRA", "ISR", "11")]


def test_continuing_to_act_is_an_intention_and_preparing_sanctions_a_threat():
    assert dyads("The EU would continue to support Ukraine's army.") == [
        ("IGO", "UKR", "03")]
    assert dyads("The EU was preparing a new package of sanctions against Russia.") == [
        ("IGO", "RUS", "13")]


def test_a_states_strikes_on_another_country_are_attacks_and_a_walkout_is_not():
    assert dyads("Israel has continued near-daily strikes in Lebanon.") == [
        ("ISR", "LBN", "19")]
    assert [d[2] for d in dyads("French unions staged strikes in Paris.")] == ["14"]


def test_a_participle_clause_of_time_shares_the_subject():
    assert sorted(dyads("The US envoy urged Israel to reciprocate, after meeting Lebanon's "
                        "president.")) == [("USA", "ISR", "02"), ("USA", "LBN", "04")]


def test_a_quotation_that_judges_is_its_speakers_criticism():
    assert dyads('"Russia\'s strike was a provocation," Poland said.') == [
        ("POL", "RUS", "11")]
    assert dyads('Poland said: "Russia\'s strike was a provocation."') == [("POL", "RUS", "11")]
    assert dyads('"Russia\'s strike was not a provocation," Poland said.') == []
    assert dyads('"Russia\'s strike was a provocation," a reader wrote.') == []


def test_a_participle_after_a_plural_noun_describes_it_and_is_no_act():
    assert dyads("European governments were concerned about terms involving Ukraine.") == []


def test_who_reports_an_act_at_the_sentence_end_takes_no_part_in_it():
    assert dyads("North Korea fired a ballistic missile into the sea, "
                 "South Korea's military said.") == [("PRK", None, "19")]


def test_going_and_talking_about_are_no_meetings_and_a_threat_is_coded_once():
    assert dyads("Israel went public with the allegation against Iran.") == []
    assert dyads("Biden was talking about Russia at the rally.") == []
    assert dyads("Trump said Russia would face severe consequences.") == [("USA", "RUS", "13")]


def test_it_at_a_sentence_start_is_the_organisation_that_acted_before():
    text = ("The European Union signed a trade framework with the United States. "
            "It also said it intended to buy more American energy.")
    assert [(e.source.code[:3], e.root_code) for e in tag_text(text, DATE).events
            if e.sentence_index == 1] == [("IGO", "03")]
    assert second_sentence_dyads(
        "The European Union signed a trade framework with the United States. "
        "It was unclear whether Russia would attend the talks with Ukraine.") == []


def test_a_figurative_attack_on_something_as_a_judgement_is_criticism():
    assert dyads("Britain ripped Israel's plan as an embarrassing spectacle.") == [
        ("GBR", "ISR", "11")]


def test_a_reaction_to_the_decision_is_aimed_at_who_the_story_opened_with():
    assert second_sentence_dyads(
        "Israel's security cabinet approved a plan to take control of Gaza City. "
        "Algeria also condemned the decision.") == [("DZA", "ISR", "11")]
    # nothing to go on in a sentence alone
    assert dyads("Algeria also condemned the decision.") == [("DZA", None, "11")]
    # a party of the critic's own country named later in the sentence is not whom the
    # decision came from
    assert second_sentence_dyads(
        "Israel's security cabinet approved a plan to take control of Gaza City. "
        "The Palestinian foreign ministry condemned the decision, saying it was part of a plan"
        " to annex the West Bank.") == [("PSE", "ISR", "11")]


def test_what_could_happen_is_no_event_and_a_warning_of_it_is():
    assert dyads("Armenia could sign a peace treaty with Azerbaijan.") == []
    assert dyads("Armenia signed a peace treaty with Azerbaijan.") != []
    assert dyads("Russia may attack Ukraine.") == []
    assert [d[2] for d in dyads("Poland warned that Russia could attack Lithuania.")] == ["13"]


def test_an_unnamed_target_abroad_is_not_taken_as_the_home_country():
    assert dyads("Speaking in Kyiv, Zelenskyy urged Western allies to speed up deliveries.") \
        == [("UKR", None, "02")]


def test_an_unnamed_crowd_protests_against_the_state_where_it_gathers():
    assert dyads("Hundreds of people protested outside parliament in Tbilisi on Sunday.") == [
        ("GEO", "GEO", "14")]
    assert dyads("Hundreds of people gathered in Tbilisi on Sunday.") == []


def test_an_actor_described_by_a_participle_and_its_agent_is_the_subject():
    assert dyads("Somali forces backed by U.S. airstrikes killed 30 al-Shabab fighters.") == [
        ("SOM", "SOM", "19")]


def test_a_name_after_a_lower_case_arabic_article_is_a_name():
    assert [e.target.code for e in tag_text(
        "Somali forces killed more than 30 al-Shabab fighters.", DATE).events] == ["SOMREB"]


def test_her_government_and_its_troops_belong_to_the_one_named_before():
    # (a pledge to meet someone is the pledger's alone)
    assert dyads("Thailand's prime minister said her government would hold talks "
                 "with Cambodia.") == [("THA", "KHM", "03")]
    assert dyads("Syria offered its troops to Lebanon.")[0][:2] == ("SYR", "LBN")


def test_exercises_deployments_and_warrants():
    assert [d[2] for d in dyads("Jordan and Britain began joint military exercises.")] == [
        "06", "06"]
    assert dyads("Mexico deployed troops to its northern border.")[0][2] == "15"
    assert dyads("The court issued an arrest warrant for Russia's president.")[0][2] == "17"


def test_a_phrasal_light_verb_takes_its_meaning_from_the_event_noun():
    assert dyads("U.S. forces carried out airstrikes against militias in Iraq.") == [
        ("USA", "IRQ", "19")]


def test_what_a_first_person_quotation_says_its_speaker_does_is_the_speakers_act():
    assert dyads('"We reject the accusations by Japan," China\'s foreign ministry said.') == [
        ("CHN", "JPN", "12")]
    # a quotation no one is named as saying is no one's act
    assert dyads('"We reject the accusations by Japan."') == []


def test_every_actor_and_verb_of_the_sample_stories_is_where_its_offsets_say():
    # stand-ins ("the two leaders", "the agency", quoted speakers) included; implied actors
    # have no text
    path = pathlib.Path(__file__).parent.parent / "eval/data/sample_dev/stories.jsonl"
    stories = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    checked = 0
    for story in stories:
        for e in tag_text(story["text"], story["published"]).events:
            assert e.sentence[e.verb_start:e.verb_end] == e.verb, e
            for actor in (e.source, e.target):
                if actor is not None:
                    assert actor.text == ("" if actor.implied
                                          else e.sentence[actor.start:actor.end]), e
            checked += 1
    assert checked > 300


def test_a_closing_participle_is_no_attribution_and_a_quoted_comma_ends_nothing():
    assert dyads("Poland condemned the attack, saying Russia was responsible.") == [
        ("POL", "RUS", "11")]
    assert sorted(dyads('"I condemn Russia," Poland said and urged Japan to stop.')) == [
        ("POL", "JPN", "02"), ("POL", "RUS", "11")]


def test_a_headline_participle_with_its_agent_is_the_verb():
    assert dyads("Ukraine attacked by Russia overnight.") == [("RUS", "UKR", "19")]


def test_praising_cooperation_with_someone_is_one_sided_and_agreeing_with_them_is_not():
    assert dyads("Poland praised its cooperation with Lithuania.") == [("POL", "LTU", "05")]
    assert sorted(dyads("Poland agreed with Lithuania to open the border.")) == [
        ("LTU", "POL", "03"), ("POL", "LTU", "03")]


def test_an_object_is_read_only_within_its_phrase_and_a_phrasal_verb_whole():
    assert [d[2] for d in dyads("China raised concerns about US tariffs.")] != ["16"]
    assert dyads("Russia rolled tanks into Ukraine despite sanctions.") == []
    assert dyads("The US rolled back tariffs on Mexico.") == [("USA", "MEX", "08")]


def test_speech_judges_only_what_its_clause_says_something_is():
    assert dyads("Ukraine said Russia was ready to sign a historic deal.") != [
        ("UKR", "RUS", "05")]
    assert [d[2] for d in dyads("Britain called Israel to discuss the unfair tariffs.")] \
        != ["11"]


def test_an_armys_attack_on_a_person_is_an_attack():
    assert [d[2] for d in dyads("Russian troops attacked President Zelenskyy's convoy.")] \
        == ["19"]


def test_an_appositive_gives_a_name_the_state_it_serves_not_the_one_it_deals_with():
    assert dyads("Carla Ruiz, a critic of Israel, condemned Russia.") == []
    assert dyads("Mario Rossi, Italy's foreign minister, condemned Russia.") == [
        ("ITA", "RUS", "11")]


def test_a_quotation_is_coded_whole_beside_the_sentences_own_event():
    assert sorted(dyads('"We held talks with Japan," China\'s foreign ministry said.')) == [
        ("CHN", "JPN", "04"), ("JPN", "CHN", "04")]
    assert sorted(dyads('"We reject Japan\'s claims and condemn Russia," China\'s foreign '
                        'ministry said.')) == [("CHN", "JPN", "12"), ("CHN", "RUS", "11")]


def test_a_plural_after_a_name_after_a_preposition_is_a_noun():
    assert dyads("Iran cut oil output after US sanctions.") == []
    assert dyads("Talks resumed after Western sanctions on Russia.") == []
    assert dyads("Russia attacks Ukraine.") == [("RUS", "UKR", "19")]


def test_a_joint_act_of_a_listed_subject_is_coded_for_every_pair():
    assert sorted(dyads("Mexico, Canada and China signed a trade pact in Ottawa.")) == [
        ("CAN", "CHN", "05"), ("CAN", "MEX", "05"), ("CHN", "CAN", "05"), ("CHN", "MEX", "05"),
        ("MEX", "CAN", "05"), ("MEX", "CHN", "05")]


def test_a_mediator_named_by_by_is_no_party_to_an_exchange():
    assert sorted(dyads("Russia and Ukraine exchanged prisoners on Sunday in a swap mediated"
                        " by the United Arab Emirates.")) == [
        ("RUS", "UKR", "08"), ("UKR", "RUS", "08")]


def test_a_joint_subject_does_not_make_a_one_sided_act_joint():
    assert sorted(dyads("Britain and France condemned Iran in Geneva.")) == [
        ("FRA", "IRN", "11"), ("GBR", "IRN", "11")]


def test_every_member_of_a_listed_subject_acts_even_with_no_one_named_to_act_on():
    assert sorted(dyads("Algeria, Pakistan, China and Russia also condemned the decision.")) == [
        ("CHN", None, "11"), ("DZA", None, "11"), ("PAK", None, "11"), ("RUS", None, "11")]


def test_the_two_governments_are_the_pair_the_story_last_coded():
    assert second_sentence_dyads(
        "Iran held talks with Armenia on Tuesday. The two governments signed several"
        " memorandums of cooperation.") == [("ARM", "IRN", "05"), ("IRN", "ARM", "05")]


def test_a_participle_describing_a_noun_is_background_to_the_main_verb():
    assert sorted(dyads("A Hamas delegation led by its Gaza chief held talks with Egyptian"
                        " officials in Cairo.")) == [("EGY", "PSE", "04"), ("PSE", "EGY", "04")]


def test_a_joint_act_aimed_at_a_partys_own_state_is_between_the_parties():
    assert sorted(dyads("Russian President Vladimir Putin and US President Donald Trump agreed"
                        " on Monday to support negotiations between Russia and Ukraine.")) == [
        ("RUS", "USA", "03"), ("USA", "RUS", "03")]


def test_military_before_a_noun_is_a_modifier_not_an_actor():
    assert dyads("Putin warned that military intervention in Ukraine would be met with force.") \
        == [("RUS", "UKR", "13")]
    assert [e.source.code for e in tag_text("The military attacked rebels in Darfur.",
                                            DATE).events] == ["SDNMIL"]


def test_a_joint_subject_acting_in_a_third_country_acts_on_that_country():
    assert sorted(dyads("The United States and the United Kingdom closed their embassies in"
                        " Yemen on Sunday.")) == [("GBR", "YEM", "16"), ("USA", "YEM", "16")]
    assert sorted(dyads("Israel and Lebanon renewed negotiations.")) == [
        ("ISR", "LBN", "04"), ("LBN", "ISR", "04")]


def test_a_participle_between_commas_describes_the_subject_before_it():
    assert dyads("Somalia, backed by Kenyan troops, attacked al-Shabab.") == [
        ("SOM", "SOM", "19")]


def test_open_to_talks_is_willingness_to_negotiate():
    assert dyads("Moscow was open to discussions with the United States.") == [
        ("RUS", "USA", "03")]


def test_running_leading_and_serving_are_no_material_cooperation():
    assert dyads("Pakistan's election commission on Monday ruled that Khan's party is not"
                 " eligible for extra seats.") == []
    assert dyads("Rubio served as a senator from Florida under Obama.") == []


def test_suggesting_that_something_is_so_is_no_appeal():
    assert dyads("Hanson suggested that Democrats are divided over Biden.") == []


def test_a_list_that_starts_as_a_place_is_places_throughout():
    assert sorted(dyads("Iran and Syria are supplying weapons made in Ukraine and Belarus to"
                        " Hamas.")) == [("IRN", "PSE", "07"), ("SYR", "PSE", "07")]


def test_a_target_of_two_parties_joined_by_and_is_coded_for_each():
    assert sorted(dyads("Britain condemned Israeli and Palestinian leaders on Sunday.")) == [
        ("GBR", "ISR", "11"), ("GBR", "PSE", "11")]


def test_rebels_fighting_an_army_is_combat_not_an_assault():
    assert dyads("Islamic insurgents fought with the Somali army in Mogadishu.") == [
        ("SOM", "SOM", "19")]
    assert dyads("Insurgents attacked Somali civilians in Mogadishu.")[0][2] == "18"


def test_a_quoted_name_given_to_someone_is_an_insult():
    assert dyads('North Korea reacted by calling the Prime Minister of Japan, Shinzo Abe, an'
                 ' "Asian Hitler" on Wednesday.') == [("PRK", "JPN", "11")]


def test_violence_by_no_one_named_is_coded_against_those_it_struck():
    assert dyads("Three car bombs were detonated in Baghdad on Sunday, killing 30 people.") == [
        ("", "IRQ", "18")]
    assert dyads("On Friday, twin attacks in Iraq killed at least 72 people.") == [
        ("", "IRQ", "18")]
    assert dyads("Two United States soldiers were killed in the capital city.") == [
        ("", "USA", "19")]


def test_unattributed_violence_strikes_an_organisation_without_a_country():
    assert dyads("Two aid workers attached to a United Nations project were kidnapped in"
                 " southern Somalia on Tuesday.") == [("", "IGO", "18")]
    assert dyads("Three African Union peacekeepers were killed on Sunday.") == [
        ("", "IGO", "18")]
    # an organisation cited reports the act: the victims are where it happened
    assert dyads("According to the Committee to Protect Journalists, nine journalists have"
                 " been killed in Pakistan this year.") == [("", "PAK", "18")]


def test_violence_reported_in_the_passive_is_unattributed_violence():
    assert dyads("Thirteen Israeli soldiers were reported killed in the Gaza Strip.") == [
        ("", "ISR", "19")]
    assert dyads("Five Afghan police officers were believed killed in the attack.") == [
        ("", "AFG", "18")]


def test_violence_with_a_named_perpetrator_or_no_victim_is_not_unattributed():
    assert [d[0] for d in dyads("Three car bombs were detonated by Iraqi militants in"
                                " Baghdad.")] == ["IRQ"]
    assert dyads("At least 30 people were killed on Sunday.") == []


def test_a_relative_clause_between_commas_is_background_to_the_main_verb():
    assert dyads("Zimbabwean President Robert Mugabe, who is slated to face opposition leader"
                 " Morgan Tsvangirai in a run-off, threatened the opposition on Monday.") == [
        ("ZWE", "ZWE", "13")]


def test_the_two_nations_are_the_two_that_last_acted_together():
    assert second_sentence_dyads(
        "The United States and Britain closed their embassies in Yemen on Sunday. The two"
        " nations had pledged to boost their support to the Yemeni government.") == [
        ("GBR", "YEM", "03"), ("USA", "YEM", "03")]


def test_taking_codes_only_through_a_pattern_or_a_phrase_of_its_own():
    assert dyads("The Lebanese government has taken some remedial action against"
                 " Hezbollah.") == []
    assert dyads("Biden took a swipe at Trump on Monday.") == [("USA", "USA", "11")]


def test_an_arrest_of_no_one_named_is_by_the_state_where_it_happened():
    assert dyads("A man was arrested in Pakistan in 2002.") == [("PAK", None, "17")]
    assert dyads("A man was arrested by Iranian police in Tehran.")[0][0] == "IRN"


def test_a_document_named_a_few_words_after_signed_is_still_signed_alone():
    assert dyads("Trump signed in the Oval Office a revised version of his executive order"
                 " imposing duties on Indian goods.") == [("USA", "IND", "16")]
    assert sorted(dyads("Iran signed a memorandum with Iraq on the law of the sea.")) == [
        ("IRN", "IRQ", "05"), ("IRQ", "IRN", "05")]


def test_attacks_counted_in_a_statistic_are_no_event():
    assert dyads("The past six months have seen a drop in the number of rockets and mortars"
                 " fired into Israel from Gaza.") == []


def test_being_critical_or_supportive_of_someone_judges_them():
    assert dyads("South Korea has been sharply critical of Japan.") == [("KOR", "JPN", "11")]
    assert dyads("Germany has been supportive of Ukraine.") == [("DEU", "UKR", "05")]


def test_a_headline_infinitive_is_a_plan():
    assert dyads("Trump to meet Putin in Alaska next Friday") == [("USA", "RUS", "03")]


def test_what_a_negated_verb_governs_is_not_asserted():
    assert dyads("Canada would not rule out contributing troops to a force planned by"
                 " Britain.") == []
    assert dyads("He did not say whether Putin had agreed to meet Zelenskyy in person.") == []
    assert dyads("Russia did not agree to a ceasefire with Ukraine.") == [("RUS", "UKR", "12")]


def test_what_is_denied_is_not_coded_as_done():
    # (the denial is: see test_denying_having_done_something_denies_responsibility)
    assert "19" not in [d[2] for d in dyads(
        "Moscow has previously denied deliberately targeting NATO territory.")]


def test_an_ing_word_after_a_determined_name_is_a_noun():
    assert dyads("Russia warned Ukraine after the White House meeting.") == [
        ("RUS", "UKR", "13")]
    assert dyads("He spoke after the February meeting with Zelenskyy.") == []


# Regressions a review found in the rules above, each pinned.

def test_going_to_is_no_meeting():
    assert dyads("The United States is going to impose tariffs on China.") == [
        ("USA", "CHN", "16")]


def test_a_place_phrase_before_a_comma_leaves_the_subject_a_participant():
    assert dyads("In Iraq, Iran condemned the United States.") == [("IRN", "USA", "11")]


def test_a_passive_with_an_adverb_is_no_describing_participle():
    assert dyads("Ukraine was heavily attacked by Russia on Monday, officials said.") == [
        ("RUS", "UKR", "19")]


def test_who_reports_unattributed_violence_is_not_its_victim():
    assert dyads("Russia said 20 civilians were killed in Ukraine.") == [("", "UKR", "18")]
    assert dyads("A car bomb killed 12 people in Baghdad, the US military said.") == [
        ("", "IRQ", "18")]
    assert dyads("Rockets were fired from Gaza into Israel.") == []


def test_a_quoted_name_of_praise_is_no_insult():
    assert dyads('China called the agreement with Russia a "historic milestone".') == [
        ("CHN", "RUS", "05")]


def test_a_signed_memorandum_ordering_is_a_document_and_in_order_to_is_none():
    assert dyads("Trump signed a memorandum ordering new tariffs on Chinese goods.") == [
        ("USA", "CHN", "10")]
    assert sorted(dyads("Putin and Erdogan signed several documents in order to boost"
                        " trade.")) == [("RUS", "TUR", "05"), ("TUR", "RUS", "05")]


def test_suggesting_a_ceasefire_is_still_a_proposal():
    assert sorted(dyads("China suggested a ceasefire between Russia and Ukraine.")) == [
        ("CHN", "RUS", "02"), ("CHN", "UKR", "02")]


def test_the_military_joined_or_placed_is_still_an_actor():
    assert dyads("The military in Niger seized power on Wednesday.") == [("NER", "NER", "17")]
    assert dyads("The United States gave military aid to Ukraine.") == [("USA", "UKR", "07")]


def test_talks_with_two_parties_are_held_by_each_both_ways():
    assert sorted(dyads("Poland held talks with Lithuania and Latvia.")) == [
        ("LTU", "POL", "04"), ("LVA", "POL", "04"), ("POL", "LTU", "04"), ("POL", "LVA", "04")]


def test_a_wave_of_bombings_is_an_attack():
    assert dyads("On Tuesday, a wave of bombings killed 50 people in Baghdad.") == [
        ("", "IRQ", "18")]


def test_an_attack_noun_opening_a_sentence_is_no_name():
    assert dyads("Twin attacks killed 72 people in Iraq.") == [("", "IRQ", "18")]
    assert dyads("Car bombs were detonated in Baghdad.") == [("", "IRQ", "18")]


def test_a_known_person_is_named_later_by_either_word_of_a_two_word_name():
    # "Wang Yi" is in the dictionaries; the bare "Wang" is not, and puts the family name first
    assert second_sentence_dyads(
        "Chinese Foreign Minister Wang Yi arrived in Kabul.\n"
        "Wang urged the Taliban authorities to act against militants.") == [("CHN", "AFG", "02")]
    assert second_sentence_dyads(
        "Chinese Foreign Minister Wang Yi arrived in Kabul.\n"
        "Yi urged the Taliban authorities to act against militants.") == [("CHN", "AFG", "02")]
    # unremembered, the bare word is no one the dictionaries know
    assert ("CHN", "AFG", "02") not in second_sentence_dyads(
        "Officials arrived in Kabul.\n"
        "Wang urged the Taliban authorities to act against militants.")


def test_a_verb_after_and_an_auxiliary_shares_the_subject():
    assert sorted(dyads("Iran has criticised the inspections and has accused Britain of"
                        " failing to act.")) == [("IRN", "GBR", "11")]
    assert ("IRN", "GBR", "11") in dyads(
        "Iran said the inspections raise concerns, and have accused Britain of failing to act.")


def test_a_where_clause_with_a_pronoun_is_the_subject_acting_again():
    assert ("IRN", "IRQ", "05") in dyads(
        "Iranian envoy Ali Larijani visited Baghdad, where he signed a memorandum with Iraq.")


def test_both_sides_are_the_two_parties_the_sentence_joined_before():
    text = ("Russia condemned Ukraine on Sunday.\n"
            "Talks between Armenia and Azerbaijan ended on Monday without a deal, as both sides"
            " accused each other of violating the truce.")
    # not the story's last pair, Russia and Ukraine
    assert ("ARM", "AZE", "11") in second_sentence_dyads(text)
    assert ("RUS", "UKR", "11") not in second_sentence_dyads(text)


def test_a_sentence_opening_on_the_attack_reports_it_again():
    text = ("Russian forces attacked Kharkiv on Sunday.\n"
            "The attacks destroyed two schools and a hospital.")
    second = [e for e in tag_text(text, DATE).events if e.sentence_index == 1]
    assert [(e.source.code[:3], e.target.code[:3], e.root_code, e.verb) for e in second] == [
        ("RUS", "UKR", "19", "attacks")]
    # the parties are named in the first sentence, not in this one
    assert second[0].source.implied and second[0].target.implied


def test_an_attack_no_earlier_sentence_reported_is_not_invented():
    assert second_sentence_dyads("Russia hosted Ukrainian envoys on Sunday.\n"
                                 "The attacks destroyed two schools and a hospital.") == []


def test_a_relative_clause_between_commas_describes_the_subject():
    assert dyads("Malaysian Prime Minister Anwar Ibrahim, whose country chairs ASEAN this year,"
                 " has urged Thailand to exercise restraint.") == [("MYS", "THA", "02")]


def test_a_number_opening_a_sentence_is_a_crowd_not_a_name():
    assert [(e.source.code, e.target.code, e.root_code)
            for e in tag_text("Thousands protested in Moscow on Sunday.", DATE).events] == [
        ("RUSCVL", "RUS", "14")]


def test_a_pair_that_is_the_subject_of_the_phrase_is_not_both_sides():
    assert second_sentence_dyads(
        "Israel struck targets in Lebanon on Sunday.\n"
        "The United States and Britain urged both sides to show restraint.") == [
        ("GBR", "ISR", "02"), ("USA", "ISR", "02")]


def test_only_personal_names_are_remembered_word_by_word():
    # the dictionaries file "the Islamic State" as a person; "State" is no one's surname
    assert second_sentence_dyads(
        "Islamic State militants attacked a checkpoint in Iraq.\n"
        "China's State Council criticized Japan on Friday.") == [("CHN", "JPN", "11")]
    # a remembered first name before another surname is someone else's
    assert second_sentence_dyads(
        "Joe Biden criticized Russia on Tuesday.\n"
        "Critics said Joe Manchin blocked the aid to Ukraine.") == []


def test_where_he_is_not_the_subject_when_another_person_was_named_between():
    assert ("RUS", "UKR", "05") not in dyads(
        "Russia hosted Indian Prime Minister Narendra Modi in Moscow, where he praised"
        " Ukraine's president.")


def test_an_attack_naming_other_parties_or_modifying_a_noun_is_not_the_earlier_one():
    for second in ("The rocket attacks from Gaza on Israeli towns continued overnight.",
                   "The attack helicopters returned to their base."):
        assert second_sentence_dyads("Israeli forces killed 20 Palestinians in Gaza.\n"
                                     + second) == [], second
    assert second_sentence_dyads("Ukraine attacked a Russian refinery on Sunday.\n"
                                 "The attack on Kharkiv a week earlier had killed 20.") == []


def test_a_crowd_protests_against_whom_it_names():
    assert [(e.source.code, e.target.code, e.root_code) for e in tag_text(
        "Thousands protested against the government in Moscow.", DATE).events] == [
        ("RUSCVL", "RUSGOV", "14")]


def test_hosting_is_the_hosts_act_and_the_guests_visit():
    assert sorted(dyads("Starmer hosts Zelenskyy at Downing Street.")) == [
        ("GBR", "UKR", "04"), ("UKR", "GBR", "04")]
    assert [e.event_code for e in tag_text(
        "British Prime Minister Keir Starmer welcomed Ukrainian President Volodymyr Zelenskyy"
        " to Downing Street on Thursday.", DATE).events] == ["043", "042"]
    # welcoming a decision is approval, hosting no one
    assert dyads("The EU welcomed Trump's efforts to end the war.") == [("IGO", "USA", "05")]


def test_a_closing_denial_is_the_accused_denying_to_the_accuser():
    assert sorted(dyads("China accused India of violating the border, a charge New Delhi"
                        " rejects.")) == [("CHN", "IND", "11"), ("IND", "CHN", "01")]
    assert ("RWA", "IGO", "01") in dyads(
        "The United Nations says Rwanda has deployed troops to Congo, which Kigali denies.")
    # what a relative clause condemns is no denial
    assert dyads("Russia attacked Ukraine, which Kyiv condemned.") == [("RUS", "UKR", "19")]


def test_a_closing_rejection_of_what_is_no_charge_is_a_rejection_of_its_author():
    assert ("UKR", "RUS", "12") in dyads(
        "Moscow has questioned Zelenskyy's legitimacy to sign a peace deal, a position Kyiv"
        " and its allies reject.")
    assert ("PSE", "EGY", "12") in dyads("Egypt proposed a ceasefire, which Hamas rejected.")
    # the closing rejection is its verb's one event; a possible one is none; a place named
    # first put nothing forward
    assert dyads("There was a Russian proposal for talks with Ukraine, which Kyiv"
                 " rejected.") == [("UKR", "RUS", "12")]
    assert "12" not in {root for _, _, root in dyads(
        "Egypt proposed a ceasefire, which Hamas could reject.")}
    assert ("PSE", "EGY", "12") not in dyads(
        "Speaking in Cairo, the US envoy presented Israel's proposal, which Hamas rejected.")
    # what follows an accusation is a charge denied
    assert ("IRN", "ISR", "01") in dyads(
        "Israel accused Iran of plotting attacks, which Tehran rejected.")
    # a claim denied is no rejection, nor a denial of a charge
    assert "01" not in {root for _, _, root in dyads(
        "China claims Taiwan as its territory, a claim Taiwan denies.")}


def test_cutting_aid_or_funding_reduces_relations():
    assert sorted(dyads("Australia, Canada and Germany cut their funding to UNRWA.")) == [
        ("AUS", "IGO", "16"), ("CAN", "IGO", "16"), ("DEU", "IGO", "16")]
    assert [e.event_code for e in tag_text(
        "Washington announced that it was cutting its entire aid allocation to UNRWA.",
        DATE).events] == ["162"]


def test_a_possessive_with_no_possessor_in_its_sentence_is_the_last_actor():
    assert second_sentence_dyads(
        "Israel rejected the report on Friday.\n"
        "Its foreign ministry accused Hamas of spreading false figures from Gaza.") == [
        ("ISR", "PSE", "11")]


def test_saying_another_party_should_act_is_an_appeal():
    assert dyads("China said Japan should reflect on its history.") == [("CHN", "JPN", "02")]
    assert dyads("The United States said that Israel now needed to reciprocate.") == [
        ("USA", "ISR", "02")]
    # "must" stays a demand
    assert dyads("Russia said Ukraine must withdraw its troops.") == [("RUS", "UKR", "10")]


def test_a_states_own_forces_are_what_it_sends_not_whom_it_acts_on():
    assert dyads("Trump rules out US ground troops for Ukraine.") == [("USA", "UKR", "12")]


def test_what_an_accusation_charges_is_not_asserted():
    assert dyads("Iran has been accused of supplying drones to Russia.") == []
    assert dyads("The report accuses Israel of implementing a policy including expanding"
                 " settlements and demolishing Palestinian homes.") == []
    assert dyads("Russia accused Ukraine of attacking a nuclear plant.") == [
        ("RUS", "UKR", "11")]


def test_what_a_demand_asks_for_has_not_happened():
    assert dyads("He said Russia's demand that Ukraine withdraw from Donetsk was"
                 " unacceptable.") == []
    assert dyads("Britain called for Israel to withdraw from Gaza.") == [("GBR", "ISR", "02")]


def test_stressing_the_need_for_another_to_act_is_an_appeal():
    assert dyads("Lebanon stressed the need for Israel to withdraw from five hilltop"
                 " positions.") == [("LBN", "ISR", "02")]


def test_legally_binding_is_no_act():
    assert dyads("Ukrainian officials said any guarantees would need to be legally binding for"
                 " the United States.") == []


def test_a_cut_off_closing_clause_is_no_denial_and_no_crash():
    for text in ("Russia rejected the plan, which", "Moscow denied the claims, an accusation",
                 "Russia rejected the plan, which\nUkraine proposed in May."):
        tag_text(text, DATE)   # must not raise
    assert "01" not in [r for _, _, r in dyads(
        "China claims Taiwan as its own territory, a claim Taiwan rejects.")]
    assert "01" not in [r for _, _, r in dyads(
        "Israel proposed a ceasefire, which Hamas rejected.")]


def test_own_forces_stay_the_target_when_no_destination_follows():
    assert dyads("Netanyahu praised the Israeli army for its operation against"
                 " Hezbollah.") == [("ISR", "ISR", "05")]
    assert dyads("Trump criticised the US military over its withdrawal from"
                 " Afghanistan.") == [("USA", "USA", "11")]


def test_no_appeal_to_the_speakers_own_state_and_the_speaker_is_not_after_to():
    assert dyads("Netanyahu said Israel should not agree to a ceasefire.") == []
    assert dyads("The US envoy to Ukraine said Russia needs to stop attacking civilians.") == [
        ("USA", "RUS", "02")]


def test_hosting_troops_or_a_call_is_no_visit_and_welcoming_a_state_no_hosting():
    for text in ("Japan hosts about 54,000 US troops.",
                 "Trump hosted a video call with Zelenskiy and European leaders.",
                 "Stoltenberg welcomed Finland to NATO."):
        assert "042" not in [e.event_code for e in tag_text(text, DATE).events], text


def test_only_the_act_a_demand_asks_for_is_unasserted():
    assert ("RUS", "UKR", "13") in dyads(
        "Putin repeated his demand that Ukraine withdraw from Donetsk and threatened new"
        " strikes on Kyiv.")
    assert ("RUS", "UKR", "19") in dyads(
        "Zelenskiy said in a call that Russia attacked Ukraine's energy grid.")
    assert ("ISR", "PSE", "19") in dyads(
        "Despite accusations of war crimes, Israel is expanding its offensive in Rafah.")


def test_underlining_a_threat_or_support_codes_nothing_new():
    assert dyads("Scholz underlined the threat Russia poses to Europe.") == []
    assert dyads("Macron underscored France's support for Ukraine.") == []


def test_a_name_written_with_accents_is_the_dictionarys_plain_spelling():
    assert dyads("Hugo Chávez criticized the US government.") == [("VEN", "USA", "11")]


def test_the_country_of_a_capital_is_where_not_who():
    assert dyads("A hotel bombing in Mogadishu, the capital of Somalia, has killed three"
                 " Somali ministers.") == [("", "SOM", "18")]


def test_the_state_of_a_country_is_that_country_acting():
    assert dyads("The state of Israel condemned Iran.") == [("ISR", "IRN", "11")]


def test_speech_that_reports_a_fault_of_another_criticises_it():
    assert dyads("Poland said Russia had failed to meet its obligations.") == [
        ("POL", "RUS", "11")]
    assert dyads("Lithuania said Belarus could not be trusted.") == [("LTU", "BLR", "11")]
    assert dyads("Poland said Russia had honoured its obligations.") == []
    assert dyads("Venezuela said Colombia had meddled in its elections.") == [
        ("VEN", "COL", "11")]
    assert dyads("Russia said NATO expansion was a threat.") == [("RUS", "IGO", "11")]
    # (a fault suffered, or the speaker's own act, is no criticism)
    assert dyads("Israel said the hostages had been tortured by Hamas.") == [
        ("PSE", "ISR", "18")]
    assert dyads("Hungary said it refused to sign the EU statement.") == [("HUN", "IGO", "12")]
    assert dyads("Russia said it believed Ukraine had violated the ceasefire.") == [
        ("RUS", "UKR", "11")]
def test_an_act_of_force_named_as_a_noun_is_the_event_of_a_sentence_with_no_other():
    assert dyads("Over 500 deaths of Palestinians have been reported in the Gaza Strip in the"
                 " fourteen days of Israel's offensive against Hamas.") == [("ISR", "PSE", "19")]
    assert dyads("An Iraqi policeman says that the U.S. airstrike on a house in Basra killed"
                 " 8 civilians.") == [("USA", "IRQ", "19")]
    # a stance restated is no event, nor is an act of force a verb already coded
    assert dyads("Macron underscored France's support for Ukraine.") == []
    assert dyads("Israel condemned Hamas's attack on Sderot.") == [("ISR", "PSE", "11")]


def test_denying_having_done_something_denies_responsibility():
    assert dyads("Moscow has previously denied deliberately targeting NATO territory.") == [
        ("RUS", "IGO", "01")]
    assert dyads("Iran denied supplying drones to Russia.") == [("IRN", "RUS", "01")]
    assert dyads("The court denied Trump's request.")[0][2] == "12"
    assert "01" not in [d[2] for d in dyads("Hungary denied funding to Ukraine.")]
def test_a_release_from_custody_is_the_holding_states():
    assert dyads("Egyptian journalists were released from custody.") == [("EGY", "EGY", "08")]
    assert dyads("Two Americans were released from an Iranian prison.") == [
        ("IRN", "USA", "08")]
    assert dyads("The hostages were freed.") == []
def test_a_person_of_a_country_is_one_actor_of_that_country():
    # the country after "of" is the person's, so a list of such people is a list
    assert sorted(dyads("Jean-Noel Barrot of France and Johann Wadephul of Germany "
                        "condemned Iran.")) == [("DEU", "IRN", "11"), ("FRA", "IRN", "11")]
    # a name no dictionary knows takes it too, and keeps it later
    text = ("Micheline Calmy-Rey of Switzerland and Moussa Koussa of Libya condemned Russia. "
            "Calmy-Rey later criticised Iran.")
    assert sorted(dyads(text)) == [("CHE", "IRN", "11"), ("CHE", "RUS", "11"),
                                   ("LBY", "RUS", "11")]
    # an office is not a person's name: Ahern visits once
    assert dyads("Bertie Ahern, the Prime Minister of Ireland visited the White House "
                 "Monday.") == [("IRL", "USA", "04")]


def test_a_witness_is_no_party_to_the_act():
    text = ("Micheline Calmy-Rey of Switzerland and Moussa Koussa of Libya will meet in the "
            "presence of Miguel Angel Moratinos of Spain.")
    assert sorted(dyads(text)) == [("CHE", "LBY", "03"), ("LBY", "CHE", "03")]


def test_a_list_closed_by_a_comma_before_its_verb_is_no_appositive():
    # "A, B and C, rejected": B and C are the list's last members, not a description of A
    text = ("The ministers, Jean-Noel Barrot of France, Johann Wadephul of Germany and "
            "David Lammy of Britain, rejected Iran's argument.")
    assert sorted(dyads(text)) == [("DEU", "IRN", "12"), ("FRA", "IRN", "12"),
                                   ("GBR", "IRN", "12")]


def test_a_member_added_to_a_list_of_subjects_acts_with_them():
    text = ("France and Italy, as well as European Commission President Ursula von der "
            "Leyen, welcomed Trump's efforts.")
    assert sorted(dyads(text)) == [("FRA", "USA", "05"), ("IGO", "USA", "05"),
                                   ("ITA", "USA", "05")]
    assert sorted(dyads("Iran, along with Russia, condemned Israel.")) == [
        ("IRN", "ISR", "11"), ("RUS", "ISR", "11")]


def test_a_person_of_an_organisation_keeps_the_organisation():
    # (the IAEA's head: no code glued from his country and his agency's)
    events = tag_text("Rafael Grossi of Argentina met Iranian officials.", DATE).events
    assert events and not any("IGO" in e.source.code[3:] for e in events)


def test_an_event_noun_after_its_measure_is_the_light_verbs_event():
    # "a new round of talks", "two days of talks": the measure is no gap between the light
    # verb and its event noun, nor between the event noun and the party it is held with
    assert sorted(dyads("Poland held a new round of talks with Lithuania on Monday.")) == [
        ("LTU", "POL", "04"), ("POL", "LTU", "04")]
    assert sorted(dyads("Poland held the third round of talks between the two countries' "
                        "envoys on the border question with Lithuania.")) == [
        ("LTU", "POL", "04"), ("POL", "LTU", "04")]
    # a "with" in another clause does not make a visit joint
    assert dyads("Poland visited the capital, where it signed a memorandum with "
                  "Lithuania.") == [("POL", "LTU", "04")]


def test_the_party_a_joint_act_was_done_with_is_no_subject_of_the_next_verb():
    assert sorted(dyads("Poland held talks with Lithuania and later urged Latvia to "
                        "cut its tariffs.")) == [
        ("LTU", "POL", "04"), ("POL", "LTU", "04"), ("POL", "LVA", "02")]


def test_a_country_after_the_name_of_a_square_or_town_is_where_something_happens():
    assert dyads("Tens of thousands protested in Bolotnaya Square, Moscow on Saturday.") == [
        ("RUS", "RUS", "14")]
    # a month is no place: the country after it acts
    assert dyads("At the press conference in November, Israeli authorities accused Iran.") == [
        ("ISR", "IRN", "11")]


def test_a_protest_that_names_no_one_it_is_against_is_against_the_protesters_state():
    assert dyads("Russians protested over election fraud on Saturday.") == [
        ("RUS", "RUS", "14")]
    assert dyads("Russian students protested against the war in Ukraine.") == [
        ("RUS", "UKR", "14")]


def test_protests_no_one_is_named_for_are_a_crowd_of_where_they_break_out():
    assert dyads("Protests broke out in several cities in Iran on Saturday.") == [
        ("IRN", "IRN", "14")]
    # a rally is as often a campaign's
    assert dyads("The president spoke at a campaign rally in Tbilisi.") == []


def test_the_state_named_after_a_town_says_which_town_it_is():
    # "Toledo" alone is filed under Spain
    assert dyads("Riots erupted after a march in Toledo, Ohio on Saturday.") == [
        ("USA", "USA", "14")]
    assert dyads("Two bombs exploded in Toledo, Ohio on Sunday.") == [("", "USA", "18")]


def test_charging_someone_with_a_crime_is_legal_action_and_charging_that_an_allegation():
    assert dyads("U.S. authorities have charged a Nigerian man with trying to blow up a plane.") \
        == [("USA", "NGA", "17")]
    assert dyads("Russia charged that Ukraine had shelled the plant.") == [("RUS", "UKR", "11")]


def test_a_short_aside_in_brackets_does_not_break_a_verb_pattern():
    assert dyads("Police in Zimbabwe have stopped opposition leader Morgan Tsvangirai (MDC)"
                 " en route to a campaign rally.") == [("ZWE", "ZWE", "17")]


def test_coming_to_an_agreement_is_the_agreement():
    assert sorted(dyads("Brazil has come to an agreement with the Cuban government on doctors.")) \
        == [("BRA", "CUB", "05"), ("CUB", "BRA", "05")]
    assert sorted(dyads("Brazil came to an agreement with Cuba on doctors.")) == [
        ("BRA", "CUB", "05"), ("CUB", "BRA", "05")]


def test_a_party_past_a_comma_is_no_object_of_a_joint_subjects_joint_act():
    assert sorted(dyads(
        "South Korean President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba agreed"
        " on Saturday to strengthen cooperation, in talks days before Lee's first summit with"
        " President Donald Trump.")) == [("JPN", "KOR", "03"), ("KOR", "JPN", "03")]
    assert sorted(dyads("Germany and France agreed, in a joint statement, to send tanks to"
                        " Ukraine.")) == [("DEU", "UKR", "03"), ("FRA", "UKR", "03")]
    # (the one who says so, in an aside after the verb, is no party to it)
    assert sorted(dyads("Egypt and Qatar agreed, Israel said, to mediate a truce.")) == [
        ("EGY", "QAT", "03"), ("QAT", "EGY", "03")]


def test_a_country_after_a_place_and_a_comma_acts_when_its_verb_follows():
    assert dyads("At a summit in Brussels, Germany pledged more aid to Ukraine.") == [
        ("DEU", "UKR", "03")]
    assert sorted(dyads("On Monday in Geneva, Iran and the United States held talks.")) == [
        ("IRN", "USA", "04"), ("USA", "IRN", "04")]
    # (any phrase that opens the sentence, not only one that opens with a preposition)
    for text, dyad in (
            ("Despite the truce in Gaza, Israel launched airstrikes on Rafah.", "ISR"),
            ("Hours after the attack in Kabul, Pakistan closed its border crossings.", "PAK"),
            ("Later in Kyiv, Ukraine accused Russia of war crimes.", "UKR"),
            ("Earlier, at a meeting in Cairo, Egypt urged Israel to stop the offensive.", "EGY"),
            ("Addressing the General Assembly in New York, Iran accused the United States of"
             " aggression.", "IRN")):
        assert [d[0] for d in dyads(text)] == [dyad], text
    # (but not a clause whose subject is a participle or a noun in -ing)
    assert dyads("Suspected militants in Peshawar, Pakistan attacked a police checkpoint.") \
        == [("PAK", "PAK", "18")]
    assert "COG" not in [d[0] for d in dyads(
        "Armed men in Goma, Congo attacked a convoy of United Nations peacekeepers.")]
    assert "SDN" not in [d[0] for d in dyads(
        "Fighting in Khartoum, Sudan has killed hundreds of civilians.")]
    assert dyads("Tens of thousands protested in Bolotnaya Square, Moscow over election fraud.") \
        == [("RUS", "RUS", "14")]


def test_a_country_after_a_place_and_a_comma_is_where_it_is_inside_a_clause():
    assert dyads("Thousands rallied in Tbilisi, Georgia to protest the election result.") == [
        ("GEO", "GEO", "14")]
    assert dyads("Thousands protested in Caracas, Venezuela demanding the release of"
                 " prisoners.") == [("VEN", "VEN", "14")]
    assert dyads("Police in Lagos, Nigeria arrested dozens of protesters.") == [
        ("NGA", "NGA", "17")]
    assert dyads("Officials in Kyiv, Ukraine accused Russia of shelling the city.") == [
        ("UKR", "RUS", "11")]
    assert [d[0] for d in dyads("Troops in Goma, Congo clashed with rebels.")] == ["COD"]


def test_an_aside_in_commas_after_a_joint_verb_does_not_hide_its_object():
    assert sorted(dyads("France and Germany agreed, in a joint statement, to send tanks to"
                        " Ukraine.")) == [("DEU", "UKR", "03"), ("FRA", "UKR", "03")]


def test_a_state_charged_by_another_is_accused_not_prosecuted():
    assert dyads("Russia charged Ukraine with violating the ceasefire.") == [("RUS", "UKR", "11")]
    assert dyads("U.S. authorities have charged Nigerian Umar Farouk Abdulmutallab with trying"
                 " to blow up a plane.") == [("USA", "NGA", "17")]


def test_a_light_verb_with_no_event_noun_codes_nothing():
    assert dyads("Iran and the United States came to no agreement.") == []
    assert dyads("Iran and the United States reached no agreement on Monday.") == []
    assert dyads("Russia made no more threats against Ukraine.") == []
    # ("no" of a quantity denies nothing)
    assert dyads("Israel launched no fewer than 50 airstrikes on Gaza.") == [
        ("ISR", "PSE", "19")]
    assert dyads("Saudi Arabia offered no less than 50 billion dollars in aid to Egypt.") == [
        ("SAU", "EGY", "03")]
    for text in ("Russia conducted no fewer than 20 strikes on Ukraine.",
                 "Russia carried out at least 50 airstrikes on Ukraine.",
                 "Russia launched at least 40 drones at Ukraine."):
        assert dyads(text) == [("RUS", "UKR", "19")], text


def test_a_crowd_is_placed_by_the_first_of_a_list_and_not_by_a_name_modifying_a_noun():
    assert dyads("Protests broke out in Berlin, Paris and London.") == [("DEU", "DEU", "14")]
    assert dyads("Protests erupted outside the U.S. embassy in Baghdad, Iraq.") == [
        ("IRQ", "IRQ", "14")]
    assert dyads("Hundreds of people protested outside the Russian embassy in Tbilisi.") == [
        ("GEO", "GEO", "14")]
    # (a list of towns each with its state; a list that ends on other words is a list)
    assert dyads("Thousands protested in Toledo, Ohio and Detroit, Michigan.") == [
        ("USA", "USA", "14")]
    assert dyads("Protests broke out in Berlin, Paris and London, Reuters witnesses said.") \
        == [("DEU", "DEU", "14")]
    assert dyads("Protests broke out in Berlin, Paris and other European capitals.") == [
        ("DEU", "DEU", "14")]
    assert dyads("Thousands of people protested in Toledo, Ohio and elsewhere.") == [
        ("USA", "USA", "14")]


def test_a_crowd_is_placed_by_a_place_whatever_word_follows_it():
    for text in ("Hundreds of people protested in Tbilisi to demand new elections.",
                 "Thousands of people protested in Tbilisi amid power cuts.",
                 "Hundreds of people protested in Tbilisi despite a ban.",
                 "Hundreds of people protested in Tbilisi overnight."):
        assert dyads(text) == [("GEO", "GEO", "14")], text
    assert dyads("Hundreds of people protested outside the Georgian parliament.") == [
        ("GEO", "GEO", "14")]
    # (a name modifying a noun is where the crowd is only when no place follows it)
    assert dyads("Hundreds of people protested outside the U.S. military base in Okinawa.") \
        == [("JPN", "JPN", "14")]
    assert dyads("Hundreds protested outside the French army base in Niamey.") == [
        ("NER", "NER", "14")]


def test_a_state_that_protests_is_not_protesting_against_itself():
    assert dyads("China protested strongly on Monday.") == [("CHN", None, "14")]
    assert dyads("Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday.") == [
        ("IRQ", "IRQ", "14")]
    assert dyads("China will protest strongly.") == [("CHN", None, "14")]
    assert dyads("Beijing protested strongly on Monday.") == [("CHN", None, "14")]
    # (a people by its demonym protests against its own state)
    for text, country in (("Britons protested over the new tax.", "GBR"),
                          ("The British protested over the tax.", "GBR"),
                          ("Japanese protested over the new base.", "JPN")):
        assert dyads(text) == [(country, country, "14")], text


def test_a_decision_of_the_reacting_actors_own_government_is_theirs():
    assert second_sentence_dyads(
        "Russia invaded Ukraine on Thursday. Ukraine's opposition criticised the decision of"
        " President Zelensky to sack the army chief.") == [("UKR", "UKR", "11")]
    assert second_sentence_dyads(
        "The United States sanctioned the court on Wednesday. France expressed dismay at the"
        " designation of a French judge.") == [("FRA", "USA", "11")]
    assert second_sentence_dyads(
        "Germany suspended arms exports to Israel on Friday. Israeli opposition leaders"
        " criticised the decision taken last week by the Israeli government.") == [
        ("ISR", "ISR", "11")]
    assert second_sentence_dyads(
        "Germany suspended arms exports to Israel on Friday. Israeli opposition leaders"
        " criticised the government plan to expand the war.") == [("ISR", "ISR", "11")]
    # (the government here is whom the decision acts on, not who made it)
    assert second_sentence_dyads(
        "The United States imposed sanctions on Venezuela on Monday. Venezuelan opposition"
        " leaders welcomed the decision to punish the Venezuelan government.") == [
        ("VEN", "USA", "05")]


def test_british_spellings_code_as_the_american_ones():
    assert dyads("Lula travelled to Colombia on Monday.") == dyads(
        "Lula traveled to Colombia on Monday.") != []


def test_accepting_a_ceasefire_is_agreeing_to_one():
    # (the coding rules: agreeing to or accepting a proposed ceasefire is 0356)
    assert [e.event_code for e in tag_text("Hamas accepted the proposed ceasefire on Monday.",
                                           DATE).events] == ["0356"]
    assert dyads("Israel accepted a ceasefire with Hezbollah.") == [("ISR", "LBN", "03")]


def test_armed_groups_of_pakistan_are_pakistans():
    assert dyads("The BLA attacked a passenger train in Balochistan.") == [("PAK", "PAK", "18")]
    # (not the Afghan Taliban)
    assert dyads("The Pakistani Taliban attacked a police station.") == [("PAK", "PAK", "18")]


def test_travelling_to_a_country_is_a_visit():
    # (the codebook: "All visits and travels should be coded under this category", 042)
    codes = [[e.event_code for e in tag_text(text, DATE).events] for text in (
        "Blinken traveled to Beijing on Sunday.", "Blinken travelled to Beijing on Sunday.",
        "Blinken flew to Beijing on Sunday.", "Blinken will travel to China next week.")]
    assert codes == [["042"], ["042"], ["042"], ["036"]]


def test_aircraft_flying_to_a_country_make_no_visit():
    # (042 is people's travel; a sortie is coded by what the aircraft do there)
    for text in ("Israeli warplanes flew to Yemen overnight.",
                 "Russian bombers flew to Venezuela for exercises.",
                 "Ukrainian drones flew to Moscow overnight."):
        assert "042" not in [e.event_code for e in tag_text(text, DATE).events], text
    assert [e.event_code for e in tag_text("The Israeli prime minister flew to Washington.",
                                           DATE).events] == ["042"]
    # (fighters are people)
    assert coded("Hamas fighters travelled to Iran for training.") == [
        ("PSEREBHMS", "IRN", "042")]


def test_stopping_arms_supplies_is_reducing_military_assistance():
    # (CAMEO 1622, not the economic cooperation of "exports" nor material aid in general)
    assert coded("Germany suspended arms exports to Israel.") == [("DEU", "ISR", "1622")]
    assert coded("Britain halted weapons sales to Saudi Arabia.") == [("GBR", "SAU", "1622")]
    assert coded("The United States cut military aid to Egypt.") == [("USA", "EGY", "1622")]
    assert coded("The US froze aid to Ukraine.") == [("USA", "UKR", "162")]


def test_what_a_party_should_do_has_not_happened():
    # ("should" states what ought to be, like "could" a possibility: no act of the subject)
    assert dyads("The U.S. should stop its arms shipments to Israel, he said.") == []
    assert dyads("She said authorities in Australia should investigate the abuse.") == []
    # (an aside's "should", or "may" in "Theresa May", is not the verb's)
    assert dyads("Israel, as it should, retaliated against Iran.") == [("ISR", "IRN", "19")]
    assert coded("Theresa May met Macron in Paris.") == [("GBR", "FRAGOV", "040")]
    assert dyads("Russia may attack Ukraine.") == []


def test_israeli_ministers_and_chief_of_staff_are_israels():
    # ("Eyal" alone is a Phoenix armed-group entry; the full name is a person's)
    assert coded("Israeli army chief Eyal Zamir met US Central Command chief Brad Cooper.") \
        == [("ISRMIL", "USAMIL", "040")]
    assert coded("Smotrich criticised the Palestinian Authority.") == [
        ("ISRGOV", "PSEGOV", "111")]
    assert coded("Ben-Gvir criticised the Palestinian Authority.") == [
        ("ISRGOV", "PSEGOV", "111")]
    # (no bare "Zamir": Russia's envoy Zamir Kabulov is Russian)
    assert coded("Russian envoy Zamir Kabulov met Taliban leaders in Kabul.") == [
        ("RUSGOV", "AFGGOV", "040")]


def test_calling_someone_a_name_is_no_telephone_call():
    assert coded("Trump called Putin a killer.") == [("USAGOV", "RUSGOV", "111")]
    assert coded("Trump called Zelensky a dictator without elections.") == [
        ("USAGOV", "UKRGOV", "111")]
    # (praise in the name is praise; a name that judges nothing codes nothing)
    assert coded("Macron called Trump a friend.") == [("FRAGOV", "USAGOV", "051")]
    assert coded("Macron called Trump a partner.") == []
    # ("a friend of Hamas" says whom one sides with: no praise of the one named)
    assert coded("Netanyahu called Erdogan a friend of Hamas.") == []
    assert coded("Smotrich called the Palestinian Authority a terror organisation.") == [
        ("ISRGOV", "PSEGOV", "111")]
    # (a time after the object is a call's; an insulting word elsewhere is no name given)
    assert coded("Trump called Putin a day after the summit.") == [("USAGOV", "RUSGOV", "041")]
    assert coded("Trump called Putin a little after noon.") == [("USAGOV", "RUSGOV", "041")]
    assert coded("Netanyahu called Biden about the killer of the hostages.") == [
        ("ISRGOV", "USAELI", "041")]


def test_a_preposition_that_starts_a_time_is_no_particle():
    assert coded("Trump called Putin on Monday.") == [("USAGOV", "RUSGOV", "041")]
    assert coded("Trump called Putin for the second time this week.") == [
        ("USAGOV", "RUSGOV", "041")]
    assert coded("Trump called on Putin to end the war.") == [("USAGOV", "RUSGOV", "020")]
    assert coded("Syria called Thursday on Arabs to unite.") == [("SYR", None, "020")]


def test_fighting_a_thing_is_no_armed_force():
    # (a struggle against inflation, charges or a bid is no CAMEO 19)
    assert dyads("Sarkozy is now fighting a reelection bid but lagging behind socialist "
                 "opposition leader Francois Hollande.") == []
    assert dyads("Brazil fought inflation with rate rises.") == []
    # (fighting off a bid is repelling an attack)
    assert dyads("Nigerian troops fought off a jihadist bid to seize the town.") == [
        ("NGA", None, "19")]
    assert dyads("Ukraine is fighting Russian forces in Donetsk.") == [("UKR", "RUS", "19")]
    assert dyads("Government troops fought rebels near Goma.") == [("COD", "COD", "19")]


def test_unidentified_attackers_belong_to_no_country():
    # (the coding rules: a field is null when the actor is unidentified, "gunmen")
    assert dyads("Unidentified gunmen abducted a French aid worker in Niger.") == [
        ("UAF", "FRA", "18")]
    assert dyads("Gunmen killed five soldiers in northern Mali.") == [("UAF", "MLI", "18")]
    # (gunmen a name or a possessive owns are that party's)
    assert dyads("Hamas gunmen attacked Israeli soldiers.") == [("PSE", "ISR", "18")]
    assert dyads("Hamas said its gunmen attacked Israeli soldiers.") == [("PSE", "ISR", "18")]
    # (militants belong to the state they fight in)
    assert dyads("Militants killed 12 policemen in an attack in Pakistan.") == [
        ("PAK", "PAK", "18")]


def test_a_second_predicate_shares_the_first_ones_subject():
    # (not the place or party the first verb's phrase ends with)
    assert dyads("Israeli jets flew over Lebanon and bombed Hezbollah positions.") == [
        ("ISR", "LBN", "19")]
    assert dyads("Israeli warplanes flew over Yemen and bombed Houthi targets.") == [
        ("ISR", "YEM", "19")]


def test_reinforcing_is_no_coercion():
    # (CAMEO.2.0.txt files "reinforce" with "impel", 170)
    assert dyads("Germany reinforced NATO's eastern flank with fighter jets.") == []


def test_a_word_naming_what_a_plan_is_about_is_no_object():
    # (CAMEO.2.0.txt's "clear the town/settlement" pattern, 174, is filed with "approve")
    assert [c for c in coded("Israel approved the settlement plan.") if c[2] == "174"] == []
    assert coded("Rebels cleared the settlement on Sunday.") == [("REB", None, "174")]
    # (an act before the plan is its content)
    assert coded("Hamas agreed to the ceasefire proposal.") == [("PSEREBHMS", None, "0356")]
    assert coded("Hamas rejected the ceasefire proposal.") == [("PSEREBHMS", None, "1246")]


def test_withdrawing_from_a_deal_reduces_relations():
    # (not the military retreat, 0874, CAMEO.2.0.txt gives "withdraw")
    assert coded("The United States withdrew from the nuclear deal with Iran.") == [
        ("USA", "IRN", "160")]
    assert coded("Russia pulled out of the grain deal with Ukraine.") == [("RUS", "UKR", "160")]
    assert coded("Russian troops withdrew from Kherson.")[0][2] == "0874"
    # (a deal under which troops withdraw is not what they withdraw from)
    assert coded("Russian troops withdrew from Kherson under the deal with Ukraine.")[0][2] \
        == "0874"


def test_security_forces_fighting_protesters_is_repression():
    assert coded("Police clashed with protesters in Tehran.") == [("IRNCOP", "IRNOPP", "175")]
    assert coded("Syrian troops opened fire on demonstrators in Daraa.") == [
        ("SYRMIL", "SYROPP", "175")]
    assert dyads("The army fought rebels in the north.") == [("MIL", "REB", "19")]
    # (an arrest after it is an act of its own)
    assert coded("Police in Tehran fired on protesters and arrested opposition leaders.") == [
        ("IRNCOP", "IRNOPP", "175"), ("IRNCOP", "IRNOPP", "173")]


def test_a_country_a_sector_acts_on_is_not_its_own():
    # (the story's country is the sector's; the nearest country past an act's verb is
    # whom it acts on)
    story = "Kenyan President William Ruto opened parliament on Monday. "
    assert second_sentence_dyads(story + "The government criticised Israel for the strikes.") \
        == [("KEN", "ISR", "11")]
    assert second_sentence_dyads(story + "Lawmakers approved sanctions against Russia.") == [
        ("KEN", "RUS", "08")]
    # (where it acts is its country: "in London"; past a verb of speech a clause has its
    # own subject)
    assert coded("The Metropolitan Police made 12 arrests at demonstrations in London.") == [
        ("GBRCOP", "GBR", "173")]
    assert second_sentence_dyads(story + "Police arrested protesters in Russia.") == [
        ("RUS", "RUS", "17")]


def test_militants_keep_the_state_they_fight_in_and_troops_the_place_they_act_in():
    story = "Kenyan President William Ruto opened parliament on Monday. "
    # (only a state institution leaves a country it acts on to the story: rebels and
    # militants belong to the state they fight in)
    assert second_sentence_dyads(story + "Militants stormed a village in southern Mali.") == [
        ("MLI", "MLI", "18")]
    # (a region of a country is a place too)
    assert second_sentence_dyads(story + "Troops stormed a village in southern Somalia.") == [
        ("SOM", "SOM", "19")]


def test_publishing_a_report_or_holding_a_news_conference_is_a_statement():
    # (not a release of people, 084, nor a meeting, 040; a plain statement is not coded,
    # and what the report does is)
    assert coded("The United Nations released a report on Thursday criticising Sudan.") == [
        ("IGOUNO", "SDN", "111")]
    assert coded("Hamas released a video of the hostages.") == []
    assert coded("Iran released the British sailors on Friday.") == [("IRN", "GBR", "084")]
    assert coded("Putin held a news conference in Moscow.") == []
    assert coded("Olmert held a press conference in Jerusalem.") == []
    # (a conference of parties is still a meeting)
    assert dyads("Israel held a conference with Egypt in Cairo.") == [
        ("ISR", "EGY", "04"), ("EGY", "ISR", "04")]


def test_hijacking_is_abduction_and_pirates_are_unidentified():
    # (CAMEO 181; pirates with no country named are no one's)
    assert coded("Somali pirates hijacked a Chinese ship.") == [("SOMCRM", "CHN", "181")]
    assert coded("Pirates hijacked a Greek tanker in the Gulf of Aden.") == [
        ("UAF", "GRCBUS", "181")]


def test_leaving_issuing_and_trade_code_only_through_a_pattern():
    # (CAMEO.2.0.txt gives leaving a meeting, 040, and issuing material cooperation, 060)
    assert coded("IAEA inspectors left Iran in early July.") == []
    assert coded("The Israeli ministry issued a travel alert for Gaza.") == []
    assert coded("China will present itself as a defender of free trade against US "
                 "tariffs.") == []
    # (an event noun or a pattern still codes)
    assert coded("Iran issued a warning to Israel.") == [("IRN", "ISR", "130")]
    assert coded("Putin left for talks in Beijing.") == [("RUSGOV", "CHN", "042")]


def test_back_as_an_adverb_is_no_support():
    assert dyads("Qatar said the Congolese delegation was expected back in Doha.") == []
    assert dyads("North Korea needs to get back to the negotiating table.") == []
    assert dyads("EU leaders back Ukraine.") == [("IGO", "UKR", "05")]
    assert dyads("Britain and France also back Ukraine.") == [
        ("GBR", "UKR", "05"), ("FRA", "UKR", "05")]
    assert dyads("NATO allies back Ukraine's bid.") == [("IGO", "UKR", "05")]
    assert coded("The US will back up Israel against Iran.") == [("USA", "ISR", "032")]
    assert dyads("Germany will back Ukraine.") == [("DEU", "UKR", "03")]
    assert dyads("Germans back Ukraine's membership bid.") == [("DEU", "UKR", "05")]


def test_a_number_modifier_makes_a_noun():
    # ("after an 18-year break": no fight)
    assert coded("Czechia and Albania have ambassadors again after an 18-year break.") == []


def test_improving_or_establishing_ties_is_diplomatic_cooperation():
    # (CAMEO 050: initiate, resume, improve or expand diplomatic cooperation; 054:
    # initiate diplomatic relations)
    assert dyads("Cuba and the United States normalised relations.") == [
        ("USA", "CUB", "05"), ("CUB", "USA", "05")]
    assert coded("Albania upgraded its diplomatic ties with Czechia.") == [
        ("ALB", "CZE", "050")]
    assert coded("Israel established diplomatic relations with Morocco.") == [
        ("ISR", "MAR", "054")]
    # (economic ties with someone are both parties')
    assert coded("China expanded trade ties with Brazil.") == [
        ("CHN", "BRA", "061"), ("BRA", "CHN", "061")]


def test_adopting_new_sanctions_imposes_them():
    assert coded("The EU adopted its 18th sanctions package against Russia in July.") == [
        ("IGOEUREEC", "RUS", "163")]
    assert coded("The EU approved new sanctions on Russia.") == [("IGOEUREEC", "RUS", "163")]
    # (not a lifting of sanctions)
    assert [c for c in coded("The EU approved the lifting of sanctions on Syria.")
            if c[2] == "163"] == []


def test_nouns_adjectives_and_empty_verbs_code_only_through_a_pattern():
    # (spurious events CAMEO.2.0.txt's verb codes gave on news text)
    assert coded("Israel has faced criticism from the United States.") == []  # 040
    assert coded("India faces a steep increase in US tariffs.") == []  # 040
    assert coded("Ukraine said the NATO countries involved in the mission criticised "
                 "Russia.") == [("IGOWSTNAT", "RUS", "111")]  # not 012
    assert coded("The Canadian government has made it clear that the Sierra Leonean inmate "
                 "is under house arrest.") == []  # 080
    assert coded("The Iranian president engaged in a debate at Columbia University.") == []
    assert coded("The Yemeni ceasefire deal with the rebels took effect at midnight.") == []
    # (what "targeting" codes, 190, is another matter)
    assert [c for c in coded("A Russian disinformation campaign targeting the U.S. is aimed "
                             "at the election.") if c[2] == "100"] == []
    assert coded("Serbia established a commission with Kosovo.") == []  # 060


def test_armed_before_a_noun_is_an_adjective():
    assert [c for c in coded("More than 300,000 East Timorese died in the Indonesian armed "
                             "conflict in which Indonesia occupied East Timor.")
            if c[2] == "062"] == []
    assert coded("Russia armed the separatists in Ukraine.") == [("RUS", "UKRREB", "062")]
    assert ("RUS", "RUSREB", "062") in coded("Russia trained and armed the separatists.")
    assert coded("Germany arms Ukraine.") == [("DEU", "UKR", "062")]


def test_considering_a_course_of_action_is_no_meeting():
    # (CAMEO 014, "consider policy option"; CAMEO.2.0.txt files "consider" as 040)
    assert coded("Washington is considering whether to send light weapons to Ukraine.") == [
        ("USA", "UKR", "014")]


def test_releasing_a_statement_is_no_release_of_people():
    assert coded("The Scottish government quickly released a statement about the "
                 "incident.") == []


def test_allies_and_thinking_code_only_through_a_pattern():
    assert coded("Morocco, a close ally of Mali, will stand by it.") == [
        ("MAR", None, "032")]  # not 050
    assert coded("\"I think the best thing for Senegal is that there are no strong opposition "
                 "candidates,\" Sall said.") == []  # 040


def test_a_joint_news_conference_is_a_meeting_and_talks_engaged_in_are_talks():
    assert dyads("Trump and Putin held a joint press conference in Helsinki.") == [
        ("RUS", "USA", "04"), ("USA", "RUS", "04")]
    assert coded("Iran engaged in talks with the IAEA.") == [
        ("IRN", "IGOUNOIAE", "040"), ("IGOUNOIAE", "IRN", "040")]
    assert coded("Iran engaged in negotiations with the United States.") == [
        ("IRN", "USA", "046"), ("USA", "IRN", "046")]


def test_seeking_or_wanting_to_act_is_an_intention():
    # (CAMEO 03: what a party seeks, wants or hopes to do has not happened)
    assert coded("Iran seeks to improve relations with Egypt.") == [("IRN", "EGY", "032")]
    assert coded("Israel wants to normalise ties with Saudi Arabia.") == [
        ("ISR", "SAU", "032")]
    assert coded("The US is mulling new sanctions on Russia.") == [("USA", "RUS", "1312")]
    # (an intention to yield is 035, not political reform, 034; releasing people 0353)
    assert coded("Hamas hopes to release the hostages soon.") == [("PSEREBHMS", None, "0353")]
    assert coded("Israel promised to release Palestinian prisoners.") == [
        ("ISR", "PSE", "0353")]


def test_trading_strikes_threats_and_pleas():
    # (leaving a deal in place is no withdrawal; "traded blows" is mostly a figure of speech;
    # "exchanged fire" keeps CAMEO.2.0.txt's 193)
    assert coded("Biden left the Trump-era trade deal in place.") == []
    assert coded("China and the US traded blows over tariffs.") == []
    assert dyads("Russia and Ukraine exchanged fire across the border.")[0][2] == "19"
    assert coded("Russia and Ukraine exchanged fire across the border.")[0][2] == "193"
    assert dyads("Russia and Ukraine traded strikes on energy facilities.") == [
        ("UKR", "RUS", "19"), ("RUS", "UKR", "19")]
    assert dyads("India and Pakistan traded threats.") == [
        ("PAK", "IND", "13"), ("IND", "PAK", "13")]
    # (a plea in court admits or denies responsibility, 015 and 016; it is no appeal, 020)
    assert coded("The former Ukrainian minister pleaded guilty to bribery charges.") == [
        ("UKRGOV", None, "015")]
    assert coded("The Russian spy pleaded not guilty in a US court.") == [
        ("RUSSPY", "USAJUD", "016")]


def test_passing_a_law_codes_only_through_a_pattern():
    assert coded("Montenegro's parliament passed a law on the Somali government.") == []  # 080
    # ("aid" stays a verb: "will aid Israel")
    assert coded("The US will aid Israel with air defence.") == [("USA", "ISR", "031")]
    # (passing sanctions still imposes them)
    assert coded("The EU passed new sanctions on Russia.") == [("IGOEUREEC", "RUS", "163")]


def test_coming_to_power_an_end_or_light_is_no_visit():
    # (CAMEO.2.0.txt's ARRIVE block codes "came to" 040)
    assert coded("Putin came to power in 2000 and has ruled Russia since.") == []
    assert coded("The war between Russia and Ukraine came to an end in the plan.") == []
    assert coded("The Russian advance on Ukraine came to a halt.") == []
    assert coded("The Iranian plot against Israel came to light in May.") == []
    # (coming to a place still is)
    assert dyads("Trump came to Israel on Monday.") == [("USA", "ISR", "04")]


def test_hoping_to_act_is_the_intention_to_do_it_not_an_appeal():
    # (CAMEO.2.0.txt's HOPE block codes the verb 020; the act hoped for says more)
    assert coded("Trump hopes to meet Putin in Budapest.") == [("USAGOV", "RUSGOV", "036")]
    assert coded("Netanyahu hoped to visit Washington.") == [("ISRGOV", "USA", "036")]
    # (a threat stays one; continuing an act is the act)
    assert dyads("Trump threatened to send troops to Mexico.") == [("USA", "MEX", "13")]
    assert coded("Russia continued to attack Ukraine.") == [("RUS", "UKR", "190")]


def test_a_crowd_gathering_is_a_demonstration():
    # (CAMEO.2.0.txt's ASSEMBLE block codes gathering as a meeting, 040)
    assert coded("About 200 protesters gathered in central London.") == [("GBROPP", "GBR", "141")]
    assert coded("A large number of Estonian protesters gathered at the Parliament building "
                 "in Tallinn on Tuesday.") == [("ESTOPP", "EST", "141")]
    # (leaders gathering for a summit still meet)
    assert dyads("EU leaders gathered in Brussels for a summit.")[0][2] == "04"


def test_causes_aims_and_training_are_no_acts():
    assert coded("The withdrawal of Tajik forces from Cambodia has led to a wave of "
                 "international concern.") == []
    assert coded("Sudanese officials said the talks in Oslo aimed at ending the war between "
                 "Sudan and South Sudan.") == []
    assert coded("The British man received training from al-Qaeda in Pakistan.") == []
    # (aiming missiles is still force)
    assert dyads("Russia aimed missiles at Ukraine.") == [("RUS", "UKR", "19")]


def test_what_is_due_scheduled_or_expected_is_an_intention():
    assert coded("Trump is due to meet Ukrainian President Volodymyr Zelenskyy at the White "
                 "House on Monday.") == [("USAGOV", "UKRGOV", "036")]
    assert coded("Biden is scheduled to visit Israel next week.") == [("USAELI", "ISR", "036")]
    # (an adverb between "to" and the verb)
    assert coded("El Salvador's president is expected to formally sign the accord with "
                 "Honduras.") == [("SLVGOV", "HND", "032")]
    # ("due to" a cause is no plan)
    assert coded("The talks were cancelled due to the war between Russia and Ukraine.") == []


def test_taking_part_is_coded_by_what_one_takes_part_in():
    # (CAMEO.2.0.txt codes "took part" 030, an intention to cooperate)
    assert coded("Hundreds of Chinese students also took part in a march to the government's "
                 "headquarters in Beijing.") == [("CHNEDU", "CHNGOV", "141")]
    assert coded("Thousands of Serbians joined the protests against the government.") == [
        ("SRB", "SRBGOV", "141")]
    assert coded("Russia took part in talks with Ukraine in Istanbul.") == [
        ("RUS", "UKR", "040"), ("UKR", "RUS", "040")]
    assert coded("Israeli Defense Minister Moshe Yaalon will take part in the drill with "
                 "Austrian colleagues.") == []


def test_an_armed_group_fighting_a_government_fights_it():
    # (CAMEO.2.0.txt codes fighting a government 111, criticism)
    assert coded("The M23 has been fighting the government since last year in a conflict.") == [
        ("CODREB", "CODGOV", "190")]
    # (an opposition's fight still is in words; rebels attacking are still an assault)
    assert coded("The opposition is fighting the government over the election law.") == [
        ("OPP", "GOV", "111")]
    assert coded("Rebels attacked the government headquarters.") == [("REB", "GOV", "180")]


def test_intentions_reviewed():
    # (a reread of this round's rules: an act that went on, a cause after "due to", a fight
    # with a proposal, a crowd come to welcome someone, calls for something, an adverb
    # after "hopes to")
    assert coded("Israel continued to heavily bomb Gaza.") == [("ISR", "PSEGZA", "195")]
    assert [d[2] for d in dyads("The talks were postponed due to attacks by Russia on "
                                "Ukraine.")] == ["19"]
    assert coded("Houthi rebels fought the UN proposal.") == [("YEMREB", "IGOUNO", "111")]
    assert [c[2] for c in coded("Thousands of Iranian supporters gathered to welcome Putin "
                                "in Tehran.")] == ["040"]
    assert coded("Qatar took part in calls for a ceasefire between Israel and Hamas.") == []
    assert coded("Iran hopes to quickly resume talks with the US.") == [("IRN", "USA", "036")]


def test_a_power_to_act_and_a_suggestion_of_a_fact_are_no_events():
    # (CAMEO.2.0.txt codes "suggest" 020, an appeal, which the clause's own verb decides)
    assert coded("The Afghan government has won the right to meet face to face with the "
                 "Taliban.") == []
    assert coded("Germany has the right to expel Russian diplomats.") == []
    assert coded("Macron suggested on Monday that Ukraine's allies would do everything "
                 "needed.") == []
    assert coded("Government officials have publicly suggested the protesters would be "
                 "allowed to resume their protests.") == []
    # (an appeal's clause has a bare verb; a suggested meeting is still proposed)
    assert [c[2] for c in coded("Putin suggested Western politicians recall the fate of "
                                "Napoleon.")] == ["020"]
    assert coded("China suggested talks with Japan over disputed islands.") == [
        ("CHN", "JPN", "036")]
    assert [c[2] for c in coded("Trump suggested Ukraine could give up Crimea.")] == ["020"]
    # (a power put to use, or an act one was right to do, is the act)
    assert coded("Trump used his authority to impose tariffs on China.") == [
        ("USAGOV", "CHN", "163")]
    assert coded("Poland was right to close its border with Belarus.") == [
        ("POL", "BLR", "172")]
    assert coded("Trump has the authority to quickly impose tariffs on China.") == []


def test_a_bill_is_a_law_not_a_verb():
    # (CAMEO.2.0.txt files "bill" under imposing, 170)
    assert coded("Denmark cancelled provisions in the draft bill that could affect "
                 "Greenland.") == []
    assert coded("The Senate bipartisan bill gives Ukraine aid.") == [("USAGOVLEG", "UKR", "070")]


def test_arms_gear_and_armed_groups_are_no_arming():
    # (CAMEO.2.0.txt files arming someone under military cooperation, 062)
    assert coded("The UN, Syrian authorities, and armed opposition groups are involved in the "
                 "evacuation of Yarmouk camp.") == []
    assert coded("The Philippines Constitution says all arms, including those in the hands "
                 "of the government, cannot be used against Filipinos.") == []
    assert coded("Police in riot gear used pepper spray to disperse demonstrators in New "
                 "York.") == [("USACOP", "USAOPP", "175")]
    assert coded("Russia armed the separatists in Ukraine.") == [("RUS", "UKRREB", "062")]
    assert ("RUS", "RUSREB", "062") in coded("Russia trained and armed the separatists.")
    assert coded("Germany arms Ukraine.") == [("DEU", "UKR", "062")]


def test_seeking_something_is_an_appeal():
    # (CAMEO.2.0.txt codes "seek" 030, an intention, which seeking "to" act is)
    assert coded("The EU foreign ministers sought restraint from Turkey in its response.") == [
        ("IGOEUREEC", "TUR", "020")]
    assert coded("Israel was seeking guarantees from Mauritius.") == [("ISR", "MUS", "020")]
    assert coded("Medvedev is among eight Russians being sought by Interpol.") == []
    assert coded("Russia seeks to maintain control of the region near Moldova.") == [
        ("RUS", "MDA", "030")]
    assert coded("Iran seeks to meet the US.") == [("IRN", "USA", "036")]


def test_seeking_a_person_is_a_manhunt_not_an_appeal():
    assert coded("Interpol is seeking Maduro's former minister.") == []
    assert coded("Prosecutors are seeking Netanyahu.") == []
    assert coded("Israeli police said they were seeking him in Jenin.") == []
    assert coded("Interpol is seeking the former president of Peru.") == []
    # (what is asked of a person is still asked)
    assert coded("Germany sought Putin's help in the talks.") == [("DEU", "RUSGOV", "023")]
    assert coded("Germany sought the approval of Trump.") == [("DEU", "USAGOV", "020")]
    assert coded("The US is seeking new sanctions against Maduro.") == [("USA", "VENGOV", "020")]
    assert coded("The EU sought clarity from Washington.") == [("IGOEUREEC", "USA", "020")]


def test_an_invitation_offers_a_meeting_or_asks_an_act():
    # (CAMEO.2.0.txt codes "invite" 040, a meeting, which has not happened)
    assert coded("Putin had invited Trump to visit Russia for a subsequent meeting.") == [
        ("RUSGOV", "USAGOV", "036")]
    assert coded("Saudi Arabia invited Zelensky to Jeddah.") == [("SAU", "UKRGOV", "036")]
    assert coded("India has invited Pakistan to work with India to solve the Kashmir "
                 "issue.") == [("IND", "PAK", "020")]


def test_campaigning_codes_only_through_its_patterns():
    # (as "campaign" does: CAMEO.2.0.txt's block codes running for office a demand, 100)
    assert coded("The opposition leader campaigned in the eastern district of Arroyo del "
                 "Sur.") == []


def test_a_state_defends_in_words_and_troops_by_arms():
    # (CAMEO.2.0.txt codes "defend" 074, military protection)
    assert coded("The United States defended Israel at the UN.") == [("USA", "ISR", "052")]
    assert coded("China defended Russia's actions in Ukraine.") == [("CHN", "RUS", "052")]
    assert coded("French troops defended the Malian government against the rebels.") == [
        ("FRAMIL", "MLIGOV", "074")]
    assert coded("Israel defended itself against Iranian missiles.") == [("ISR", "IRN", "074")]


def test_a_claim_of_a_fact_is_a_statement_and_a_letter_no_meeting():
    # (CAMEO.2.0.txt codes "claim" 110, disapproval, and sending a letter 040)
    assert coded("Greece's Defense Ministry claimed that the Greek Armed Forces were not at "
                 "fault for the incident with Germany.") == []
    assert coded("The Turks claim the jet mistakenly entered Syrian airspace.") == []
    assert coded("Hamas claimed responsibility for the attack on Israel.") == [
        ("PSEREBHMS", "ISR", "015")]
    assert coded("Morocco had sent a letter to the ICTY over its alleged military "
                 "intervention in Mauritania.") == []
    assert [c[2] for c in coded("The Soviet Union has sent a letter of support and "
                                "solidarity to the Philippines.")] == ["051"]


def test_force_tear_gas_mining_and_oaths_are_no_acts():
    # (CAMEO.2.0.txt codes "force" 170, "tear" 180, "mining" 090 and "sworn" 110; using
    # force or tear gas is violent repression, 175)
    assert coded("Indian police have used deadly force in the past against protesters in "
                 "Kashmir.") == [("INDCOP", "INDOPP", "175")]
    assert coded("Russia will force Ukraine to accept the deal.") == [("RUS", "UKR", "130")]
    assert coded("Protesters force Serbian PM to resign.") == [("SRBOPP", "SRBGOV", "170")]
    # (force against a state is military force, not repression)
    assert coded("Russia used force against Ukraine in 2014.") == [("RUS", "UKR", "190")]
    assert coded("Putin was sworn in as president of Russia.") == []
    assert coded("Italian police have resorted to tear gas against supporters of the "
                 "Northern League in Rome.") == [("ITACOP", "ITA", "175")]
    assert coded("Chinese companies hold mining rights in Afghanistan.") == []


def test_recalling_an_envoy_or_negotiators_reduces_relations():
    # (CAMEO.2.0.txt codes recalling an ambassador, 161, and nothing else recalled)
    assert coded("Algeria recalled its envoy to France.") == [("DZA", "FRA", "161")]
    assert coded("The United States and Israel recalled their negotiators from Doha.") == [
        ("USA", "QAT", "164"), ("ISR", "QAT", "164")]


def test_an_exercise_held_together_is_military_cooperation_of_each_with_the_other():
    # (not a show of force against the next country named, nor against the sea it is in)
    assert sorted(coded("The United States and South Korea began their annual summer "
                        "military exercise on Monday, as Seoul seeks to ease tensions with "
                        "North Korea.")) == [("KOR", "USA", "062"), ("USA", "KOR", "062")]
    assert sorted(coded("China and Russia held joint naval drills in the Sea of Japan.")) == [
        ("CHN", "RUS", "062"), ("RUS", "CHN", "062")]
    assert sorted(coded("Russia held military exercises with Belarus.")) == [
        ("BLR", "RUS", "062"), ("RUS", "BLR", "062")]
    assert sorted(coded("Iran held naval drills with Russia and China.")) == sorted(
        (a, b, "062") for a in ("IRN", "RUS", "CHN") for b in ("IRN", "RUS", "CHN") if a != b)
    assert sorted(coded("NATO held military exercises with Finland.")) == [
        ("FIN", "IGOWSTNAT", "062"), ("IGOWSTNAT", "FIN", "062")]
    # one state's drills near another show force; what they are held "with" is no partner
    # unless named right after it
    assert coded("China held naval drills near Taiwan.") == [("CHN", "TWN", "150")]
    assert coded("Russia held military exercises near the border with Ukraine.") == [
        ("RUS", "UKR", "150")]
    assert coded("China held military drills with aircraft carriers near Japan.") == [
        ("CHN", "JPN", "150")]


def test_an_organisations_own_people_are_the_organisation():
    # (not the acting state's own judges or officials, as an unplaced sector would be)
    assert coded("The United States imposed sanctions on two judges of the International "
                 "Criminal Court.") == [("USA", "IGOJUDICC", "163")]
    assert coded("Russia criticised officials of the United Nations.") == [
        ("RUS", "IGOUNO", "111")]
    assert coded("The United States imposed sanctions on two judges and two deputy "
                 "prosecutors of the International Criminal Court.") == [
        ("USA", "IGOJUDICC", "163")]
    assert coded("The US sanctioned officials from the International Criminal Court.") == [
        ("USA", "IGOJUDICC", "163")]
    # a country after "of" still owns its officials, a possessor its troops; refugees
    # are no organisation's
    assert coded("The US sanctioned officials of Iran.") == [("USA", "IRNGOV", "163")]
    assert coded("Italy withdrew its troops from the UN force in Lebanon.") == [
        ("ITA", "IGOUNO", "0874")]
    assert coded("The US resettled refugees of the Islamic State war.") == [
        ("USA", "USAREF", "080")]


def test_officials_from_a_country_are_that_countrys():
    assert coded("Russia hosted officials from Iran.") == [
        ("RUS", "IRNGOV", "043"), ("IRNGOV", "RUS", "042")]
    assert coded("Russia expelled diplomats from Britain.") == [("RUS", "GBRGOV", "161")]
    assert "RUSGOV" not in str(coded("Britain recalled diplomats from Moscow."))
    # its own people, brought from somewhere, stay its own; troops come from where they were
    assert coded("Germany evacuated its diplomats from Kabul.")[0][:2] == ("DEU", "AFG")
    assert coded("Israel will withdraw its troops from Lebanon.") == [("ISR", "LBN", "0356")]


def test_what_is_avoided_is_no_ones_act():
    assert coded("Kyrgyz officials have said they comply with international law and want to "
                 "avoid secondary sanctions.") == []
    assert coded("Turkey hopes to escape sanctions.") == []
    assert coded("Israel avoided attacking civilians in Gaza.") == []
    assert coded("The party ran under another name to avoid being banned by the "
                 "government of Senegal.") == []
    # wanting to avoid something intends nothing
    assert coded("Kazakhstan wants to avoid sanctions from the United States.") == []
    # (a past verb after the avoiding is the sentence's act)
    assert coded("Hamas fighters who escaped last week attacked Israeli troops in "
                 "Rafah.") == [("PSEREBHMS", "ISRMIL", "180")]


def test_receiving_a_leader_hosts_a_visit():
    assert coded("Erdogan received the Iranian president in Ankara.") == [
        ("TURGOV", "IRNGOV", "043"), ("IRNGOV", "TURGOV", "042")]
    assert coded("Putin received Modi in the Kremlin.") == [
        ("RUSGOV", "INDGOV", "043"), ("INDGOV", "RUSGOV", "042")]
    # receiving a thing, or what an actor's name describes, hosts no one
    assert coded("Zelenskyy received a call from Trump.") == [("UKRGOV", "USAGOV", "041")]
    assert coded("Ukraine received the German air defence systems on Monday.") == []
    assert coded("Honduras is ready to receive the Honduran Navy aircraft.") == [
        ("HND", "HNDMIL", "030")]
    assert coded("Qatar received the Iranian president's message.") == []
    # troops and prisoners received are no guests
    assert coded("Lithuania received German troops for a new brigade.") == []
    assert coded("Russia received Ukrainian prisoners of war in the exchange.") == []


def test_receiving_officials_or_a_delegation_hosts_a_visit():
    assert coded("Iran received Russian officials.") == [
        ("IRN", "RUS", "043"), ("RUS", "IRN", "042")]
    assert coded("Iran received a Russian delegation.") == [
        ("IRN", "RUS", "043"), ("RUS", "IRN", "042")]
    assert coded("Iran received the visiting Hamas delegation.") == [
        ("IRN", "PSEREBHMS", "043"), ("PSEREBHMS", "IRN", "042")]
    assert coded("Iran received a letter from Russian officials.") == []
    assert coded("Hamas received the Egyptian delegation's proposal.") == []
    # a thing of a country's hosted is no guest
    assert coded("Qatar hosts a US air base.") == [("QAT", "USA", "043")]
    assert coded("Iran received Russian aid.") == []
