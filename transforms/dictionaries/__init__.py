"""CAMEO codes, actor and verb dictionaries shipped with diplowire, and their loaders.

The data files beside this module are compiled by ``python -m transforms.dictionaries.build``
from the PETRARCH-2 / Phoenix dictionaries, the CAMEO code table and the project's own
``additions.yaml`` (see SOURCES.md). Every loader is cached, so a Beam worker reads each
file once per process; the results are plain tuples and dicts, safe to share.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

DATA_DIR = Path(__file__).resolve().parent
CAMEO_CODES_FILE = DATA_DIR / "cameo_codes.json"
ACTORS_FILE = DATA_DIR / "actors.json.gz"
VERBS_FILE = DATA_DIR / "verbs.json.gz"

_SPACES = re.compile(r"[\s_]+")


def normalize_phrase(text: str) -> str:
    """The lookup form of a phrase: lower case, underscores as spaces, single spaces."""
    return _SPACES.sub(" ", text).strip().lower()


def read_json(path: Path):
    """Reads a compiled file, gzip'd or not."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return json.loads(raw.decode("utf-8"))


# ---------------------------------------------------------------- CAMEO codes

class CameoCode(NamedTuple):
    code: str               # "042", "0211", "19"
    name: str
    goldstein: float
    root: str               # two-digit root, "04"
    base: str               # three-digit base code, "042"
    quad_class: int         # GDELT QuadClass: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    plover: str | None      # PLOVER event type (CAMEO2PLOVER-2021)
    description: str | None
    example: str | None


