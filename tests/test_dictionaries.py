"""The compiled CAMEO / PETRARCH-2 dictionaries: the parsers on inline snippets, the
loaders on the shipped files, and the build's determinism. Needs no ../shared, except the
one test that rebuilds from it (skipped when it is absent)."""
import gzip

import pytest

from transforms import dictionaries as d
from transforms.dictionaries import build as b

# ------------------------------------------------------------------ dates and restrictions


@pytest.mark.parametrize("text, iso", [
    ("991231", "1999-12-31"), ("080507", "2008-05-07"), ("19270101", "1927-01-01"),
    ("290101", "2029-01-01"), ("300101", "1930-01-01"), ("20140526", "2014-05-26"),
])
def test_parse_date(text, iso):
    assert b.parse_date(text) == iso


@pytest.mark.parametrize("text", ["2004017", "201005011", "990231", "abc"])
def test_parse_date_rejects_malformed(text):
    with pytest.raises(ValueError):
        b.parse_date(text)


@pytest.mark.parametrize("body, expected", [
    ("RUSGOV 991231-080507", ("RUSGOV", "1999-12-31", "2008-05-07", True)),
    ("RUSGOV >080508", ("RUSGOV", "2008-05-08", None, True)),
    ("RUSELI <930922", ("RUSELI", None, "1993-09-22", True)),
    ("EGYGOV > 140608", ("EGYGOV", "2014-06-08", None, True)),
    ("RUSELI", ("RUSELI", None, None, False)),
])
def test_parse_restriction(body, expected):
    assert b.parse_restriction(body) == expected


# ------------------------------------------------------------------ actor files

COUNTRIES = """\
# comment line
UKRAINE_
+UKRAINIAN_
+UKRANIA_
+U.K.R.
+DONETSK_
\t[USRUKR <910824]
\t[UKR >911221]

VLADIMIR_PUTIN_  # CountryInfo.txt
+PUTIN_
+PRESIDENT_VLADIMIR_PUTIN_
\t[RUSELI 700101-990809]
\t[RUSGOV 991231-080507]
\t[RUSGOV >080508]
\t[RUSELI]
LEONID_BREZHNEV_  # CountryInfo.txt
LEONID_ILYICH_BREZHNEV
\t[RUSGOV 641014-821110]
KREMLIN_
+RUSSIAN_WHITE_HOUSE
\t[RUSGOV]
RUSSIAN_FEDERATION_  [RUS]
+RUSSIA_
+MOSCOW_
JOE_BIDEN_  # CountryInfo.txt
\t[USAGOV >090120]
\t[USAELI]
UNITED_STATES_  [USA]
ORPHAN_WITHOUT_CODE_
CATHERINE_ASHTON
FEDERAL_SECURITY_SERVICE_  [RUSCOP]
"""

INTERNATIONAL = """\
NATO_
+NORTH_ATLANTIC_TREATY_ORGANIZATION_
\t[IGOWSTNAT]# NGO_Actors
KOFI_ANNAN_
\t[IGOUNO 970101-061231]
\t[ELI]# IGOrulers.txt
UNITED_STATES_FUND_FOR_UNICEF_\t[NGOUSAHLH]# NGO_Actors
"""

