"""Compile the PETRARCH-2 / Phoenix dictionaries and the CAMEO code table into package data.

    python -m transforms.dictionaries.build [--shared DIR]

DIR defaults to ../shared/data beside the project root. The outputs (cameo_codes.json,
actors.json.gz, verbs.json.gz, next to this file) are byte-identical from run to run:
sorted keys, fixed separators, gzip with mtime 0. Exits 2 when the sources are missing.

Formats follow PETRARCH-2 (docs/source/dictionaries.rst and PETRreader.py in
openeventdata/petrarch2); where this compiler reads a line differently, the function that
does it says why.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import difflib
import gzip
import io
import itertools
import json
import re
import sys
from pathlib import Path

from transforms.dictionaries import DATA_DIR, DEMONYMS_SOURCE, load_yaml_strict, normalize_phrase

DEFAULT_SHARED = DATA_DIR.parents[2] / "shared" / "data"
ADDITIONS_FILE = DATA_DIR / "additions.yaml"

PETRARCH_DIR = "petrarch2-dictionaries"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENTS_FILE = "Phoenix.agents.txt"
VERBS_FILE = "CAMEO.2.0.txt"
CAMEO_CSV = "cameo/cameo-codes.csv"
PLOVER_TABLE = "cameo/CAMEO2PLOVER-2021.txt"
ADDITIONS_SOURCE = "additions.yaml"


# ------------------------------------------------------------------ text helpers

def fix_mojibake(text: str) -> str:
    """Repairs UTF-8 that was read as Mac Roman ("MoscowÄôs" -> "Moscow’s").

    The CAMEO table carries such runs, with U+201A sometimes reduced to the C1 byte \\x82.
    A run is replaced only when it round-trips to valid UTF-8, so real accents survive.
    """
    def repair(match: re.Match) -> str:
        run = match.group(0).replace("\x82", "\u201a")
        try:
            return run.encode("mac_roman").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)
    for bad, good in TEXT_FIXES.items():
        text = text.replace(bad, good)
    return re.sub(r"[^\x00-\x7f]{2,}", repair, text)


# Damaged runs that no decoding recovers: a lost byte in the CAMEO table (Ankara's Çankaya
# district), and an upper-cased "Ãš" (Ú read as cp1252) in the agents file.
TEXT_FIXES = {"C\u00ac? ankaya": "Çankaya", "PÃŠBLICAS": "PÚBLICAS"}


def strip_comment(line: str) -> str:
    """Drops '#' comments (PETRARCH cuts at any '#'), one-line <!-- --> comments and the
    legacy KEDS/TABARI ';' comment."""
    line = re.sub(r"<!--.*?-->", "", line)
    return line.split("#", 1)[0].split(";", 1)[0]


def two_digit_year(yy: int) -> int:
    # 00-29 -> 20xx, else 19xx. PETRARCH takes <= 30 as 20xx, which would move the
    # 1930 birth years that CountryInfo uses as role starts ("300101") to 2030.
    return 2000 + yy if yy <= 29 else 1900 + yy


def parse_date(text: str) -> str:
    """PETRARCH date, YYMMDD or YYYYMMDD, -> 'YYYY-MM-DD'. Raises ValueError if invalid
    (PETRARCH would read a 7-digit date as YYMMDD and the first 8 digits of a longer one;
    the few such dates in the files are typos, so their restriction is skipped)."""
    if not re.fullmatch(r"\d{6}|\d{8}", text):
        raise ValueError(f"bad date {text!r}")
    if len(text) == 6:
        year, month, day = two_digit_year(int(text[:2])), int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    return datetime.date(year, month, day).isoformat()


def parse_restriction(body: str) -> tuple[str, str | None, str | None, bool]:
    """'RUSGOV 991231-080507' -> ('RUSGOV', '1999-12-31', '2008-05-07', True).

    '<date' applies up to the date, '>date' from it, 'a-b' between them, all inclusive;
    a bare code is a default restriction (dated False). Raises ValueError if malformed.
    """
    parts = re.sub(r"([<>])\s+", r"\1", body).split()  # "[EGYGOV > 140608]" occurs
    if not parts:
        raise ValueError("empty restriction")
    code = parts[0]
    if not re.fullmatch(r"[A-Z0-9]+", code):
        raise ValueError(f"bad code {code!r}")
    if len(parts) == 1:
        return code, None, None, False
    if len(parts) > 2:
        raise ValueError(f"bad restriction {body!r}")
    span = parts[1]
    if span.startswith("<"):
        return code, None, parse_date(span[1:]), True
    if span.startswith(">"):
        return code, parse_date(span[1:]), None, True
    if "-" in span:
        start, end = (parse_date(part) for part in span.split("-", 1))
        if start > end:  # never true on any date; a typo in the source
            raise ValueError(f"range ends before it starts {span!r}")
        return code, start, end, True
    return code, parse_date(span), parse_date(span), True


def phrase_of(raw: str) -> str:
    """A PETRARCH phrase (words joined by '_' or ' ', trailing '_') -> lookup form.
    Punctuation inside words ("u.n.", "sit-in") is kept as in the source."""
    return normalize_phrase(raw.replace("_", " "))


# ------------------------------------------------------------------ actor files

def parse_actor_lines(lines, source: str) -> tuple[list[dict], list[str]]:
    """Reads a PETRARCH actor dictionary into records.

    A record is a primary phrase line (optionally with [code] or [code dates] groups), its
    '+' synonym lines and its tab-indented [code dates] lines. Returns (records, problems).

    Each record: {"phrases": [raw...], "primaries": [raw...], "default": code|None,
    "roles": [(code, start, end)], "note": first comment, "source", "blank_before": bool}.
    """
    records: list[dict] = []
    problems: list[str] = []
    current = None
    blank = False
    in_comment = False
    for number, raw_line in enumerate(lines, 1):
        line = raw_line.rstrip("\n")
        if in_comment:  # multi-line <!-- ... -->
            in_comment = "-->" not in line
            continue
        if line.lstrip().startswith("<!--") and "-->" not in line:
            in_comment = True
            continue
        note = line.split("#", 1)[1].strip() if "#" in line else ""
        text = strip_comment(line).strip()
        if not text:
            if not line.strip():
                blank = True
            continue
        groups = re.findall(r"\[([^\]]*)\]", text)
        if text[0] == "[":
            if current is None:
                problems.append(f"{source}:{number}: date line before any phrase")
                continue
            _add_groups(current, groups, f"{source}:{number}", problems)
            continue
        phrase = text.split("[", 1)[0].strip()
        if text[0] == "+":
            if current is None:
                problems.append(f"{source}:{number}: synonym before any phrase")
                continue
            current["phrases"].append(phrase[1:])
            _add_groups(current, groups, f"{source}:{number}", problems)
            continue
        # A new primary phrase starts a record.
        current = {"phrases": [phrase], "primaries": [phrase], "default": None, "roles": [],
                   "note": note, "source": source, "blank_before": blank, "line": number,
                   "inline": bool(groups)}
        blank = False
        records.append(current)
        _add_groups(current, groups, f"{source}:{number}", problems)
    return records, problems


def _add_groups(record: dict, groups: list[str], where: str, problems: list[str]) -> None:
    for body in groups:
        if body.strip() == "---":  # the explicit null code: nothing to code
            continue
        try:
            code, start, end, dated = parse_restriction(body)
        except ValueError as err:
            problems.append(f"{where}: [{body}] skipped: {err}")
            continue
        if dated:
            record["roles"].append((code, start, end))
        elif record["default"] is None:  # the first default restriction wins
            record["default"] = code


def group_orphans(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """Folds code-less records into the record that follows them.

    The country file lists a person's variant names as separate primary lines followed by
    one block of date lines (LEONID_BREZHNEV_ / LEONID_ILYICH_BREZHNEV / ... / [dates]).
    PETRARCH's reader would give all but the last line no code at all; we read them as one
    record, named by its first line. Only when the next record has no inline code and no
    blank line separates them: otherwise the code-less record is dropped (returned second).
    """
    out: list[dict] = []
    dropped: list[dict] = []
    pending: list[dict] = []
    for record in records:
        has_code = record["default"] is not None or record["roles"]
        if pending and (record["blank_before"] or record["inline"]):
            dropped.extend(pending)
            pending = []
        if not has_code:
            pending.append(record)
            continue
        if pending:
            head = pending[0]
            record = {**record,
                      "phrases": [p for r in pending for p in r["phrases"]] + record["phrases"],
                      "primaries": [p for r in pending for p in r["primaries"]] + record["primaries"],
                      "note": head["note"] or record["note"], "line": head["line"]}
            pending = []
        out.append(record)
    dropped.extend(pending)
    return out, dropped


# Agent/sector triples: a 6-letter code whose second triple is one of these is a role of a
# country (RUSGOV), otherwise a place inside it (USAASM American Samoa, BIHSRP Srpska).
SECTORS = frozenset(
    "AGR BUD BUS CHR COP CRM CTH CVL DEV EDU ELI ENV GOV HIN HLH HRI IGO IMG JEW JUD LAB LEG "
    "MAR MED MIL MUS NGO OPP PPL PRO PTY RAD REB REF REL SPY UAF INS SEP MOD".split())

# Words that mark an institution rather than a person, for records that do not say.
ORG_WORDS = frozenset("""
    ministry ministries minister's department departments council assembly parliament congress
    senate duma house government administration cabinet army navy air force forces guard guards
    police military service services agency bureau office committee commission court courts
    tribunal party front movement union league bank company corporation university institute
    academy church federation association organization organisation authority board command
    brigade brigades battalion regiment division corps militia kremlin pentagon secretariat
    presidium politburo junta regime media news radio television tv newspaper press group
    troops soldiers security intelligence directorate embassy consulate mission delegation
    commissariat chamber legislature diet knesset majlis cortes bundestag bundesrat
    coalition alliance network foundation fund society centre center council's
    administration's opposition rebels insurgents guerrillas army's navy's officials
    observatory declaration palace street rifles levant jabhat jaysh jaish ahrar ghuraba liwa
    kataib harakat hizb
    """.split())

PERSON_NOTES = ("countryinfo", "igorulers")


def is_geo_code(code: str) -> bool:
    """RUS, USAASM, ETHERIAUT, KSVUNO: a place, not a role in it (RUSGOV)."""
    triples = [code[i:i + 3] for i in range(3, len(code), 3)]
    return code.isalpha() and len(code) % 3 == 0 and not SECTORS.intersection(triples)


def classify(record: dict) -> str:
    """The type of one record: PERSON, GPE (a country record, whose place synonyms
    record_entries turns into LOC), ORG or IGO.

    The files do not say; a country record has only place codes (RUS, USAASM), people
    come from CountryInfo / IGOrulers lists or carry dated roles, institutions have a
    telling word in their name."""
    codes = ([record["default"]] if record["default"] else []) + [r[0] for r in record["roles"]]
    source = record["source"]
    words = set(phrase_of(record["primaries"][0]).replace(",", " ").split())
    note = record["note"].lower()
    dated = bool(record["roles"])
    if source == "Phoenix.MilNonState.actors.txt":
        return "ORG"
    if source == "Phoenix.Countries.actors.txt" and codes and all(map(is_geo_code, codes)):
        return "GPE"
    if any(n in note for n in PERSON_NOTES):
        return "PERSON"
    if words & ORG_WORDS:
        return _org_type(codes)
    if dated or (codes and codes[0].endswith("ELI")):
        return "PERSON"
    if source == "Phoenix.Countries.actors.txt" and len(words) >= 2:
        return "PERSON"  # an undated name in the people lists ("SAM_RAINSY")
    return _org_type(codes)


def _org_type(codes: list[str]) -> str:
    return "IGO" if codes and codes[0].startswith("IGO") else "ORG"


def country_of(codes: list[str], countries: frozenset[str]) -> str | None:
    """The country of an actor from its codes: RUSGOV -> RUS; NGOUSA / MNCUSAMED -> USA;
    IGOUNO -> None. The last code wins, since roles are listed oldest first."""
    found = None
    for code in codes:
        if code[:3] in countries:
            found = code[:3]
        elif code[:3] in ("IGO", "NGO", "MNC") and code[3:6] in countries:
            found = code[3:6]
    return found


def default_code(record: dict, countries: frozenset[str]) -> str:
    """The record's default code; when the source gives none (only dated roles), the
    country the roles share, else the last role's code. PETRARCH would code such an actor
    with a null code outside its dates; a country still places it."""
    if record["default"]:
        return record["default"]
    prefixes = {code[:3] for code, _, _ in record["roles"]}
    if len(prefixes) == 1 and next(iter(prefixes)) in countries:
        return next(iter(prefixes))
    return record["roles"][-1][0]


STOP_WORDS = {"of", "the", "and"}
# Words of country names too common to identify one ("state college" is not the USA).
GENERIC_NAME_WORDS = frozenset(
    "state states united republic kingdom federation federal democratic islamic people's "
    "peoples island islands saint north south east west great central new".split())


def is_country_name(phrase: str, names: list[str]) -> bool:
    """Whether a synonym of a country record names the country (GPE) rather than a city,
    province or river in it (LOC): spelt like the record's name or a demonym ("ukrania",
    "republic of kosovo"), or its initials ("u.s.", "usa", "the uk").

    The lists put the country's names first and its cities after them, but with nothing
    marking the boundary; a miss only changes the type, never the code."""
    compact = phrase.replace(" ", "")
    letters = re.sub(r"[^a-z]", "", re.sub(r"^the ", "", phrase))
    for name in names:
        initials = "".join(w[0] for w in name.split() if w not in STOP_WORDS)
        if len(letters) >= 2 and len(initials) >= 2 and initials.startswith(letters):
            return True
        if difflib.SequenceMatcher(None, compact, name.replace(" ", "")).ratio() >= 0.6:
            return True
        for word in phrase.split():
            for part in name.split():
                if (len(part) >= 4 and part not in GENERIC_NAME_WORDS
                        and difflib.SequenceMatcher(None, word, part).ratio() >= 0.8):
                    return True
    return False


def country_codes(records: list[dict]) -> frozenset[str]:
    """3-letter codes of the country records of the countries file."""
    codes = set()
    for record in records:
        if record["source"] == ACTOR_FILES[0] and classify(record) == "GPE":
            for code in ([record["default"]] if record["default"] else []) + [r[0] for r in record["roles"]]:
                codes.add(code[:3])
    return frozenset(codes)


def record_entries(record: dict, countries: frozenset[str], demonyms: dict[str, list[str]]) -> list[dict]:
    kind = classify(record)
    codes = ([record["default"]] if record["default"] else []) + [r[0] for r in record["roles"]]
    code = default_code(record, countries)
    name = phrase_of(record["primaries"][0])
    base = {"code": code, "country": country_of(codes, countries), "name": name,
            "source": record["source"],
            "roles": [{"code": c, "start": s, "end": e} for c, s, e in record["roles"]]}
    # Compared with the record's own name and demonyms only: chaining through accepted
    # synonyms let city names creep in.
    names = [name, *demonyms.get(code[:3], [])]
    entries = []
    for raw in record["phrases"]:
        phrase = phrase_of(raw)
        if not phrase:
            continue
        kind_here = kind
        if kind == "GPE" and phrase != name and not is_country_name(phrase, names):
            kind_here = "LOC"
        entries.append({"phrase": phrase, "type": kind_here, **base})
    return entries


# ------------------------------------------------------------------ agents

def english_plural(word: str) -> str:
    """Regular plural of a noun (PETRARCH: +S, Y -> IES, SS -> SSES), case kept."""
    lower = word.lower()
    if re.search(r"(ss|x|z|ch|sh)$", lower):
        return word + ("es" if word.islower() else "ES")
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + ("ies" if word.islower() else "IES")
    return word + ("s" if word.islower() else "S")


def phrase_plural(phrase: str) -> str | None:
    """The plural of a phrase's last word, or None when it already looks plural (a single
    final s: PETRARCH would make ACTIVISTS into ACTIVISTSES)."""
    words = phrase.split()
    if not words or re.search(r"[^s]s$", words[-1].lower()):
        return None
    return " ".join(words[:-1] + [english_plural(words[-1])])


def parse_agent_lines(lines) -> tuple[list[dict], list[str]]:
    """Reads Phoenix.agents.txt: 'PHRASE {plural} [~CODE]' and '!MARKER! = A, B' sets.

    Regular plurals are generated unless {...} gives one ({} = none); a phrase with a
    substitution marker gets one phrase per member and no plural (PETRARCH's rules). A
    marker glued to letters on both sides ("AD!MINIST!RATIVE") is a find-and-replace
    accident in the source and is read as the plain word.
    """
    markers: dict[str, list[str]] = {}
    agents: list[dict] = []
    problems: list[str] = []
    seen = set()

    def add(raw: str, code: str) -> None:
        phrase = phrase_of(fix_mojibake(raw))
        placement = "prefix" if code.endswith("~") else "suffix"
        key = (phrase, code)
        if phrase and key not in seen:
            seen.add(key)
            agents.append({"phrase": phrase, "code": code.strip("~"), "placement": placement})

    for number, line in enumerate(lines, 1):
        text = strip_comment(line).strip()
        if not text or text.startswith("<!"):
            continue
        if "!" in text and "=" in text:
            name, _, members = text.partition("=")
            markers[name.strip().strip("!")] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        head, bracket, rest = text.partition("[")
        if not bracket:
            problems.append(f"{AGENTS_FILE}:{number}: no code, skipped: {text}")
            continue
        code = re.split(r"[\]}]", rest, 1)[0].strip()
        head = re.sub(r"!(\w+)!(?=[A-Za-z])", lambda m: m.group(1), head)  # AD!MINIST!RATIVE
        for name in markers:  # TABARI stems left in the file: DEFENCE_MINIST [~GOVMIL]
            head = re.sub(rf"(?<![!A-Za-z]){name}(?![!A-Za-z])", f"!{name}!", head)
        marker = re.search(r"!(\w+)!", head)
        if marker:
            if marker.group(1) not in markers:
                problems.append(f"{AGENTS_FILE}:{number}: unknown marker, skipped: {text}")
                continue
            for member in markers[marker.group(1)]:
                add(head[:marker.start()] + member + head[marker.end():], code)
            continue
        if "{" in head:
            phrase, _, plural = head.partition("{")
            add(phrase, code)
            plural = plural.split("}", 1)[0].strip()
            if plural:
                add(plural, code)
            continue
        phrase = head.strip().rstrip("_").replace("_", " ")
        add(phrase, code)
        plural = phrase_plural(phrase)
        if plural:
            add(plural, code)
    return agents, problems


# ------------------------------------------------------------------ verbs

VOWELS = "aeiou"

# Irregular past forms of verbs the dictionary lists without their {...} forms.
IRREGULAR_PAST = {
    "beat": ("beat", "beaten"), "bring": ("brought",), "broadcast": ("broadcast",),
    "burn": ("burned", "burnt"), "cast": ("cast",), "cut": ("cut",), "draw": ("drew", "drawn"),
    "forgive": ("forgave", "forgiven"), "hear": ("heard",), "hit": ("hit",), "hurt": ("hurt",),
    "learn": ("learned", "learnt"), "lose": ("lost",), "set": ("set",), "shut": ("shut",),
    "spread": ("spread",), "spring": ("sprang", "sprung"), "teach": ("taught",),
    "tear": ("tore", "torn"), "thrust": ("thrust",), "understand": ("understood",),
    "upset": ("upset",),
}
IRREGULAR_ING = {"upset": "upsetting"}


def verb_forms(stem: str) -> list[str]:
    """Regular forms of a verb: stem, -s, -ed, -ing.

    PETRARCH adds S/ES (after S, X, Z), IES (after Y), D/ED and ING (dropping a final E
    after a consonant). We follow English spelling a little further so the forms occur in
    text: -es after ch/sh and consonant+o, consonant+y -> -ied, ie -> -ying, and the final
    consonant doubled in one-syllable verbs ending consonant-vowel-consonant (ban, banned),
    and a short table of irregular verbs that the dictionary leaves without {...} forms.
    """
    s = stem.lower()
    if re.search(r"(s|x|z|ch|sh|[^aeiou]o)$", s):
        third = s + "es"
    elif re.search(r"[^aeiou]y$", s):
        third = s[:-1] + "ies"
    else:
        third = s + "s"
    if re.search(r"[^aeiou]y$", s):
        past, ing = s[:-1] + "ied", s + "ing"
    elif s.endswith("ie"):
        past, ing = s + "d", s[:-2] + "ying"
    elif s.endswith("e"):
        past = s + "d"
        ing = s + "ing" if s[-2] in VOWELS else s[:-1] + "ing"
    elif _one_syllable_cvc(s):
        past, ing = s + s[-1] + "ed", s + s[-1] + "ing"
    else:
        past, ing = s + "ed", s + "ing"
    pasts = IRREGULAR_PAST.get(s, (past,))
    return [s, third, *pasts, IRREGULAR_ING.get(s, ing)]


def _one_syllable_cvc(word: str) -> bool:
    """ban, stop, quit: one vowel group, ending consonant-vowel-consonant (not w, x, y)."""
    if re.fullmatch(r"qu[aeiou][^aeiouwxy]", word):
        return True
    return (len(re.findall(r"[aeiou]+", word)) == 1
            and re.search(r"(^|[^aeiou])[aeiou][^aeiouwxy]$", word) is not None)


def parse_code(text: str) -> tuple[str | None, str | None]:
    """'042:043' -> ('042', '043'): the active code and the code when the verb is passive
    (PETRARCH-2 utilities.convert_code). '---' or '' is the null code: no event."""
    text = text.strip().rstrip("!")  # one '[080!]' in the source
    active, _, passive = text.partition(":")

    def clean(code: str) -> str | None:
        code = code.strip()
        return code if code and code != "---" else None
    return clean(active), clean(passive)


def synset_member_forms(member: str, plural: bool) -> list[str]:
    """A synset line ('+AUSTRIAN FLORIN', '+CASH_') -> the phrase and, for nouns, its plural.
    No plural when the phrase or the set label ends in '_' (dictionaries.rst). A last word
    already ending in a single s is taken as plural already (PETRARCH would make 'ARMSES')."""
    stopped = member.endswith("_")
    phrase = normalize_phrase(member.replace("_", " "))
    if not phrase:
        return []
    extra = phrase_plural(phrase) if plural and not stopped else None
    return [phrase, extra] if extra else [phrase]


def parse_verb_lines(lines) -> dict:
    """Reads CAMEO.2.0.txt into synsets, verbs and patterns (see compile_verbs)."""
    synsets: dict[str, list[str]] = {}
    blocks: list[dict] = []
    problems: list[str] = []
    section = "synsets"
    label = None
    block = None
    for number, line in enumerate(lines, 1):
        if line.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if line.startswith("######## TRANSFORMATIONS"):
            break  # verb-pair transformations ("~ a (a b ATTACK) SAY = a b 015") are not compiled
        comment = line.split("#", 1)[1].strip() if "#" in line else None
        text = strip_comment(line).rstrip()
        if not text.strip():
            continue
        if section == "synsets":
            if text.startswith("&"):
                label = text.strip()
                synsets.setdefault(label.rstrip("_"), [])
                plural_ok = not label.endswith("_")
            elif text.lstrip().startswith("+") and label:
                for form in synset_member_forms(text.strip()[1:].strip(), plural_ok):
                    if form not in synsets[label.rstrip("_")]:
                        synsets[label.rstrip("_")].append(form)
            continue
        if text.startswith("---"):
            match = re.match(r"---\s*(\S+)\s*\[([^\]]*)\]", text)
            if not match:
                problems.append(f"{VERBS_FILE}:{number}: bad block header: {text}")
                continue
            code, passive = parse_code(match.group(2))
            block = {"name": match.group(1), "code": code, "passive_code": passive,
                     "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            problems.append(f"{VERBS_FILE}:{number}: line outside a block: {text}")
            continue
        if text.lstrip().startswith("-"):
            block["patterns"].append((number, text.lstrip()[1:], comment))
        else:
            block["verbs"].append((number, text.strip()))
    return {"synsets": synsets, "blocks": blocks, "problems": problems}


def parse_verb_line(text: str, block: dict) -> dict:
    """'SAY {SAYS SAID SAYING} [010]', '+ASK_FOR {+ASKED_FOR ...} [020]', 'GRANT' -> verb.

    '+' marks the word of a multi-word verb that inflects; irregular forms in {...} are
    used as given, with no regular forms (PETRARCH: "ALL forms need to be included")."""
    code, passive = block["code"], block["passive_code"]
    match = re.search(r"\[([^\]]*)\]\s*$", text)
    if match:
        code, passive = parse_code(match.group(1))
        text = text[:match.start()]
    stem, _, braces = text.partition("{")
    stem = stem.strip()
    lemma = normalize_phrase(stem.replace("+", ""))
    if braces:
        given = [normalize_phrase(f.replace("+", "")) for f in
                 braces.split("}", 1)[0].replace(",", " ").split()]
        forms = [lemma] + given
    elif "_" in stem:
        words = stem.split("_")
        at = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
        head = words[at].lstrip("+")
        forms = [normalize_phrase(" ".join(words[:at] + [f] + words[at + 1:]))
                 for f in verb_forms(head)]
    else:
        forms = verb_forms(stem)
    forms = list(dict.fromkeys(f for f in forms if f))
    return {"lemma": lemma, "forms": forms, "code": code, "passive_code": passive,
            "block": block["name"]}


PATTERN_MARKERS = ("$", "+", "%", "^")


def parse_pattern(body: str, synsets: dict[str, list[str]]) -> dict:
    """'* (TO {NEW SANCTIONS}) $ [1312]' -> before/after slots, code, markers.

    Each bare word is a slot; '{multi word}' is one slot (one phrase); the words of a
    '(prepositional phrase)' are slots of their own; 'A/B' and '&SYNSET' are alternatives
    in a slot; '_' joins words into one phrase. $ (source), + (target), % (compound) and
    ^ (skip) are dropped from the slots and recorded as (side, slot index, marker).
    Raises KeyError for an undefined synset: PETRARCH ignores such patterns too.
    """
    match = re.search(r"\[([^\]]*)\]\s*$", body)
    if not match:
        raise ValueError("no code")
    code, passive = parse_code(match.group(1))
    text = body[:match.start()].replace("*", " * ")
    sides = {"before": [], "after": []}
    markers: list[tuple[str, int, str]] = []
    side = "before"
    phrase: list[str] | None = None  # words of an open {...}
    for token in text.split():
        token = token.replace("(", " ").replace(")", " ").strip()
        opens, closes = token.startswith("{"), token.endswith("}")
        token = token.strip("{} ").strip("_")
        if not token:
            if opens:
                phrase = []
            continue
        if token == "*":
            side = "after"
            continue
        if token in PATTERN_MARKERS:
            markers.append((side, len(sides[side]), token))
            continue
        if opens and not closes:
            phrase = [token]
            continue
        if phrase is not None:
            phrase.append(token)
            if closes:
                sides[side].append(_expand(" ".join(phrase), synsets))
                phrase = None
            continue
        sides[side].append(_expand(token, synsets))
    if phrase:
        sides[side].append(_expand(" ".join(phrase), synsets))
    return {"before": sides["before"], "after": sides["after"], "code": code,
            "passive_code": passive, "markers": [list(m) for m in markers]}


def _expand(words: str, synsets: dict[str, list[str]]) -> list[str]:
    """Alternatives of one slot: cross product of each word's alternatives."""
    choices = []
    for word in words.replace("_", " ").split():
        if word.startswith("&"):
            choices.append(synsets[word.rstrip("_")])  # KeyError: undefined synset
        else:
            choices.append([w.lower() for w in word.split("/") if w])
    return list(dict.fromkeys(" ".join(combo) for combo in itertools.product(*choices)))


def compile_verbs(lines) -> tuple[dict, list[str]]:
    parsed = parse_verb_lines(lines)
    synsets, problems = parsed["synsets"], list(parsed["problems"])
    verbs, patterns = [], []
    for block in parsed["blocks"]:
        block_verbs = [parse_verb_line(text, block) for _, text in block["verbs"]]
        verbs.extend(block_verbs)
        lemmas = [v["lemma"] for v in block_verbs]
        for number, body, comment in block["patterns"]:
            try:
                pattern = parse_pattern(body, synsets)
            except KeyError as err:
                problems.append(f"{VERBS_FILE}:{number}: undefined synset {err}, pattern skipped")
                continue
            except ValueError as err:
                problems.append(f"{VERBS_FILE}:{number}: {err}, pattern skipped")
                continue
            patterns.append({"block": block["name"], "verb_lemmas": lemmas, **pattern,
                             "comment": comment or None})
    return {"synsets": synsets, "verbs": verbs, "patterns": patterns}, problems


# ------------------------------------------------------------------ CAMEO codes

def quad_class(root: str) -> int:
    """GDELT QuadClass of a root code: 01-05 verbal cooperation, 06-09 material
    cooperation, 10-14 verbal conflict, 15-20 material conflict."""
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4


def parse_plover(lines) -> dict[str, str]:
    """CAMEO2PLOVER-2021: 'NNN: TYPE, mode, context # comment' -> {code: TYPE}. The first
    line for a code wins (root 08 is listed under CONCEDE and again under RETREAT)."""
    table: dict[str, str] = {}
    for line in lines:
        match = re.match(r"\s*(\d{2,4}):\s*([A-Z_]+)", strip_comment(line))
        if match:
            table.setdefault(match.group(1), match.group(2))
    return table




def _text(value: str) -> str | None:
    value = value.strip()
    if not value or value == "NA":
        return None
    return fix_mojibake(value)


def compile_cameo(csv_text: str, plover: dict[str, str]) -> dict:
    codes = {}
    for row in csv.DictReader(io.StringIO(csv_text)):
        code = row["code"].strip()
        root = row["root_code"].strip()
        codes[code] = {
            "name": _text(row["name"]),
            "goldstein": float(row["goldstein"]),
            "root": root,
            "base": code[:3] if len(code) >= 3 else code + "0",  # root "02" -> base "020"
            "quad_class": quad_class(root),
            "plover": plover.get(code),
            "description": _text(row["description"]),
            "example": _text(row["example"]),
        }
    return codes


# ------------------------------------------------------------------ additions

def load_additions(path: Path = ADDITIONS_FILE) -> dict:
    return load_yaml_strict(path)


def _date(value) -> str | None:
    return None if value is None else str(value)  # YAML reads 2025-01-20 as a date


def demonym_forms(word: str) -> list[str]:
    """A demonym and, for the -an / -i ones, its plural noun (ukrainians, israelis)."""
    phrase = normalize_phrase(word)
    return [phrase, phrase + "s"] if re.search(r"(an|i)$", phrase) else [phrase]


class Additions:
    """additions.yaml, checked against the Phoenix codes and turned into entries."""

    def __init__(self, data: dict, countries: frozenset[str]):
        self.data = data
        self.countries = countries
        self.igos = dict(data.get("igo_codes") or {})

    def code(self, code: str, where: str) -> str:
        code = self.igos.get(code, code)
        known = code[:3] in self.countries or code.startswith(("IGO", "NGO"))
        if not (re.fullmatch(r"[A-Z]{3,}", code) and known):
            raise ValueError(f"additions.yaml: {where}: {code!r} is not a known country or IGO code")
        return code

    def roles(self, specs, where: str) -> list[dict]:
        return [{"code": self.code(spec[0], where), "start": _date(spec[1]),
                 "end": _date(spec[2] if len(spec) > 2 else None)} for spec in specs or []]

    def demonyms(self) -> dict[str, list[str]]:
        """country code -> lookup forms, for telling country names from places."""
        return {code: [f for w in words for f in demonym_forms(w)]
                for code, words in self.data["demonyms"].items()}

    def entries(self) -> list[dict]:
        """Entries of the demonyms, seats and names sections."""
        out = []
        for code, words in self.data["demonyms"].items():
            code = self.code(code, f"demonyms {code}")
            for word in words:
                for form in demonym_forms(word):
                    out.append(self._entry(form, "GPE", code, words[0], [],
                                           source=DEMONYMS_SOURCE))
        for item in [*self.data["seats"], *self.data["names"]]:
            code = self.code(item["code"], item["phrase"])
            roles = self.roles(item.get("roles"), item["phrase"])
            for phrase in [item["phrase"], *item.get("aliases", [])]:
                out.append(self._entry(phrase, item.get("type", "GPE"), code, item["phrase"], roles))
        return out

    def _entry(self, phrase, kind, code, name, roles, source=ADDITIONS_SOURCE) -> dict:
        return {"phrase": normalize_phrase(phrase), "type": kind, "code": code,
                "country": country_of([code], self.countries), "name": normalize_phrase(name),
                "source": source, "roles": [dict(r) for r in roles]}

    def people(self) -> list[dict]:
        people = []
        for person in self.data["people"]:
            name = person["name"]
            country = person["country"]
            if country not in self.countries:
                raise ValueError(f"additions.yaml: {name}: unknown country {country}")
            people.append({
                "name": normalize_phrase(name),
                "phoenix": normalize_phrase(person.get("phoenix") or name),
                "aliases": [normalize_phrase(a) for a in person.get("aliases", [])],
                "country": country,
                "code": self.code(person["code"], name) if person.get("code") else None,
                "roles": self.roles(person.get("roles"), name),
                "close": {self.code(k, name): _date(v) for k, v in (person.get("close") or {}).items()},
            })
        return people


def merge_people(entries: list[dict], people: list[dict]) -> list[dict]:
    """Applies the people of additions.yaml to the Phoenix entries (amended in place).

    A person whose phrase (name, or `phoenix`) belongs to a Phoenix person of the same
    country amends that record, every phrase of it: `close` ends its open roles of a code
    on a date, `roles` are appended when missing, `code` replaces the default, and the
    aliases become new phrases of it. Anyone else becomes a new record. Returns the new
    entries (aliases and new people)."""
    records: dict[tuple[str, str], list[dict]] = {}
    by_phrase: dict[str, set[tuple[str, str]]] = {}
    for e in entries:
        if e["type"] == "PERSON":
            key = (e["source"], e["name"])
            records.setdefault(key, []).append(e)
            by_phrase.setdefault(e["phrase"], set()).add(key)
    new: list[dict] = []
    for person in people:
        keys = sorted(k for k in by_phrase.get(person["phoenix"], ())
                      if records[k][0]["country"] == person["country"])
        if not keys:
            if not person["roles"]:
                raise ValueError(f"additions.yaml: {person['name']}: no roles and no Phoenix record to amend")
            for phrase in dict.fromkeys([person["name"], *person["aliases"]]):
                new.append({"phrase": phrase, "type": "PERSON", "country": person["country"],
                            "code": person["code"] or f"{person['country']}ELI",
                            "name": person["name"], "source": ADDITIONS_SOURCE,
                            "roles": [dict(r) for r in person["roles"]]})
            continue
        for key in keys:
            group = records[key]
            roles = [dict(r) for r in group[0]["roles"]]
            for role in roles:
                end = person["close"].get(role["code"])
                if end and role["end"] is None and (role["start"] is None or role["start"] <= end):
                    role["end"] = end
            roles += [dict(r) for r in person["roles"] if r not in roles]
            for e in group:
                e["roles"] = [dict(r) for r in roles]
                e["code"] = person["code"] or e["code"]
                e["source"] = f"{key[0]} + {ADDITIONS_SOURCE}"
            have = {e["phrase"] for e in group}
            for alias in [person["name"], *person["aliases"]]:
                if alias not in have:
                    have.add(alias)
                    new.append({**group[0], "phrase": alias, "source": ADDITIONS_SOURCE,
                                "roles": [dict(r) for r in roles]})
    return new


# ------------------------------------------------------------------ actors, end to end

def compile_actors(texts: dict[str, str], agents_text: str, additions_data: dict) -> tuple[dict, dict]:
    """texts: actor file name -> contents. Returns ({"entries", "agents"}, report)."""
    report: dict = {"problems": [], "dropped": []}
    records: list[dict] = []
    for name in ACTOR_FILES:
        parsed, problems = parse_actor_lines(texts[name].splitlines(), name)
        kept, dropped = group_orphans(parsed)
        report["problems"] += problems
        report["dropped"] += [f"{r['source']}:{r['line']}: no code: {r['primaries'][0]}" for r in dropped]
        records += kept
    countries = country_codes(records)
    additions = Additions(additions_data, countries)
    demonyms = additions.demonyms()
    phoenix = [e for record in records for e in record_entries(record, countries, demonyms)]
    people = merge_people(phoenix, additions.people())
    # Preferred first: the curated additions, then Phoenix in file order. A later entry
    # with the same phrase, code and roles adds nothing and is dropped.
    entries, seen = [], set()
    for e in additions.entries() + people + phoenix:
        key = (e["phrase"], e["code"], json.dumps(e["roles"], sort_keys=True))
        if key not in seen:
            seen.add(key)
            entries.append(e)
    agents, agent_problems = parse_agent_lines(agents_text.splitlines())
    known = {a["phrase"] for a in agents}
    for extra in additions_data.get("agents") or []:
        phrase = normalize_phrase(extra["phrase"])
        if phrase not in known:
            agents.append({"phrase": phrase, "code": extra["code"],
                           "placement": extra.get("placement", "suffix")})
    report["problems"] += agent_problems
    report["countries"] = sorted(countries)
    return {"entries": entries, "agents": agents}, report


# ------------------------------------------------------------------ output

def dumps(data) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gzip_bytes(raw: bytes) -> bytes:
    """gzip with no name and mtime 0, so the same input always gives the same bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as out:
        out.write(raw)
    return buf.getvalue()


def encode_outputs(cameo: dict, actors: dict, verbs: dict) -> dict[str, bytes]:
    """File name -> bytes, exactly as shipped."""
    pretty = json.dumps(cameo, sort_keys=True, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    return {"cameo_codes.json": pretty,
            "actors.json.gz": gzip_bytes(dumps(actors)),
            "verbs.json.gz": gzip_bytes(dumps(verbs))}


def build(shared: Path) -> tuple[dict[str, bytes], dict]:
    """Compiles everything from shared (the ../shared/data folder). Returns (outputs, report)."""
    petrarch = shared / PETRARCH_DIR
    read = lambda p: p.read_text(encoding="utf-8")  # noqa: E731
    additions = load_additions()
    plover = parse_plover(read(shared / PLOVER_TABLE).splitlines())
    cameo = compile_cameo(read(shared / CAMEO_CSV), plover)
    actors, actor_report = compile_actors({n: read(petrarch / n) for n in ACTOR_FILES},
                                          read(petrarch / AGENTS_FILE), additions)
    verbs, verb_problems = compile_verbs(read(petrarch / VERBS_FILE).splitlines())
    report = {"actors": actor_report, "verb_problems": verb_problems,
              "cameo_without_plover": sorted(c for c, v in cameo.items() if v["plover"] is None)}
    return encode_outputs(cameo, actors, verbs), report


def missing_sources(shared: Path) -> list[Path]:
    needed = [shared / PETRARCH_DIR / n for n in (*ACTOR_FILES, AGENTS_FILE, VERBS_FILE)]
    needed += [shared / CAMEO_CSV, shared / PLOVER_TABLE]
    return [p for p in needed if not p.is_file()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help=f"the shared data folder (default {DEFAULT_SHARED})")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="where to write (default: beside this file)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every skipped line")
    args = parser.parse_args(argv)
    missing = missing_sources(args.shared)
    if missing:
        print(f"build: source data not found under {args.shared}:", file=sys.stderr)
        for path in missing:
            print(f"  missing {path}", file=sys.stderr)
        print("Pass --shared DIR pointing at the shared data folder (with petrarch2-dictionaries/ "
              "and cameo/). The shipped compiled files are left as they are.", file=sys.stderr)
        return 2
    outputs, report = build(args.shared)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name} ({len(data):,} bytes)")
    problems = report["actors"]["problems"] + report["verb_problems"] + report["actors"]["dropped"]
    print(f"{len(problems)} source lines skipped (-v lists them)")
    if args.verbose:
        for line in problems:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