@functools.lru_cache(maxsize=1)
def load_cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO event code (string with leading zeros) -> CameoCode."""
    return {code: CameoCode(code=code, **fields)
            for code, fields in read_json(CAMEO_CODES_FILE).items()}


# --------------------------------------------------------------------- actors

# The source of the demonyms additions.yaml adds ("russian", "britons"): a people, where the
# country's own name ("Russia") is its state.
DEMONYMS_SOURCE = "additions.yaml demonyms"


class Role(NamedTuple):
    code: str
    start: str | None       # "YYYY-MM-DD", inclusive; None = open
    end: str | None         # inclusive; None = open


class ActorEntry(NamedTuple):
    phrase: str             # normalized, e.g. "vladimir putin"
    type: str               # PERSON | GPE | IGO | ORG | LOC
    code: str               # default CAMEO actor code
    roles: tuple[Role, ...]
    country: str | None     # 3-letter CAMEO country code, None for IGOs/NGOs without one
    name: str               # canonical name of the record the phrase belongs to
    source: str             # file the entry came from (DEMONYMS_SOURCE: a demonym)


class Agent(NamedTuple):
    phrase: str             # "foreign minister"
    code: str               # "GOV", "GOVFRM", "MIL", "NGO" ...
    placement: str          # "suffix": appended to the actor code (~GOV); "prefix": put before it (NGO~)


class ActorDictionary:
    """Actor phrases and agent words; lookups by normalized phrase."""

    def __init__(self, entries: tuple[ActorEntry, ...], agents: tuple[Agent, ...]):
        self.entries = entries
        self.agents = agents
        by_phrase: dict[str, list[ActorEntry]] = {}
        for entry in entries:  # compiled order puts preferred entries first
            by_phrase.setdefault(entry.phrase, []).append(entry)
        self._by_phrase = {k: tuple(v) for k, v in by_phrase.items()}
        self._agents = {}
        for agent in agents:
            self._agents.setdefault(agent.phrase, agent)
        self.max_words = max((p.count(" ") + 1 for p in (*self._by_phrase, *self._agents)),
                             default=0)

    def lookup(self, phrase: str) -> tuple[ActorEntry, ...]:
        """All entries for a phrase, preferred first; () when unknown."""
        return self._by_phrase.get(normalize_phrase(phrase), ())

    def agent(self, phrase: str) -> Agent | None:
        return self._agents.get(normalize_phrase(phrase))

    @staticmethod
    def roles_on(entry: ActorEntry, date: str | None) -> str:
        """The code in force on date ('YYYY-MM-DD'): the first role whose inclusive range
        holds it, as PETRARCH tries date restrictions in file order; else the default code.
        With no date, the default code."""
        if date:
            day = date[:10]
            for role in entry.roles:
                if (role.start is None or role.start <= day) and (role.end is None or day <= role.end):
                    return role.code
        return entry.code

    def code_for(self, phrase: str, date: str | None = None) -> str | None:
        """The code of the preferred entry for phrase on date, or None when unknown."""
        found = self.lookup(phrase)
        return self.roles_on(found[0], date) if found else None


@functools.lru_cache(maxsize=1)
def load_actors() -> ActorDictionary:
    data = read_json(ACTORS_FILE)
    entries = tuple(
        ActorEntry(phrase=e["phrase"], type=e["type"], code=e["code"],
                   roles=tuple(Role(r["code"], r["start"], r["end"]) for r in e["roles"]),
                   country=e["country"], name=e["name"], source=e["source"])
        for e in data["entries"])
    agents = tuple(Agent(a["phrase"], a["code"], a["placement"]) for a in data["agents"])
    return ActorDictionary(entries, agents)


# ---------------------------------------------------------------------- verbs

class Verb(NamedTuple):
    lemma: str              # "ask", "ask for"
    forms: tuple[str, ...]  # every inflected form to match, lemma first
    code: str | None        # CAMEO code of the bare verb (active voice); None = no event
    passive_code: str | None  # code when the verb is passive ([042:043] -> "043")
    block: str              # verb block (synonym set) whose patterns apply


class Pattern(NamedTuple):
    block: str
    verb_lemmas: tuple[str, ...]
    before: tuple[tuple[str, ...], ...]   # slots before the verb, each a tuple of alternatives
    after: tuple[tuple[str, ...], ...]    # slots after the verb
    code: str | None
    passive_code: str | None
    markers: tuple[tuple[str, int, str], ...]  # (side, slot index, "$"|"+"|"%"|"^")
    comment: str | None


class VerbDictionary(NamedTuple):
    synsets: dict[str, tuple[str, ...]]
    verbs: tuple[Verb, ...]
    patterns: tuple[Pattern, ...]
    by_form: dict[str, tuple[Verb, ...]]          # "asked for" -> verbs with that form
    patterns_by_block: dict[str, tuple[Pattern, ...]]


def _slots(raw) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(slot) for slot in raw)


@functools.lru_cache(maxsize=1)
def load_verbs() -> VerbDictionary:
    data = read_json(VERBS_FILE)
    verbs = tuple(Verb(v["lemma"], with_british_spellings(tuple(v["forms"])), v["code"],
                       v["passive_code"], v["block"])
                  for v in data["verbs"])
    patterns = tuple(
        Pattern(p["block"], tuple(p["verb_lemmas"]), _slots(p["before"]), _slots(p["after"]),
                p["code"], p["passive_code"], tuple(tuple(m) for m in p["markers"]), p["comment"])
        for p in data["patterns"])
    by_form: dict[str, list[Verb]] = {}
    for verb in verbs:
        for form in verb.forms:
            by_form.setdefault(form, []).append(verb)
    by_block: dict[str, list[Pattern]] = {}
    for pattern in patterns:
        by_block.setdefault(pattern.block, []).append(pattern)
    return VerbDictionary(
        synsets={k: tuple(v) for k, v in data["synsets"].items()},
        verbs=verbs, patterns=patterns,
        by_form={k: tuple(v) for k, v in by_form.items()},
        patterns_by_block={k: tuple(v) for k, v in by_block.items()})


# ---------------------------------------------------------------- core verbs

CORE_VERBS_FILE = DATA_DIR / "core_verbs.yaml"
# The block of a core verb that keeps none of CAMEO.2.0.txt's patterns for its forms.
OWN_BLOCK_PREFIX = "CORE_ONLY:"


def regular_forms(lemma: str) -> tuple[str, ...]:
    """lemma, -s, -ed, -ing forms of a regular verb; in a phrasal verb ("call on") the
    verb, its first word, inflects."""
    word, *tail = lemma.split()
    suffix = " " + " ".join(tail) if tail else ""
    if word.endswith("e"):
        ed, ing = word + "d", word[:-1] + "ing"
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        ed, ing = word[:-1] + "ied", word + "ing"
    elif (len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou"
          and word[-3] not in "aeiou" and len(word) <= 4):
        ed, ing = word + word[-1] + "ed", word + word[-1] + "ing"  # ban -> banned
    else:
        ed, ing = word + "ed", word + "ing"
    s = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else (
        word + "es" if word.endswith(("s", "sh", "ch", "x", "z")) else word + "s")
    return with_british_spellings(tuple(form + suffix for form in (word, s, ed, ing)))


# "traveled" / "travelled", "canceling" / "cancelling": British spelling doubles the final l
# of a verb whose last syllable is unstressed. Stress is not in the data, so a stem of two
# or more syllables stands in for it; the doubled forms this invents for the others
# ("compilled") are no English word, so they never match ("filed" has one syllable and
# does not become "filled").
# CAMEO.2.0.txt lists most "-ise" forms beside the "-ize" ones, not all ("penalise",
# "scrutinise", "finalise").
_SINGLE_FINAL_L = re.compile(r"^(?P<stem>\w*[aeiou]l)(?P<ending>ed|ing)$")
_IZE = re.compile(r"^(?P<stem>\w*[aeiouy]\w*)iz(?P<ending>e|es|ed|ing)$")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def british_spelling(form: str) -> str | None:
    """The British spelling of a verb form ("traveled to" -> "travelled to", "penalized"
    -> "penalised"), if it has one the American form lacks."""
    word, _, tail = form.partition(" ")
    double_l = _SINGLE_FINAL_L.match(word)
    ize = _IZE.match(word)
    if double_l and not word.endswith(("lled", "lling")) and \
            len(_VOWEL_GROUPS.findall(double_l["stem"])) >= 2:
        british = double_l["stem"] + "l" + double_l["ending"]
    elif ize:
        british = ize["stem"] + "is" + ize["ending"]
    else:
        return None
    return " ".join(filter(None, (british, tail)))


def with_british_spellings(forms: tuple[str, ...]) -> tuple[str, ...]:
    """Forms with the British spelling of each added after the American ones."""
    extra = tuple(b for b in map(british_spelling, forms) if b and b not in forms)
    return forms + extra


class DuplicateKeyError(ValueError):
    """A dictionary file names the same key twice in one mapping, where the later entry
    would silently replace the earlier."""


@functools.lru_cache(maxsize=1)
def load_core_verbs_file() -> Mapping:
    """core_verbs.yaml, parsed once and shared by the loaders below (read only: its sections
    are read, never changed); a key listed twice in one mapping is an error."""
    return MappingProxyType(load_yaml_strict(CORE_VERBS_FILE))


def load_yaml_strict(path: Path):
    """A YAML file, refusing a key listed twice in one mapping (DuplicateKeyError)."""
    import yaml

    class StrictLoader(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(
                    f"{path.name}, line {key_node.start_mark.line + 1}: {key!r} is listed"
                    " twice in this mapping; the later entry would replace the earlier")
            seen.add(key)
        return loader.construct_mapping(node, deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=StrictLoader)


@functools.lru_cache(maxsize=1)
def load_core_verbs() -> tuple[Verb, ...]:
    """The project's table of common diplomacy verbs (core_verbs.yaml), which takes
    precedence over CAMEO.2.0.txt for the forms it lists."""
    data = load_core_verbs_file()
    verbs = []
    for lemma, spec in data["verbs"].items():
        code, forms = (spec, regular_forms(lemma)) if isinstance(spec, str) else (
            spec["code"], tuple(spec.get("forms") or regular_forms(lemma)))
        # ("cameo_patterns: false": CAMEO.2.0.txt's patterns for these forms would recode
        # them within the table's root, as its BLAME block does "convicted X of plotting")
        own = isinstance(spec, dict) and spec.get("cameo_patterns") is False
        verbs.append(Verb(lemma, forms, code, None,
                          (OWN_BLOCK_PREFIX if own else "CORE:") + lemma.upper()))
    return tuple(verbs)


class LightVerbs(NamedTuple):
    """Verbs that take their meaning from an event noun, and those nouns' codes."""
    forms: frozenset[str]
    nouns: dict[str, str]     # "talks" -> "040"; plural "-s" forms included