MILNONSTATE = "HAMAS_  #  kkl\n+ISLAMIC_RESISTANCE_MOVEMENT\n\t[PSEREBHMS]\n"

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES
CONGRESS!PERSON! [~LEG]
FOREIGN_!MINIST! [~GOV]
DEFENCE_MINIST [~GOVMIL]
!MINIST! FOR_AD!MINIST!RATIVE_REFORM [~GOVDEV]
AMBASSADOR [~GOV] # LRP 02 Jun 2004
ARMY [~MIL]
AIR_FORCE {} [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
HUMAN_RIGHTS_ACTIVISTS  [NGM~]
ISLAMIC_EXTREMIST
"""

ADDITIONS = {
    "igo_codes": {"NATO": "IGOWSTNAT"},
    "demonyms": {"RUS": ["Russian"], "USA": ["American"]},
    "seats": [{"phrase": "the Kremlin", "code": "RUSGOV", "type": "ORG", "aliases": ["Kremlin"]}],
    "names": [{"phrase": "the Atlantic alliance", "code": "NATO", "type": "IGO"}],
    "people": [
        {"name": "Joe Biden", "aliases": ["Biden"], "country": "USA",
         "close": {"USAGOV": "2017-01-20"}, "roles": [["USAGOV", "2021-01-20", "2025-01-20"]]},
        {"name": "Donald Trump", "aliases": ["Trump"], "country": "USA",
         "roles": [["USAGOV", "2025-01-20", None]]},
        {"name": "Mark Rutte", "country": "RUS", "roles": [["NATO", "2024-10-01", None]]},
    ],
    "agents": [{"phrase": "top diplomat", "code": "GOV"}, {"phrase": "army", "code": "XXX"}],
}


@pytest.fixture(scope="module")
def small_actors():
    texts = {b.ACTOR_FILES[0]: COUNTRIES, b.ACTOR_FILES[1]: INTERNATIONAL,
             b.ACTOR_FILES[2]: MILNONSTATE}
    compiled, report = b.compile_actors(texts, AGENTS, ADDITIONS)
    entries = tuple(
        d.ActorEntry(e["phrase"], e["type"], e["code"],
                     tuple(d.Role(r["code"], r["start"], r["end"]) for r in e["roles"]),
                     e["country"], e["name"], e["source"]) for e in compiled["entries"])
    agents = tuple(d.Agent(a["phrase"], a["code"], a["placement"]) for a in compiled["agents"])
    return d.ActorDictionary(entries, agents), report


def one(actors, phrase):
    found = actors.lookup(phrase)
    assert found, phrase
    return found[0]


def test_date_ranges_and_default(small_actors):
    actors, _ = small_actors
    putin = one(actors, "vladimir putin")
    assert putin.type == "PERSON" and putin.code == "RUSELI" and putin.country == "RUS"
    assert putin.roles[1] == d.Role("RUSGOV", "1999-12-31", "2008-05-07")
    assert actors.roles_on(putin, "2025-08-15") == "RUSGOV"
    assert actors.roles_on(putin, "1995-01-01") == "RUSELI"
    assert actors.roles_on(putin, "2008-05-07") == "RUSGOV"  # limits are inclusive
    assert actors.roles_on(putin, None) == "RUSELI"


def test_synonyms_share_the_record(small_actors):
    actors, _ = small_actors
    putin, alias = one(actors, "vladimir putin"), one(actors, "president vladimir putin")
    assert (alias.code, alias.roles, alias.name) == (putin.code, putin.roles, "vladimir putin")
    assert alias.source == "Phoenix.Countries.actors.txt"


def test_code_less_lines_fold_into_the_next_record(small_actors):
    actors, report = small_actors
    brezhnev = one(actors, "leonid brezhnev")
    assert brezhnev.name == "leonid brezhnev" and actors.code_for("leonid ilyich brezhnev", "1980-01-01") == "RUSGOV"
    # but not into a record with its own inline code: those are dropped
    assert not actors.lookup("catherine ashton") and not actors.lookup("orphan without code")
    assert any("CATHERINE_ASHTON" in line for line in report["dropped"])


def test_types_and_countries(small_actors):
    actors, _ = small_actors
    assert one(actors, "ukraine").type == "GPE"
    assert one(actors, "ukrania").type == "GPE"          # a spelling of the country
    assert one(actors, "donetsk").type == "LOC"          # a place in it, same code
    assert one(actors, "donetsk").code == "UKR"
    assert actors.code_for("ukraine", "1990-01-01") == "USRUKR"
    assert one(actors, "moscow").type == "LOC"
    assert one(actors, "russian white house").type == "ORG"
    assert one(actors, "federal security service").type == "ORG"
    nato = one(actors, "north atlantic treaty organization")
    assert (nato.type, nato.code, nato.country) == ("IGO", "IGOWSTNAT", None)
    annan = one(actors, "kofi annan")
    assert annan.type == "PERSON" and actors.roles_on(annan, "2000-01-01") == "IGOUNO"
    unicef = one(actors, "united states fund for unicef")
    assert (unicef.type, unicef.country) == ("ORG", "USA")
    hamas = one(actors, "islamic resistance movement")
    assert (hamas.type, hamas.code) == ("ORG", "PSEREBHMS")
    assert hamas.country is None  # PSE has no country record in this snippet


def test_additions_come_first_and_amend_people(small_actors):
    actors, _ = small_actors
    assert one(actors, "russian").source == "additions.yaml demonyms" and actors.code_for("russian") == "RUS"
    assert one(actors, "the kremlin").type == "ORG" and actors.code_for("kremlin") == "RUSGOV"
    assert actors.code_for("the atlantic alliance") == "IGOWSTNAT"
    biden = one(actors, "joe biden")
    assert biden.source == "Phoenix.Countries.actors.txt + additions.yaml"
    assert actors.roles_on(biden, "2012-01-01") == "USAGOV"
    assert actors.roles_on(biden, "2018-01-01") == "USAELI"   # the open role was closed
    assert actors.roles_on(biden, "2022-01-01") == "USAGOV"
    assert actors.code_for("biden", "2025-08-15") == "USAELI"
    trump = one(actors, "trump")
    assert (trump.code, trump.name, trump.type) == ("USAELI", "donald trump", "PERSON")
    assert actors.code_for("donald trump", "2025-08-15") == "USAGOV"
    assert actors.code_for("mark rutte", "2025-01-01") == "IGOWSTNAT"


def test_additions_reject_unknown_codes():
    bad = {**ADDITIONS, "seats": [{"phrase": "Atlantis", "code": "ATL"}]}
    with pytest.raises(ValueError, match="ATL"):
        b.compile_actors({b.ACTOR_FILES[0]: COUNTRIES, b.ACTOR_FILES[1]: "", b.ACTOR_FILES[2]: ""},
                         "", bad)


def test_a_key_listed_twice_in_a_dictionary_file_is_an_error(tmp_path):
    # (YAML lets the later entry replace the earlier without a word)
    twice = tmp_path / "twice.yaml"
    twice.write_text('verbs:\n  condemn: "111"\n  urge: "020"\n  condemn: "112"\n')
    with pytest.raises(d.DuplicateKeyError, match="line 4: 'condemn'"):
        d.load_yaml_strict(twice)
    once = tmp_path / "once.yaml"
    once.write_text('verbs:\n  condemn: "111"\nnouns:\n  condemn: "111"\n')
    assert d.load_yaml_strict(once) == {"verbs": {"condemn": "111"},
                                        "nouns": {"condemn": "111"}}
    d.load_yaml_strict(d.CORE_VERBS_FILE)   # the shipped files list each key once
    d.load_yaml_strict(b.ADDITIONS_FILE)


def test_agents_macros_plurals_and_placement(small_actors):
    actors, _ = small_actors
    assert {p for p in ("congressman", "congresswomen", "congressperson")
            if actors.agent(p) and actors.agent(p).code == "LEG"} == {"congressman", "congresswomen", "congressperson"}
    assert actors.agent("congressmans") is None                  # no plural after a macro
    assert actors.agent("foreign ministries").code == "GOV"
    assert actors.agent("defence ministry").code == "GOVMIL"     # TABARI stem expanded
    assert actors.agent("minister for administrative reform").code == "GOVDEV"
    assert actors.agent("ambassadors").code == "GOV"              # regular plural
    assert actors.agent("armies").code == "MIL"
    assert actors.agent("air forces") is None                     # {} = no plural
    assert actors.agent("attorneys general").code == "GOVATG"
    assert actors.agent("human rights activists") == d.Agent("human rights activists", "NGM", "prefix")
    assert actors.agent("islamic extremist") is None               # no code in the source
    assert actors.agent("top diplomat").code == "GOV"
    assert actors.agent("army").code == "MIL"                     # additions never override


# ------------------------------------------------------------------ verbs

@pytest.mark.parametrize("stem, forms", [
    ("ask", ["ask", "asks", "asked", "asking"]),
    ("accuse", ["accuse", "accuses", "accused", "accusing"]),
    ("agree", ["agree", "agrees", "agreed", "agreeing"]),
    ("deny", ["deny", "denies", "denied", "denying"]),
    ("push", ["push", "pushes", "pushed", "pushing"]),
    ("ban", ["ban", "bans", "banned", "banning"]),
    ("visit", ["visit", "visits", "visited", "visiting"]),
    ("veto", ["veto", "vetoes", "vetoed", "vetoing"]),
    ("cut", ["cut", "cuts", "cut", "cutting"]),
])
def test_regular_verb_forms(stem, forms):
    assert b.verb_forms(stem) == forms


VERBS = """\
####### SYNONYM SETS #######
&CURRENCY
+DOLLAR
+EURO
+CASH_
+SWISS FRANCS

&AUXVERB3_
+HAVE
+HAS

####### VERB PATTERNS #######
---  ASK   [020]  ---
ASK
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [021]
PLEAD
SAY  {SAYS SAID SAYING} [---]
- * &CURRENCY (FROM +)   [0211]  # ASK
- $ * + (FOR {&CURRENCY AID})  [0231:0232]  # REQUEST
- * (TO/FOR) ^ [:043]
- * &UNDEFINED [999]

---  VISIT   [042:043]  ---
VISIT
+BEEF_UP
- * [042]
######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture(scope="module")
def small_verbs():
    return b.compile_verbs(VERBS.splitlines())


def test_synsets_and_plurals(small_verbs):
    verbs, _ = small_verbs
    assert verbs["synsets"]["&CURRENCY"] == ["dollar", "dollars", "euro", "euros", "cash", "swiss francs"]
    assert verbs["synsets"]["&AUXVERB3"] == ["have", "has"]   # label ending in _: no plurals


def test_verb_lines(small_verbs):
    verbs, _ = small_verbs
    by_lemma = {v["lemma"]: v for v in verbs["verbs"]}
    assert by_lemma["ask"] == {"lemma": "ask", "forms": ["ask", "asks", "asked", "asking"],
                               "code": "020", "passive_code": None, "block": "ASK"}
    assert by_lemma["ask for"]["forms"] == ["ask for", "asked for", "asking for", "asks for"]
    assert by_lemma["ask for"]["code"] == "021"
    assert by_lemma["plead"]["code"] == "020"                  # the block's code
    assert by_lemma["say"]["code"] is None                     # [---] is the null code
    assert by_lemma["say"]["forms"] == ["say", "says", "said", "saying"]
    assert (by_lemma["visit"]["code"], by_lemma["visit"]["passive_code"]) == ("042", "043")
    assert by_lemma["beef up"]["forms"] == ["beef up", "beefs up", "beefed up", "beefing up"]


def test_patterns_with_synsets_and_markers(small_verbs):
    verbs, problems = small_verbs
    ask = [p for p in verbs["patterns"] if p["block"] == "ASK"]
    assert len(ask) == 3 and any("&UNDEFINED" in line for line in problems)
    first, second, third = ask
    assert first["verb_lemmas"] == ["ask", "ask for", "plead", "say"]
    assert first["before"] == []
    assert first["after"] == [["dollar", "dollars", "euro", "euros", "cash", "swiss francs"],
                              ["from"]]
    assert first["markers"] == [["after", 2, "+"]] and first["code"] == "0211"
    assert first["comment"] == "ASK"
    assert second["markers"] == [["before", 0, "$"], ["after", 0, "+"]]
    assert second["after"][0] == ["for"]
    assert second["after"][1][:2] == ["dollar aid", "dollars aid"]   # {multi word} is one slot
    assert (second["code"], second["passive_code"]) == ("0231", "0232")
    assert third["after"] == [["to", "for"]] and third["markers"] == [["after", 1, "^"]]
    assert (third["code"], third["passive_code"]) == (None, "043")
    assert not any("~" in str(p) for p in verbs["patterns"])      # transformations not compiled


# ------------------------------------------------------------------ CAMEO codes

CAMEO_CSV = (
    '"","eventtype_ID","name","code","goldstein","nsLeft","nsRight","description","usage_notes","example","root_code","order"\n'
    '"1",1,"MAKE PUBLIC STATEMENT","01",0,1,22,NA,NA,NA,"01",1\n'
    '"4",4,"Make pessimistic comment","012",-0.4,6,7,"Express pessimism. ","x",'
    '"He was skeptical over Moscow\x82Äôs will. ","01",4\n'
    '"9",9,"Fight with artillery","194",-10,1,2,"d","u","e","19",9\n'
)


def test_compile_cameo():
    plover = b.parse_plover(["# header", "01: NONE", "012: AGREE,  , diplomatic # x", "08: CONCEDE",
                             "08: RETREAT", "194: ASSAULT, , military"])
    assert plover["08"] == "CONCEDE"
    codes = b.compile_cameo(CAMEO_CSV, plover)
    assert codes["012"] == {"name": "Make pessimistic comment", "goldstein": -0.4, "root": "01",
                            "base": "012", "quad_class": 1, "plover": "AGREE",
                            "description": "Express pessimism.",
                            "example": "He was skeptical over Moscow’s will."}
    assert codes["01"]["base"] == "010" and codes["01"]["example"] is None
    assert codes["194"]["quad_class"] == 4


@pytest.mark.parametrize("root, quad", [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3),
                                        ("14", 3), ("15", 4), ("20", 4)])
