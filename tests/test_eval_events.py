"""The event-evaluation metrics on hand-made gold and predictions, the gold-data loaders on small
inline files, and the command end to end with a fake tag_text (no ../shared needed)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval import events as ev
from eval.event_metrics import (MatchCounts, actor_correct, actor_counts, actor_scores,
                                best_event, classification_scores, document_label,
                                document_label_by_type, exact_accuracy, match_scores, per_label,
                                precision_recall_f1, sentence_counts)
from transforms import tagging
from transforms.tagging import ActorMention, Event, TagResult

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def actor(code, country=None, text="x"):
    return ActorMention(text, code, country, "GPE", 0, 1)


def event(code, source=None, target=None, sentence="s", verb="v"):
    return Event(0, sentence, source or actor("---"), target, code, code[:3], code[:2], 1, 0.0,
                 verb, 0, 1, 0.5)


# Sentence matching

SENTENCES = [
    ("03", ["03", "01"]),    # match, and one spurious statement
    ("04", []),              # nothing predicted: a miss
    ("12", ["11"]),          # wrong root: a miss and a spurious event
    ("14", ["14", "14"]),    # reciprocal events: one match, the second is not spurious
]


def test_sentence_counts_by_hand():
    counts = sentence_counts(SENTENCES)
    assert counts == MatchCounts(sentences=4, tp=2, fp=2, fn=2, events=5, unscored=0,
                                 no_event=1)
    scores = match_scores(counts)
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.5, 0.5, 0.5)
    assert scores["spurious_per_gold"] == 0.5


def test_events_outside_the_scheme_are_neither_matches_nor_spurious():
    counts = sentence_counts([("AGREE", [None, "AGREE"]), ("REJECT", [None]),
                              ("ASSAULT", ["COERCE"])])
    assert counts == MatchCounts(3, tp=1, fp=1, fn=2, events=4, unscored=2, no_event=0)
    p, r, f1 = precision_recall_f1(counts.tp, counts.fp, counts.sentences)
    assert (p, r) == (0.5, pytest.approx(1 / 3))
    assert f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))     # 0.4


def test_nothing_predicted_scores_zero_without_dividing_by_zero():
    assert precision_recall_f1(0, 0, 3) == (0.0, 0.0, 0.0)
    assert match_scores(sentence_counts([]))["f1"] == 0.0


def test_exact_accuracy_and_per_label():
    assert exact_accuracy([("0231", ["023", "0231"]), ("0211", ["021"]),
                           ("042", [])]) == pytest.approx(1 / 3)
    table = per_label(SENTENCES)
    assert table["03"] == {"gold": 1, "tp": 1, "recall": 1.0, "spurious": 0}
    assert table["01"] == {"gold": 0, "tp": 0, "recall": 0.0, "spurious": 1}
    assert table["11"]["spurious"] == 1 and table["12"]["recall"] == 0.0


# Actors

def test_country_codes_compare_on_the_first_three_letters():
    assert actor_correct(["USAGOV"], actor("USAMIL", "USA"))
    assert actor_correct(["HUN", "ROU"], actor("ROUGOV", "ROU"))        # any gold actor
    assert not actor_correct(["RUS"], actor("UKRGOV", "UKR"))
    assert not actor_correct(["RUS"], None)


def test_gold_typos_and_older_codes_are_aliased():
    assert actor_correct(["JAP"], actor("JPNGOV", "JPN"))
    assert actor_correct(["TLS"], actor("TMP", "TMP"))
    assert actor_correct(["ITL"], actor("ITA", None))   # country falls back to the code


def test_igo_codes_compare_whole():
    assert actor_correct(["IGO"], actor("IGOUNO", None))
    assert actor_correct(["IGOUNO"], actor("IGOUNOMIL", None))
    assert not actor_correct(["IGOUNO"], actor("IGONAT", None))
    assert not actor_correct(["USA"], actor("IGOUNO", None))
    assert not actor_correct(["IGO"], actor("USAGOV", "USA"))


def test_best_event_prefers_the_gold_type_then_the_actors():
    wrong_type = event("111", actor("ISR", "ISR"), actor("PSE", "PSE"))
    right_type_bad_actors = event("120", actor("USA", "USA"))
    right_type_good_actors = event("125", actor("ISR", "ISR"), actor("EGY", "EGY"))
    events = [wrong_type, right_type_bad_actors, right_type_good_actors]
    labels = ["ACCUSE", "REJECT", "REJECT"]
    assert best_event("REJECT", ["ISR"], ["PSE"], events, labels) is right_type_good_actors
    # No event of the gold type: the one with most actors right.
    assert best_event("AGREE", ["ISR"], ["PSE"], events, labels) is wrong_type
    assert best_event("AGREE", ["ISR"], [], [], []) is None


def test_actor_counts_by_hand():
    items = [
        (["ISR"], ["PSE"], event("190", actor("ISR", "ISR"), actor("PSE", "PSE"))),   # both
        (["USA"], ["IRQ"], event("112", actor("USA", "USA"), actor("IRN", "IRN"))),   # source
        (["FRA"], [], event("010", actor("GBR", "GBR"))),        # no gold target: source only
        (["RUS"], ["UKR"], None),                                # no event: both wrong
    ]
    counts = actor_counts(items)
    assert tuple(counts) == (2, 4, 1, 3, 1, 3)
    scores = actor_scores(counts)
    assert scores["source_accuracy"] == 0.5
    assert scores["target_accuracy"] == pytest.approx(1 / 3)
    assert scores["dyad_accuracy"] == pytest.approx(1 / 3)


# Documents

def test_document_label_is_the_type_of_the_most_frequent_root():
    assert document_label([("01", None), ("14", "PROTEST"), ("17", "COERCE"),
                           ("14", "PROTEST"), ("01", None), ("01", None)]) == "PROTEST"
    # Tie between roots 17 and 14: the root seen first wins.
    assert document_label([("17", "COERCE"), ("14", "PROTEST"), ("14", "PROTEST"),
                           ("17", "ASSAULT")]) == "COERCE"
    # Root 08 splits into CONCEDE and RETREAT: the root's first event decides.
    assert document_label([("08", "RETREAT"), ("08", "CONCEDE"), ("04", "CONSULT")]) == "RETREAT"
    assert document_label([("01", None), ("02", None)]) == "NONE"
    assert document_label([]) == "NONE"


def test_document_label_by_type_counts_types_not_roots():
    assert document_label_by_type(["COERCE", "ASSAULT", "ASSAULT", None]) == "ASSAULT"
    assert document_label_by_type([None]) == "NONE"


def test_classification_scores_by_hand():
    result = classification_scores(["A", "A", "B", "C"], ["A", "B", "B", "NONE"])
    assert result["accuracy"] == 0.5
    a, b, c = (result["per_label"][k] for k in "ABC")
    assert (a["precision"], a["recall"], a["f1"]) == (1.0, 0.5, pytest.approx(2 / 3))
    assert (b["precision"], b["recall"], b["f1"]) == (0.5, 1.0, pytest.approx(2 / 3))
    assert (c["precision"], c["recall"], c["f1"]) == (0.0, 0.0, 0.0)
    assert result["macro_f1"] == pytest.approx(4 / 9)       # NONE is not a gold label
    assert result["none_predicted"] == 1
    assert result["confusion"]["A"] == {"A": 1, "B": 1}
    with pytest.raises(ValueError):
        classification_scores(["A"], [])


# Loaders

CAMEO_CSV = '''"","eventtype_ID","name","code","goldstein","nsLeft","nsRight","description","usage_notes","example","root_code","order"
"1",1,"MAKE PUBLIC STATEMENT","01",0,1,22,NA,NA,NA,"01",1
"2",4,"Make pessimistic comment","012",-0.4,6,7,"d","u","Brandt was skeptical over Moscow\x82\u00c4\u00f4s will to agree. ","01",4
"3",30,"Express intent to cooperate","030",4,1,2,"d","u","Hungary and Romania agreed on Wednesday to cooperate. Note: Two reciprocal events are coded with actors reversed. ","03",30
"4",80,"Increase police alert status","151",-7.2,1,2,"d","u","NEED EXAMPLE. ","15",80
"5",90,"Reject request for rights","1233",-5,1,2,"d","u","Serbia rejected the \x82\u00c4\u00faautonomy\x82\u00c4\u00f9 demand\x82\u00c4\u00eeagain. ","12",90
'''

CAMEO2PLOVER_TXT = """# CAMEO to PLOVER conversion table
03: AGREE
030: AGREE,  , diplomatic # Express intent to cooperate