@functools.lru_cache(maxsize=1)
def load_light_verbs() -> LightVerbs:
    data = load_core_verbs_file()
    forms = frozenset(f for lemma in data["light_verbs"] for f in regular_forms(lemma)) | {
        "held", "gave", "given", "made", "began", "begun", "sent", "put forward", "undertook",
        "undertaken", "came to"}
    nouns = {}
    for noun, code in data["event_nouns"].items():
        nouns[noun] = code
        nouns.setdefault(noun if noun.endswith("s") else noun + "s", code)
    return LightVerbs(forms, nouns)


class Evaluations(NamedTuple):
    """Verbs that name what something is, and the judgements their complements make."""
    verbs: frozenset[str]                 # every form: call, calls, called, calling
    words: dict[tuple[str, ...], str]     # ("unfair",) -> "111"
    figurative_attacks: frozenset[str]    # every form: blast, blasts, blasted, blasting
    speech_forms: frozenset[str]          # say, says, said, saying ...
    word_firsts: frozenset[str]           # the judgement words' first words
    faults: frozenset[tuple[str, ...]]    # ("failed",), ("not", "be", "trusted")
    fault_firsts: frozenset[str]          # the faults' first words
    epithets: Mapping[str, str] = MappingProxyType({})  # dictator -> 111, friend -> 051