def test_quad_class(root, quad):
    assert b.quad_class(root) == quad


# ------------------------------------------------------------------ shipped files

def test_shipped_cameo_codes():
    codes = d.load_cameo_codes()
    assert len(codes) > 300
    assert codes["042"].root == "04" and codes["042"].quad_class == 1
    assert codes["190"].root == "19" and codes["190"].quad_class == 4
    assert codes["173"].goldstein == -5.0
    assert codes["0211"].base == "021" and codes["20"].root == "20"
    assert codes["042"].plover == "CONSULT"
    assert all(c.code.startswith(c.root) for c in codes.values())
    assert not any("Ä" in (c.example or "") for c in codes.values())
    assert d.load_cameo_codes() is codes                              # cached


@pytest.mark.parametrize("phrase, date, code", [
    ("vladimir putin", "2025-08-15", "RUSGOV"),
    ("Vladimir  Putin", "2025-08-15", "RUSGOV"),
    ("russian", None, "RUS"),
    ("ukrainians", None, "UKR"),
    ("the kremlin", None, "RUSGOV"),
    ("the white house", None, "USAGOV"),
    ("the pentagon", None, "USAMIL"),
    ("downing street", None, "GBRGOV"),
    ("moscow", None, "RUS"),
    ("kyiv", None, "UKR"),
    ("brussels", None, "IGOEUREEC"),
    ("nato", None, "IGOWSTNAT"),
    ("european union", None, "IGOEUREEC"),
    ("u.n.", None, "IGOUNO"),
    ("organization for security and co-operation in europe", None, "IGOEURSCE"),
    ("the minsk group", None, "IGOEURSCE"),
    ("donald trump", "2025-08-15", "USAGOV"),
    ("donald trump", "2022-06-01", "USAELI"),
    ("joe biden", "2022-06-01", "USAGOV"),
    ("joe biden", "2025-08-15", "USAELI"),
    ("zelenskyy", "2025-08-15", "UKRGOV"),
    ("friedrich merz", "2025-05-06", "DEUGOV"),
    ("keir starmer", "2024-07-05", "GBRGOV"),
    ("mark carney", "2025-08-15", "CANGOV"),
    ("ahmed al-sharaa", "2025-01-01", "SYRGOV"),
    ("mark rutte", "2025-08-15", "IGOWSTNAT"),
    ("ursula von der leyen", "2025-08-15", "IGOEUREEC"),
    ("antonio guterres", "2025-08-15", "IGOUNO"),
])
def test_shipped_actor_lookups(phrase, date, code):
    assert d.load_actors().code_for(phrase, date) == code