08: CONCEDE
080: CONCEDE,   ,  # Yield

08: RETREAT
084: RETREAT,   ,  # Return, release
0841: RETREAT, release,   legal # Return, release person(s)

12: REJECT
120: REJECT,  ,    # Reject

16: SANCTION
163: COERCE, restrict,   diplomatic # Impose embargo, boycott, or sanctions
~~~~~
"""

GSR = [
    {"id": "PLOVER-GSR01-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "docs"},
    {"id": "G-1", "date": "2000-01-01", "event": "AGREE", "text": "Hungary and Romania agreed.",
     "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
                {"actorText": "Romanian", "code": "ROU"}], "target": ""},
    {"id": "G-2", "date": "2000-01-01", "event": "DEMAND", "text": "Israel demanded the U.N. act.",
     "source": [{"actorText": "Israel", "code": "ISR"}],
     "target": [{"actorText": "U.N.", "code": "IGO"}]},
    {"id": "G-3", "date": "2000-01-01", "event": "FIGHT", "text": "Japan shelled Serbia.",
     "source": [{"actorText": "Japan", "code": "JAP"}],
     "target": [{"actorText": "Serbia", "code": "SRB"}], "cameo": "194"},
    {"id": "G-4", "event": "DISAPPROVE", "text": "Italy criticized Iran.",
     "source": [{"actorText": "Italy", "code": "ITL"}], "target": "diplomatic"},
]

NGEC_CSV = '''text,title,source,label,mode
"Police fired on protesters. Crowds protested again. Officials said it was calm.",Riot in {country_1},AP,PROTEST,RIOT
"The government released 40 prisoners. Rebels said they released none.",Release,AFP,RETREAT,RELEASE
"The minister said the talks went well.",Talks,Reuters,CONSULT,
'''


def write(tmp_path, cameo=True, plover=True, ngec=True):
    (tmp_path / "cameo").mkdir(exist_ok=True)
    (tmp_path / "eval" / "events").mkdir(parents=True, exist_ok=True)
    if cameo:
        (tmp_path / ev.CAMEO_CODES).write_text(CAMEO_CSV, encoding="utf-8")
    if plover or ngec:
        (tmp_path / ev.CAMEO2PLOVER).write_text(CAMEO2PLOVER_TXT, encoding="utf-8")
    if plover:
        (tmp_path / ev.PLOVER_GSR).write_text(json.dumps(GSR), encoding="utf-8")
    if ngec:
        (tmp_path / ev.NGEC_DEV).write_text(NGEC_CSV, encoding="utf-8")
    return tmp_path


def test_fix_mojibake_restores_punctuation_with_ascii_quotes():
    assert ev.fix_mojibake("Moscow\x82\u00c4\u00f4s") == "Moscow's"
    assert ev.fix_mojibake("\x82\u00c4\u00faall\x82\u00c4\u00f9") == '"all"'
    assert ev.fix_mojibake("\x82\u00c4\u00f2x\x82\u00c4\u00f4") == "'x'"
    assert ev.fix_mojibake("to\x82\u00c4\u00eeand") == "to\u2014and"
    assert ev.fix_mojibake("\u00ac\u00a312m") == "\u00a312m"
    assert ev.fix_mojibake("Ankara's C\u00ac? ankaya district") == "Ankara's \u00c7ankaya district"
    assert ev.fix_mojibake("Caf\u00e9 stays") == "Caf\u00e9 stays"     # not mojibake: kept


def test_load_cameo_examples(tmp_path):
    examples = ev.load_cameo_examples(write(tmp_path) / ev.CAMEO_CODES)
    assert examples == [
        ev.CameoExample("012", "01", "Make pessimistic comment",
                        "Brandt was skeptical over Moscow's will to agree."),
        ev.CameoExample("030", "03", "Express intent to cooperate",
                        "Hungary and Romania agreed on Wednesday to cooperate."),
        ev.CameoExample("1233", "12", "Reject request for rights",
                        'Serbia rejected the "autonomy" demand\u2014again.'),
    ]   # NA and "NEED EXAMPLE" rows are left out, coder notes cut off


def test_load_cameo_plover_and_lookup(tmp_path):
    table = ev.load_cameo_plover(write(tmp_path) / ev.CAMEO2PLOVER)
    assert table == {"03": "AGREE", "030": "AGREE", "08": "CONCEDE", "080": "CONCEDE",
                     "084": "RETREAT", "0841": "RETREAT", "12": "REJECT", "120": "REJECT",
                     "16": "SANCTION", "163": "COERCE"}
    assert ev.plover_type("0841", table) == "RETREAT"
    assert ev.plover_type("163", table) == "COERCE"       # the code's line, not the section's
    assert ev.plover_type("1631", table) == "COERCE"      # unknown code: its base
    assert ev.plover_type("0845", table) == "RETREAT"
    assert ev.plover_type("089", table) == "CONCEDE"      # unknown base: the first 08 section
    assert ev.plover_type("010", table) is None
    assert ev.plover_type("", table) is None


def test_load_plover_gsr(tmp_path):
    records = ev.load_plover_gsr(write(tmp_path) / ev.PLOVER_GSR)
    assert [r.id for r in records] == ["G-1", "G-2", "G-3", "G-4"]          # DOCUMENT skipped
    assert [(r.event_v05, r.event) for r in records] == [
        ("AGREE", "AGREE"), ("DEMAND", "REQUEST"), ("FIGHT", "ASSAULT"),
        ("DISAPPROVE", "ACCUSE")]
    assert records[0].sources == ["HUN", "ROU"] and records[0].targets == []
    assert records[3].targets == []                      # a stray string is no target
    assert [r.cameo for r in records] == [None, None, "194", None]
    assert records[3].date is None


def test_load_plover_gsr_refuses_an_unmapped_type(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([{"id": "X-1", "event": "ENDORSE", "text": "t"}]))
    with pytest.raises(ValueError, match="ENDORSE"):
        ev.load_plover_gsr(path)


def test_every_plover_2021_type_in_the_table_is_a_target_of_the_v05_mapping():
    assert set(ev.PLOVER_V05_TO_2021.values()) == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"}


def test_load_ngec(tmp_path):
    docs = ev.load_ngec(write(tmp_path) / ev.NGEC_DEV)
    assert [(d.index, d.label, d.mode) for d in docs] == [
        (0, "PROTEST", "RIOT"), (1, "RETREAT", "RELEASE"), (2, "CONSULT", "")]
    assert docs[0].text.startswith("Police fired")


def test_evenly_spaced():
    assert ev.evenly_spaced(list(range(10)), 3) == [0, 3, 6]
    assert ev.evenly_spaced(list(range(3)), 5) == [0, 1, 2]
    assert ev.evenly_spaced(list(range(3)), None) == [0, 1, 2]


# The command

def test_absent_data_exits_2_naming_the_path(tmp_path, capsys):
    assert ev.main(["cameo", "--data", str(tmp_path)]) == ev.EXIT_NO_DATA
    err = capsys.readouterr().err
    assert "Event evaluation data absent" in err
    assert str(tmp_path / "cameo" / "cameo-codes.csv") in err


def test_absent_data_for_all_names_every_missing_file(tmp_path, capsys):
    write(tmp_path, plover=False)
    assert ev.main(["all", "--data", str(tmp_path)]) == ev.EXIT_NO_DATA
    err = capsys.readouterr().err
    assert str(tmp_path / ev.PLOVER_GSR) in err
    assert "cameo-codes.csv" not in err


def test_command_exits_2_without_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "eval.events", "cameo", "--data", str(tmp_path)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Event evaluation data absent" in done.stderr
    assert "Traceback" not in done.stderr


KEYWORDS = {   # a fake coder: a verb and the CAMEO code it gives
    "skeptical": "012", "agreed": "030", "rejected": "120", "demanded": "100",
    "shelled": "194", "criticized": "111", "said": "010", "protested": "141",
    "fired": "173", "released": "0841",
}
COUNTRIES = {"Hungary": "HUN", "Romania": "ROU", "Israel": "ISR", "Japan": "JPN", "Serbia": "SRB",
             "Italy": "ITA", "Iran": "IRN", "Moscow": "RUS", "Brandt": "DEU"}


def fake_tag_text(text, date=None):
    mentions = [actor(code, code, name) for name, code in COUNTRIES.items() if name in text]
    if "U.N." in text:
        mentions.append(actor("IGOUNO", None, "U.N."))
    found = []
    for word, code in KEYWORDS.items():
        if word in text:
            found.append(event(code, mentions[0] if mentions else None,
                               mentions[1] if len(mentions) > 1 else None, text, word))
    return TagResult(found, [])


def test_cameo_set_end_to_end_with_a_fake_tagger(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tagging, "tag_text", fake_tag_text)
    write(tmp_path)
    out = tmp_path / "figures.json"
    assert ev.main(["cameo", "--data", str(tmp_path), "--json", str(out), "--errors", "2"]) == 0
    printed = capsys.readouterr().out
    # Sentence 012: "skeptical" → 012 and "agree" is not "agreed": a match.
    # Sentence 030: "agreed" → 030: a match.
    # Sentence 1233: "rejected" → 120: root 12 matches, full code 1233 does not.
    cameo = json.loads(out.read_text())["sets"]["cameo"]
    match = cameo["match_by_root"]
    assert (match["tp"], match["fp"], match["fn"], match["sentences"]) == (3, 0, 0, 3)
    assert cameo["full_code_accuracy"] == pytest.approx(2 / 3)
    assert cameo["base_code_accuracy"] == pytest.approx(2 / 3)
    assert cameo["examples"]["misses"] == [] and cameo["examples"]["spurious"] == []
    assert f"python -m eval.events cameo --data {tmp_path.resolve()}" in printed
    assert "root code" in printed and "full-code exact accuracy 0.667" in printed


def test_plover_set_end_to_end_with_a_fake_tagger(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tagging, "tag_text", fake_tag_text)
    out = tmp_path / "figures.json"
    assert ev.main(["plover", "--data", str(write(tmp_path)), "--json", str(out),
                    "--errors", "3"]) == 0
    plover = json.loads(out.read_text())["sets"]["plover"]
    # G-1 AGREE: 030 AGREE HUN→ROU, match. G-2 REQUEST: 100 has no line in the small table and
    # no 10 section: an unscored event, a miss. G-3 ASSAULT: 194 has no PLOVER type here either,
    # a miss. G-4 ACCUSE: 111 likewise.
    match = plover["match_by_type"]
    assert (match["tp"], match["fp"], match["fn"], match["unscored"]) == (1, 0, 3, 3)
    assert plover["only_unscored_events"] == 3
    # Best events: G-1 HUN (source right, no gold target), G-2 ISR→IGOUNO (both right),
    # G-3 JPN→SRB against gold JAP→SRB (both right through the alias), G-4 ITA→IRN against
    # ITL (source right; the stray target string is no gold target).
    actors = plover["actors"]
    assert (actors["source_correct"], actors["source_gold"]) == (4, 4)
    assert (actors["target_correct"], actors["target_gold"]) == (2, 2)
    assert (actors["dyad_correct"], actors["dyad_gold"]) == (2, 2)
    # Only G-3 carries a CAMEO code (194): root 19 found.
    assert plover["match_by_root"]["tp"] == 1 and plover["match_by_root"]["sentences"] == 1
    assert len(plover["examples"]["misses"]) == 3
    assert "PLOVER type" in capsys.readouterr().out


def test_ngec_set_end_to_end_with_a_fake_tagger(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tagging, "tag_text", fake_tag_text)
    out = tmp_path / "figures.json"
    assert ev.main(["ngec", "--data", str(write(tmp_path)), "--json", str(out),
                    "--errors", "2"]) == 0
    ngec = json.loads(out.read_text())["sets"]["ngec"]
    # Doc 0: "fired" 173 (no line, no 17 section: untyped), "protested" 141 (untyped here),
    # "said" 010: no typed event, NONE. Doc 1: "released" 0841 RETREAT and "said": RETREAT.
    # Doc 2: "said" only: NONE.
    assert ngec["accuracy"] == pytest.approx(1 / 3)
    assert ngec["per_label"]["RETREAT"]["f1"] == 1.0
    assert ngec["macro_f1"] == pytest.approx(1 / 3)
    assert ngec["none_predicted"] == 2 and ngec["only_unscored_events"] == 2
    assert ngec["no_event"] == 0
    printed = capsys.readouterr().out
    assert "macro-F1 0.333" in printed


def test_limit_scores_evenly_spaced_items(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tagging, "tag_text", fake_tag_text)
    out = tmp_path / "figures.json"
    assert ev.main(["ngec", "--data", str(write(tmp_path)), "--limit", "2",
                    "--json", str(out)]) == 0
    assert json.loads(out.read_text())["sets"]["ngec"]["documents"] == 2
    assert "python -m eval.events ngec" in capsys.readouterr().out


def test_unwritten_tagger_exits_3(tmp_path, monkeypatch, capsys):
    def unwritten(text, date=None):
        raise NotImplementedError("the event coder is being written")
    monkeypatch.setattr(tagging, "tag_text", unwritten)
    assert ev.main(["cameo", "--data", str(write(tmp_path))]) == ev.EXIT_NO_TAGGER
    assert "tagger not available yet" in capsys.readouterr().err


def test_a_tagger_failing_on_every_text_exits_3(tmp_path, monkeypatch, capsys):
    def broken(text, date=None):
        raise ModuleNotFoundError("No module named 'transforms.dictionaries'")
    monkeypatch.setattr(tagging, "tag_text", broken)
    assert ev.main(["cameo", "--data", str(write(tmp_path))]) == ev.EXIT_NO_TAGGER
    err = capsys.readouterr().err
    assert "tagger not available yet" in err and "transforms.dictionaries" in err


def test_a_tagger_failing_on_some_texts_is_reported(tmp_path, monkeypatch, capsys):
    def flaky(text, date=None):
        if "Romania" in text:
            raise ValueError("bad sentence")
        return fake_tag_text(text, date)
    monkeypatch.setattr(tagging, "tag_text", flaky)
    out = tmp_path / "figures.json"
    assert ev.main(["cameo", "--data", str(write(tmp_path)), "--json", str(out)]) == 0
    cameo = json.loads(out.read_text())["sets"]["cameo"]
    assert cameo["tagger_errors"]["count"] == 1
    assert cameo["match_by_root"]["fn"] == 1
    assert "tag_text raised on 1 items" in capsys.readouterr().out