@functools.lru_cache(maxsize=1)
def load_evaluations() -> Evaluations:
    data = load_core_verbs_file()["evaluations"]
    return Evaluations(
        verbs=frozenset(f for lemma in data["verbs"] for f in regular_forms(lemma)),
        words={tuple(word.split()): code for code, words in data["words"].items()
               for word in words},
        figurative_attacks=frozenset(f for lemma in data["figurative_attacks"]
                                     for f in regular_forms(lemma)),
        speech_forms=frozenset(data["speech_forms"]),
        word_firsts=frozenset(word.split()[0] for words in data["words"].values()
                              for word in words),
        faults=frozenset(tuple(fault.split()) for fault in data["faults"]),
        fault_firsts=frozenset(fault.split()[0] for fault in data["faults"]),
        epithets=MappingProxyType({word: code
                                   for code, words in data.get("epithets", {}).items()
                                   for word in words}))


class ReferenceWords(NamedTuple):
    """Words the coder reads around actors and verbs (core_verbs.yaml, reference_words)."""
    pair_nouns: frozenset[str]
    organisation_nouns: frozenset[str]
    decision_nouns: frozenset[str]
    crowd_words: frozenset[str]
    foreign_words: frozenset[str]
    office_words: frozenset[str]
    dealing_words: frozenset[str]
    telling_verbs: frozenset[str]
    attributing_verbs: frozenset[str]
    amounting_verbs: frozenset[str]
    pattern_only_verbs: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_reference_words() -> ReferenceWords:
    data = load_core_verbs_file()["reference_words"]
    return ReferenceWords(**{field: frozenset(data[field]) for field in ReferenceWords._fields})


class ObjectRule(NamedTuple):
    """A verb whose object says its code ("lifted tariffs" 085, "launched drones" 195)."""
    code: str
    verbs: dict[str, tuple[tuple[str, ...], ...]]   # first word -> forms: rolled -> (rolled, back)
    objects: frozenset[tuple[str, ...]]
    nouns_after_light_verb: frozenset[str]   # "extended a pause on tariffs"
    object_firsts: frozenset[str]            # the objects' first words, for a quick look


class VerbObjects(NamedTuple):
    rules: tuple[ObjectRule, ...]
    signed_documents: frozenset[tuple[str, ...]]   # "signed an executive order"
    verbs: frozenset[str]                          # the first words of the rules' verbs


@functools.lru_cache(maxsize=1)
def load_verb_objects() -> VerbObjects:
    data = load_core_verbs_file()
    rules = tuple(ObjectRule(
        code=rule["code"],
        verbs=_by_first_word(tuple(f.split()) for lemma in rule["verbs"]
                             for f in regular_forms(lemma)),
        objects=frozenset(tuple(o.split()) for o in rule["objects"]),
        nouns_after_light_verb=frozenset(rule.get("nouns_after_light_verb", ())),
        object_firsts=frozenset(o.split()[0] for o in rule["objects"]))
        for rule in data["verb_objects"])
    return VerbObjects(rules, frozenset(tuple(d.split()) for d in data["signed_documents"]),
                       frozenset(first for rule in rules for first in rule.verbs))


def _by_first_word(forms) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for form in forms:
        index.setdefault(form[0], []).append(form)
    return {first: tuple(sorted(set(found), key=len, reverse=True))
            for first, found in index.items()}