def test_shipped_actors_shape():
    actors = d.load_actors()
    assert actors is d.load_actors()
    assert len(actors.entries) > 30000 and len(actors.agents) > 4000
    assert {e.type for e in actors.entries} == {"PERSON", "GPE", "IGO", "ORG", "LOC"}
    for entry in actors.entries:
        assert entry.phrase == d.normalize_phrase(entry.phrase) and entry.code
        for role in entry.roles:
            assert role.start is None or role.end is None or role.start <= role.end
    assert actors.code_for("olaf scholz", "2025-08-15") != "DEUGOV"
    assert actors.code_for("no such actor") is None
    assert actors.agent("Foreign Minister").code == "GOV"
    assert "~" not in "".join(a.code for a in actors.agents)


def test_shipped_actors_contain_the_additions():
    """The shipped actors.json.gz was rebuilt after the last edit of additions.yaml."""
    additions = b.load_additions()
    actors = d.load_actors()
    for item in [*additions["seats"], *additions["names"]]:
        for phrase in [item["phrase"], *item.get("aliases", [])]:
            assert actors.lookup(phrase), phrase
    for person in additions["people"]:
        assert any(e.type == "PERSON" for e in actors.lookup(person["name"])), person["name"]


def test_shipped_verbs():
    verbs = d.load_verbs()
    assert verbs is d.load_verbs()
    assert len(verbs.verbs) > 1500 and len(verbs.patterns) > 4000
    assert {v.code for v in verbs.by_form["said"]} == {"010"}
    assert any(v.lemma == "ask for" for v in verbs.by_form["asked for"])
    assert all(slot for p in verbs.patterns for slot in (*p.before, *p.after))
    assert set(verbs.patterns_by_block) <= {v.block for v in verbs.verbs}
    codes = d.load_cameo_codes()
    used = {p.code for p in verbs.patterns} | {v.code for v in verbs.verbs}
    assert len(used - set(codes) - {None}) <= 2   # 176 and 1952 are newer than the table


def test_shipped_files_are_small():
    assert sum(p.stat().st_size for p in d.DATA_DIR.iterdir() if p.is_file()) < 6_000_000


def test_shipped_files_are_canonical():
    """Re-encoding the shipped data gives the same bytes: the encoding is deterministic."""
    again = b.encode_outputs(d.read_json(d.CAMEO_CODES_FILE), d.read_json(d.ACTORS_FILE),
                             d.read_json(d.VERBS_FILE))
    for name, data in again.items():
        assert (d.DATA_DIR / name).read_bytes() == data, name
    assert gzip.decompress(again["actors.json.gz"])[:1] == b"{"
    assert again["actors.json.gz"][4:8] == b"\0\0\0\0"   # gzip mtime 0


def test_build_reproduces_the_shipped_files(tmp_path):
    if b.missing_sources(b.DEFAULT_SHARED):
        pytest.skip(f"no source data under {b.DEFAULT_SHARED}")
    assert b.main(["--out", str(tmp_path)]) == 0
    for name in ("cameo_codes.json", "actors.json.gz", "verbs.json.gz"):
        assert (tmp_path / name).read_bytes() == (d.DATA_DIR / name).read_bytes(), name


def test_build_without_sources_exits_2(tmp_path, capsys):
    assert b.main(["--shared", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "source data not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
