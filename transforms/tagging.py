"""Actors, entities and CAMEO-coded events in text, with the sentence behind each event.

`tag_text` is the one tagging function: the pipeline's CodeEvents stage, `diplowire tag`
and the event evaluations all call it.

How it codes, sentence by sentence, without a parser:
1. actors: the longest dictionary phrase at each capitalised token (people, countries,
   demonyms, capitals and seats of power, IGOs), joined with a following agent word
   ("Russian officials" -> RUSGOV) or folded into a person named next to it ("US President
   Donald Trump" -> the person); people take the role in force on the article's date;
2. verbs: forms from the CAMEO verb dictionary, skipping nouns (after a determiner),
   negated verbs and verbs inside quotations; a verb block's patterns refine the code by
   the words around it ("ask ... for humanitarian aid" -> 0233);
3. dyad: the source is the nearest actor before the verb (the one before an appositive,
   "Ernst, Iowa Republican, confronted"), the target the first other actor after it (two
   people of one role are two actors); a verb with no actor on both sides codes nothing;
4. at most one verb's events per sentence (the first coded verb with a dyad), and no event
   for a bare "said": over-coding is the failure users of GDELT and PETRARCH complain about
   most.
The article is the context (measured on real news, eval/data/fundus_dev): "he"/"she" is the
person last named, an official named by title is remembered by surname, sectors no sentence
places belong to the article's main country, and in an article about one country an event
of its actor whose target no dictionary knows is taken as aimed at that country (implied),
and a name no dictionary knows, standing where an actor stands, is an actor of that country.
"""
from __future__ import annotations

import collections
import dataclasses
import functools
import itertools
from typing import Iterable, NamedTuple, Optional

from transforms.compiled import is_compiled
from transforms.dictionaries import (DEMONYMS_SOURCE, OWN_BLOCK_PREFIX, ActorDictionary,
                                     ActorEntry, Agent,
                                     CameoCode, Evaluations, LightVerbs, ObjectRule,
                                     ReferenceWords, Verb, VerbDictionary, VerbObjects,
                                     load_actors,
                                     load_cameo_codes, load_core_verbs, load_evaluations,
                                     load_light_verbs, load_reference_words,
                                     load_verb_objects, load_verbs)
from transforms.text import Tokens, sentences, token_norms, tokens


class ActorMention(NamedTuple):
    text: str                 # as written in the sentence
    code: str                 # CAMEO actor code in force on the date, e.g. RUSGOV, USA, IGOUNO
    country: Optional[str]    # 3-letter CAMEO country code, None for IGOs without one
    type: str                 # PERSON, GPE, IGO, ORG, LOC
    start: int                # character offsets in the sentence
    end: int
    name: str = ""            # the dictionary's canonical name for the actor
    sector_only: bool = False  # a sector ("police", "Judge X") no country claims in its sentence
    implied: bool = False     # not named: a target inferred from the article (no text, offsets)


class Event(NamedTuple):
    sentence_index: int       # 0-based index of the sentence in the text
    sentence: str
    source: ActorMention
    target: Optional[ActorMention]
    event_code: str           # full CAMEO code, e.g. "0231"
    base_code: str            # 3 digits, e.g. "023"
    root_code: str            # 2 digits, e.g. "02"
    quad_class: int           # GDELT mapping: 1 = roots 01-05, 2 = 06-09, 3 = 10-14, 4 = 15-20
    goldstein: float
    verb: str                 # the words that triggered the code
    verb_start: int           # character offsets of the verb in the sentence
    verb_end: int
    confidence: float         # 0..1


class Entity(NamedTuple):
    text: str                 # most frequent surface form
    type: str                 # PERSON, ORG, IGO, GPE, LOC
    code: str
    country: Optional[str]
    count: int                # mentions in the text


class TagResult(NamedTuple):
    events: list[Event]
    entities: list[Entity]


# -- the lexicon: dictionaries indexed for matching -----------------------------------------

@dataclasses.dataclass(frozen=True)
class Pattern:
    before: tuple[tuple[tuple[str, ...], ...], ...]  # slots of alternative token phrases
    after: tuple[tuple[tuple[str, ...], ...], ...]
    code: str

    @property
    def specificity(self) -> int:
        return sum(max(len(p) for p in slot) for slot in self.before + self.after)

    # The slots indexed by first word (see _slot_index): some slots list thousands of
    # phrases, and a verb's block is tried pattern by pattern at each of its occurrences.
    @functools.cached_property
    def before_index(self) -> tuple[dict[str, list[tuple[str, ...]]], ...]:
        return tuple(_slot_index(slot) for slot in self.before)

    @functools.cached_property
    def after_index(self) -> tuple[dict[str, list[tuple[str, ...]]], ...]:
        return tuple(_slot_index(slot) for slot in self.after)


def _slot_index(slot: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """A slot's phrases by first word, in listing order (the first listed match wins).
    CAMEO.2.0.txt mostly lists a noun in the singular ("denied ... allegation"); its
    regular plural is the same object ("denied genocide allegations"), so the plural of a
    one-word phrase is indexed too, after the phrases that start with the plural itself."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for alternative in slot:
        if not alternative:
            break  # an empty phrase "matches" anywhere with length 0: later ones never count
        index.setdefault(alternative[0], []).append(alternative)
    plurals = {word + "s": phrases for word, phrases in index.items()
               if len(word) > 2 and not word.endswith("s")}
    for plural, phrases in plurals.items():
        one_word = next((phrase for phrase in phrases if len(phrase) == 1), None)
        if one_word is not None:
            index.setdefault(plural, []).append(one_word)
    return index


# A one-word name found in the names of people of this many countries or more names none of
# them for sure (measured over the shipped dictionary: "Hussein" 11, "Hassan" 24, against
# 2 or 3 for surnames such as "Rubio", "Assad" or "Obama").
_SHARED_NAME_COUNTRIES = 5


@dataclasses.dataclass
class Lexicon:
    """The dictionaries indexed for matching. The indexes are plain dicts and the patterns
    lists: the compiled tagger takes them typed (tagging.pxd)."""
    actors: dict[tuple[str, ...], ActorEntry]
    agents: dict[tuple[str, ...], Agent]
    verbs: dict[tuple[str, ...], tuple[str, Optional[str]]]   # form -> (block, code)
    patterns: dict[str, list[Pattern]]                          # block -> patterns
    codes: dict[str, CameoCode]
    core_forms: frozenset[tuple[str, ...]] = frozenset()
    light_verbs: frozenset[tuple[str, ...]] = frozenset()
    event_nouns: dict[tuple[str, ...], str] = dataclasses.field(default_factory=dict)
    verb_objects: Optional[VerbObjects] = None
    evaluations: Optional[Evaluations] = None
    words: ReferenceWords = dataclasses.field(default_factory=load_reference_words)

    @functools.cached_property
    def shared_names(self) -> frozenset[str]:
        """One-word names of people that are also part of the names of people of many
        countries ("Hussein", "Hassan", "Abdullah"): given names more than surnames."""
        countries: dict[str, set[str]] = collections.defaultdict(set)
        for entry in self.actors.values():
            if entry.type == "PERSON" and entry.country:
                for word in entry.phrase.split():
                    countries[word].add(entry.country)
        return frozenset(key[0] for key, entry in self.actors.items()
                         if len(key) == 1 and entry.type == "PERSON"
                         and len(countries[key[0]]) >= _SHARED_NAME_COUNTRIES)

    @functools.cached_property
    def demonyms(self) -> frozenset[str]:
        """The names of the demonym entries ("russian", "british"): a people, not a state."""
        return frozenset(e.name for e in self.actors.values() if e.source == DEMONYMS_SOURCE)

    @functools.cached_property
    def countries(self) -> frozenset[str]:
        """Three-letter codes that name a state."""
        return frozenset(e.code for e in self.actors.values()
                         if e.type == "GPE" and len(e.code) == 3 and e.country == e.code)

    # Phrase lengths by first word, longest first: at a word, only the lengths some phrase
    # starting with it has are worth a lookup (actor phrases run to 19 words, most words
    # start none).
    @functools.cached_property
    def actor_lengths(self) -> dict[str, tuple[int, ...]]:
        return _lengths_by_first_word(self.actors)

    @functools.cached_property
    def agent_lengths(self) -> dict[str, tuple[int, ...]]:
        return _lengths_by_first_word(self.agents)

    @functools.cached_property
    def verb_lengths(self) -> dict[str, tuple[int, ...]]:
        return _lengths_by_first_word(self.verbs)

    @functools.cached_property
    def light_verb_firsts(self) -> frozenset[str]:
        return frozenset(form[0] for form in self.light_verbs)

    @functools.cached_property
    def object_verbs(self) -> frozenset[str]:
        """Words that are verbs by what follows them: "lifted tariffs", "called the
        decision wrong", "said the demand was unacceptable"."""
        return (self.verb_objects.verbs if self.verb_objects else frozenset()) | (
            self.evaluation_verbs)

    @functools.cached_property
    def evaluation_verbs(self) -> frozenset[str]:
        """Words that judge what they name or say: "called", "described", "ripped"."""
        return (self.evaluations.verbs | self.evaluations.speech_forms
                | self.evaluations.figurative_attacks if self.evaluations else frozenset())

    @functools.cached_property
    def verb_firsts(self) -> frozenset[str]:
        """Words that can start an event: a verb phrase's, a light verb's or an object
        verb's first word."""
        return frozenset(self.verb_lengths) | self.light_verb_firsts | self.object_verbs

    @functools.cached_property
    def object_rules(self) -> dict[str, tuple[tuple[ObjectRule, tuple[tuple[str, ...], ...],
                                                    bool], ...]]:
        """Word -> the object rules it can start, in the rules' order: (rule, the rule's
        verb forms starting with it, whether it is a light verb the rule's event nouns
        follow). Most words start none, and most that do start one or two."""
        if self.verb_objects is None:
            return {}
        one_word_light_verbs = {form[0] for form in self.light_verbs if len(form) == 1}
        index: dict[str, list] = {}
        for rule in self.verb_objects.rules:
            lights = one_word_light_verbs if rule.nouns_after_light_verb else set()
            for word in set(rule.verbs) | lights:
                index.setdefault(word, []).append(
                    (rule, rule.verbs.get(word, ()), word in lights))
        return {word: tuple(checks) for word, checks in index.items()}

    @functools.cached_property
    def pattern_anchors(self) -> dict[str, PatternAnchors]:
        return {block: _pattern_anchors(patterns) for block, patterns in self.patterns.items()}


class PatternAnchors(NamedTuple):
    """A block's patterns by the words that can start their anchor slot: one slot a pattern
    cannot match without (its fewest-first-words one), so a pattern whose anchor words are
    all absent from its side of the verb is never tried. Positions are indices into the
    block's pattern list, whose order (most specific first) decides between matches."""
    after: dict[str, list[int]]    # word -> patterns anchored by a slot after the verb
    before: dict[str, list[int]]   # word -> patterns anchored by a slot before it
    # word -> patterns whose first slot after the verb starts with it: that slot must
    # match within a few words of the verb (_matches_after), so most patterns whose anchor
    # is somewhere after the verb are still out of reach
    first_after: dict[str, list[int]]
    without_after: frozenset[int]  # patterns with no slot after the verb
    # (the words as sets, which a sentence's words intersect without a Python loop)
    after_words: frozenset[str] = frozenset()
    before_words: frozenset[str] = frozenset()
    first_after_words: frozenset[str] = frozenset()


def _pattern_anchors(patterns: list[Pattern]) -> PatternAnchors:
    """(Slot indexes hold the plurals of one-word phrases: see _slot_index.)"""
    anchors = PatternAnchors({}, {}, {}, frozenset(
        position for position, pattern in enumerate(patterns) if not pattern.after))
    for position, pattern in enumerate(patterns):
        slots = ([(index, anchors.after) for index in pattern.after_index]
                 + [(index, anchors.before) for index in pattern.before_index])
        if not slots:
            continue  # a pattern without slots never matches
        anchor, side = min(slots, key=lambda slot: len(slot[0]))
        for word in anchor:
            side.setdefault(word, []).append(position)
        if pattern.after_index:
            for word in pattern.after_index[0]:
                anchors.first_after.setdefault(word, []).append(position)
    return anchors._replace(after_words=frozenset(anchors.after),
                            before_words=frozenset(anchors.before),
                            first_after_words=frozenset(anchors.first_after))


def _lengths_by_first_word(index: dict[tuple[str, ...], object]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = collections.defaultdict(set)
    for key in index:
        if key:
            lengths[key[0]].add(len(key))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    words = tuple(token_norms(phrase))
    return words[1:] if len(words) > 1 and words[0] == "the" else words


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped dictionaries, indexed once per process."""
    return build_lexicon(load_actors(), load_verbs(), load_cameo_codes(), load_core_verbs(),
                         load_light_verbs(), load_verb_objects(), load_evaluations())


def build_lexicon(actors: ActorDictionary, verbs: VerbDictionary,
                  codes: dict[str, CameoCode], core_verbs: tuple[Verb, ...] = (),
                  light_verbs: Optional[LightVerbs] = None,
                  verb_objects: Optional[VerbObjects] = None,
                  evaluations: Optional[Evaluations] = None) -> Lexicon:
    """Index the dictionaries by token sequence (the first listing of a phrase wins)."""
    actor_index: dict[tuple[str, ...], ActorEntry] = {}
    for entry in actors.entries:
        key = phrase_tokens(entry.phrase)
        if key:
            actor_index.setdefault(key, entry)
    agent_index: dict[tuple[str, ...], Agent] = {}
    for agent in actors.agents:
        agent_index.setdefault(phrase_tokens(agent.phrase), agent)
    verb_index: dict[tuple[str, ...], tuple[str, Optional[str]]] = {}
    for verb in verbs.verbs:
        for form in verb.forms:
            key = tuple(token_norms(form))
            if key:
                verb_index.setdefault(key, (verb.block, verb.code))
    # The project's core verbs set the code; a form CAMEO.2.0.txt also knows keeps that
    # block's patterns, which refine the code by the words around the verb (within its
    # root: the table's code is the verb's meaning).
    core_forms: set[tuple[str, ...]] = set()
    for verb in core_verbs:
        for form in verb.forms:
            key = tuple(token_norms(form))
            block = verb.block if verb.block.startswith(OWN_BLOCK_PREFIX) else (
                verb_index.get(key, (verb.block, None))[0])
            verb_index[key] = (block, verb.code)
            core_forms.add(key)

    def slots(raw) -> tuple[tuple[tuple[str, ...], ...], ...]:
        return tuple(alternatives for alternatives in (
            tuple(tuple(token_norms(alt)) for alt in slot if alt.strip())
            for slot in raw) if alternatives)

    patterns: dict[str, list[Pattern]] = collections.defaultdict(list)
    for pattern in verbs.patterns:
        if pattern.code:
            compiled = Pattern(slots(pattern.before), slots(pattern.after), pattern.code)
            if compiled.before or compiled.after:
                patterns[pattern.block].append(compiled)
    for block in patterns:
        patterns[block].sort(key=lambda p: -p.specificity)
    lexicon = Lexicon(
        actor_index, agent_index, verb_index, dict(patterns), codes,
        core_forms=frozenset(core_forms),
        light_verbs=frozenset(phrase_tokens(f) for f in light_verbs.forms) if light_verbs
        else frozenset(),
        event_nouns={phrase_tokens(n): c for n, c in light_verbs.nouns.items()}
        if light_verbs else {},
        verb_objects=verb_objects, evaluations=evaluations)
    # The matching indexes are built here, with the lexicon, not inside the first text
    # tagged (where a benchmark would count them as tagging time).
    _ = (lexicon.countries, lexicon.shared_names, lexicon.actor_lengths, lexicon.agent_lengths,
         lexicon.verb_lengths, lexicon.pattern_anchors, lexicon.object_verbs,
         lexicon.object_rules, lexicon.light_verb_firsts, lexicon.evaluation_verbs,
         lexicon.verb_firsts, lexicon.demonyms)
    return lexicon


# -- matching ---------------------------------------------------------------------------------

_DETERMINERS = frozenset("a an the this that these those its their his her our your my "
                         "'s any every each no some such".split())
_NEGATIONS = frozenset("not n't never no neither nor without".split())
_CONDITIONALS = frozenset("if unless whether".split())
_CLAUSE_BREAKS = frozenset(", ; : but and".split())
# Words that end a light verb's object phrase ("imposed martial law as street battles raged").
_PHRASE_ENDS = frozenset("as in on at to for with from by that which who while after before "
                         "during since until because".split())
_COOPERATIVE_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})
_REJECT = "120"
_INTENT_ROOT = "03"
_MODALS = frozenset("will would 'll shall".split())
_HYPOTHETICAL = frozenset("could may might should".split())
_MODAL_AUXILIARIES = frozenset("will would shall should can could may might must".split())
# Words after which "force" is the verb: "to force", "will force", "cannot force".
_BEFORE_FORCE_VERB = frozenset("to do does did not n't cannot never".split()) | \
    _MODAL_AUXILIARIES
_OBJECT_PRONOUNS = frozenset("him her them us it".split())
_FORCED_TO = 6   # words from "force" to the "to" or "out" of what it forces
# Plurals that news uses as nouns far more than as verbs.
_PLURAL_NOUNS_FIRST = frozenset("arms abuses".split())
_INTENT_STEMS = ("pledg", "promis", "vow", "swor", "swear", "agree", "offer", "plan", "intend",
                 "seek", "sought", "want", "hope", "hoping", "wish", "schedul", "slated",
                 "decid", "ready", "prepared", "willing", "expect", "commit", "threat", "aim",
                 "continu")
# Intentions by the root (and base) of the intended act, after the CAMEO manual.
_INTENT_BY_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
                   "15": "138", "16": "131", "17": "130", "18": "138", "19": "138",
                   "20": "138"}
_INTENT_BY_BASE = {"061": "0311", "062": "0312", "063": "0313", "064": "0314",
                   "071": "0331", "072": "0332", "073": "0333", "074": "0334",
                   "084": "0353", "085": "0354", "087": "0356",
                   "163": "1312", "161": "1313", "162": "1311"}
_THREATEN = "130"
_DEMAND = "100"
_CALENDAR_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january "
                            "february march april may june july august september october "
                            "november december".split())
_NOT_PLURALS = frozenset("this thus does always perhaps unless whereas besides towards "
                         "afterwards".split())
_TITLES = frozenset("""president minister premier chancellor secretary king queen prince
princess sheikh emir general gen admiral senator sen representative rep governor gov mayor
ambassador envoy spokesman spokeswoman chief leader commander judge justice mr mrs ms dr
lord sir pope ayatollah""".split())
_PREPOSITIONS = frozenset("of in on at for with from into over under between among against "
                          "after before during since without about".split())
_ADJECTIVES_IN_EN = frozenset("open even keen".split())
_BE_FORMS = frozenset("is are was were be been being 's".split())
_IRREGULAR_PAST = frozenset("said told made took gave went came sought won lost wrote "
                            "spoke saw threw drew rode".split())
_IRREGULAR_PARTICIPLES = frozenset("held met hit shot struck sent built seized thrown fought "
                                   "caught led sold bought kept left told".split())
_NOT_POLITICAL = frozenset({"MED", "MNC", "BUS", "EDU", "HLH", "AGR", "LAB"})
_FIGHT_ROOT, _FIGHT = "19", "190"
_ASSAULT = "180"
_NON_STATE_AGENTS = frozenset({"REB", "UAF", "INS", "OPP", "CVL", "CRM", "SEP"})
_APPEAL = "020"
_APPEAL_BY_ROOT = {"04": "026", "05": "022", "06": "021", "07": "023", "08": "025"}
_NEED_FORMS = frozenset("need needs needed".split())
_DEMAND_BY_ROOT = {"04": "106", "05": "102", "06": "101", "07": "103", "08": "105"}
_FACE_FORMS = frozenset("face faces facing".split())
_PENALTIES = frozenset("consequences sanctions penalties retaliation punishment tariffs "
                       "repercussions measures response".split())
# A name right after one of these is where something happened, not who took part.
_PLACE_PREPOSITIONS = frozenset("in at near outside inside across throughout around".split())
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
_NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "UAF"})
# Who does violence without being known: the coding rules leave their country empty
# ("gunmen"), where militants and rebels belong to the state they fight in.
_UNIDENTIFIED_AGENTS = frozenset("gunmen attackers assailants pirates".split())
# Sector nouns that name an actor on their own ("the government", "rebels", "police"):
# CAMEO codes them by sector, and by country when the sentence names one.
_STANDALONE_AGENTS = {
    **dict.fromkeys("government governments authorities administration regime junta cabinet "
                    "ministry diplomats officials".split(), "GOV"),
    **dict.fromkeys("police policemen".split(), "COP"),
    **dict.fromkeys("army military troops soldiers forces".split(), "MIL"),
    **dict.fromkeys("rebels insurgents separatists guerrillas".split(), "REB"),
    **dict.fromkeys(["militants", "militia", "militias", *_UNIDENTIFIED_AGENTS], "UAF"),
    **dict.fromkeys("protesters protestors demonstrators activists opposition".split(), "OPP"),
    **dict.fromkeys("parliament lawmakers legislators congress senators senator lawmaker"
                    .split(), "LEG"),
    **dict.fromkeys("court courts judges prosecutors judge prosecutor".split(), "JUD"),
    **dict.fromkeys("students".split(), "EDU"),
    **dict.fromkeys("journalists".split(), "MED"),
    **dict.fromkeys("refugees".split(), "REF"),
}
# Sector words that are more often adjectives than nouns ("military aid").
_ADJECTIVE_AGENTS = frozenset({"military"})


def _modifies_a_noun(following: str, lexicon: Lexicon) -> bool:
    """Whether a word like "military" is an adjective before the word that follows it
    ("military aid", "military intervention"), not a noun that acts ("the military
    said", "the military seized power", "the military and rebels", "the military in
    Niger")."""
    return following.isalpha() and not (
        following in _CLAUSE_FILLERS or following in _PREPOSITIONS
        or following in lexicon.words.attributing_verbs
        or following in ("and", "or") or following.endswith("ed")
        or following in _IRREGULAR_PAST)


_DEGREE_ADVERBS = frozenset("most more very highly well less least so-called".split())
# Never an act of the subject: "according to" reports, "alleged" qualifies, "X needs to"
# states a lack (CAMEO.2.0.txt files "need" under demand), "X died" says nothing of who
# killed.
# ("bill" is a law in the news, which CAMEO.2.0.txt's billing someone, 170, never is; so are
# "gear" equipment, not the military cooperation, 062, of arming someone; "mining" an
# industry, not an investigation, 090)
_NEVER_VERBS = frozenset("""according alleged so-called need needs needed die dies died
binding bill bills billed billing gear mining""".split())
# Words that may stand between a subject and its verb without breaking the clause.
_CLAUSE_FILLERS = frozenset("""will would shall should can could may might must has have had is
are was were be been being also again still then now already reportedly officially formally
has on monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
that it they he she we last this next week month year earlier later""".split())
# "Make statement" alone says nothing about a dyad; coding every "said" is how GDELT
# over-codes. Specific statements (decline comment, deny, optimistic ...) are kept.
_PLAIN_STATEMENT = "010"
_QUOTES = frozenset('"“”')
_STATEMENT_ROOT = "01"
_SLOT_GAP = 3   # words (articles, adjectives) that may stand between a pattern's slots
_CONNECTORS = frozenset({"'s", "-", "'"})


def _longest(index: dict, lengths: dict[str, tuple[int, ...]], norms: list[str],
             i: int) -> tuple[int, object]:
    """(length, value) of the longest phrase of the index at word i, else (0, None)."""
    if i >= len(norms):
        return 0, None
    for length in lengths.get(norms[i], ()):
        if i + length <= len(norms):
            hit = index.get(tuple(norms[i:i + length]))
            if hit is not None:
                return length, hit
    return 0, None


# Arabic article prefixes of names written in lower case: "al-Shabab", "el-Sisi".
_NAME_PREFIXES = ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-")


def _capitalised(text: str) -> bool:
    """Whether a word is written as a name: "Russia", and "al-Shabab" after its article."""
    return text[:1].isupper() or (text.startswith(_NAME_PREFIXES)
                                  and text[text.index("-") + 1:][:1].isupper())


def _nearest(placed: list[tuple[int, str]], i: int) -> str:
    """The code of the (word index, code) pairs nearest to word i, the earlier on a tie."""
    best = placed[0]
    for item in placed[1:]:
        if (abs(item[0] - i), item[0] > i) < (abs(best[0] - i), best[0] > i):
            best = item
    return best[1]


def find_actors(sentence: str, toks: Tokens, lexicon: Lexicon,
                date: Optional[str], people: Optional[dict[str, ActorEntry]] = None
                ) -> list[ActorMention]:
    """Actors named in a sentence. `people` is the article's memory of the people it named:
    officials named by title ("Judge Arthur Engoron") whom the dictionaries do not know and
    people the dictionaries know by their full name ("Wang Yi"); a later bare surname
    ("Engoron ruled", "Wang urged") is the same person."""
    norms = toks.norms
    people = {} if people is None else people
    found: list[tuple[int, int, ActorEntry, str]] = []   # (first token, end token, entry, code)
    # Only a capitalised word or a sector word can start an actor: most words are neither.
    can_start = [text[0].isupper() or norm in _STANDALONE_AGENTS
                 for text, norm in zip(toks.texts, norms)]
    if "-" in sentence:  # "al-Shabab": capitalised after its article
        for i, text in enumerate(toks.texts):
            if "-" in text[2:4] and _capitalised(text):
                can_start[i] = True
    starts = itertools.compress(range(len(can_start)), can_start)
    i = 0
    for start in starts:
        if start < i:
            continue  # inside the actor found last
        i = start
        capitalised = _capitalised(toks.texts[i])
        length, entry = (_longest(lexicon.actors, lexicon.actor_lengths, norms, i)
                         if capitalised else (0, None))
        if not entry and capitalised:
            length, entry = _titled_person(toks, norms, i, lexicon)
            if (not entry and norms[i] in people and not _other_first_name(toks, i)
                    and not _first_name(toks, i)
                    and (i > 0 or _names_the_subject(toks, norms, lexicon))):
                length, entry = 1, people[norms[i]]
        if not entry:
            # "the government", "rebels", "police": an agent with no country named is still
            # an actor (CAMEO codes it by its sector alone).
            code = _STANDALONE_AGENTS.get(norms[i])
            following = norms[i + 1] if i + 1 < len(norms) else ""
            if norms[i] in _ADJECTIVE_AGENTS and _modifies_a_noun(following, lexicon):
                code = None  # "Western military intervention": a modifier, no one acting
            if code and following not in _STANDALONE_AGENTS:
                length, entry = 1, ActorEntry(norms[i], "ORG", code, (), None, norms[i],
                                              "agents")
        if entry and entry.type == "PERSON" and length == 1 and _other_first_name(toks, i):
            entry = None  # "Hunter Biden", "Laura Modi": someone else of that surname
        if (entry and entry.type == "PERSON" and length == 1
                and norms[i] in lexicon.shared_names):
            # "President Yusuf moved to dismiss Hussein" (2008): the dictionary's Hussein is
            # the King of Jordan, dead since 1999. A name that many people share is whoever
            # the article named with it ("Saddam Hussein ... Hussein said"), else the one
            # it is filed under while they hold that office and for a few years after.
            named = people.get(norms[i])
            if _first_name(toks, i):
                entry = None  # "Abdullah Hammoud", "Hussein Sabri": someone's first name
            elif named is not None:
                entry = named
            elif not _in_office(entry, date):
                entry = None
        if not entry:
            continue
        code = ActorDictionary.roles_on(entry, date)
        end = i + length
        # "Russian officials", "Ukraine's foreign minister": country + agent = CAMEO compound
        if entry.type in ("GPE", "LOC") and len(code) == 3:
            j = end + (1 if end < len(toks.norms) and norms[end] in _CONNECTORS else 0)
            agent_len, agent = _longest(lexicon.agents, lexicon.agent_lengths, norms, j)
            if agent:
                code = code + agent.code if agent.placement == "suffix" else agent.code + code
                end = j + agent_len
                name_end = _name_end(toks, norms, end, lexicon)
                if name_end > end:
                    # "Kenya's foreign minister Musalia Mudavadi": the dictionaries do not
                    # know him, but the article may go on with "Mudavadi said".
                    name = " ".join(norms[end:name_end])
                    entry = ActorEntry(name, "PERSON", code, (), code[:3], name, _TITLED_SEEN)
                    _remember_name(people, norms[end:name_end], entry)
                    end = name_end
            elif (end < len(norms) and norms[end] in _NEWSPAPER_WORDS
                  and _capitalised(toks.texts[end])):
                # "the Los Angeles Times": a newspaper
                code, end = code + "MED", end + 1
                entry = entry._replace(type="ORG", name=" ".join(norms[i:end]))
            elif _group_noun(toks, norms, end, lexicon):
                end += 1  # "Iraqi Kurds", "Palestinian youths": a group of that country
        found.append((i, end, entry, code))
        i = end
    # "US President Donald Trump": a country (and agent) right before a person is that person
    merged: list[tuple[int, int, ActorEntry, str]] = []
    for item in found:
        if (merged and item[2].type == "PERSON" and merged[-1][2].type == "GPE"
                and item[0] == merged[-1][1]):
            item = (merged[-1][0], item[1], item[2], item[3])
            merged.pop()
        elif (merged and item[2].type in ("GPE", "LOC") and item[3] in lexicon.countries
              and merged[-1][2].type == "PERSON"
              and _country_of_person(norms, merged[-1][1], item[0])
              # ("Rafael Grossi of Argentina" heads an IGO's agency; a person the
              # dictionaries file under another state keeps their code)
              and (merged[-1][3][:3] == item[3][:3] or len(merged[-1][3]) == 3)):
            # "Jean-Noel Barrot of France, Johann Wadephul of Germany and David Lammy of
            # Britain": the country after "of" is the person's, one actor with them (so
            # that the list is a list of people), not a second party of the sentence.
            first, _, person, code = merged.pop()
            sector = code[3:] if code[:3] in lexicon.countries else code
            item = (first, item[1], person, item[3] + sector)
        merged.append(item)
    countries = [(first, code[:3]) for first, _, entry, code in merged
                 if code[:3] in lexicon.countries]
    actor_ends = frozenset([end for _, end, _, _ in merged])
    mentions = []
    for first, end, entry, code in merged:
        unplaced = entry.source in _SECTOR_SOURCES and code[:3] not in lexicon.countries
        owned = norms[end:end + 1] == ["of"]
        # An official named by title belongs to the country their title names ("Minister
        # X of Kenya"); the nearest country of the sentence is as often whom they act on.
        # "Its foreign ministry said": a possessor the sentence does not name was named
        # before it (see _in_country), not whoever the sentence names nearest
        unnamed_possessor = _after_possessive(norms, first) and not any(
            [i < first for i, _ in countries])
        # "judges of the International Criminal Court", "officials of the UN": an
        # organisation's own people are the organisation, as "UN officials" are
        # ("withdrew its troops from the UN force": a possessor owns them)
        organisation = _organisation_after_of(merged, countries, norms, end) \
            if unplaced and code not in _VICTIM_SECTORS and not (
                first > 0 and norms[first - 1] in _POSSESSIVES) else None
        if organisation is not None:
            code, unplaced = organisation, False
        elif unplaced and countries and (entry.source != _TITLED or owned) \
                and not unnamed_possessor and not _unidentified(norms, first, end, actor_ends):
            # "the government of Ukraine" belongs to Ukraine; otherwise a sector noun belongs
            # to the nearest country named in the sentence, the earlier one on a tie
            # (measured: better target countries than always preferring the one before).
            owner = [c for i, c in countries if end + 1 <= i <= end + 2 and (
                norms[end:end + 1] == ["of"] or _people_from(norms, first, end))]
            # "her government", "their forces": the possessor was named before
            possessor = [c for i, c in countries if i < first] if (
                first > 0 and norms[first - 1] in _POSSESSIVES) else []
            # "The government criticised Israel": a country past a verb is what a state
            # institution acts on, not whose it is (rebels and militants belong to the
            # state they fight in, which they act on)
            claimants = [(i, c) for i, c in countries
                         if i < first or code[:3] not in _STATE_SECTORS
                         or not _acted_on(toks, end, i, lexicon)]
            if owner or possessor or claimants:
                nearest = owner[0] if owner else possessor[-1] if possessor else (
                    _nearest(claimants, first))
                code = nearest + code
        start_char, end_char = toks.starts[first], toks.ends[end - 1]
        # The country follows the code in force: von der Leyen acting for the EU (IGOEUREEC)
        # speaks for no country, whatever her nationality.
        country = code[:3] if code[:3] in lexicon.countries else (
            None if code[:3] in _NON_STATE_PREFIXES else entry.country)
        mentions.append(ActorMention(sentence[start_char:end_char], code, country,
                                     entry.type, start_char, end_char, entry.name,
                                     sector_only=unplaced and country is None))
        if entry.source == _TITLED:
            # Placed, the person keeps that country; unplaced, the article's is given later.
            _remember_name(people, entry.name.split(), entry._replace(
                code=code, country=country, source=_TITLED_SEEN if country else _TITLED))
        elif (entry.type == "PERSON" and entry.source != _TITLED_SEEN
              and _personal_name(entry.name.split(), lexicon)):
            # the dictionaries know "Wang Yi", not a bare "Wang"
            _remember_name(people, entry.name.split(), entry)
    return mentions


_MOVING_STEMS = ("recall", "withdr", "evacuat", "pull", "remov", "brought", "bring", "flew",
                 "fly", "airlift", "relocat", "return", "send", "sent")
# A state's people who travel and talk for it: "officials from Iran" are Iran's, and
# "received Russian officials" receives guests.
_ENVOY_NOUNS = frozenset("""officials official diplomats diplomat delegation delegations
delegates representatives envoys envoy ministers negotiators lawmakers legislators
""".split())


def _people_from(norms: list[str], first: int, end: int) -> bool:
    """Whether the sector noun at [first, end) is a state's envoys "from" somewhere, and
    neither someone's ("its diplomats from Kabul") nor moved from there ("recalled
    diplomats from Moscow"): those are the mover's own."""
    return (norms[end:end + 1] == ["from"] and norms[end - 1] in _ENVOY_NOUNS
            and not _after_possessive(norms, first)
            and not any(w.startswith(_MOVING_STEMS) for w in norms[max(0, first - 2):first]))


# Sector words for those acts befall ("refugees of the Islamic State war"): no one's staff.
_VICTIM_SECTORS = frozenset({"CVL", "REF"})
_MEMBER_OF = frozenset("of from at".split())


def _organisation_after_of(merged: list[tuple[int, int, ActorEntry, str]],
                           countries: list[tuple[int, str]], norms: list[str],
                           end: int) -> Optional[str]:
    """The code of an organisation named right after the "of", "from" or "at" that follows
    a sector noun ending at `end` ("judges of the ICC", "officials from the UN", also past
    another sector noun: "judges and prosecutors of the ICC"), unless a country is named
    there."""
    k = end
    while k < len(norms) and norms[k] == "and":
        # ("judges and two deputy prosecutors of the ICC")
        joined = -1
        for first, last, entry, code in merged:
            if k < first <= k + 3 and entry.source in _SECTOR_SOURCES:
                joined = last
                break
        if joined < 0:
            return None
        k = joined
    if k >= len(norms) or norms[k] not in _MEMBER_OF:
        return None
    for i, _ in countries:
        if k + 1 <= i <= k + 2:
            return None
    for i, _, _, code in merged:
        if code[:3] in _NON_STATE_PREFIXES and k + 1 <= i <= k + 2:
            return code
    return None


# "in northern Nigeria", "in the south-east": region words between a place preposition and
# the country. They decide only whose a sector is: _is_place, which takes a place out of an
# event's parties, does not skip them (measured worse there).
_REGION_WORDS = frozenset("""the northern southern eastern western central north south east
west north-east north-west south-east south-west northeast northwest southeast southwest
northeastern northwestern southeastern southwestern north-eastern north-western
south-eastern south-western""".split())


def _acted_on(toks: Tokens, actor_end: int, i: int, lexicon: Lexicon) -> bool:
    """Whether the country at word i, after a sector noun ending at actor_end, is what the
    sector acts on: a verb of an act stands between them (a verb of speech does not count:
    its clause has a subject of its own), and the country is no place where it acts ("in
    London", "in northern Nigeria")."""
    norms = toks.norms
    k = i - 1
    while k > actor_end and norms[k] in _REGION_WORDS:
        k -= 1
    if norms[k] in _PLACE_PREPOSITIONS:
        return False
    for k in range(actor_end, i):
        sense = lexicon.verbs.get((norms[k],)) if toks.texts[k].islower() else None
        if sense and sense[1] and sense[1][:2] != _STATEMENT_ROOT:
            return True
    return False


_UNIDENTIFIED_MODIFIERS = frozenset("unidentified unknown".split())


def _unidentified(norms: list[str], first: int, end: int, actor_ends: frozenset[int]) -> bool:
    """Whether the sector noun at first:end names no one: "gunmen", "unknown militants";
    not "Hamas gunmen" (an actor ends right before it) or "its gunmen"."""
    if first > 0 and norms[first - 1] in _UNIDENTIFIED_MODIFIERS:
        return True
    owned = first > 0 and (norms[first - 1] in _POSSESSIVES or first in actor_ends)
    return norms[end - 1] in _UNIDENTIFIED_AGENTS and not owned


# How long after leaving office a bare shared name still names the holder: news goes on
# naming a fallen leader for years ("Mubarak" in 2011 and after), not for ever ("Hussein"
# in 2008 is not the King of Jordan who died in 1999).
_NAMED_AFTER_OFFICE_YEARS = 5


def _in_office(entry: ActorEntry, date: Optional[str]) -> bool:
    """Whether the date falls in one of the entry's dated roles or in the years just after
    one (never, without a date)."""
    if not date:
        return False
    day = date[:10]
    for role in entry.roles:
        if role.start is not None and day < role.start:
            continue
        if role.end is None:
            return True
        named_until = f"{int(role.end[:4]) + _NAMED_AFTER_OFFICE_YEARS:04d}{role.end[4:]}"
        if day <= named_until:
            return True
    return False


def _country_of_person(norms: list[str], person_end: int, country_start: int) -> bool:
    """Whether the words between a person and a country make it the person's: "of" (maybe
    "of the": "Antony Blinken of the United States")."""
    return norms[person_end:country_start] in (["of"], ["of", "the"])


def _remember_name(people: dict[str, ActorEntry], name: list[str], entry: ActorEntry) -> None:
    """A later bare surname is the person: the last word of the name, or the first of two
    ("Foreign Minister Wang Yi" ... "Wang urged"), as Chinese and Korean names put it first;
    the first word never displaces a surname already remembered."""
    people[name[-1]] = entry
    if len(name) == 2:
        people.setdefault(name[0], entry)


def _personal_name(words: list[str], lexicon: Lexicon) -> bool:
    """Whether a dictionary person's name is a personal name whose words can stand alone:
    not "the Islamic State" or "US Secretary of State", which the dictionaries also file
    as people. (A word many people's names share, "Hussein", is a name word too.)"""
    return len(words) >= 2 and not any(
        w in _DETERMINERS or w in _PREPOSITIONS or w in _TITLES
        or ((w,) in lexicon.actors and w not in lexicon.shared_names)
        or (w,) in lexicon.agents for w in words)


def _first_name(toks: Tokens, i: int) -> bool:
    """A remembered word right before another name word is a first name of someone else:
    "Joe Manchin" after "Joe Biden"."""
    return i + 1 < len(toks.norms) and _name_word(toks.texts[i + 1], toks.norms[i + 1])


def _names_the_subject(toks: Tokens, norms: list[str], lexicon: Lexicon) -> bool:
    """A remembered surname as a sentence's first word names that person only when a verb,
    an auxiliary or punctuation follows ("Engoron ruled", "Engoron, who"): "Young people
    protested" does not name Judge Young."""
    if len(toks.norms) < 2:
        return False
    following = norms[1]
    return ((following,) in lexicon.verbs or following in _CLAUSE_FILLERS
            or not toks.texts[1][:1].isalnum())


_TITLED, _TITLED_SEEN = "titles", "titles (seen before)"
_SECTOR_SOURCES = frozenset({"agents", _TITLED})
# Abbreviated titles ("Sen. Joni Ernst") that the Phoenix agent words do not list.
_TITLE_ABBREVIATIONS = {"sen": "LEG", "rep": "LEG", "gov": "GOV", "gen": "MIL", "adm": "MIL",
                        "col": "MIL", "lt": "MIL", "maj": "MIL", "amb": "GOV"}
_NAME_WORDS = 3


def _titled_person(toks: Tokens, norms: list[str], i: int,
                   lexicon: Lexicon) -> tuple[int, Optional[ActorEntry]]:
    """"Judge Arthur Engoron", "Sen. Joni Ernst": an official the dictionaries do not know,
    named after a capitalised title, coded by the title's sector (JUD, LEG, GOV ...)."""
    length, agent = _longest(lexicon.agents, lexicon.agent_lengths, norms, i)
    code = agent.code if agent and agent.placement == "suffix" else None
    if code is None:
        code = _TITLE_ABBREVIATIONS.get(norms[i])
        length = 1
    if code is None or not all(map(_capitalised, toks.texts[i:i + length])):
        return 0, None
    start = i + length
    if start < len(toks.norms) and toks.texts[start] == ".":
        start += 1
    end = _name_end(toks, norms, start, lexicon)
    if end == start:
        return 0, None  # no name, or one the dictionaries know (they code it then)
    name = " ".join(norms[start:end])
    return end - i, ActorEntry(name, "PERSON", code, (), None, name, _TITLED)


def _name_end(toks: Tokens, norms: list[str], start: int, lexicon: Lexicon) -> int:
    """End of an unknown person's name at start (start itself when there is none)."""
    if _longest(lexicon.actors, lexicon.actor_lengths, norms, start)[1]:
        return start
    end = start
    while (end < len(norms) and end - start < _NAME_WORDS
           and _name_word(toks.texts[end], norms[end])
           and (norms[end],) not in lexicon.agents):
        end += 1
    return end


def _name_word(text: str, norm: str) -> bool:
    word = text.replace("-", "").replace("'", "").replace("’", "")
    return text[:1].isupper() and word.isalpha() and len(word) > 1 and norm not in _CALENDAR_WORDS


def _other_first_name(toks: Tokens, i: int) -> bool:
    """A capitalised word right before a bare surname that is not a title: a first name."""
    # The first word of a sentence is capitalised whatever it is, so it says nothing.
    if i < 2:
        return False
    previous = toks[i - 1]
    return (previous.text[:1].isupper() and previous.text.isalpha()
            and previous.norm not in _TITLES)


_NEWSPAPER_WORDS = frozenset("times post journal herald tribune gazette telegraph guardian "
                             "chronicle examiner courier independent observer".split())


def _group_noun(toks: Tokens, norms: list[str], i: int, lexicon: Lexicon) -> bool:
    """A plural or capitalised noun right after a country word, naming people of it."""
    if i >= len(toks.norms) or not toks.texts[i].isalpha() or (norms[i],) in lexicon.verbs:
        return False
    word = toks.texts[i]
    plural = (word.islower() and len(word) >= 4 and word.endswith("s")
              and not word.endswith(("ss", "us", "is")) and word not in _NOT_PLURALS)
    return plural or (word[:1].isupper() and (norms[i],) not in lexicon.actors
                      and norms[i] not in _CALENDAR_WORDS)


def _slot_at(slot: dict[str, list[tuple[str, ...]]], norms: list[str], i: int) -> int:
    """Length of the phrase of a slot (indexed by _slot_index) that matches at i, else 0."""
    if i >= len(norms):
        return 0
    for alternative in slot.get(norms[i], ()):
        if len(alternative) == 1 or tuple(norms[i:i + len(alternative)]) == alternative:
            return len(alternative)
    return 0


# Prepositions of several words: their last word is no verb's particle ("came in response
# to speculation" is no "came to"; "acted in accordance with" is no "acted with").
_COMPOUND_PREPOSITIONS = frozenset(tuple(p.split()) for p in (
    "in response to", "in reaction to", "in addition to", "in relation to", "with regard to",
    "in regard to", "according to", "due to", "prior to", "thanks to", "in order to",
    "in accordance with", "in line with", "in connection with", "on behalf of",
    "in spite of", "in favour of", "in favor of"))
_COMPOUND_LENGTHS = frozenset(len(p) for p in _COMPOUND_PREPOSITIONS)
_COMPOUND_LAST_WORDS = frozenset(p[-1] for p in _COMPOUND_PREPOSITIONS)


def _ends_a_compound_preposition(norms: list[str], i: int) -> bool:
    if norms[i] in _COMPOUND_LAST_WORDS:
        for length in _COMPOUND_LENGTHS:
            if i + 1 >= length and tuple(norms[i + 1 - length:i + 1]) in _COMPOUND_PREPOSITIONS:
                return True
    return False


def _starts_a_time(norms: list[str], i: int) -> bool:
    """"called Putin on Monday", "called Putin for the second time": the preposition
    starts a time, it is no verb's particle ("called on", "called for")."""
    following = norms[i + 1:i + 4]
    return (norms[i] == "on" and following[:1] != [] and following[0] in _CALENDAR_WORDS) or (
        norms[i] == "for" and following[:1] == ["the"] and following[2:3] == ["time"])


# "approved the settlement plan", "criticised settlement expansion": a place word before
# one of these names what the plan or project is about; the verb acts on the plan (an act
# before it is the plan's content: "accepted the ceasefire proposal")
_PLAN_NOUNS = frozenset("""plan plans project projects proposal proposals expansion
construction freeze policy policies scheme schemes""".split())
_PLACE_NOUNS = frozenset("""town towns city cities village villages settlement settlements
community communities municipality municipalities""".split())


def _in_another_phrase(norms: list[str], i: int, length: int) -> bool:
    """Whether the slot phrase found at word i belongs to another phrase here: a compound
    preposition ("in line with"), a time ("on Monday"), or what a plan is about ("the
    settlement plan")."""
    if length == 1 and (_ends_a_compound_preposition(norms, i) or _starts_a_time(norms, i)):
        return True
    return norms[i] in _PLACE_NOUNS and norms[i + length:i + length + 1] != [] and \
        norms[i + length] in _PLAN_NOUNS


def _matches_after(slots, norms: list[str], start: int, skip: frozenset[int]) -> bool:
    """Each slot within a few words of the previous one (the verb's object phrase); the
    words of an actor ("asked the United Nations for aid") do not count as a gap. A clause
    break, or a verb of avoiding, ends the search unless the slot itself matches there."""
    i, size = start, len(norms)
    for slot in slots:
        gap = 0
        while True:
            if i >= size or gap > _SLOT_GAP:
                return False
            # (most words start no phrase of the slot: looked up here, not in a call)
            length = _slot_at(slot, norms, i) if norms[i] in slot else 0
            if length and not _in_another_phrase(norms, i, length):
                break
            # ("want to avoid sanctions" wants no sanctions)
            if norms[i] in _CLAUSE_BREAKS or norms[i] in _AVOIDING_FORMS:
                return False
            gap += i not in skip
            i += 1
        i += length
    return True


# ("stopped opposition leader Morgan Tsvangirai (MDC) en route": an abbreviation or a
# short aside; a longer parenthesis is a clause of its own)
_ASIDE_WORDS = 6


def _parenthesised(texts: list[str]) -> frozenset[int]:
    """Indices of the words of short asides in brackets, brackets included: they are no
    gap between a verb and the rest of its pattern."""
    inside: set[int] = set()
    if "(" not in texts:
        return frozenset()
    for i, text in enumerate(texts):
        if text == "(":
            for close in range(i + 1, min(len(texts), i + _ASIDE_WORDS + 2)):
                if texts[close] == ")":
                    inside.update(range(i, close + 1))
                    break
    return frozenset(inside)


def _first_slot_reach(norms: list[str], start: int, skip: frozenset[int]) -> list[str]:
    """The words at which _matches_after tries the first slot after the verb."""
    reach, gap, i = [], 0, start
    while i < len(norms) and gap <= _SLOT_GAP:
        reach.append(norms[i])
        if norms[i] in _CLAUSE_BREAKS:
            break
        gap += i not in skip
        i += 1
    return reach


def _matches_before(slots, norms: list[str], end: int) -> bool:
    """The slots, last first, each within a few words before the previous one."""
    i = end
    for slot in reversed(slots):
        floor = max(0, i - _SLOT_GAP - 1)
        i -= 1
        while True:
            if i < floor:
                return False
            if _slot_at(slot, norms, i):
                break
            if norms[i] in _CLAUSE_BREAKS:
                return False
            i -= 1
    return True


def _verb_code(lexicon: Lexicon, block: str, own_code: Optional[str], norms: list[str],
               start: int, end: int, skip: frozenset[int]) -> tuple[Optional[str], bool]:
    """(code, from_pattern): the most specific matching pattern of the verb's block wins."""
    patterns = lexicon.patterns.get(block)
    if not patterns:
        return own_code, False
    anchors = lexicon.pattern_anchors[block]
    # Only patterns whose anchor slot can start at some word on its side of the verb.
    candidates: set[int] = set()
    for word in anchors.after_words.intersection(norms[end:]):
        candidates.update(anchors.after[word])
    for word in anchors.before_words.intersection(norms[:start]):
        candidates.update(anchors.before[word])
    if candidates:
        reachable: set[int] = set()
        for word in anchors.first_after_words.intersection(_first_slot_reach(norms, end, skip)):
            reachable.update(anchors.first_after[word])
        candidates = (candidates & anchors.without_after) | (candidates & reachable)
    for position in sorted(candidates):
        pattern = patterns[position]
        # A statement verb ("said") is reported speech: what follows it is another
        # clause, whose own verb is coded there, not a pattern of "said".
        if own_code and own_code[:2] == _STATEMENT_ROOT and pattern.code[:2] != _STATEMENT_ROOT:
            continue
        if ((not pattern.after or _matches_after(pattern.after_index, norms, end, skip))
                and (not pattern.before or _matches_before(pattern.before_index, norms, start))
                and (pattern.after or pattern.before)):
            return pattern.code, True
    return own_code, False


def _adverb_back(toks: Tokens, i: int, lexicon: Lexicon) -> bool:
    """Whether "back" at word i is the adverb: right after a verb ("get back", "was back",
    "fought back") or before a preposition, "home" or punctuation ("back in Doha")."""
    norms = toks.norms
    previous = norms[i - 1] if i else ""
    following = norms[i + 1] if i + 1 < len(norms) else "."
    if previous == "to" or previous in _MODAL_AUXILIARIES:
        return False  # "will back up Israel", "to back the war"
    # (a plural before it is its subject: "Gulf states back the plan", "NATO allies back")
    return (((previous,) in lexicon.verbs and toks.texts[i - 1].islower()
             and not previous.endswith("s"))
            or previous in _BACK_AFTER
            or following in _PREPOSITIONS or following in _PHRASE_ENDS
            or following in ("home", "away", "up", "down") or not following[:1].isalnum())


# "be back", and verbs of motion and return the verb table lacks or codes as no verb
_BACK_AFTER = frozenset("is are was were be been being am get gets got getting come comes "
                        "came coming bring brings brought bringing go goes went going head "
                        "heads headed".split())


def _hypothetical(toks: Tokens, i: int) -> bool:
    """Whether one of the two words before the verb, after any comma among them, is a
    modal of possibility or duty ("Israel, as it should, retaliated": the "should" is an
    aside's). Capitalised inside the sentence it is a name or a month ("Theresa May met
    Macron", "in May requested")."""
    norms = toks.norms
    if i == 0 or (norms[i - 1] not in _HYPOTHETICAL
                  and (i < 2 or norms[i - 2] not in _HYPOTHETICAL)):
        return False  # (most verbs: no modal to weigh)
    # (the words after the last comma of the two)
    first = max(0, i - 2)
    for k in range(first, i):
        if norms[k] == ",":
            first = k + 1
    for k in range(first, i):
        if norms[k] in _HYPOTHETICAL and (k == 0 or toks.texts[k].islower()):
            return True
    return False


def _inside_quotes(toks: Tokens, i: int) -> bool:
    return sum(map(_QUOTES.__contains__, toks.texts[:i])) % 2 == 1


class _Candidate(NamedTuple):
    code: str
    from_pattern: bool
    start: int   # token indices of the verb
    end: int
    word: str = ""  # its first word, lower-cased


def find_verbs(toks: Tokens, lexicon: Lexicon,
               actors: Iterable[ActorMention] = ()) -> list[_Candidate]:
    norms = toks.norms
    actors = list(actors)
    skip = frozenset().union(*[toks.within(a.start, a.end) for a in actors])
    # (a pattern's words may run past a short aside in brackets)
    pattern_skip = skip | _parenthesised(toks.texts)
    # (what most sentences lack spares a scan back from each verb)
    quoting = not _QUOTES.isdisjoint(toks.texts)
    negating = not _NEGATIONS.isdisjoint(norms)
    conditioning = not _CONDITIONALS.isdisjoint(norms)
    candidates = []
    describing: set[int] = set()
    i = 0
    # Only a word that starts a verb phrase or is a light verb can start an event; most
    # words are neither, and are passed over without a look.
    verb_objects = lexicon.verb_objects
    verb_firsts = lexicon.verb_firsts
    for start in range(len(norms)):
        if start < i or norms[start] not in verb_firsts:
            continue  # inside the verb phrase found last, or no verb phrase starts here
        i = start
        if i in skip:  # a word of an actor ("Israeli forces") is not a verb
            i += 1
            continue
        if verb_objects and _signs_a_document(verb_objects, norms, i):
            i += 1
            continue  # "signed an executive order imposing duties": the duties are the event
        light = _light_verb_length(lexicon, norms, i)
        # (not "launched no fewer than 50 airstrikes": a quantity, not a denial)
        if light and norms[i + light:i + light + 1] == ["no"] \
                and not _quantity_length(norms, i + light):
            i += 1
            continue  # "reached no agreement", "came to no agreement": nothing happened
        length, sense = _longest(lexicon.verbs, lexicon.verb_lengths, norms, i)
        # Whether the word can be a verb here is decided before what it would code, which
        # costs more: a word that cannot be passes over its phrase, or over itself.
        length = max(length, 1)
        previous = norms[i - 1] if i else ""
        # A capitalised word inside a sentence is a name ("March", "Bill"), not a verb; a
        # word after a determiner or degree adverb is a noun or adjective ("the talks",
        # "most respected"); "according to" reports, it does not act.
        as_name = i > 0 and toks.texts[i][:1].isupper()
        word = norms[i]
        as_noun = (previous in _DETERMINERS or previous in _DEGREE_ADVERBS
                   # a finite verb never follows a preposition ("days of battles") ...
                   or (previous in _PREPOSITIONS and not word.endswith("ing"))
                   # ... nor another verb ("accepted demands", "raised concerns")
                   or (word.endswith("s") and i > 0 and (previous,) in lexicon.verbs
                       and previous.endswith(("ed", "ing")))
                   # ... nor a determiner or preposition and one modifier ("with relative
                   # ease", "their original plans"), unless that word names an actor ("the
                   # government plans")
                   or _after_modifier(toks, norms, i, lexicon, skip)
                   or (word == "thanks" and norms[i + 1:i + 2] == ["to"])
                   # "use force", "a task force", "deadly force": the noun; the verb
                   # follows "to" or an auxiliary ("to force the US", "cannot force") or
                   # comes before whom it forces ("Protesters force Serbian PM to resign")
                   or (word == "force" and not _forces_someone(norms, i, skip))
                   # "arms" weapons, "abuses" wrongs; the verbs take their object right
                   # after them ("Germany arms Ukraine", "Iran arms the Houthis")
                   or (word in _PLURAL_NOUNS_FIRST and not _object_follows(norms, i, skip))
                   # "get back to the table", "expected back in Doha", "fought back": an
                   # adverb after a verb or before a preposition or punctuation ("EU leaders
                   # back Ukraine", "will back the resolution" are the verb)
                   or (word == "back" and _adverb_back(toks, i, lexicon))
                   # "armed with machetes", "the Portuguese armed offensive": an
                   # adjective; the verb comes before its object ("armed the separatists"),
                   # and after its subject ("Syrian authorities and armed opposition
                   # groups": a group that is armed)
                   or (word == "armed" and norms[i + 1:i + 2] not in (["the"], ["them"],
                                                                      ["their"])
                       and (i + 1 not in skip
                            or previous in _CLAUSE_BREAKS or previous in _PREPOSITIONS))
                   # "NATO allies could put troops": a word right before a modal is its
                   # subject ("met May 16", "met May in London": a month, a name)
                   or (i + length < len(norms) and norms[i + length] in _MODAL_AUXILIARIES
                       and toks.texts[i + length].islower())
                   # "after US sanctions", "despite Western sanctions": a word after a
                   # name that follows a preposition is the noun the name modifies
                   or (i > 1 and (i - 1 in skip or toks.texts[i - 1][:1].isupper())
                       and word.endswith("s") and not word.endswith("ss")
                       and _after_a_preposition(toks, skip, i - 1))
                   # "the February meeting", "after the White House meeting": an -ing word
                   # after a determiner and a name is the noun the name modifies
                   or (word.endswith("ing") and _after_determined_name(toks, skip, i))
                   # "terms involving Ukrainian territory": a participle right after a
                   # plural common noun describes that noun; it is no act of anyone's
                   or (word.endswith("ing") and i > 0 and i - 1 not in skip
                       and toks.texts[i - 1].isalpha() and toks.texts[i - 1].islower()
                       and previous.endswith("s") and not previous.endswith("ss")
                       and previous not in _CLAUSE_FILLERS and previous not in _PREPOSITIONS
                       and previous not in _NOT_PLURALS and (previous,) not in lexicon.verbs))
        if (as_name or as_noun or word in _NEVER_VERBS or (quoting and _inside_quotes(toks, i))
                or (conditioning and _conditional(norms, i))):
            i += length
            continue
        noun_code = _object_code(lexicon, norms, i) or (
            _evaluation_code(lexicon, toks, i)) or (
            # (a phrasal light verb with no code of its own: "carried out airstrikes")
            _event_noun_after(lexicon, norms, i, light)
            if light and (length <= 1 or not sense[1]) else None)
        if noun_code:  # "announced a suspension of air links": the noun is the event
            sense = ("", noun_code)
        if not sense:
            i += 1
            continue
        block, own_code = sense
        negation = _negation(norms, i, lexicon) if negating else None
        negated = negation == "own"
        code, from_pattern = (noun_code, True) if noun_code else _verb_code(
            lexicon, block, own_code, norms, i, i + length, pattern_skip)
        if (from_pattern and not noun_code and own_code and code[:2] != own_code[:2]
                and tuple(norms[i:i + length]) in lexicon.core_forms):
            code, from_pattern = own_code, False
        if not code and word in _DENY_FORMS and _denies_an_act(lexicon, norms, i + length):
            # "Moscow denied deliberately targeting NATO territory": denying having
            # done something denies responsibility for it (the act is not coded: see
            # _after_a_denial)
            code, from_pattern = _DENIAL, True
        if not code and word in _RECEIVING_FORMS and _receives_a_visitor(
                toks, actors, i + 1, lexicon):
            code, from_pattern = _HOST, True
        if code and not from_pattern and (
                (word in lexicon.words.pattern_only_verbs
                 and tuple(norms[i:i + length]) not in lexicon.core_forms)
                or (word.startswith("talk") and norms[i + 1:i + 2] == ["about"])):
            # "went public", "is going to impose", "was talking about his wife": no
            # meeting ("took a swipe at", a phrase of the project's own, still codes)
            code = None
        if code and (negation == "outer" or _after_a_denial(norms, i)
                     or _after_avoiding(norms, i) or _wants_to_avoid(norms, i, length)):
            code = None
        if (code and not noun_code and lexicon.evaluations
                and word in lexicon.evaluations.verbs):
            name = _name_given(norms, i + length, skip)
            if name is not None:
                # "Trump called Macron a partner": naming, not a telephone call nor an
                # appeal; an insult or praise in the name judges ("called Putin a killer",
                # "called Macron a friend"; a judgement word is coded above: "called
                # Netanyahu a war criminal")
                epithets = lexicon.evaluations.epithets
                code = None
                for w in name:
                    if w in epithets:
                        code = epithets[w]
                        break
                if code != _CRITICISE and "of" in name:
                    code = None  # "called Erdogan a friend of Hamas": an association
                from_pattern = code is not None
        if (code and code[:2] == _FIGHT_ROOT and word in _COMBAT_WORDS
                and _fights_a_thing(norms, i + length, skip)):
            # "fought inflation", "is fighting a reelection bid", "fighting the charges":
            # a struggle against something, not armed force against someone
            code = None
        if code and ((code == _CLAIMING_CODE and not from_pattern
                      and word.startswith("claim") and _states_a_clause(norms, i + length))
                     or (word in _SENDING and code[:2] == _CONSULT_ROOT
                         and not _LETTERS.isdisjoint(norms[i + length:i + length + _SLOT_GAP]))):
            # "the army claimed that a car exploded", "claims these measures are needed":
            # a statement, not the disapproval (110) CAMEO.2.0.txt codes "claim" as;
            # "sent a letter to Kerry" is no meeting (what the letter asks is coded by
            # its own verb; "a letter of support" still is support)
            code = None
        if code == _INVITING_CODE and word in _INVITING and not from_pattern:
            # "invited Trump to visit Russia", "invited Putin to the White House": an offer
            # to meet (036); "invited Pakistan to work with India" asks something of it
            # (020). CAMEO.2.0.txt codes the verb a meeting (040), which has not happened.
            code = _APPEAL if _invited_to_act(toks, i + length) else _INTENT_TO_MEET
        if (code == _SEEKING_CODE and word in _SEEKING and not from_pattern
                and norms[i + length:i + length + 1] != ["to"]):
            # "sought restraint from Turkey", "Kosovo sought a special exception": asking
            # for something is an appeal, not the intention CAMEO.2.0.txt's block gives the
            # verb (seeking "to" act is one: see _future); someone "being sought by
            # Interpol" is wanted, and "Interpol is seeking Maduro's former minister" is a
            # manhunt: neither appeals for anything
            code = None if ((word == "sought" and previous in _BE_FORMS)
                            or _wanted_person(toks, actors, i + length)) else _APPEAL
        if code and (_entitled_to(norms, i)
                     or (word.startswith("suggest")
                         and _states_a_clause(norms, i + length, past_verbs=False))):
            # "questioned Zelenskyy's legitimacy to sign a peace deal", "won the right to
            # meet": a power to act, not the act; "suggested the protesters would be
            # allowed", "remarks suggest he is seeking": a statement or an inference, not
            # the appeal of "suggested Russia withdraw its troops"
            code = None
        if code and _hypothetical(toks, i):
            # "the two leaders could agree on terms", "Russia may attack": a possibility,
            # not an event (a warning of it is coded by its own verb: "warned it could");
            # "the U.S. should stop arms shipments": what ought to be, which a speaker
            # asks for (coded as the speaker's appeal where one is named)
            code = None
        if code and code.isdigit() and (_future(norms, i) or (
                # a headline's "Trump to meet Putin": a plan
                i > 1 and norms[i - 1] == "to" and skip.issuperset(range(i - 1)))):
            # "will give aid", "pledged to send troops": CAMEO codes the stated
            # intention (03) or threat (13), not the act, which has not happened.
            code = _intent_code(code)
        if code and code.isdigit() and negated:
            # "will never recognise", "did not agree": refusing cooperation is a
            # rejection (CAMEO 12); a negated conflict verb codes nothing.
            code = _REJECT if code[:2] in _COOPERATIVE_ROOTS else None
        if (code and code[:2] == _DISAPPROVE_ROOT and word in _CHARGE_WORDS
                and ((not from_pattern and _passive(toks, i))
                     or (_charged_with(norms, i + length)
                         and not _charges_a_state(toks, actors, i + length)))):
            # "was charged with", "charged him with murder": legal action (173), not
            # the allegation of "charged that" (112) the verb's block gives; a state
            # charged by another ("Russia charged Ukraine with violating the
            # ceasefire") is accused, not prosecuted
            code = _CHARGE
        if code and code.isdigit():
            candidates.append(_Candidate(code, from_pattern, i, i + length, word))
            if (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES) and (
                    norms[i + 1:i + 2] == ["by"] and i > 0 and (
                        i - 1 in skip or previous == ","
                        or (toks.texts[i - 1].isalpha() and not previous.endswith("ly")
                            and previous not in _CLAUSE_FILLERS))):
                describing.add(i)
        i += length
    # "Somali forces backed by U.S. airstrikes killed ...", "a delegation led by its chief
    # held talks", "Comoros, backed by African Union forces, invaded": a participle and its
    # agent right after a noun describe it when a verb follows; in a headline ("Ukraine
    # attacked by Russia overnight") the participle is the verb. So does a relative clause
    # between commas ("Mugabe, who is slated to face Tsvangirai in a run-off, said").
    if not _RELATIVE_PRONOUNS.isdisjoint(norms):
        describing.update([c.start for c in candidates
                           if _inside_relative_clause(toks, c.start)])
    if "of" in norms or not _NEEDING_NOUNS.isdisjoint(norms):
        candidates = [c for c in candidates if not _in_an_accusation(norms, c.start)
                      and not _demanded(norms, skip, c.start)]
    if "at" in norms:
        # "talks aimed at ending the war", "a crackdown aimed at silencing critics": the
        # aim's purpose has not happened
        candidates = [c for c in candidates
                      if not (c.start > 1 and norms[c.start - 1] == "at"
                              and norms[c.start - 2].startswith("aim")
                              and c.word.endswith("ing"))]
    if describing:
        last = candidates[-1].start if candidates else -1
        candidates = [c for c in candidates if c.start not in describing or c.start == last]
    # "plans to impose restrictions", "hopes to meet Putin": the intended act, coded as an
    # intention above, says more than the verb of intending (which CAMEO.2.0.txt codes an
    # appeal, 020, when it is hoping or seeking).
    starts = {c.start for c in candidates}
    return [c for c in candidates
            if not ((c.code[:2] == _INTENT_ROOT or c.word.startswith(_HOPING_STEMS))
                    and c.end < len(norms) and norms[c.end] == "to"
                    and _after_adverbs(norms, c.end + 1) in starts)]


_CLAIMING_CODE = "110"  # (CAMEO.2.0.txt's code for "claim")
_SENDING = frozenset("send sends sent sending".split())
# (not a note: a diplomatic note is a protest, "would send a note of protest to Russia")
_LETTERS = frozenset("letter letters message messages e-mail e-mails email emails".split())
_INVITING = frozenset("invite invites invited inviting".split())
_INVITING_CODE = "040"  # (CAMEO.2.0.txt's code for the verb)
_INTENT_TO_MEET = "036"
_MEETING_WORDS = frozenset("""visit visits meet meeting meetings talks summit summits attend
conference forum consultations negotiations discuss discussions""".split())
_INVITATION_REACH = 10
_SEEKING = frozenset("seek seeks sought seeking".split())
_SEEKING_CODE = "030"  # (CAMEO.2.0.txt's code for the verb, whose block is SEARCH)


# Whom a manhunt seeks, besides a person the dictionaries name
_WANTED = _TITLES | frozenset(
    "him her them gunman gunmen suspect suspects attacker attackers assailant assailants "
    "killer killers fugitive fugitives perpetrator perpetrators shooter shooters".split())


def _wanted_person(toks: Tokens, actors: list[ActorMention], start: int) -> bool:
    """Whether the object phrase at word `start` ends in a person ("seeking the gunman",
    "seeking Maduro's former minister", "seeking Netanyahu", "seeking him"), not in what
    is asked of someone ("seeking Putin's help")."""
    head = start - 1
    for k, word in enumerate(_object_phrase(toks.norms, start, frozenset()), start):
        if word in _PREPOSITIONS or not (word[:1].isalnum() or word == "'s"):
            break  # ("the approval of Trump" is sought from Trump, not Trump)
        head = k
    if head < start:
        return False
    if toks.norms[head] in _WANTED:
        return True
    for actor in actors:
        if actor.type == "PERSON" and actor.start <= toks.starts[head] \
                and toks.ends[head] <= actor.end:
            return True
    return False


# Nouns of a power or right to act: "the right to expel", "a mandate to protect". ("powers"
# is as often states: "Western powers to allow".)
_ENTITLEMENTS = frozenset("""right rights legitimacy authority power mandate ability
capacity permission""".split())
# Verbs that put a power to use: "used his authority to impose tariffs" imposes them.
_EXERCISING = ("use", "usi", "exercis", "invok")


def _entitled_to(norms: list[str], i: int) -> bool:
    """Whether the verb at i is what someone has the power or right to do, not what they do:
    "won the right to meet", "authority to quickly impose". ("Poland was right to close its
    border" and "used his authority to impose" did it.)"""
    k = _before_adverbs(norms, i)
    if k < 1 or norms[k] != "to" or norms[k - 1] not in _ENTITLEMENTS:
        return False
    owner = _before_adverbs(norms, k - 1)
    while owner >= 0 and (norms[owner] in _POSSESSIVES or norms[owner] in _DETERMINERS):
        owner -= 1
    return owner < 0 or not (norms[owner] in _BE_FORMS
                             or norms[owner].startswith(_EXERCISING))


# A clause that states or predicts ("suggested the protesters would be allowed", "suggesting
# he believes"), not the bare verb of an appeal ("suggested Japan ban imports") nor the
# proposal of "could" ("suggested Ukraine could give up Crimea").
_STATING_AUXILIARIES = frozenset("would will had has have is are was were did does".split())
_CLAUSE_ENDS = frozenset(", ; : . but to".split())
_CLAUSE_REACH = 8


def _states_a_clause(norms: list[str], end: int, past_verbs: bool = True) -> bool:
    """Whether a clause that states a fact or a likelihood follows a verb of saying:
    "claimed that ...", "claimed they intercepted", "claims these measures are needed",
    "suggested the protesters would be allowed"; with past_verbs, a verb in the past also
    tells one ("claimed the arrest occurred", "claims Ukraine attacked a dam")."""
    if past_verbs and end < len(norms) and (
            norms[end] == "that" or norms[end] in _SUBJECT_PRONOUNS):
        return True
    for k in range(end, min(len(norms), end + _CLAUSE_REACH)):
        if norms[k] in _STATING_AUXILIARIES or (
                past_verbs and k > end and norms[k].endswith("ed")
                and norms[k - 1] not in _DETERMINERS):
            return True
        if norms[k] in _CLAUSE_ENDS:
            return False
    return False


def _forces_someone(norms: list[str], i: int, skip: frozenset[int]) -> bool:
    """Whether "force" at i is the verb: after "to", an auxiliary or a negation (adverbs
    between), or before whom it forces and the "to" or "out" of what they are forced to."""
    k = _before_adverbs(norms, i)
    if k >= 0 and norms[k] in _BEFORE_FORCE_VERB:
        return True
    if not _object_follows(norms, i, skip):
        return False
    return any(w in ("to", "out") for w in norms[i + 2:i + 2 + _FORCED_TO])


def _object_follows(norms: list[str], i: int, skip: frozenset[int]) -> bool:
    """Whether an actor or an object pronoun, maybe after "the", follows word i."""
    j = i + 1 + (norms[i + 1:i + 2] == ["the"])
    return j < len(norms) and (j in skip or norms[j] in _OBJECT_PRONOUNS)


def _invited_to_act(toks: Tokens, end: int) -> bool:
    """Whether an invitation asks for an act other than meeting: "invited Pakistan to work
    with India", not "invited Trump to visit Russia", "to the White House" nor "to Jeddah"."""
    norms = toks.norms
    for k in range(end, min(len(norms) - 1, end + _INVITATION_REACH)):
        if norms[k] == "to":
            following = norms[k + 1]
            return (following.isalpha() and toks.texts[k + 1].islower()
                    and following not in _MEETING_WORDS and following not in _DETERMINERS
                    and following not in _POSSESSIVES)
    return False


def _after_adverbs(norms: list[str], i: int) -> int:
    """The index of the first word from i that is no adverb ("to quickly resume")."""
    while i < len(norms) and _adverb(norms[i]):
        i += 1
    return i


# (not threats: "threatened to send troops" is a threat, which the act's intention is not)
_HOPING_STEMS = ("hope", "hoping", "wish", "seek", "sought")


_ACCUSATION_WORDS = 12


def _in_an_accusation(norms: list[str], i: int) -> bool:
    """"accuses Israel of implementing a policy including expanding settlements", "has been
    accused of supplying drones": what an accusation charges is alleged, not asserted."""
    if not norms[i].endswith("ing"):
        return False
    for k in range(i - 1, max(-1, i - _ACCUSATION_WORDS), -1):
        # ("Despite accusations of war crimes, Israel is expanding", ", and claiming that")
        if norms[k] in (";", ":", ".", ","):
            return False
        if norms[k] == "of":
            for word in norms[max(0, k - 8):k]:
                if word.startswith("accus"):
                    return True
    return False


_DEMANDING_NOUNS = frozenset("demand demands insistence".split())
_NEEDING_NOUNS = _DEMANDING_NOUNS | frozenset("need call calls".split())


def _demanded(norms: list[str], skip: frozenset[int], i: int) -> bool:
    """"Russia's demand that Ukraine withdraw from Donetsk", "stressed the need for Israel
    to withdraw": what a demand asks for has not happened (the demand is coded by its
    own verb, when it has one). Only the verb right after the one asked to act: "repeated
    his demand that Ukraine withdraw and threatened new strikes" threatens."""
    k = i - 1
    while k > 0 and norms[k] not in ("that", "for") and (
            k in skip or norms[k] in _DETERMINERS or norms[k] in _CLAUSE_FILLERS
            or norms[k] in _SUBJECT_PRONOUNS or norms[k] == "to" or _adverb(norms[k])):
        k -= 1
    if k < 1:
        return False
    for j in range(k + 1, i):
        if j in skip or norms[j] in _SUBJECT_PRONOUNS:
            break
    else:
        return False  # no one asked to act
    return ((norms[k] == "that" and norms[k - 1] in _DEMANDING_NOUNS)
            or (norms[k] == "for" and norms[i - 1] == "to" and norms[k - 1] in _NEEDING_NOUNS))


def _inside_relative_clause(toks: Tokens, i: int) -> bool:
    """Whether word i is inside a relative clause set off by commas (", who ... ,")."""
    for k in range(i - 1, 0, -1):
        if toks.texts[k] in (",", ";", ":"):
            return False
        if toks.norms[k] in _RELATIVE_PRONOUNS and toks.texts[k - 1] == ",":
            return "," in toks.texts[i + 1:]
    return False


_CHARGE_WORDS = frozenset("charged indicted".split())
_CHARGED_WITH_REACH = 8


def _charged_with(norms: list[str], i: int) -> bool:
    """Whether "with" follows the charged (from word i), before the clause ends."""
    for word in norms[i:i + _CHARGED_WITH_REACH]:
        if word == "with":
            return True
        if word in _CLAUSE_BREAKS or word in ("that", "."):
            return False
    return False


def _charges_a_state(toks: Tokens, actors: list[ActorMention], object_start: int) -> bool:
    """Whether the charged, right after the verb, is a state or an IGO."""
    if object_start < len(toks) and toks.norms[object_start] == "the":
        object_start += 1
    return any(toks.ending_by(a.start) == object_start
               and (a.type == "IGO" or (a.type == "GPE" and a.code == a.country))
               # ("charged Nigerian Umar Farouk Abdulmutallab with": a demonym describes)
               and toks.norms[toks.ending_by(a.end):][:1] == ["with"]
               for a in actors)


_CHARGE = "173"
_DISAPPROVE_ROOT = "11"
_POSSESSIVES = frozenset("his her its their".split())
_SUBJECT_PRONOUNS = frozenset("i you he she it we they who which".split())


_NEGATION_REACH = 3
_DENY_FORMS = frozenset("deny denies denied denying".split())


def _adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4


def _before_adverbs(norms: list[str], i: int) -> int:
    """The index of the last word before i that is no adverb (-1 if none)."""
    k = i - 1
    while k >= 0 and _adverb(norms[k]):
        k -= 1
    return k


def _negation(norms: list[str], i: int, lexicon: Lexicon) -> Optional[str]:
    """How a negation bears on the verb at i: "own" when it governs it ("did not agree",
    within three words and no verb between); "outer" when it governs an earlier verb of
    the same clause, under which this one is not asserted ("would not rule out
    contributing troops", "did not say whether Putin had agreed to meet"); else None."""
    verb_between = False
    for k in range(i - 1, -1, -1):
        word = norms[k]
        if word in _CLAUSE_BREAKS:
            return None
        if word in _NEGATIONS:
            return "outer" if verb_between or i - k > _NEGATION_REACH else "own"
        if (word,) in lexicon.verbs:
            verb_between = True
    return None


def _denies_an_act(lexicon: Lexicon, norms: list[str], i: int) -> bool:
    """Whether a gerund of a coded verb (maybe after adverbs) starts at i; not a noun
    in -ing given to someone ("denied funding to Ukraine", "denied clearance for")."""
    while i < len(norms) and _adverb(norms[i]):
        i += 1
    return (i < len(norms) and norms[i].endswith("ing") and (norms[i],) in lexicon.verbs
            and norms[i + 1:i + 2] not in (["to"], ["for"]))


def _after_a_denial(norms: list[str], i: int) -> bool:
    """"denied deliberately targeting NATO territory": what is denied did not happen as
    far as the sentence says; the denial is the event."""
    k = _before_adverbs(norms, i)
    return k >= 0 and norms[k] in _DENY_FORMS


_AVOIDING_FORMS = frozenset("""avoid avoids avoided avoiding escape escapes escaped escaping
evade evades evaded evading dodge dodges dodged dodging circumvent circumvents circumvented
circumventing avert averts averted averting sidestep sidesteps sidestepped sidestepping
bypass bypasses bypassed bypassing stave staves staved staving""".split())
_AVOIDED_REACH = 3   # words from the avoiding verb to the act avoided ("avoid new US sanctions")
_PASSIVE_AUXILIARIES = frozenset("be being been getting".split())
# "wants to avoid sanctions" intends nothing the coder can code
_WANTING_FORMS = frozenset("""want wants wanted wanting seek seeks sought seeking hope hopes
hoped hoping try tries tried trying""".split())


def _after_avoiding(norms: list[str], i: int) -> bool:
    """"want to avoid secondary sanctions", "hopes to escape sanctions": what is avoided is
    no one's act, and wanting to avoid it no threat of it. The act avoided is a noun or an
    -ing form: a past verb after it is the sentence's act ("fighters who escaped last week
    attacked")."""
    word = norms[i]
    if (word.endswith("ed") or word in _IRREGULAR_PAST) and not (
            i > 0 and norms[i - 1] in _PASSIVE_AUXILIARIES):
        return False  # ("to avoid being banned": the participle is avoided)
    for k in range(i - 1, max(i - 1 - _AVOIDED_REACH, -1), -1):
        if norms[k] in _AVOIDING_FORMS:
            return True
        if norms[k] in _CLAUSE_BREAKS or norms[k] in _PHRASE_ENDS:
            return False
    return False


def _wants_to_avoid(norms: list[str], i: int, length: int) -> bool:
    """Whether the verb of `length` words at i wants to avoid something ("wants to avoid
    sanctions"): an intention the coder cannot code."""
    k = i + length
    return norms[i] in _WANTING_FORMS and norms[k:k + 1] == ["to"] \
        and norms[k + 1:k + 2] != [] and norms[k + 1] in _AVOIDING_FORMS


def _after_determined_name(toks: Tokens, skip: frozenset[int], i: int) -> bool:
    """Whether the words right before i are a name (capitalised or an actor's) that a
    determiner opens ("the White House", "the February")."""
    k = i - 1
    while k > 0 and (k in skip or toks.texts[k][:1].isupper()):
        k -= 1
    return k < i - 1 and toks.norms[k] in _DETERMINERS


def _after_a_preposition(toks: Tokens, skip: frozenset[int], i: int) -> bool:
    """Whether the name at i (and the name words before it) follows a preposition."""
    while i >= 0 and (i in skip or toks.texts[i][:1].isupper()):
        i -= 1
    return i >= 0 and toks.norms[i] in _PREPOSITIONS


def _after_modifier(toks: Tokens, norms: list[str], i: int, lexicon: Lexicon,
                    skip: frozenset[int]) -> bool:
    if i < 2 or norms[i].endswith(("ed", "ing")) or norms[i] in _IRREGULAR_PARTICIPLES:
        return False
    modifier = toks.texts[i - 1]
    # "said that it rejects": "that" introduces a clause and "it" is its subject
    return (((norms[i - 2] in _DETERMINERS and norms[i - 2] != "that")
             or norms[i - 2] in _PREPOSITIONS)
            # hyphenated modifiers too: "second-degree murder", "an anti-LGBTQ bill",
            # "an 18-year break"
            and modifier.replace("-", "").isalnum() and not modifier[:1].isupper()
            and norms[i - 1] not in _SUBJECT_PRONOUNS
            and i - 1 not in skip and norms[i - 1] not in _STANDALONE_AGENTS
            and (norms[i - 1],) not in lexicon.verbs)


_OBJECT_WORDS = 6   # how far after its verb the object that codes it may stand


# Where an object phrase ends: a clause break, or a preposition that starts another phrase
# ("doubled its exports to Russia despite sanctions").
# ("withdrew from Kherson under the deal": the deal is not what was withdrawn from)
_OBJECT_ENDS = (_CLAUSE_BREAKS - {"and"}) | _PHRASE_ENDS | frozenset({"about", "despite",
                                                                      "under"})


def _object_phrase(norms: list[str], start: int,
                   through: frozenset[str] = frozenset({"of"})) -> list[str]:
    """The words after a verb up to the end of its object phrase, a few at most; the
    prepositions in `through` do not end it ("a package of sanctions")."""
    phrase = []
    for k, word in enumerate(norms[start:start + _OBJECT_WORDS], start):
        if word in _OBJECT_ENDS and word not in through and not _quantity_length(norms, k):
            break
        phrase.append(word)
    return phrase


def _quantity_length(norms: list[str], k: int) -> int:
    """The words of a quantity's qualifier that starts at k ("at least 40 drones", "no
    fewer than 20 strikes"), else 0."""
    if norms[k:k + 2] in (["at", "least"], ["at", "most"]):
        return 2
    return 3 if norms[k:k + 1] == ["no"] and norms[k + 2:k + 3] == ["than"] else 0


# A light verb's event noun takes its object through these: "a pause on tariffs".
_NOUN_OBJECT_LINKS = frozenset({"of", "on"})


def _object_code(lexicon: Lexicon, norms: list[str], i: int) -> Optional[str]:
    """The code a verb's object gives it: "lifted tariffs on" 085, "raised its tariff on"
    163, "launched dozens of drones at" 195; "extended a pause on steep tariff increases",
    a light verb's event noun and its object, 085."""
    checks = lexicon.object_rules.get(norms[i])
    if not checks:
        return None
    noun_phrase = None
    for rule, forms, light in checks:
        for verb in forms:
            if tuple(norms[i:i + len(verb)]) == verb:
                if _has_object(rule, _object_phrase(norms, i + len(verb))):
                    return rule.code
                break
        if light:
            if noun_phrase is None:
                noun_phrase = _object_phrase(norms, i + 1, _NOUN_OBJECT_LINKS)
            for noun, word in enumerate(noun_phrase):
                if word in rule.nouns_after_light_verb:
                    if _has_object(rule, noun_phrase[noun + 1:]):
                        return rule.code
                    break
    return None


def _has_object(rule: ObjectRule, phrase: list[str]) -> bool:
    if rule.object_firsts.isdisjoint(phrase):
        return False
    for k in range(len(phrase)):
        if _phrase_at(phrase, k, rule.objects):
            return True
    return False


def _phrase_at(words: list[str], k: int, phrases: Iterable[tuple[str, ...]]) -> bool:
    """Whether one of the phrases (word tuples) starts at words[k]."""
    for phrase in phrases:
        if tuple(words[k:k + len(phrase)]) == phrase:
            return True
    return False


_JUDGEMENT_WORDS = 5   # "amounted to a new war crime": how far a judgement follows its link
_COMPLEMENT_WORDS = 25   # "called a US decision to impose ... on Indian goods unfair"
# After these a naming verb does something else: "called on", "called for", "called off".
_NOT_NAMING = frozenset("on for off upon in out up back it".split())
# "called Putin a day after the summit", "a little after noon": a time, not a name given
_NOT_A_NAME = frozenset("""day week month year few couple number second third minute hour
lot bit total little dozen short half mere while quarter moment""".split())
_NAME_WORDS = 4   # "a true friend of India": the name's first words


def _name_given(norms: list[str], k: int, skip: frozenset[int]) -> Optional[list[str]]:
    """The first words of the name a naming verb gives, when the words from k are an actor
    or a pronoun, then "a"/"an" and the name: "called [the Palestinian Authority] a terror
    organisation"; else None."""
    k += norms[k:k + 1] == ["the"] and k + 1 in skip
    if norms[k:k + 1] in (["him"], ["her"], ["them"]):
        k += 1
    elif k in skip:
        while k in skip:
            k += 1
    else:
        return None
    if norms[k:k + 1] not in (["a"], ["an"]) or k + 1 >= len(norms) \
            or norms[k + 1] in _NOT_A_NAME:
        return None
    return norms[k + 1:k + 1 + _NAME_WORDS]


def _evaluation_code(lexicon: Lexicon, toks: Tokens, i: int) -> Optional[str]:
    """"called the decision wrong", "calling the incident a provocation": the judgement
    the complement makes is the event (111 criticise, 051 praise)."""
    evaluations, norms = lexicon.evaluations, toks.norms
    if not evaluations or norms[i] not in lexicon.evaluation_verbs or norms[i + 1:i + 2] == []:
        return None
    speech = norms[i] in evaluations.speech_forms
    # "ripped the deposition as an embarrassing spectacle": a figurative attack judges
    # what it names "as" something
    figurative = norms[i] in evaluations.figurative_attacks
    if not speech and not figurative and (
            norms[i] not in evaluations.verbs or norms[i + 1] in _NOT_NAMING
            # "called Israel to discuss the tariffs": called up, not named
            or (toks.texts[i + 1][:1].isupper() and norms[i + 2:i + 3] == ["to"])):
        return None
    code = _complement_judgement(evaluations, lexicon, norms, i, speech, figurative)
    if code is None and not speech and not figurative and _quoted_epithet(toks, i):
        code = _CRITICISE  # 'calling Abe an "Asian Hitler"': a name in quotation marks
    return code


def _complement_judgement(evaluations: Evaluations, lexicon: Lexicon, norms: list[str],
                          i: int, speech: bool, figurative: bool) -> Optional[str]:
    """The code of the judgement word the complement of the naming verb at i holds."""
    # Speech and figurative attacks judge only right after "is", "amounted to", "as" ...
    linked_at = None if (speech or figurative) else i
    complement = norms[i + 1:i + 1 + _COMPLEMENT_WORDS]
    if evaluations.word_firsts.isdisjoint(complement) and (
            not speech or evaluations.fault_firsts.isdisjoint(complement)):
        return None  # no judgement or fault to find
    for k in range(i + 1, min(len(norms), i + 1 + _COMPLEMENT_WORDS)):
        if norms[k] in _CLAUSE_BREAKS and norms[k] != "and":
            return None
        if speech and k > i + 1 and _fault_at(evaluations, norms, k) \
                and not _suffered_or_own(norms, i, k):
            return _CRITICISE
        if norms[k] in _NEGATIONS:
            return None  # "said the move was not illegal"
        if linked_at is None and (
                (figurative and norms[k] == "as")
                or (speech and ((norms[k] in _BE_FORMS and norms[k] != "'s")
                                or norms[k] in lexicon.words.amounting_verbs))):
            linked_at = k
        if (speech and linked_at is not None and norms[k] == "to"
                and norms[linked_at] in _BE_FORMS):
            return None  # "said Russia was ready to sign a historic deal": no judgement
        if linked_at is None or norms[k] not in evaluations.word_firsts or (
                linked_at != i and k - linked_at > _JUDGEMENT_WORDS):
            continue
        code = _judgement(evaluations, norms, k)
        if code:
            return code
    return None


_EPITHET_WORDS = 12


def _quoted_epithet(toks: Tokens, i: int) -> bool:
    """"calling the Prime Minister of Japan, Shinzo Abe, an "Asian Hitler"": a proper name
    in quotation marks that a naming verb gives someone is an insult."""
    norms = toks.norms
    for k in range(i + 2, min(len(norms) - 2, i + _EPITHET_WORDS)):
        if norms[k] in ("a", "an") and toks.texts[k + 1] in _QUOTES:
            closing = next((m for m in range(k + 2, len(norms)) if toks.texts[m] in _QUOTES),
                           None)
            return closing is not None and closing > k + 2 and all(
                toks.texts[m][:1].isupper() for m in range(k + 2, closing))
        if norms[k] in (";", ":", "to", "that") or toks.texts[k] in _QUOTES:
            return False
    return False


_FAULT_WORDS = 3   # the longest fault phrase: "not be trusted"
# Speakers reporting their own acts: "Hamas said it refused to disarm" is a refusal.
_SELF_SUBJECTS = frozenset("it we i".split())
_SELF_FAULT_WORDS = 3   # "said it had repeatedly refused to"; a later fault is another's


def _suffered_or_own(norms: list[str], speech: int, k: int) -> bool:
    """Whether a fault word at k is no fault of another party: suffered ("said protesters
    were tortured by"), or the speaker's own ("said it refused to")."""
    subject = speech + 1 + (norms[speech + 1:speech + 2] == ["that"])
    return (norms[k - 1] in _BE_FORMS and norms[k].endswith("ed")) or (
        norms[subject:subject + 1] != [] and norms[subject] in _SELF_SUBJECTS
        and k - subject <= _SELF_FAULT_WORDS)


def _fault_at(evaluations: Evaluations, norms: list[str], k: int) -> bool:
    """Whether a fault of the clause's subject ("had failed to", "was bluffing") starts
    at k."""
    if norms[k] in evaluations.fault_firsts:
        for length in range(1, _FAULT_WORDS + 1):
            if tuple(norms[k:k + length]) in evaluations.faults:
                return True
    return False


def _judgement(evaluations: Evaluations, norms: list[str], k: int) -> Optional[str]:
    """The code of the judgement word (or two) at k, if any."""
    for length in (2, 1):
        code = evaluations.words.get(tuple(norms[k:k + length]))
        if code:
            return code
    return None


_SIGN_FORMS = frozenset("sign signs signed signing".split())


_DOCUMENT_WORDS = 12
# Where a signed document's phrase ends: a party or an agreement makes the signing joint.
_SIGNING_ENDS = frozenset("with , and ; agreement agreements deal deals accord accords treaty "
                          "pact memorandum declaration".split())


def _signs_a_document(verb_objects: VerbObjects, norms: list[str], i: int) -> bool:
    """"signed an executive order", "signed in the Oval Office a revised version of his
    executive order": a document a government signs alone."""
    if norms[i] not in _SIGN_FORMS:
        return False
    after = norms[i + 1:i + 1 + _DOCUMENT_WORDS]
    for k, word in enumerate(after):
        if _phrase_at(after, k, verb_objects.signed_documents) \
                and after[k - 1:k] != ["in"]:  # ("signed documents in order to")
            return True
        if word in _SIGNING_ENDS:
            return False
    return False


def _light_verb_length(lexicon: Lexicon, norms: list[str], i: int) -> int:
    """Words of a light verb at i: one ("held talks"), two ("carried out airstrikes"), or
    none."""
    if i >= len(norms) or norms[i] not in lexicon.light_verb_firsts:
        return 0
    for length in (1, 2):
        if tuple(norms[i:i + length]) in lexicon.light_verbs:
            return length
    return 0


def _event_noun_after(lexicon: Lexicon, norms: list[str], i: int, n: int) -> Optional[str]:
    """The code of an event noun that the light verb of n words at i introduces, within a
    few words."""
    reach = i + n + 1 + _SLOT_GAP
    for j in range(i + n, len(norms)):
        if j >= reach:
            return None
        if norms[j] == "of" and norms[j - 1] in _MEASURE_NOUNS:
            reach += 2  # "held the 24th round of talks": the measure is no gap
            continue
        quantity = _quantity_length(norms, j)
        if quantity:
            reach += quantity  # "conducted no fewer than 20 strikes": nor is a quantity
            continue
        if norms[j] in _CLAUSE_BREAKS or norms[j] in _PHRASE_ENDS:
            return None  # the object phrase ended without an event noun
        code = _event_noun_at(lexicon, norms, j)[1]
        if code:
            return code
    return None


# Nouns that measure an event noun after "of": "a new round of talks", "two days of talks".
_MEASURE_NOUNS = frozenset("""round rounds series session sessions day days week weeks hours
wave waves spate""".split())


def _event_noun_at(lexicon: Lexicon, norms: list[str], j: int) -> tuple[int, Optional[str]]:
    """(length, code) of the longest event noun starting at j."""
    for length in (3, 2, 1):
        words = tuple(norms[j:j + length])
        if words in lexicon.event_nouns:
            return len(words), lexicon.event_nouns[words]
    return 0, None


def _future(norms: list[str], i: int) -> bool:
    if i and (norms[i - 1] in _MODALS or (i > 1 and norms[i - 2] in _MODALS)):
        return True
    # ("is expected to formally sign": an adverb between)
    k = _before_adverbs(norms, i)
    if k > 0 and norms[k] == "to":
        for j in range(max(0, k - 2), k):
            if _intends(norms, j):
                return True
    return False


def _intends(norms: list[str], j: int) -> bool:
    """Whether the word at j, before a "to", states an intention ("pledged to", "is due
    to"): not a cause ("postponed due to attacks") nor an act that went on ("continued to
    bomb Gaza")."""
    word = norms[j]
    if word == "due":
        return j > 0 and norms[j - 1] in _BE_FORMS
    return word.startswith(_INTENT_STEMS) and word != "continued"


def _intent_code(code: str) -> str:
    root = code[:2]
    if root in _INTENT_BY_ROOT:
        specific = _INTENT_BY_BASE.get(code[:3])
        return specific or _INTENT_BY_ROOT[root]
    return code


def _conditional(norms: list[str], i: int) -> bool:
    """True when the verb is inside an if/unless clause: a condition, not an event."""
    for word in reversed(norms[:i]):
        if word in _CLAUSE_BREAKS:
            return False
        if word in _CONDITIONALS:
            return True
    return False


_IN_THE_PRESENCE_OF = ("in", "the", "presence", "of")


def _events_in_sentence(index: int, sentence: str, toks: Tokens,
                        actors: list[ActorMention], lexicon: Lexicon,
                        considered: Optional[list[Event]] = None
                        ) -> tuple[list[Event], list[ActorMention]]:
    if not actors:
        return [], actors
    places = _places(actors, toks)
    # "Calmy-Rey and Koussa will meet in the presence of Moratinos of Spain": a witness
    # takes no part in the act either, as the party it is done to or as a third country
    witnesses = [a for a in actors
                 if tuple(toks.norms[:toks.ending_by(a.start)][-4:]) == _IN_THE_PRESENCE_OF]
    participants = [a for a in actors if a not in places and a not in witnesses]
    attribution = _trailing_attribution(toks, lexicon)
    if attribution is not None and any(a.end <= attribution for a in participants):
        # "North Korea fired a missile into the sea, South Korea's military said": who
        # reports an act takes no part in it
        participants = [a for a in participants if a.end <= attribution]
    # the actors of the act, without the reporter's
    reported = [a for a in actors if (attribution is None or a.end <= attribution)
                and a not in witnesses]
    if not participants:
        verbs = find_verbs(toks, lexicon, actors)
        return (_crowd_protest(index, sentence, toks, actors, lexicon, verbs)
                or _unattributed_acts(index, sentence, toks, reported, verbs, lexicon),
                actors)
    actors_all, actors = actors, participants
    candidates = _threat_constructions(index, sentence, toks, actors, lexicon)
    # What a quotation says is its speaker's speech act, coded beside the sentence's own
    # event (the verbs inside it are not the sentence's: see find_verbs).
    quoted = (_quoted_judgements(index, sentence, toks, actors_all, lexicon)
              + _quoted_acts(index, sentence, toks, actors_all, lexicon))
    # "Russia would face consequences" is coded as the threat, not as what "face" means
    coded_elsewhere = {e.verb_start for e in candidates + quoted}
    verbs = [v for v in find_verbs(toks, lexicon, actors_all)
             if toks.starts[v.start] not in coded_elsewhere]
    for verb in verbs:
        verb_start, verb_end = toks.starts[verb.start], toks.ends[verb.end - 1]
        for source, target, subject_end in _positional_dyad(actors, reported, toks, verb,
                                                            verb_start, verb_end, lexicon):
            event = _coded_event(index, sentence, toks, lexicon, actors, verb, source, target,
                                 subject_end, verb_start, verb_end)
            if event is not None:
                candidates.append(event)
    closing = _closing_denial(index, sentence, toks, actors_all, lexicon)
    if closing:
        # the closing rejection is that verb's event, with whom it rejects
        candidates = [e for e in candidates if e.verb_start != closing[0].verb_start]
    if considered is not None:
        considered.extend(candidates + quoted + closing)
    if not candidates:
        return (_unique(quoted + closing)
                or _crowd_protest(index, sentence, toks, actors_all, lexicon, verbs)
                or _unattributed_acts(index, sentence, toks, reported, verbs, lexicon)
                or _nominal_events(index, sentence, toks, actors, actors_all, lexicon),
                actors_all)
    # A dyad beats a one-sided event; then the first coded verb, which in news sentences is
    # the main clause's ("X urged Y to release Z": the appeal, not the release). Measured:
    # first-verb choice beat highest-confidence choice on both gold sets.
    best = max(candidates, key=lambda e: (e.target is not None, -e.verb_start))
    # Every dyad of the chosen verb is an event of its own.
    chosen = [e for e in candidates if e.verb_start == best.verb_start
              and (e.target is not None) == (best.target is not None)]
    chosen = [_at_home(_to_the_hearer(e, toks, actors, lexicon), lexicon) for e in chosen]
    chosen = _held_together(chosen, toks, actors, lexicon)
    chosen += _coordinated_verb_events(index, sentence, toks, lexicon, actors, verbs, chosen)
    chosen = [e for host in chosen for e in _hosted_visits(host, toks, lexicon)]
    return _unique(chosen + quoted + closing), actors_all


_DENIAL, _REJECTION = "016", "120"
_CHARGE_NOUNS = frozenset("""charge charges accusation accusations allegation allegations
""".split())
_REJECT_FORMS = frozenset("""reject rejects rejected rejecting dismiss dismisses
dismissed""".split())
_DENYING_WORDS = _DENY_FORMS | _REJECT_FORMS
_CO_RESPONDENT_WORDS = 4   # "Kyiv and its Western allies have rejected": words after "and"
_ACCUSING_STEMS = ("accus", "alleg", "blam")


def _closing_denial(index: int, sentence: str, toks: Tokens, actors: list[ActorMention],
                    lexicon: Lexicon) -> list[Event]:
    """"Thailand accused Cambodia of laying mines, an accusation Phnom Penh rejected",
    "... provided weapons to the rebels, which Kigali denies": the accused denies the
    charge (016), to the first party of another country that made it. What is rejected
    without being a charge ("questioned Zelenskyy's legitimacy, a position Kyiv rejects",
    "proposed a ceasefire, which Hamas rejected") is a rejection (120) of that party."""
    norms = toks.norms
    if _DENYING_WORDS.isdisjoint(norms) or "," not in toks.texts:
        return []
    comma = len(norms) - 1 - toks.texts[::-1].index(",")
    k = comma + 1
    # ("Israel accused Iran of plotting attacks, which Tehran rejected": what follows an
    # accusation is a charge, whatever the noun)
    accusation = any(w.startswith(_ACCUSING_STEMS) for w in norms[:comma])
    if norms[k:k + 1] in (["a"], ["an"], ["the"]) and norms[k + 1:k + 2]:
        charge = norms[k + 1] in _CHARGE_NOUNS or accusation
        k += 2 + (norms[k + 2:k + 3] == ["that"])
    elif norms[k:k + 1] == ["which"]:
        # the denial of a fact ("which Kigali denies") or of a charge, or a rejection
        charge = True if accusation else None
        k += 1
    else:
        return []
    if k >= len(norms):
        return []
    denier = next((a for a in actors if toks.starts[k] <= a.start
                   and toks.norms_within(toks.starts[k], a.start) in ([], ["the"])), None)
    if denier is None:
        return []
    after_denier = j = toks.ending_by(denier.end)
    if norms[j:j + 1] == ["and"]:  # "Kyiv and its allies reject"
        j = next((m for m in range(j + 1, min(len(norms), j + 2 + _CO_RESPONDENT_WORDS))
                  if norms[m] in _DENYING_WORDS), j)
    while j < len(norms) and (norms[j] in _CLAUSE_FILLERS or _adverb(norms[j])):
        j += 1
    if j >= len(norms) or norms[j] not in _DENYING_WORDS:
        return []
    if not _MODAL_AUXILIARIES.isdisjoint(norms[after_denier:j]):
        return []  # "which Hamas could reject": not (yet) done
    if charge or (charge is None and norms[j] in _DENY_FORMS):
        code = _DENIAL
    elif norms[j] in _REJECT_FORMS:
        code = _REJECTION
    else:
        return []   # "a claim Taiwan denies": not what it is said to have done
    # ("Speaking in Cairo, the envoy presented ...": a place puts forward nothing)
    accuser = next((a for a in actors if a.end <= toks.starts[comma] and a.code
                    and not a.implied and a.country != denier.country
                    and not _is_place(a, toks)), None)
    info = lexicon.codes.get(code)
    if accuser is None or info is None:
        return []
    verb_start, verb_end = toks.starts[j], toks.ends[j]
    return [_event(index, sentence, denier, accuser, code, info, verb_start, verb_end, 0.5)]


_SHOW_OF_FORCE, _MILITARY_COOPERATION = "150", "062"
_EXERCISE_NOUNS = frozenset("exercise exercises drill drills manoeuvres maneuvers".split())
_EXERCISE_PHRASE = 6   # words from the verb to the exercise noun


def _held_together(chosen: list[Event], toks: Tokens, actors: list[ActorMention],
                   lexicon: Lexicon) -> list[Event]:
    """"The US and South Korea began their annual military exercise", "Russia held
    military drills with Belarus": an exercise that parties hold together is military
    cooperation (062) of each with the other, not a show of force (150) against whoever
    the sentence names next ("..., as Seoul seeks to ease tensions with North Korea").
    A partner is named right after "with" ("drills with aircraft carriers near Japan"
    have none)."""
    first = chosen[0]
    if first.event_code not in (_SHOW_OF_FORCE, _MILITARY_COOPERATION):
        return chosen
    norms = toks.norms
    j = toks.ending_by(first.verb_end)
    end = min(len(norms), j + _EXERCISE_PHRASE)
    while j < end and norms[j] not in _EXERCISE_NOUNS:
        if norms[j] in _CLAUSE_BREAKS or norms[j] in _PHRASE_ENDS:
            return chosen
        j += 1
    if j == end:
        return chosen
    parties = _exercising_parties([e.source for e in chosen if not e.source.implied], [])
    if norms[j + 1:j + 2] == ["with"]:
        parties = _exercising_parties(_partners_at(toks, actors, j + 2), parties)
    info = lexicon.codes.get(_MILITARY_COOPERATION)
    if len(parties) < 2 or info is None:
        return chosen
    return [_event(first.sentence_index, first.sentence, a, b, _MILITARY_COOPERATION, info,
                   first.verb_start, first.verb_end, first.confidence)
            for a in parties for b in parties if a is not b]


def _exercising_parties(candidates: list[ActorMention],
                        parties: list[ActorMention]) -> list[ActorMention]:
    """The parties with each new one of the candidates added: states and IGOs ("NATO held
    exercises with Finland")."""
    parties = list(parties)
    for actor in candidates:
        if (actor.country or actor.code[:3] == _IGO) and not _among_parties(actor, parties):
            parties.append(actor)
    return parties


def _partners_at(toks: Tokens, actors: list[ActorMention], k: int) -> list[ActorMention]:
    """The actor that word k starts (past a determiner) and those joined to it by "and" or
    a comma ("with Russia and China")."""
    while k < len(toks.norms) and toks.norms[k] in _DETERMINERS:
        k += 1
    partners: list[ActorMention] = []
    for actor in actors:
        if actor.implied:
            continue
        first = toks.ending_by(actor.start)
        if not partners:
            if first == k:
                partners.append(actor)
        elif toks.norms_within(partners[-1].end, actor.start) in _LIST_JOINS:
            partners.append(actor)
        elif first > toks.ending_by(partners[-1].end):
            break
    return partners


_HOST, _VISIT = "043", "042"
_RECEIVING_FORMS = frozenset("receive receives received receiving".split())
_VISITOR_SECTORS = frozenset({"GOV", "ELI", "MIL", "LEG"})
_GUEST_ADJECTIVES = frozenset("visiting senior high-level top".split())


def _guest_named_after(toks: Tokens, verb_end: int, guest: ActorMention) -> bool:
    """Whether the guest stands right after the verb, maybe past "the" and a word such as
    "visiting"; past "a" only as envoys ("a Russian delegation": "hosts a US air base" hosts
    a base)."""
    between = toks.norms_within(verb_end, guest.start)
    if between[:1] in (["a"], ["an"]):
        return _GUEST_ADJECTIVES.issuperset(between[1:]) and _names_envoys(toks, guest)
    return between[:1] in ([], ["the"]) and _GUEST_ADJECTIVES.issuperset(between[1:])


def _names_envoys(toks: Tokens, actor: ActorMention) -> bool:
    """Whether an actor is, or is followed by, a state's envoys ("Russian officials", "a
    Russian delegation"), who are no one's possession ("the Egyptian delegation's proposal")."""
    after = toks.ending_by(actor.end)
    if after < len(toks.norms) and toks.norms[after] in _ENVOY_NOUNS:
        after += 1
    elif toks.norms[after - 1] not in _ENVOY_NOUNS:
        return False
    return not (after < len(toks.norms) and toks.norms[after] in _POSSESSIVE_ENDINGS)


_POSSESSIVE_ENDINGS = frozenset({"'s", "'"})
_RANK_AND_FILE = frozenset("""troops soldiers forces prisoners personnel servicemen detainees
hostages captives pows bodies""".split())


def _receives_a_visitor(toks: Tokens, actors: list[ActorMention], k: int,
                        lexicon: Lexicon) -> bool:
    """"Erdogan received the Iranian president", "the emir received Witkoff": a person or an
    official received, named right after the verb, is a guest (043, and 042 the other way:
    see _hosted_visits); "received a letter from", "received aid" receive no one."""
    if k < len(toks.norms) and toks.norms[k] in _DETERMINERS:
        k += 1
    while k < len(toks.norms) and toks.norms[k] in _GUEST_ADJECTIVES:
        k += 1  # "received the visiting Hamas delegation"
    if k >= len(toks.norms):
        return False
    for actor in actors:
        if toks.ending_by(actor.start) == k:
            after = toks.ending_by(actor.end)
            if actor.country is not None and not actor.implied and _names_envoys(toks, actor):
                return True  # "received Russian officials", "a Russian delegation"
            # ("ready to receive the Honduran Navy aircraft", "received Putin's proposal":
            # the actor names the object's owner or kind)
            modifies = after < len(toks.texts) and (toks.norms[after] in _POSSESSIVE_ENDINGS or (
                toks.texts[after].islower() and toks.norms[after] not in _CLAUSE_BREAKS
                and _modifies_a_noun(toks.norms[after], lexicon)))
            # ("received German troops", "received Ukrainian prisoners of war": no guests)
            if modifies or actor.implied or not _RANK_AND_FILE.isdisjoint(toks.norms[k:after]):
                return False
            return actor.type == "PERSON" or (
                actor.country is not None and actor.code[3:6] in _VISITOR_SECTORS)
    return False


_WELCOME = "051"
_WELCOMED_TO = frozenset("to in at".split())


def _hosted_visits(event: Event, toks: Tokens, lexicon: Lexicon) -> list[Event]:
    """"Starmer hosted Zelenskyy", "welcomed Zelenskyy to Downing Street": hosting is the
    host's act (043) and the guest's visit (042), as the coding rules code both sides of
    a joint act."""
    guest = event.target
    # the guest stands right after the verb ("hosted a video call with Zelenskiy" hosts a
    # call) and is no army ("Japan hosts 54,000 US troops")
    if (guest is None or guest.implied or event.source.implied or not guest.country
            or guest.start < event.verb_end
            or not _guest_named_after(toks, event.verb_end, guest)
            or _sector(guest.code, lexicon) in _ARMED_SECTORS):
        return [event]
    if event.event_code == _WELCOME:
        # welcoming a leader "to" or "in" a place, not a decision, nor a state to NATO
        k = toks.ending_by(guest.end)
        if not (event.verb.lower().startswith("welcom") and guest.type == "PERSON"
                and k + 1 < len(toks.norms)
                and toks.norms[k] in _WELCOMED_TO and toks.texts[k + 1][:1].isupper()):
            return [event]
        info = lexicon.codes.get(_HOST)
        if info is None:
            return [event]
        event = event._replace(event_code=_HOST, base_code=info.base, root_code=info.root,
                               quad_class=info.quad_class, goldstein=info.goldstein)
    if event.event_code != _HOST or _same_actor(event.source, guest):
        return [event]
    info = lexicon.codes.get(_VISIT)
    if info is None:
        return [event]
    return [event, _event(event.sentence_index, event.sentence, guest, event.source, _VISIT,
                          info, event.verb_start, event.verb_end, event.confidence)]


def _unique(events: list[Event]) -> list[Event]:
    """One event per source, target and code, the first found."""
    unique: dict[tuple, Event] = {}
    for e in events:
        unique.setdefault((e.source.code, e.target.code if e.target else None, e.event_code),
                          e)
    return list(unique.values())


# "and then urged", "and have accused": words between "and" and a verb sharing its subject
_COORDINATING_FILLERS = frozenset("also then later further has have had will would".split())
_TIME_CONJUNCTIONS = frozenset("after before while when as since".split())


def _shares_the_subject(toks: Tokens, verb: _Candidate) -> bool:
    """Whether a verb's subject is the clause's before it: joined by "and" or "but" ("and
    urged", "but also sought", "and was preparing"), or a participle or pronoun clause of
    time ("after meeting", "as she hosted")."""
    i = verb.start - 1
    auxiliaries = 0
    while i > 0 and (toks.norms[i] in _COORDINATING_FILLERS
                     or toks.norms[i] in _BE_FORMS):
        auxiliaries += toks.norms[i] in _BE_FORMS
        i -= 1
    word = toks.norms[i]
    if word in ("and", "but"):
        # "and was preparing sanctions" is the subject's act; "and was attacked" is done to it
        return not auxiliaries or toks.norms[verb.start].endswith("ing")
    if auxiliaries:
        return False  # "as they were returning": "they" may be anyone named before
    if word in _TIME_CONJUNCTIONS:
        return toks.norms[verb.start].endswith("ing")
    # "as she hosted", "visited Baghdad, where he signed"
    return (word in _PERSONAL_PRONOUNS or word == "they") and i > 0 \
        and (toks.norms[i - 1] in _TIME_CONJUNCTIONS or toks.norms[i - 1] == "where")


def _after_where(toks: Tokens, verb: _Candidate) -> bool:
    return verb.start >= 2 and toks.norms[verb.start - 2] == "where"


def _only_person_before(source: ActorMention, actors: list[ActorMention],
                        verb_start: int) -> bool:
    """Whether "he" or "she" before the verb can only be the source: a person, and the last
    person named before it (the pronoun itself, when resolved, is the source again)."""
    return source.type == "PERSON" and not any(
        a.type == "PERSON" and source.end <= a.start < verb_start and a.code != source.code
        for a in actors)


_ATTRIBUTION_WORDS = 12


def _trailing_attribution(toks: Tokens, lexicon: Lexicon) -> Optional[int]:
    """Where a closing attribution (", officials said.", ", according to Reuters.")
    starts, as a character offset; None when the sentence ends otherwise."""
    if "," not in toks.texts:
        return None
    last_comma = len(toks.texts) - 1 - toks.texts[::-1].index(",")
    clause = toks.norms[last_comma + 1:]
    if (not clause or len(clause) > _ATTRIBUTION_WORDS or clause[0].endswith("ing")
            or _inside_quotes(toks, last_comma)
            or lexicon.words.attributing_verbs.isdisjoint(clause)):
        return None
    return toks.starts[last_comma]


def _to_the_hearer(event: Event, toks: Tokens, actors: list[ActorMention],
                   lexicon: Lexicon) -> Event:
    """"Aoun told Larijani that Lebanon rejected any interference": what the source says
    it does, told to someone, is aimed at the one it is told to when nothing else is."""
    if event.target is not None:
        return event
    for i in range(toks.ending_by(event.verb_start) - 1, -1, -1):
        if toks.norms[i] not in lexicon.words.telling_verbs:
            continue
        after = toks.ends[i]
        hearer = next((a for a in actors if a.start > after), None)
        if (hearer is not None and hearer.end <= event.verb_start
                and toks.norms_within(after, hearer.start) in ([], ["the"])
                and not _same_actor(hearer, event.source)
                and hearer.country != event.source.country):
            return event._replace(target=hearer)
        break
    return event


_PROTEST_ROOT = "14"
# ("Protests broke out in several cities in Iran": the noun is its own crowd; a "rally" is
# as often a campaign's or a car race's)
_PROTEST_NOUNS = frozenset("protest protests demonstration demonstrations riot riots".split())
_CROWD_WORDS_BEFORE = 6


def _crowd_protest(index: int, sentence: str, toks: Tokens, actors: list[ActorMention],
                   lexicon: Lexicon, verbs: Optional[list[_Candidate]] = None
                   ) -> list[Event]:
    """"Hundreds of people protested outside parliament in Tbilisi": a crowd no dictionary
    names protests against the state where it gathers (the coding rules give protesters
    their country)."""
    places = [a for a in actors if a.country and _is_place(a, toks)]
    places = [a for a in places if not _stands_in_another_place(a, places, toks, lexicon)]
    crowd_words = lexicon.words.crowd_words
    if not places or (crowd_words.isdisjoint(toks.norms)
                      and _PROTEST_NOUNS.isdisjoint(toks.norms)):
        return []
    # (the sentence's verbs, when its caller found them already)
    for verb in verbs if verbs is not None else find_verbs(toks, lexicon, actors):
        if verb.code[:2] != _PROTEST_ROOT or (
                verb.word not in _PROTEST_NOUNS and crowd_words.isdisjoint(
                    toks.norms[max(0, verb.start - _CROWD_WORDS_BEFORE):verb.start])):
            continue
        country = _where(places, toks, actors).country
        info = lexicon.codes.get(verb.code)
        if info is None:
            return []
        verb_start, verb_end = toks.starts[verb.start], toks.ends[verb.end - 1]
        crowd = ActorMention("", country + "CVL", country, "ORG", verb_start, verb_start, "",
                             implied=True)
        # "protested against the government in Moscow": whom the protest names, else the state
        state = next((a for a in actors if a.start >= verb_end and not _is_place(a, toks)
                      and a.country == country), None) or ActorMention(
            "", country, country, "GPE", verb_end, verb_end, "", implied=True)
        return [_event(index, sentence, crowd, state, verb.code, info, verb_start, verb_end,
                       0.5)]
    return []


# A country's missions stand in other countries.
_MISSION_WORDS = frozenset("embassy embassies consulate consulates".split())


def _stands_in_another_place(place: ActorMention, places: list[ActorMention], toks: Tokens,
                             lexicon: Lexicon) -> bool:
    """Whether a place is a country's building somewhere else, not where a crowd is: its
    embassy ("outside the U.S. embassy in Baghdad"), or a name modifying a noun with a
    place after it ("outside the French army base in Niamey"). A name with no place after
    it is where the crowd is, whatever follows ("protested in Tbilisi to demand")."""
    if not _MISSION_WORDS.isdisjoint(toks.norms_within(place.start, place.end)):
        return True
    following = toks.ending_by(place.end)
    return following < len(toks) and _modifies_a_noun(toks.norms[following], lexicon) \
        and any(p.start >= place.end for p in places)


def _where(places: list[ActorMention], toks: Tokens,
           actors: list[ActorMention]) -> ActorMention:
    """The first place named, or the state or country right after it that says where it
    is: "in Toledo, Ohio" is in the United States, whatever else is called Toledo."""
    first = places[0]
    following = next((p for p in places[1:] if toks.norms_within(first.end, p.start) == [","]),
                     None)
    if following is None or _continues_a_list(following, places, toks, actors):
        return first
    return following


# Between the places of a list where a crowd is ("in Berlin, Paris or London"); unlike
# _PLACE_LIST_JOINS, a comma alone joins them, as _where has told a place's state apart.
_PLACE_SEPARATORS = ([","], ["and"], ["or"], [",", "and"], [",", "or"])


def _continues_a_list(place: ActorMention, places: list[ActorMention], toks: Tokens,
                      actors: list[ActorMention]) -> bool:
    """Whether a place is one of a list ("in Berlin, Paris and London"), not the state that
    says where the place before it is ("in Toledo, Ohio"; "in Toledo, Ohio and Detroit,
    Michigan" lists such pairs)."""
    following = toks.ending_by(place.end)
    if following < len(toks) and toks.norms[following] in ("and", "or"):
        # ("in Toledo, Ohio and elsewhere": no other place)
        return toks.norms[following + 1:following + 2] != ["elsewhere"] \
            and not _a_place_pair_follows(toks, following + 1, actors)
    return any(toks.norms_within(place.end, p.start) in _PLACE_SEPARATORS for p in places
               if p.start >= place.end)


def _a_place_pair_follows(toks: Tokens, k: int, actors: list[ActorMention]) -> bool:
    """Whether the words from token k are a name, a comma and a place that says where it
    is ("Detroit, Michigan"; not "London, Reuters witnesses said")."""
    while k < len(toks) and _capitalised(toks.texts[k]):
        k += 1
    return k + 1 < len(toks) and toks.texts[k] == "," and any(
        a.start == toks.starts[k + 1] and a.type in ("GPE", "LOC") and a.code == a.country
        for a in actors)


def _at_home(event: Event, lexicon: Lexicon) -> Event:
    """"Russians protested over election fraud": a protest that names no one it is against
    is against the protesters' own state, as a crowd's is (see _crowd_protest)."""
    country = event.source.country
    if event.target is not None or event.root_code != _PROTEST_ROOT or \
            country not in lexicon.countries or (
                # ("China protested strongly": a state protests to others, not itself;
                # "Russians protested", "Iraqi Kurds demonstrated", "the Moscow protest"
                # are its people)
                _names_the_state(event.source, lexicon) and not _a_protest_noun(event)):
        return event
    return event._replace(target=ActorMention("", country, country, "GPE", event.verb_end,
                                              event.verb_end, "", implied=True))


def _a_protest_noun(event: Event) -> bool:
    """Whether an event's word is a protest by a crowd ("the Moscow protest"), not a
    state's verb ("China will protest", "Russia to protest")."""
    before = token_norms(event.sentence[:event.verb_start])[-1:]
    return event.verb.lower() in _PROTEST_NOUNS and not (
        before and (before[0] in _MODAL_AUXILIARIES or before[0] == "to"))


def _names_the_state(actor: ActorMention, lexicon: Lexicon) -> bool:
    """Whether an actor is a country by its name, not its people ("Russians", "The
    British", "Iraqi Kurds")."""
    text = actor.text.lower()
    return actor.code == actor.country and actor.type in ("GPE", "LOC") \
        and actor.name not in lexicon.demonyms and not (
            text != actor.name and text.startswith(actor.name))


# Words for attacks that can be the subject of a violent verb when no one is named.
_ATTACK_NOUNS = frozenset("""attack attacks bomb bombs bombing bombings bomber bombers blast
blasts explosion explosions airstrike airstrikes shelling rocket rockets""".split())
_UNKNOWN = ""   # the code of a perpetrator the sentence does not name


# ("a wave of bombings killed 50" is an attack; "the number of rockets fired" a count)
_COUNTING_NOUNS = frozenset("number numbers count total rise drop fall decline increase "
                            "reduction level levels rate".split())


def _attack_subject(toks: Tokens, verb_start: int) -> bool:
    """Whether an attack noun before the verb can be its subject: not one counted ("the
    number of rockets and mortars fired into Israel")."""
    norms = toks.norms
    last = max((k for k in range(verb_start) if norms[k] in _ATTACK_NOUNS), default=None)
    if last is None:
        return False
    k = last - 1
    while k >= 0 and norms[k] not in _PREPOSITIONS and norms[k] not in _CLAUSE_BREAKS \
            and last - k <= _SLOT_GAP + 2:
        k -= 1
    return not (k > 0 and norms[k] == "of" and norms[k - 1] in _COUNTING_NOUNS)


def _cited(toks: Tokens, actor: ActorMention) -> bool:
    """"According to the Committee to Protect Journalists, nine journalists have been
    killed in Pakistan": an organisation a sentence cites reports the act. (A country's
    actor cited may still be the one struck: "according to the MDC, 66 of its followers
    have been killed".)"""
    k = toks.ending_by(actor.start)
    if k > 0 and toks.norms[k - 1] == "the":
        k -= 1
    return not actor.country and k > 1 and toks.norms[k - 2:k] == ["according", "to"]


def _unattributed_acts(index: int, sentence: str, toks: Tokens,
                       actors: list[ActorMention], verbs: list[_Candidate],
                       lexicon: Lexicon) -> list[Event]:
    """"Three car bombs were detonated in Baghdad", "two aid workers were kidnapped in
    Somalia", "twin attacks in Iraq killed 72 people": violence whose perpetrator the
    sentence does not name is coded with no source, against those it struck (or the
    country where it struck); an arrest, by the state where it happened. Only for a
    sentence with no other event. The actors come without a closing attribution; who
    reports the act before it ("Russia said 20 civilians were killed") is not struck
    either."""
    reporting = lexicon.words.attributing_verbs
    places = _places(actors, toks)
    named = [a for a in actors if a not in places and _sector(a.code, lexicon) != "MED"]
    for verb in verbs:
        verb_start, verb_end = toks.starts[verb.start], toks.ends[verb.end - 1]
        # ("were reported killed": a report's participle is the act's passive, not a
        # reporter's verb)
        act_start = verb.start
        if (act_start > 0 and toks.norms[act_start - 1] in _HEARSAY_PARTICIPLES
                and _passive(toks, act_start)):
            act_start -= 1
        before = [a for a in named if a.end <= verb_start and not _cited(toks, a)
                  and reporting.isdisjoint(toks.norms_within(a.end, toks.starts[act_start]))]
        info = lexicon.codes.get(verb.code)
        if not before and info is not None and _passive(toks, verb.start):
            # "a man was arrested in Pakistan": by the authorities where it happened
            for state, _, _ in _by_the_state([], toks, verb, verb_start, places):
                return [_event(index, sentence, state, None, verb.code, info, verb_start,
                               verb_end, 0.4)]
        if verb.code[:2] not in _VIOLENT_ROOTS:
            continue
        if _passive(toks, verb.start):
            if _passive_agent(actors, toks, verb.end):
                continue
            struck = before[-1:]
        elif not before and _attack_subject(toks, verb.start):
            struck = [a for a in named if a.start >= verb_end][:1]
        else:
            continue
        target = struck or ([_where(places, toks, actors)] if places else [])
        # ("aid workers attached to a UN project were kidnapped": an organisation without
        # a country is struck as itself)
        if not target or not (target[0].country or target[0].code[:3] in _NON_STATE_PREFIXES):
            continue
        code = verb.code
        if code[:2] == _FIGHT_ROOT and _sector(target[0].code, lexicon) not in _COMBATANTS:
            code = _ASSAULT  # (killing civilians, not fighting an army)
        info = lexicon.codes.get(code)
        if info is None:
            continue
        attacker = ActorMention("", _UNKNOWN, None, "ORG", verb_start, verb_start, "",
                                implied=True)
        return [_event(index, sentence, attacker, target[0], code, info,
                       verb_start, verb_end, 0.4)]
    return []


# Roots a noun phrase can carry as a sentence's only event: force and coercion, which news
# names in passing ("Israel's offensive against Hamas"); a restated stance ("France's
# support for Ukraine") is no new event.
_NOMINAL_ROOTS = frozenset({"16", "17", "18", "19", "20"})
_NOMINAL_LINKS = frozenset("against on upon".split())
_NOMINAL_MODIFIERS = 2   # "Israel's military offensive", "the U.S. air strikes"


def _nominal_events(index: int, sentence: str, toks: Tokens, actors: list[ActorMention],
                    actors_all: list[ActorMention], lexicon: Lexicon) -> list[Event]:
    """"Over 500 Palestinians have died in Israel's offensive against Hamas", "the U.S.
    airstrike on a house in Basra killed 8 civilians": when no verb codes an event, an
    act of force named as a noun, with whose it is before it and whom it is against after
    it, is the sentence's event."""
    norms = toks.norms
    for source in actors:
        k = toks.ending_by(source.end)
        if k < len(norms) and norms[k] in _POSSESSIVE_ENDINGS:
            k += 1
        for j in range(k, min(len(norms), k + _NOMINAL_MODIFIERS + 1)):
            length, code = _event_noun_at(lexicon, norms, j)
            if code:
                break
            if not toks.texts[j].isalpha() or not toks.texts[j].islower() or (
                    norms[j] in _PREPOSITIONS or norms[j] in _DETERMINERS
                    or norms[j] in _CLAUSE_FILLERS or norms[j] in _CLAUSE_BREAKS):
                break
        else:
            continue
        link = j + length
        if not code or link >= len(norms) or norms[link] not in _NOMINAL_LINKS:
            continue
        reach = toks.ends[min(len(norms), link + _SLOT_GAP + 2) - 1]
        target = next((a for a in actors_all if toks.ends[link] <= a.start < reach
                       and _acted_on_by(a, source, toks)), None)
        if target is None or not _CLAUSE_BREAKS.isdisjoint(
                toks.norms_starting(toks.ends[link], target.start)):
            continue
        noun = _Candidate(code, True, j, link, norms[j])
        event = _coded_event(index, sentence, toks, lexicon, actors, noun, source, target,
                             source.end, toks.starts[j], toks.ends[link - 1])
        # (by the code the actors give it: "Israel's strikes on Lebanon" are air strikes)
        if event is not None and event.root_code in _NOMINAL_ROOTS:
            return [event]
    return []


def _coordinated_verb_events(index: int, sentence: str, toks: Tokens, lexicon: Lexicon,
                             actors: list[ActorMention], verbs: list[_Candidate],
                             chosen: list[Event]) -> list[Event]:
    """"X condemned the approval and urged Israel to reverse it", "X said ..., after
    meeting Y": a later verb that shares the chosen one's subject is an event of its own,
    when it is of another kind and names whom it acts on."""
    first = chosen[0]
    # (the party a joint act was done "with" is no subject: "held talks with Y and later
    # called on Z" is the subject's call)
    sources = list({e.source.code: e.source for e in chosen if not e.source.implied
                    and e.source.end <= first.verb_start}.values())
    # (kinds of act by the verbs' own codes: "fired on protesters", coded as repression
    # (175), does not stand for "and arrested opposition leaders" (173))
    chosen_starts = {e.verb_start for e in chosen}
    roots = {v.code[:2] for v in verbs if toks.starts[v.start] in chosen_starts} or {
        e.root_code for e in chosen}
    events = []
    for verb in verbs:
        verb_start, verb_end = toks.starts[verb.start], toks.ends[verb.end - 1]
        if verb_start <= first.verb_end or verb.code[:2] in roots:
            continue
        if not _shares_the_subject(toks, verb):
            continue
        for source in sources:
            if _after_where(toks, verb) and not _only_person_before(source, actors, verb_start):
                continue  # "hosted Modi in Moscow, where he praised": "he" is Modi
            target = next((a for a in actors if a.start >= verb_end
                           and _acted_on_by(a, source, toks)), None)
            if target is None:
                continue
            event = _coded_event(index, sentence, toks, lexicon, actors, verb, source,
                                 target, True, verb_start, verb_end)
            if event is not None:
                events.append(event)
        roots.add(verb.code[:2])
    return events


def _positional_dyad(actors: list[ActorMention], actors_all: list[ActorMention],
                     toks: Tokens, verb: _Candidate, verb_start: int, verb_end: int,
                     lexicon: Lexicon
                     ) -> list[tuple[ActorMention, Optional[ActorMention], int]]:
    """(source, target, subject_end) by word order, when the sentence has no usable parse:
    subject_end is where the phrase naming the source ends (a list's last member's end for
    every member; the verb itself for an agent, which the verb names)."""
    agent = _passive_agent(actors, toks, verb.end)
    if not agent and _passive(toks, verb.start):
        # "X was indicted": X is acted on, by someone the sentence doesn't name
        return _by_the_state(actors, toks, verb, verb_start, actors_all)
    if agent:  # "organised by X": X acts on whoever stands before the verb
        target = next((a for a in reversed(actors)
                       if a.end <= verb_start and not _same_actor(a, agent)), None)
        if (target and verb.start > 0 and toks.texts[verb.start - 1] == ","
                and target.end != toks.ends[verb.start - 2]):
            # "a ceremony for X, organized by Y": a participle after a comma describes the
            # phrase right before it; an actor further back is not what Y acted on.
            target = None
        return [(agent, target, verb_start)]
    before = [a for a in actors if a.end <= verb_start]
    if not before:
        return []
    head = _appositive_head(before, toks, verb.start) or _described_by_agent(before, toks)
    span = None if head else _appositive_span(toks, verb.start)
    if span is not None:
        # "Carla Ruiz, a critic of Israel, condemned Russia": whoever the phrase describes
        # acts, not whom it says the subject deals with
        opening, close = toks.starts[span[0]], toks.ends[span[1]]
        before = [a for a in before
                  if not (opening <= a.start < close and _dealt_with(a, toks, lexicon))]
        if not before:
            return []
    if not head and toks.norms[verb.start - 1:verb.start] == ["and"]:
        before = _subject_of_second_predicate(before, toks)
    source = head or before[-1]
    subjects = [source] if head else _coordinated(before, toks)
    target = next((a for a in actors if a.start >= verb_end
                   and all(_acted_on_by(a, s, toks) for s in subjects)), None)
    if (target is not None and target.country == source.country
            and _sector(target.code, lexicon) in _ARMED_SECTORS):
        # "rules out US ground troops for Ukraine": its own forces are what it sends where
        # ("praised the Israeli army for its operation against Hezbollah" praises the army)
        target = next((a for a in actors if a.start >= target.end and a.country
                       and a.country != source.country
                       and _word_before(toks, a) in _DESTINATIONS), target)
    if target is None and len(subjects) == 2 and not _same_actor(*subjects) and (
            _symmetric(verb) or not any(a.start >= verb_end and a.country
                                        and a.country not in (s.country for s in subjects)
                                        for a in actors_all)):
        # "Israel and Lebanon renewed negotiations": a joint subject acts on itself, each
        # party on the other; unless it acts in a third country ("the US and Britain closed
        # their embassies in Yemen").
        first, second = subjects
        return [(second, first, second.end), (first, second, second.end)]
    parties = _distinct_parties(subjects)
    if len(parties) >= 2 and _symmetric(verb) and (
            # ("a swap mediated by the UAE": who acts "by" is a third party)
            target is None or _is_place(target, toks) or _word_before(toks, target) == "by"
            or any(target.country == p.country for p in parties)
            # ("agreed to strengthen cooperation, in talks days before Lee's summit with
            # Trump": a party past a comma is no object of the joint act; "agreed, in a joint
            # statement, to send tanks to Ukraine": one past an aside in commas is)
            or _past_a_comma(toks, verb, target)):
        # "Armenia and Azerbaijan signed a declaration at the White House", "the ministers
        # of China, Pakistan and Afghanistan agreed": a joint act between the members of a
        # joint subject is coded for every pair of them, in both directions.
        return [(a, b, subjects[-1].end) for a in parties for b in parties if a is not b]
    if target is not None and not subjects[1:]:
        twin = next((a for a in actors if a is not target and a.start == target.start
                     and a.end == target.end and not _same_actor(a, source)), None)
        if twin is not None:  # "urged both sides to exercise restraint"
            return [(source, target, source.end), (source, twin, source.end)]
        partner = next((a for a in actors if a.start > target.end
                        and toks.norms_within(target.end, a.start) == ["and"]), None)
        if (partner is not None and partner.country and partner.country != target.country
                and _acted_on_by(partner, source, toks)):
            # "condemned Israeli and Palestinian leaders": a target of two parties, one
            # event for each; both ways for a joint act ("held talks with Lithuania and
            # Latvia")
            pairs = [(source, target, source.end), (source, partner, source.end)]
            if _done_together(verb) and _with_the_party(toks, verb_end, target):
                pairs += [(target, source, source.end), (partner, source, source.end)]
            return pairs
    if (target is not None and len(subjects) == 1 and _done_together(verb)
            and _with_the_party(toks, verb_end, target)):
        # "held talks with Y", "signed a memorandum with Y": a joint act, each party's
        return [(source, target, source.end), (target, source, source.end)]
    if target is None:
        # "arrived in Amman", "lifted a curfew in Montenegro": with no other party,
        # CAMEO takes the country where it happens as the target.
        target = next((a for a in actors_all if a.start >= verb_end
                       and a.country and a.country != source.country), None)
    # "Algeria, Pakistan, China and Russia condemned ...": one event for each of them.
    return [(subject, target, subjects[-1].end) for subject in subjects]


_LIST_JOINS = (["and"], [","], [",", "and"])
# "France and Italy, as well as European Commission President Ursula von der Leyen, welcomed":
# a member added to a list of subjects acts with them.
_ADDED_MEMBER_JOINS = ([",", "as", "well", "as"], ["as", "well", "as"], [",", "along", "with"],
                       [",", "together", "with"])
_JOINT_ROOTS = frozenset({"04", "06"})   # consult, material cooperation
_SIGN_AGREEMENT = "057"


def _past_a_comma(toks: Tokens, verb: _Candidate, target: ActorMention) -> bool:
    """Whether a comma stands between a verb and a party after it, other than those of an
    aside right after the verb ("agreed, in a joint statement, to send tanks to Ukraine").
    A party inside that aside is past its comma ("agreed, Israel said, to mediate")."""
    commas = [k for k in range(verb.end, toks.ending_by(target.start)) if toks.texts[k] == ","]
    if commas[:1] == [verb.end]:
        return len(commas) != 2
    return bool(commas)


def _with_the_party(toks: Tokens, verb_end: int, target: ActorMention) -> bool:
    """Whether the verb's object phrase takes the target "with": right after the verb ("held
    talks with Y") or right before the target, after the event noun's measure ("held the 24th
    round of talks with Y")."""
    between = toks.norms_within(verb_end, target.start)
    return "with" in between[:_SLOT_GAP + 2] or ("with" in between[-2:] and not any(
        w in _CLAUSE_BREAKS or w in _RELATIVE_PRONOUNS or w == "where" for w in between))


def _done_together(verb: _Candidate) -> bool:
    """Whether an act done "with" someone is done by both: talks, meetings, agreements
    signed or reached, cooperation; not praise of, or a pledge to meet, someone."""
    return (verb.code[:2] in _JOINT_ROOTS or verb.code[:3] == _SIGN_AGREEMENT
            or (verb.code[:2] == _INTENT_ROOT and verb.word.startswith("agree")))


_DESTINATIONS = frozenset("to for into".split())
_EXCHANGES = frozenset("exchange exchanged exchanging swap swapped swapping".split())


def _symmetric(verb: _Candidate) -> bool:
    """A joint act that each party does to the other: done together, or an exchange."""
    return _done_together(verb) or verb.word in _EXCHANGES


def _among_parties(subject: ActorMention, parties: list[ActorMention]) -> bool:
    """Whether the subject is one of the parties: the same actor, or the same code."""
    for party in parties:
        if _same_actor(subject, party) or party.code == subject.code:
            return True
    return False


def _distinct_parties(subjects: list[ActorMention]) -> list[ActorMention]:
    """The members of a joint subject that are different parties, first mention of each."""
    parties: list[ActorMention] = []
    for subject in subjects:
        if subject.country and not _among_parties(subject, parties):
            parties.append(subject)
    return parties


def _coordinated(before: list[ActorMention], toks: Tokens) -> list[ActorMention]:
    """The actors of the list that the last actor before a verb ends ("Algeria, Pakistan,
    China and Russia", "the US and Iraq"), in order; the last actor alone when there is no
    list."""
    members = [before[-1]]
    first = members[0].start
    for earlier in reversed(before[:-1]):
        join = [w for w in toks.norms_within(earlier.end, first) if w != "the"]
        if earlier.code == members[0].code and join and _TITLES.issuperset(join):
            # "European Commission President Ursula von der Leyen": the office's
            # institution and its holder are one member
            first = earlier.start
            continue
        together = (earlier.start, earlier.end) == (members[0].start, members[0].end)
        if join not in _LIST_JOINS and join not in _ADDED_MEMBER_JOINS and not together:
            break  # ("Canada and the United States"; "the two sides", naming two, is a list)
        members.insert(0, earlier)
        first = earlier.start
    return members


_APPOSITIVE_WORDS = 20
# Words that start a noun phrase describing someone ("Ernst, a Republican, said").
_APPOSITIVE_STARTS = frozenset("a an the his her their its former then".split())


_ARREST = "173"   # arrest, detain or charge with legal action
_CONVICTION = "116"   # find guilty or liable
# Who arrests, charges and jails when a passive names no one: police or courts.
_POLICE_WORDS = frozenset("arrested detained held jailed imprisoned".split())
_RELEASE = "084"   # release or return persons
# Where only a state holds people: a release from these is the state's.
_CUSTODY_WORDS = frozenset("custody prison prisons jail detention".split())
_CUSTODY_REACH = 3   # "released from police custody", "freed from Evin prison"


def _after_preposition(toks: Tokens, actor: ActorMention) -> bool:
    previous = toks.norms[:toks.ending_by(actor.start)][-1:]
    return bool(previous) and previous[0] in _PREPOSITIONS


def _by_the_state(actors: list[ActorMention], toks: Tokens, verb: _Candidate,
                  verb_start: int, places: Iterable[ActorMention] = ()
                  ) -> list[tuple[ActorMention, Optional[ActorMention], int]]:
    """"Menendez was indicted", "she was prosecuted in 2006": only a state arrests,
    charges, convicts or jails, so coercion in the passive with no agent named is the
    act of the authorities (police or courts) of the country of the one coerced; when no
    actor is the one coerced ("the man was arrested in Pakistan"), of the country where
    it happened."""
    if verb.code[:3] == _RELEASE:
        # "six journalists were released from custody": only a state holds people in
        # custody, prison or jail, so it is the one that lets them go. (A release with no
        # such place may be a kidnapper's: "the hostages were freed".)
        place = next((k for k in range(verb.end + 1, min(len(toks.norms),
                                                         verb.end + 1 + _CUSTODY_REACH))
                      if toks.norms[k] in _CUSTODY_WORDS), None)
        if place is None or toks.norms[verb.end] != "from":
            return []
        # "two Americans were released from an Iranian prison": the state that held them
        holder = next((a for a in places if toks.ends[verb.end] < a.start < toks.ends[place]
                       and a.country), None)
        if holder is not None:
            patient = next((a for a in reversed(actors) if a.end <= verb_start), None)
            state = ActorMention("", holder.country + "COP", holder.country, "ORG",
                                 verb_start, verb_start, "", implied=True)
            return [(state, patient, verb_start)]
    elif verb.code[:3] not in (_ARREST, _CONVICTION):
        return []
    sector = "COP" if verb.word in _POLICE_WORDS or verb.code[:3] == _RELEASE else "JUD"
    before = [a for a in actors if a.end <= verb_start]
    if not before:
        where = next((a for a in places if a.start >= toks.ends[verb.end - 1] and a.country
                      and a.code[:3] not in _NON_STATE_PREFIXES and _is_place(a, toks)),
                     None)
        if where is None:
            return []
        state = ActorMention("", where.country + sector, where.country, "ORG", verb_start,
                             verb_start, "", implied=True)
        return [(state, None, verb_start)]
    if not before[-1].country or before[-1].code[:3] in _NON_STATE_PREFIXES:
        return []
    patient = before[-1]
    if _after_preposition(toks, patient):
        return []  # "a missionary from Calgary was arrested": Calgary is not the one held
    state = ActorMention("", patient.country + sector, patient.country, "ORG", verb_start,
                         verb_start, "", implied=True)
    return [(state, patient, verb_start)]


def _appositive_span(toks: Tokens, verb_start: int) -> Optional[tuple[int, int]]:
    """Token indices of the commas around a descriptive phrase that ends right before a
    verb (", Iowa Republican,", ", a critic of Israel,", ", backed by X,"), if there is
    one."""
    i = verb_start - 1
    while i >= 0 and (toks.norms[i] in _CLAUSE_FILLERS or _adverb(toks.norms[i])):
        i -= 1
    if i < 2 or toks.texts[i] != ",":
        return None
    close = i
    i -= 1
    while i >= 0 and close - i <= _APPOSITIVE_WORDS and toks.texts[i] not in (",", ";"):
        i -= 1
    if i < 1 or toks.texts[i] != "," or close - i < 2:
        return None
    first = toks[i + 1]
    described = (first.norm.endswith("ed") or first.norm in _IRREGULAR_PARTICIPLES) and \
        toks.norms[i + 2:i + 3] == ["by"]  # ", backed by African Union forces,"
    if not (first.norm in _APPOSITIVE_STARTS or first.text[:1].isupper()
            or first.text[:1].isdigit() or described
            or first.norm in _RELATIVE_PRONOUNS or first.norm == "whose"):
        return None  # ", after weeks of delays,", ", thanks to X,": an adverbial
    return i, close


def _appositive_head(before: list[ActorMention], toks: Tokens,
                     verb_start: int) -> Optional[ActorMention]:
    """"Sen. Joni Ernst, Iowa Republican, confronted him", "the vet, Crystal Heath, urged":
    the subject is the actor right before a comma-enclosed phrase that ends at the verb,
    not an actor inside that phrase (an appositive describes the subject)."""
    span = _appositive_span(toks, verb_start)
    if span is None:
        return None
    i, close = span
    if _list_tail(before, toks, i, close):
        return None
    opening = toks.starts[i]
    # The head ends right at the opening comma ("Ernst, ...") or is the phrase before it
    # that the appositive names ("the vet, Crystal Heath, urged").
    head = None
    for actor in before:
        if actor.end == toks.ends[i - 1]:
            head = actor
            break
    if head is None:
        inside = [a for a in before if a.start > opening]
        if len(inside) == 1 and inside[0].start == toks.starts[i + 1] \
                and inside[0].end == toks.ends[close - 1]:
            return inside[0]  # the appositive is itself the name
    return head


def _list_tail(before: list[ActorMention], toks: Tokens, opening: int, close: int) -> bool:
    """Whether the commas at token indices opening and close enclose the end of a list of
    actors ("Barrot of France, Wadephul of Germany and Lammy of Britain, rejected"): the
    phrase between them is actors joined by commas and a last "and", so what stands before
    it is the list's first member, not someone the phrase describes."""
    inside = [a for a in before
              if toks.starts[opening] < a.start and a.end <= toks.ends[close - 1]]
    if not inside or inside[0].start != toks.starts[opening + 1] \
            or inside[-1].end != toks.ends[close - 1]:
        return False
    joins = [[w for w in toks.norms_within(a.end, b.start) if w != "the"]
             for a, b in zip(inside, inside[1:])]
    return bool(joins) and all(j in _LIST_JOINS for j in joins) and "and" in joins[-1]


_CRITICISE = "111"
_STRIKE = "143"
_AIR_STRIKE = "195"
_VIOLENT_REPRESSION = "175"
_SECURITY_FORCES = frozenset({"COP", "MIL"})
_PROTESTERS = frozenset("protesters protestors demonstrators marchers".split())
_CONSULT_ROOT, _DEMONSTRATE = "04", "141"
_GATHERING_WORDS = frozenset("gather gathers gathered gathering".split())
_ARMED_SECTORS = frozenset({"MIL", "SPY"})
# Whom violent repression is done to.
_REPRESSED = frozenset({"OPP", "CVL", "EDU", "LAB", "REF", "HRI", "MED", "REL", "JRN"})
_USING = ("use", "usi", "resort")   # "used force", "using tear gas", "resorted to"
_MILITARY_PROTECTION, _DEFEND_VERBALLY = "074", "052"
# Words that make a defence armed ("defended itself against Iranian missiles").
_ARMED_THREATS = frozenset("""itself themselves attack attacks missile missiles drone drones
rocket rockets forces troops invasion offensive army assault""".split())
_DEFENCE_REACH = 6
# Fighting with these is combat ("insurgents fought the army"), not an assault.
_COMBATANTS = frozenset({"MIL", "REB", "INS", "UAF", "SEP"})


def _fought_as_combat(source: ActorMention, target: ActorMention, lexicon: Lexicon) -> bool:
    """Whether a fight is combat: with armed parties, or an armed group's with a government
    ("rebels fought the government": through its forces; protesters clashing with it do
    not fight a war)."""
    sector = _sector(target.code, lexicon)
    return sector in _COMBATANTS or (
        sector == "GOV" and _sector(source.code, lexicon) in _COMBATANTS)


_COMBAT_WORDS = frozenset("fight fights fought fighting clash clashes clashed clashing "
                          "battle battles battled battling".split())
# Things a fight is against that make it no armed force: "fought inflation", "is fighting a
# reelection bid", "fighting the charges", "battles growing concerns".
_FOUGHT_THINGS = frozenset("""bid bids election elections reelection re-election nomination
charge charges case cases lawsuit lawsuits ruling rulings conviction verdict extradition
deportation inflation corruption poverty hunger disease diseases virus pandemic epidemic
outbreak cancer fire fires wildfire wildfires blaze blazes flames drought floods
unemployment crime racism discrimination disinformation misinformation news fraud abuse
tax taxes cuts law laws bill bills plan plans proposal proposals decision decisions order
orders ban influence concerns concern odds perception stigma""".split())
_OBJECT_PHRASE_WORDS = 4


def _fights_a_thing(norms: list[str], k: int, skip: frozenset[int]) -> bool:
    """Whether the object of a fighting verb ending before k is one of _FOUGHT_THINGS,
    within its first few words (up to a preposition, a clause break or an actor). ("Troops
    fought off a jihadist bid to seize the town": repelling an attack is combat.)"""
    if norms[k:k + 1] in (["off"], ["back"]):
        return False
    for j in range(k, min(len(norms), k + _OBJECT_PHRASE_WORDS)):
        if j in skip or norms[j] in _PREPOSITIONS or norms[j] in _CLAUSE_BREAKS \
                or not norms[j].replace("-", "").isalpha():
            return False
        if norms[j] in _FOUGHT_THINGS:
            return True
    return False


def _strikes_by_arms(source: ActorMention, target: Optional[ActorMention],
                     lexicon: Lexicon) -> bool:
    """"Israel has continued near-daily strikes in Lebanon", "the army's strikes on": a
    military's strikes, or a state's on another country, are attacks, not walkouts."""
    sector = _sector(source.code, lexicon)
    return sector in _ARMED_SECTORS or (
        sector in ("", "GOV") and source.code[:3] in lexicon.countries
        and target is not None and target.country not in (None, source.country))


# Travel verbs that are a visit (042) when people travel ("flew to Washington for talks")
# and a sortie when aircraft or weapons do ("Israeli warplanes flew to Yemen").
_JOURNEY_WORDS = frozenset("""travel travels traveled travelled traveling travelling fly flies
flew flying""".split())
# (not "fighters": "Hamas fighters travelled to Iran" are people)
_CRAFT_WORDS = frozenset("""warplane warplanes jet jets bomber bombers aircraft plane planes
drone drones helicopter helicopters missile missiles rocket rockets ship ships warship
warships""".split())


def _craft(source: ActorMention, toks: Tokens) -> bool:
    """Whether an actor names aircraft, ships or weapons: "Israeli warplanes", "Ukrainian
    drones" (its own words or the noun right after it)."""
    words = toks.within(source.start, source.end)
    return not _CRAFT_WORDS.isdisjoint(toks.norms[words.start:words.stop + 1])


_VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# Whom a person attacks in words: an office, a party, a legislature, a court.
_POLITICAL_SECTORS = frozenset({"GOV", "LEG", "PTY", "ELI", "OPP", "JUD", "HLH", "EDU",
                                "MED", "BUS", "NGO", "CVL"})


def _in_words(verb: _Candidate, source: ActorMention, target: Optional[ActorMention],
              lexicon: Lexicon) -> bool:
    """"Biden blasted Trump", "Cornyn ripped Senate Democrats": a violent verb of the
    figurative kind aimed at a person, or by a person at a political body, is criticism."""
    evaluations = lexicon.evaluations
    if (evaluations is None or target is None or verb.code[:2] not in _VIOLENT_ROOTS
            or verb.word not in evaluations.figurative_attacks
            or _sector(source.code, lexicon) in _ARMED_SECTORS):
        return False  # ("Russian troops attacked Zelenskyy's convoy": arms, not words)
    return target.type == "PERSON" or (
        source.type == "PERSON" and _sector(target.code, lexicon) in _POLITICAL_SECTORS)


def _acted_on_by(a: ActorMention, source: ActorMention, toks: Tokens) -> bool:
    """Whether an actor after a verb can be what the source acts on: not the source
    itself, nor the source's own troops or government."""
    return not _same_actor(a, source) and not _own_possession(a, source, toks)


def _own_possession(a: ActorMention, source: ActorMention, toks: Tokens) -> bool:
    """"Syria offered its troops to Lebanon": the source's own troops are what it acts
    with, not on."""
    before = toks.norms[:toks.ending_by(a.start)][-1:]
    return bool(before) and before[0] in _POSSESSIVES and a.country == source.country


def _described_by_agent(before: list[ActorMention],
                        toks: Tokens) -> Optional[ActorMention]:
    """"Somali forces backed by U.S. airstrikes killed ...": the actor a participle and its
    agent describe is the subject, not the agent."""
    if len(before) < 2:
        return None
    k = toks.ending_by(before[-1].start)
    if k < 3 or toks.norms[k - 1] != "by" or not toks.norms[k - 2].endswith("ed"):
        return None
    described = before[-2]
    return described if described.end == toks.ends[k - 3] else None


def _same_actor(a: ActorMention, b: ActorMention) -> bool:
    """Whether two mentions name one actor. A code is shared by everyone of a role ("Biden
    lashed out at Trump": both USAELI), so two people are one only by name; a country and
    its capital ("Russia", "Moscow") are one by code."""
    return a.code == b.code and (a.type != "PERSON" or b.type != "PERSON" or a.name == b.name)


def _coded_event(index: int, sentence: str, toks: Tokens, lexicon: Lexicon,
                 actors: list[ActorMention], verb: _Candidate, source: ActorMention,
                 target: Optional[ActorMention], subject_end: int, verb_start: int,
                 verb_end: int) -> Optional[Event]:
    code = verb.code
    if (code[:2] == _DISAPPROVE_ROOT and verb.word in _COMBAT_WORDS and target is not None
            and _sector(target.code, lexicon) == "GOV"
            and _sector(source.code, lexicon) in _COMBATANTS):
        # "the rebels have been fighting the government": CAMEO.2.0.txt codes fighting a
        # government as criticism (111), which an armed group's fight is not
        code = _FIGHT
    if _in_words(verb, source, target, lexicon):
        code = _CRITICISE
    elif code == _STRIKE and _strikes_by_arms(source, target, lexicon):
        code = _AIR_STRIKE
    elif (code[:2] == _FIGHT_ROOT and _sector(source.code, lexicon) in _NON_STATE_AGENTS
          and not (verb.word in _COMBAT_WORDS and target is not None
                   and _fought_as_combat(source, target, lexicon))):
        # CAMEO keeps conventional military force (19) for armed combat; violence by
        # rebels, militias, criminals or civilians on anyone but combatants is
        # unconventional violence (18).
        code = _ASSAULT
    elif (code[:2] == _FIGHT_ROOT and target is not None
          and _sector(source.code, lexicon) in _SECURITY_FORCES
          and _PROTESTERS.intersection(target.text.lower().split())):
        # "police fought protesters", "troops clashed with demonstrators": the codebook's
        # violent repression (175), not combat between armed parties
        code = _VIOLENT_REPRESSION
    elif (code[:2] == _CONSULT_ROOT and verb.word in _GATHERING_WORDS
          and not _PROTESTERS.isdisjoint(source.text.lower().split())):
        # "about 200 protesters gathered in central London": protesters gathering are a
        # demonstration (141), not the meeting CAMEO.2.0.txt's ASSEMBLE block codes (other
        # crowds gather to welcome or hear someone as often)
        code = _DEMONSTRATE
    elif (code == _VIOLENT_REPRESSION and verb.word.startswith(_USING) and target is not None
          and _sector(source.code, lexicon) not in _SECURITY_FORCES
          and _PROTESTERS.isdisjoint(target.text.lower().split())
          and _sector(target.code, lexicon) not in _REPRESSED):
        # "Russia used force against Ukraine": force between states or against armed
        # groups is military force (190); repression is police or troops against
        # protesters or civilians
        code = _FIGHT
    elif (code == _MILITARY_PROTECTION and verb.word.startswith("defend")
          and _sector(source.code, lexicon) not in _COMBATANTS
          and not _ARMED_THREATS.intersection(toks.norms[verb.end:verb.end + _DEFENCE_REACH])):
        # "The United States defended Israel", "China defended Russia's actions": a state
        # or official defends in words (052); the military protection (074)
        # CAMEO.2.0.txt's block gives "defend" takes troops
        code = _DEFEND_VERBALLY
    info = lexicon.codes.get(code)
    if info is None or code == _PLAIN_STATEMENT or _relative_clause_of_another(
            toks, verb.start, target if source.implied and target else source):
        return None
    if code == _VISIT and verb.word in _JOURNEY_WORDS and not source.implied \
            and _craft(source, toks):
        return None  # a sortie; what the craft did there is coded by its own verb
    # The source right before its verb (maybe with auxiliaries and a weekday between)
    # is the clause's subject: that verb is the sentence's event, not a later one.
    head_end = verb_start
    if _appositive_head([source], toks, verb.start) is source:
        # "Sen. Joni Ernst, Iowa Republican, confronted": the appositive is no gap
        head_end = source.end
    between = toks.norms_within(min(subject_end, head_end), head_end)
    # "Canada and the US had agreed to intensify discussions": the intending verb before
    # the intended act is no gap either.
    adjacent = all(
        w in _CLAUSE_FILLERS or _adverb(w) or w == "to"
        or w.startswith(_INTENT_STEMS) for w in between)
    infinitive = verb.start > 0 and toks.norms[verb.start - 1] == "to"
    if target is None and (
            (not adjacent and (source is not actors[0] or infinitive))
            or not (verb.from_pattern or code == _DEMONSTRATE
                    or tuple(toks.norms[k] for k in range(verb.start, verb.end))
                    in lexicon.core_forms)
            or _sector(source.code, lexicon) in _NOT_POLITICAL):
        return None
    confidence = 0.4 + (0.2 if verb.from_pattern else 0.0) + (
        0.1 if verb.code[:2] != _STATEMENT_ROOT else 0.0) + (0.2 if adjacent else 0.0) - (
        0.1 if target is None else 0.0) - (_IMPLIED_TARGET_PENALTY if source.implied else 0.0)
    return _event(index, sentence, source, target, code, info, verb_start, verb_end,
                  confidence)


_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom"})
_ANTECEDENT_WORDS = 3


def _relative_clause_of_another(toks: Tokens, verb_start: int,
                                source: ActorMention) -> bool:
    """"..., which prevented the fires": the verb's subject is whatever the relative
    pronoun stands for, the word before it; unless that is the source, the event is not
    the source's."""
    i = verb_start - 1
    while i >= 0 and (toks.norms[i] in _CLAUSE_FILLERS - {"that"}
                      or _adverb(toks.norms[i])):
        i -= 1
    if i < 1 or toks.norms[i] not in _RELATIVE_PRONOUNS:
        return False
    last = i - 2 if toks.texts[i - 1] == "," else i - 1
    # The source may name the antecedent's head or a word of its phrase ("the Vermont
    # Principals Association, which accused ...").
    phrase = [t for t in toks[max(0, last - _ANTECEDENT_WORDS + 1):last + 1]]
    return last < 0 or not any(t.start < source.end <= t.end for t in phrase) or any(
        t.text == "," for t in phrase if t.start >= source.end)


_HEARSAY_PARTICIPLES = frozenset("reported believed feared thought presumed confirmed said"
                                 .split())


def _passive(toks: Tokens, verb_start: int) -> bool:
    """A form of "be" (maybe with adverbs) right before a participle."""
    word = toks.norms[verb_start]
    if (not word.endswith(("ed", "en", "wn")) and word not in _IRREGULAR_PARTICIPLES) \
            or word in _ADJECTIVES_IN_EN:
        return False  # ("Moscow was open to discussions": an adjective, not a participle)
    i = _before_adverbs(toks.norms, verb_start)
    if i > 0 and toks.norms[i] in _HEARSAY_PARTICIPLES:
        # "soldiers were reported killed", "two were believed kidnapped": the report's
        # passive carries the act's
        i = _before_adverbs(toks.norms, i)
    return i >= 0 and toks.norms[i] in _BE_FORMS


def _passive_agent(actors: list[ActorMention], toks: Tokens,
                   verb_end: int) -> Optional[ActorMention]:
    """The actor introduced by "by" right after a verb (passive voice), if any."""
    if verb_end < len(toks.norms) and toks.norms[verb_end] == "by":
        after = toks.ends[verb_end]
        following = [a for a in actors if a.start > after]
        if following and _CLAUSE_BREAKS.isdisjoint(
                toks.norms_starting(after, following[0].start)):
            return following[0]
    return None


# words before an actor that make it a phrase's object, not a clause's subject
_DEPENDENT_WORDS = _PREPOSITIONS | {"to"}


def _reported_demand(index: int, sentence: str, toks: Tokens, norms: list[str], i: int,
                     actors: list[ActorMention], lexicon: Lexicon,
                     codes: tuple[str, dict[str, str]] = (_DEMAND, _DEMAND_BY_ROOT)
                     ) -> list[Event]:
    """"A declared that B must drop barriers": A demands of B; the demanded act (the next
    coded verb) refines the code (101 material cooperation ... 106 meeting). "A said B
    should (needs to) reciprocate" is the milder appeal, with `codes` of 02."""
    must_start = toks.starts[i]
    before = [a for a in actors if a.end <= must_start]
    if len(before) < 2 or not all(norm in _CLAUSE_FILLERS or norm == "the" or norm == "now"
                                  or _adverb(norm)
                                  for norm in toks.norms_starting(before[-1].end, must_start)):
        return []
    target = before[-1]
    # ("the US envoy to Ukraine said Russia needs to stop": the envoy speaks, not Ukraine;
    # "Netanyahu said Israel should not agree": no appeal to one's own state)
    sources = [a for a in before[:-1] if a.code != target.code
               and _word_before(toks, a) not in _DEPENDENT_WORDS
               and (a.country is None or target.code != a.country)]
    if not sources:
        return []
    general, by_root = codes
    code = general
    for verb in find_verbs(toks[i + 1:i + 4], lexicon):
        code = by_root.get(verb.code[:2], general)
        break
    info = lexicon.codes.get(code)
    if info is None:
        return []
    return [_event(index, sentence, sources[-1], target, code, info, must_start,
                   toks.ends[i], 0.6)]


def _sector(code: str, lexicon: Lexicon) -> str:
    """The agent part of an actor code: GOV in RUSGOV, REB in REB."""
    return code[3:6] if code[:3] in lexicon.countries else code[:3]


# ("in Mogadishu, the capital of Somalia": the country of a place is where, not who)
_PART_OF_PLACE = frozenset("""capital city town village province region district outskirts
suburbs centre center part parts north south east west""".split())


def _is_place(actor: ActorMention, toks: Tokens) -> bool:
    if actor.type == "PERSON":
        return False  # "lashed out at Trump": a person is whom a verb's "at" aims at
    before = _word_before(toks, actor)
    if before == "of":
        k = toks.ending_by(actor.start) - 1
        return k > 0 and toks.norms[k - 1] in _PART_OF_PLACE
    if before == "," and actor.type in ("GPE", "LOC"):
        comma = toks.ending_by(actor.start) - 1
        return _after_a_named_place(toks, comma) and not (
            _opens_the_sentence(toks, comma)
            and not _ends_a_place_phrase(toks, toks.ending_by(actor.end)))
    return before in _PLACE_PREPOSITIONS


# ("in Bolotnaya Square, Moscow": the name of a square or a town runs to a few words)
_PLACE_NAME_WORDS = 4
# ("in Toledo, Ohio, on Monday"; not "At a summit in Brussels, Germany pledged": a verb
# after the name makes it the subject)
_AFTER_A_PLACE_PHRASE = (frozenset(", . ; : ( last this next yesterday today".split())
                         | _PREPOSITIONS)


def _after_a_named_place(toks: Tokens, comma: int) -> bool:
    """Whether the words before a comma are a place's name after "in", "at" ...: the city or
    state after "in Bolotnaya Square," or "in Toledo," says where that place is, so it is a
    place too, not who acts."""
    k = comma - 1
    while (k >= 0 and comma - k <= _PLACE_NAME_WORDS and _capitalised(toks.texts[k])
           and toks.norms[k] not in _CALENDAR_WORDS
           and toks.norms[k] not in _PLACE_PREPOSITIONS):
        k -= 1
    if k == comma - 1 or k < 0:
        return False
    if toks.norms[k] == "the":
        k -= 1
    return k >= 0 and toks.norms[k] in _PLACE_PREPOSITIONS


# Words that open a phrase before a sentence's subject ("Despite the truce in Gaza,", "As
# talks continued in Doha,", "Later in Kyiv,"), and the ones that make a phrase temporal
# wherever they stand in it ("Hours after the attack in Kabul,").
_OPENING_WORDS = _PREPOSITIONS | frozenset(
    "as while when once although though despite following amid ahead later earlier "
    "meanwhile separately".split())
_TEMPORAL_PREPOSITIONS = frozenset("after before following since during ahead".split())
_TIME_MEASURES = frozenset("""a an one two three four five six seven eight nine ten few
several hour hours day days week weeks month months year years minute minutes moment
moments shortly soon just only""".split())
# Words in -ing that name what happens rather than open a participle phrase.
_ACTIVITY_NOUNS = frozenset("fighting looting flooding rioting".split()) | {
    w for w in _ATTACK_NOUNS if w.endswith("ing")}


def _opens_the_sentence(toks: Tokens, comma: int) -> bool:
    """Whether the phrase before a comma opens the sentence, with its subject after it
    ("At a summit in Brussels,", "Following talks in Doha,", "Speaking in Brussels,",
    "Hours after the attack in Kabul,"), rather than being a clause of its own, after
    which a name says where the place is ("Police in Lagos, Nigeria", "Thousands rallied
    in Tbilisi, Georgia")."""
    norms = toks.norms
    start = max((k + 1 for k in range(comma) if norms[k] == ","), default=0)
    if start + 1 >= comma:
        return False
    first = norms[start]
    # ("Speaking to reporters in", "Asked about"; not "Armed men in", "Fighting in")
    participle = (first.endswith(("ing", "ed")) and first not in _ACTIVITY_NOUNS
                  and (norms[start + 1] in _PREPOSITIONS
                       or norms[start + 1] in ("the", "a", "an", "to")))
    # ("Hours after the attack in", "Two days after"; not "Protests during the summit in")
    temporal = next((k for k in range(start, comma) if norms[k] in _TEMPORAL_PREPOSITIONS),
                    None)
    measured = temporal is not None and all(
        norms[k] in _TIME_MEASURES or norms[k].isdigit() for k in range(start, temporal))
    return first in _OPENING_WORDS or participle or measured


def _ends_a_place_phrase(toks: Tokens, following: int) -> bool:
    """Whether the name before token `following` ends the place phrase it is in ("in
    Toledo, Ohio, on Monday"): it does unless a verb or the rest of a subject follows
    ("in Brussels, Germany pledged"; "May" is a month but "may" a modal)."""
    if following >= len(toks):
        return True
    return toks.norms[following] in _AFTER_A_PLACE_PHRASE or (
        toks.norms[following] in _CALENDAR_WORDS and _capitalised(toks.texts[following]))


# the prepositions an actor can follow as the object of a verb's phrase ("flew to Yemen")
_OBJECT_PREPOSITIONS = _PREPOSITIONS | _DESTINATIONS


def _subject_of_second_predicate(before: list[ActorMention], toks: Tokens
                                 ) -> list[ActorMention]:
    """"Israeli jets flew over Lebanon and bombed Hezbollah": the verb after "and" shares
    the first verb's subject, not the place or party its phrase ends with. The actors
    before the verb, up to that subject."""
    subject = next((k for k in range(len(before) - 1, -1, -1)
                    if _word_before(toks, before[k]) not in _OBJECT_PREPOSITIONS), None)
    return before if subject is None else before[:subject + 1]


def _word_before(toks: Tokens, actor: ActorMention) -> str:
    """The word before an actor, past a "the" ("at the White House": "at")."""
    before = toks.norms[:toks.ending_by(actor.start)][-2:]
    if before[-1:] == ["the"]:
        before = before[:-1]
    return before[-1] if before else ""


# ("In Iraq, Iran condemned": a comma alone ends a place phrase)
_PLACE_LIST_JOINS = (["and"], [",", "and"])


def _places(actors: list[ActorMention], toks: Tokens) -> list[ActorMention]:
    """The actors named as where something happens: after "in", "at" ..., and the rest of a
    list that starts there ("weapons made in Ukraine and Belarus")."""
    places: list[ActorMention] = []
    for actor in actors:
        if _is_place(actor, toks) or (
                places and places[-1].end <= actor.start and actor.type in ("GPE", "LOC")
                and [w for w in toks.norms_within(places[-1].end, actor.start)
                     if w != "the"] in _PLACE_LIST_JOINS):
            places.append(actor)
    return places


def _event(index: int, sentence: str, source: ActorMention, target: Optional[ActorMention],
           code: str, info: CameoCode, verb_start: int, verb_end: int,
           confidence: float) -> Event:
    return Event(
        sentence_index=index, sentence=sentence, source=source, target=target,
        event_code=code, base_code=info.base, root_code=info.root,
        quad_class=info.quad_class, goldstein=info.goldstein,
        verb=sentence[verb_start:verb_end], verb_start=verb_start, verb_end=verb_end,
        confidence=round(confidence, 2))


_THREAT_TRIGGERS = frozenset({"must", "should"}) | _NEED_FORMS | _FACE_FORMS


def _threat_constructions(index: int, sentence: str, toks: Tokens,
                          actors: list[ActorMention], lexicon: Lexicon) -> list[Event]:
    """"A said (that) B would face consequences": a threat by A against B, though the
    verb ("face") belongs to B; "A said B must withdraw": a demand by A of B. The
    dictionary's verb patterns cannot express either."""
    norms = toks.norms
    events: list[Event] = []
    if _THREAT_TRIGGERS.isdisjoint(norms):
        return events
    for i, word in enumerate(norms):
        if word == "must":
            events.extend(_reported_demand(index, sentence, toks, norms, i, actors, lexicon))
            continue
        if word == "should" or (word in _NEED_FORMS and norms[i + 1:i + 2] == ["to"]):
            events.extend(_reported_demand(index, sentence, toks, norms, i, actors, lexicon,
                                           (_APPEAL, _APPEAL_BY_ROOT)))
            continue
        if word not in _FACE_FORMS or not any(
                w in _PENALTIES for w in norms[i + 1:i + 5]):
            continue
        verb_start, verb_end = toks.starts[i], toks.ends[i]
        targets = [a for a in actors if a.end <= verb_start]
        if not targets:
            continue
        target = targets[-1]
        sources = [a for a in actors if a.end <= target.start and a.code != target.code]
        info = lexicon.codes.get(_THREATEN)
        if sources and info:
            events.append(_event(index, sentence, sources[-1], target, _THREATEN, info,
                                 verb_start, verb_end, 0.7))
    return events


def _quote_spans(toks: Tokens) -> list[tuple[int, int]]:
    """Token index pairs (open, close) of the quotations in a sentence; a quotation left
    open runs to the sentence's end (news quotes run across sentences)."""
    marks = [i for i, text in enumerate(toks.texts) if text in _QUOTES]
    spans = [(marks[k], marks[k + 1]) for k in range(0, len(marks) - 1, 2)]
    if len(marks) % 2:
        spans.append((marks[-1], len(toks.texts)))
    return spans


def _speaker(toks: Tokens, actors: list[ActorMention], open_: int, close: int,
             speech_forms: frozenset[str]) -> Optional[tuple[ActorMention, int]]:
    """Who a quotation is attributed to, and the token index of the saying: '..." X said',
    '..." said X', 'X said: "...'."""
    after = close + 1
    while after < len(toks.norms) and toks.norms[after] in (",", "."):
        after += 1
    if after < len(toks.norms):
        if toks.norms[after] in speech_forms:  # ..." said Abdullah Hammoud
            start = toks.ends[after]
            speaker = next((a for a in actors if a.start >= start), None)
            if speaker and not toks.norms_within(start, speaker.start)[1:]:
                return speaker, after
        speaker = next((a for a in actors if a.start >= toks.starts[after]), None)
        if speaker is not None:  # ..." President Biden said
            k = toks.ending_by(speaker.end)
            if k < len(toks.norms) and toks.norms[k] in speech_forms \
                    and speaker.start == toks.starts[after]:
                return speaker, k
    before = open_ - 1
    while before >= 0 and toks.norms[before] in (",", ":"):
        before -= 1
    if before >= 1 and toks.norms[before] in speech_forms:  # X said: "...
        speaker = next((a for a in reversed(actors) if a.end <= toks.starts[before]), None)
        if speaker is not None and toks.ending_by(speaker.end) == before:
            return speaker, before
    return None


def _quoted_judgements(index: int, sentence: str, toks: Tokens,
                       actors: list[ActorMention], lexicon: Lexicon) -> list[Event]:
    """'"China is determined to dominate the market, including by using unfair
    practices," President Biden said': a quotation that judges, attributed to an actor, is
    that actor's criticism of whom it names (the verbs inside a quotation are not coded
    as acts: see find_verbs)."""
    evaluations = lexicon.evaluations
    if evaluations is None or _QUOTES.isdisjoint(toks.texts):
        return []
    info = lexicon.codes.get(_CRITICISE)
    events = []
    for open_, close in _quote_spans(toks):
        judged = [k for k in range(open_ + 1, close) if toks.norms[k] in evaluations.word_firsts
                  and _judgement(evaluations, toks.norms, k) == _CRITICISE
                  and not any(w in _NEGATIONS for w in toks.norms[max(open_, k - 3):k])]
        if not judged or info is None:
            continue
        attributed = _speaker(toks, actors, open_, close, evaluations.speech_forms)
        if attributed is None:
            continue
        speaker, saying = attributed
        quote_start, quote_end = toks.starts[open_], toks.ends[close - 1]
        target = next((a for a in actors if quote_start <= a.start and a.end <= quote_end
                       and not _same_actor(a, speaker)), None)
        events.append(_event(index, sentence, speaker, target, _CRITICISE, info,
                             toks.starts[saying], toks.ends[saying], 0.5))
    return events


_FIRST_PERSON = frozenset({"we", "i"})


def _shifted(actor: ActorMention, offset: int) -> ActorMention:
    return actor._replace(start=actor.start + offset, end=actor.end + offset)


def _quoted_acts(index: int, sentence: str, toks: Tokens, actors: list[ActorMention],
                 lexicon: Lexicon) -> list[Event]:
    """'"We will not accept any interference in our internal affairs," the spokesperson
    said': what a quotation that opens with "we" or "I" says its speaker does is the
    speaker's act (speech is coded by its speech act)."""
    if lexicon.evaluations is None or _QUOTES.isdisjoint(toks.texts):
        return []
    events = []
    for open_, close in _quote_spans(toks):
        if open_ + 1 >= close or toks.norms[open_ + 1] not in _FIRST_PERSON:
            continue
        attributed = _speaker(toks, actors, open_, close, lexicon.evaluations.speech_forms)
        if attributed is None:
            continue
        speaker, _ = attributed
        offset = toks.ends[open_]
        end = toks.starts[close] if close < len(toks.texts) else len(sentence)
        quote = sentence[offset:end]
        quote_toks = tokens(quote)
        if not quote_toks.norms:
            continue
        # the speaker stands where "we" stands; the actors the quotation names keep theirs
        pronoun = quote_toks.starts[0], quote_toks.ends[0]
        inside = [_shifted(a, -offset) for a in actors if offset <= a.start and a.end <= end]
        voice = speaker._replace(text=quote[pronoun[0]:pronoun[1]], start=pronoun[0],
                                 end=pronoun[1])
        found, _ = _events_in_sentence(index, quote, quote_toks, [voice] + inside, lexicon)
        for event in found:
            if event.target is voice:  # "We held talks with Japan": Japan's side of it
                event = event._replace(target=speaker)
            elif event.source is not voice or (
                    event.target is not None and event.target.code == speaker.country):
                continue  # (in a quotation, the speaker's own state is "we", not a target)
            events.append(event._replace(
                sentence=sentence,
                source=speaker if event.source is voice else _shifted(event.source, offset),
                target=(event.target if event.target is speaker else
                        _shifted(event.target, offset) if event.target else None),
                verb=sentence[event.verb_start + offset:event.verb_end + offset],
                verb_start=event.verb_start + offset, verb_end=event.verb_end + offset))
    return events


def _entities(mentions: Iterable[ActorMention]) -> list[Entity]:
    grouped: dict[tuple[str, str, str], list[ActorMention]] = collections.defaultdict(list)
    for mention in mentions:
        grouped[(mention.type, mention.code, mention.name)].append(mention)
    entities = []
    for (type_, code, _), items in grouped.items():
        texts = [m.text for m in items]
        # (most entities are written one way: no count needed)
        text = texts[0] if texts.count(texts[0]) == len(texts) else \
            collections.Counter(texts).most_common(1)[0][0]
        entities.append(Entity(text, type_, code, items[0].country, len(items)))
    return sorted(entities, key=lambda e: (-e.count, e.type, e.code))


def tag_text(text: str, date: Optional[str] = None,
             lexicon: Optional[Lexicon] = None,
             considered: Optional[list[Event]] = None) -> TagResult:
    """Events and entities in a text; date (YYYY-MM-DD) selects the roles in force.
    `considered`, when given, receives the events the coder coded from a sentence's
    candidate verbs, quotations and closing clauses, before choosing among them (not the
    fallbacks it tries when none is coded): eval.events_ceiling measures with them what a
    better choice could win."""
    lexicon = lexicon or default_lexicon()
    parsed = []
    people: dict[str, ActorEntry] = {}
    for _, sentence in sentences(text):
        toks = tokens(sentence)
        parsed.append((sentence, toks, find_actors(sentence, toks, lexicon, date, people)))
    country, share, mentions_of_country = _main_country(
        a for _, _, actors in parsed for a in actors)
    domestic = country if (share >= _DOMESTIC_SHARE
                           and mentions_of_country >= _DOMESTIC_MENTIONS) else None
    # Names are placed by the main country even when it is named once (a sentence tagged
    # alone, a short text), as long as that once is not the state itself taking part:
    # "In Russia, Petrov attacked" and "Rae accused the British Government" are about
    # Russia and Britain, "Melania Trump met Russia" is not about Russia.
    names_country = domestic or (country if share >= _DOMESTIC_SHARE and not any(
        a.code == country and not _is_place(a, toks)
        for _, toks, actors in parsed for a in actors) else None)
    events: list[Event] = []
    mentions: list[ActorMention] = []
    recent_people: list[ActorMention] = []
    recent_pair: tuple[ActorMention, ...] = ()
    recent_subject: Optional[ActorMention] = None
    lead_actor: Optional[ActorMention] = None
    appositive_countries: dict[str, tuple[str, str]] = {}
    recent_organisation: Optional[ActorMention] = None
    recent_violence: Optional[Event] = None
    for index, (sentence, toks, actors) in enumerate(parsed):
        actors = [_in_country(a, _possessor_country(a, toks, recent_subject) or country)
                  for a in actors]
        mentions.extend(actors)
        actors = _with_unknown_names(toks, sentence, actors, lexicon, names_country,
                                     appositive_countries)
        actors = _with_pronouns(toks, actors, recent_people)
        actors = _with_it(toks, actors, recent_subject)
        actors = _with_pair_references(sentence, toks, actors, recent_pair, lexicon)
        actors = _with_organisation_references(sentence, toks, actors, recent_organisation,
                                               lexicon)
        recent_organisation = next((a for a in reversed(actors)
                                    if a.code.startswith(_IGO) and not a.implied),
                                   recent_organisation)
        found, _ = _events_in_sentence(index, sentence, toks, actors, lexicon, considered)
        if not found and recent_violence is not None:
            found = _the_attack_again(index, sentence, toks, actors, recent_violence, lexicon)
        found = [_aimed_at_the_decider(e, toks, lead_actor, lexicon) for e in found]
        lead_actor = lead_actor or next(
            (e.source for e in found if not e.source.implied and e.source.country), None)
        events.extend(_with_implied_target(e, domestic, lexicon) for e in found)
        recent_subject = next((e.source for e in found if not e.source.implied), None)
        recent_pair = _joint_sources(found) or next(
            ((e.source, e.target) for e in reversed(found)
             if e.target is not None and not e.target.implied
             and not e.source.implied and e.source.country
             and e.target.country
             and e.source.country != e.target.country), recent_pair)
        recent_people = ([a for a in actors if a.type == "PERSON"] or recent_people[-1:])[-1:]
        recent_violence = next((e for e in reversed(found) if e.root_code in _VIOLENT_ROOTS),
                               recent_violence)
    return TagResult(events, _entities(mentions))


_REFERRING_DETERMINERS = frozenset("the these those this that both".split())
_REFERENCE_CONFIDENCE = 0.4


def _the_attack_again(index: int, sentence: str, toks: Tokens, actors: list[ActorMention],
                      attack: Event, lexicon: Lexicon) -> list[Event]:
    """"Two car bombs struck Baghdad. The attacks occurred at the Justice Ministry": a
    sentence that opens on the story's attack, names no one else and codes nothing else
    reports that attack again; its parties are the attack's, named in the earlier
    sentence (implied here). ("The rocket attacks from Gaza on Israeli towns", "the
    attack on Kharkiv a week earlier" name their own parties: another attack.)"""
    norms = toks.norms
    first = 1 if toks.texts[:1] and toks.texts[0] in _OPENERS else 0
    if norms[first:first + 1] and norms[first] not in _REFERRING_DETERMINERS:
        return []
    noun = next((k for k in range(first + 1, min(len(norms), first + 3))
                 if norms[k] in _ATTACK_NOUNS), None)
    if noun is None:
        return []
    parties = {a.country for a in (attack.source, attack.target) if a is not None}
    if any((a.country not in parties and not _is_place(a, toks))
           or (_word_before(toks, a) in ("from", "by") and a.country != attack.source.country)
           or (_word_before(toks, a) in ("on", "against") and attack.target is not None
               and a.country != attack.target.country)
           for a in actors):
        return []
    following = norms[noun + 1] if noun + 1 < len(norms) else "."
    if toks.texts[noun + 1:noun + 2] and toks.texts[noun + 1].isalpha() and not (
            (following,) in lexicon.verbs or following in _CLAUSE_FILLERS
            or following in _PREPOSITIONS or following.endswith("ed")
            or following in _IRREGULAR_PAST):
        return []  # "the attack helicopters returned": the noun modifies another
    start, end = toks.starts[noun], toks.ends[noun]

    def here(actor: Optional[ActorMention]) -> Optional[ActorMention]:
        return actor and actor._replace(text="", start=start, end=start, implied=True)
    return [attack._replace(sentence_index=index, sentence=sentence, source=here(attack.source),
                            target=here(attack.target), verb=sentence[start:end],
                            verb_start=start, verb_end=end,
                            confidence=min(attack.confidence, _REFERENCE_CONFIDENCE))]


# Words that may follow a name: a name right before any other lower-case word is a modifier
# of it ("Black voters", "the Horizon IT scandal"), not an actor.
_AFTER_NAME = frozenset("""and or who which whose that , ; : . ' 's " ” ) — – - also has
have had is was will would""".split()) | _PREPOSITIONS
_OPENERS = frozenset('"“([\'‘')
_NAME_RUN = 4
_ORG_WORDS = frozenset("""company association council committee party union watchdog group
coalition foundation institute center centre office department agency commission network
campaign movement""".split())
# Capitalised words that start sentences and clauses but never name anyone.
_NOT_NAMES = frozenset("""i we you they he she it someone somebody everyone everybody nobody
anyone this that these those there here what who when where why how after before since while
although though because as if once until unless despite during just also now then however
meanwhile still even indeed instead yet so but and or nor the a an his her their our its my
your many most some several few all both each every no one other another such west east
north south western eastern tens dozens hundreds thousands millions scores""".split()) \
    | _PREPOSITIONS
_SENTENCE_ADVERBS = frozenset("""indeed earlier later today tonight overall moreover
furthermore therefore thus first second third finally again otherwise nevertheless
nonetheless instead besides afterwards still yes no well""".split())
# Last words of capitalised phrases that name laws, events, places and things, not actors.
_NOT_ACTOR_HEADS = frozenset("""act bill law amendment code rule program programme plan
agreement accord treaty deal conference summit convention awards award prize war day week
street avenue road square hall building tower bridge airport station park river lake
mountain island county district state city province region valley""".split())


def _with_unknown_names(toks: Tokens, sentence: str, actors: list[ActorMention],
                        lexicon: Lexicon, country: Optional[str],
                        appositive_countries: Optional[dict[str, tuple[str, str]]] = None
                        ) -> list[ActorMention]:
    """Names no dictionary knows ("Holden criticized Barger", "Consumer Watchdog sued the
    commissioner"), as actors of the country an appositive gives them ("Ali Larijani, the
    secretary of Iran's Supreme National Security Council, held talks") or else, in an
    article about one country's affairs, of that country: local politicians, candidates,
    advocacy groups and companies that news of one country names far outnumber those of
    others (the coding rules give them their country). Only a name that stands where an
    actor stands counts: as a sentence's subject it must be followed by a verb; anywhere,
    it must not modify the noun after it. `appositive_countries` remembers, for the rest
    of the story, the code and country an appositive gave a name and its last word
    ("Larijani told ..." after "Ali Larijani, the secretary of Iran's ...")."""
    remembered = {} if appositive_countries is None else appositive_countries
    # "Micheline Calmy-Rey of Switzerland": the country after "of" is the name's
    countries_after_of = {k: a for a, k in ((a, toks.ending_by(a.start)) for a in actors)
                          if a.type in ("GPE", "LOC") and a.code == a.country
                          and not a.implied and "of" in toks.norms[max(k - 2, 0):k]}
    if country is None and not remembered and not countries_after_of and not (
            "," in toks.texts and not _APPOSITIVE_STARTS.isdisjoint(toks.norms)
            and any(text == "," and norm in _APPOSITIVE_STARTS
                    for text, norm in zip(toks.texts, toks.norms[1:]))):
        return actors  # no name here can be given a country
    taken = [(a.start, a.end) for a in actors if not a.implied]
    dropped: list[ActorMention] = []
    # Name words are capitalised: most words need no closer look.
    names = {i for i, text in enumerate(toks.texts)
             if text[:1].isupper() and _name_word(text, toks.norms[i])}
    found = []
    i = 0
    for first in sorted(names):
        if first < i:
            continue  # inside the name found last
        i = first
        if any(s <= toks.starts[i] < e for s, e in taken) or i - 1 in names:
            i += 1
            continue
        start = i
        if toks.norms[i] in _TITLES or toks.norms[i] in _TITLE_ABBREVIATIONS:
            # "Ms. Ernst", "Mr Hunt": the title is no part of the name
            start = i + 1 + (i + 1 < len(toks.norms) and toks.texts[i + 1] == ".")
        end = start
        while end in names and not any(s <= toks.starts[end] < e for s, e in taken):
            end += 1
        i = max(end, i + 1)
        if end == start or end - start > _NAME_RUN:
            continue
        norms = toks.norms[start:end]
        if norms[0] in _NOT_NAMES or norms[-1] in _NOT_ACTOR_HEADS:
            continue
        opening = start == 0 or toks.texts[start - 1] in _OPENERS or (
            start == 1 and toks.texts[0] in _OPENERS)
        following = toks.norms[end] if end < len(toks.norms) else "."
        owner = next((countries_after_of[k] for k in (end + 1, end + 2)
                      if k in countries_after_of and _country_of_person(toks.norms, end, k)),
                     None)
        if owner is not None and end - start >= 2 and not any(
                w in _TITLES or (w,) in lexicon.agents for w in toks.norms[start:end]):
            # A first name and surname (one capitalised word before "of" a country is
            # "Bank of England", "Gulf of Mexico"; a title, "Prime Minister of Ireland",
            # names an office): the person and the country are one actor, as for a name
            # the dictionaries know (see find_actors), and a later "Calmy-Rey" is theirs.
            name = " ".join(toks.norms[start:end])
            remembered[name] = remembered[toks.norms[end - 1]] = (owner.code, owner.country)
            found.append(ActorMention(sentence[toks.starts[start]:owner.end], owner.code,
                                      owner.country, "PERSON", toks.starts[start],
                                      owner.end, name))
            dropped.append(owner)
            continue
        # A name's verb agrees with a singular subject: "Holden criticized", "Rae accuses";
        # a bare form after it ("Minority whip", "the Nature Restoration plan") is a noun.
        after = toks.norms[end + 1] if end + 1 < len(toks.norms) else "."
        finite = (following,) in lexicon.verbs and (
            following.endswith(("ed", "s")) or following in _IRREGULAR_PARTICIPLES
            or following in _IRREGULAR_PAST) and not (
            # "Twin attacks killed 72", "Car bombs were detonated": an attack noun with its
            # own verb after it, not a name's verb
            following in _ATTACK_NOUNS and (after.endswith("ed") or after in _BE_FORMS
                                            or after in _IRREGULAR_PAST))
        if opening:
            # The first word of a sentence is capitalised whatever it is: a name only
            # when a verb follows ("Holden criticized"), or an appositive or another
            # name joined to it ("Weisselberg, 76, was ordered", "Bannon and Navarro
            # were charged"); a sentence adverb ("Indeed,", "Separately,") is none.
            joined = following == "and" and end + 1 in names
            described = following == "," and not any(
                w.endswith("ly") or w in _SENTENCE_ADVERBS for w in norms)
            if not (finite or following in _CLAUSE_FILLERS or joined or described):
                continue
        elif following not in _AFTER_NAME and not finite:
            continue
        if any((w,) in lexicon.verbs or (w,) in lexicon.agents or w in _STANDALONE_AGENTS
               for w in norms if w not in _ORG_WORDS) and len(norms) == 1:
            continue  # "Rally", "Police": a common word capitalised, not a name
        if _placed_in_a_country(toks, end, actors):
            continue  # "Pokrovsk in eastern Ukraine": the country stands for the place
        described_by = _appositive_actor(toks, end, actors, lexicon)
        name = " ".join(norms)
        if described_by is not None:
            code, of_country = remembered[name] = remembered[norms[-1]] = (
                described_by.code, described_by.country)
        elif name in remembered:
            code, of_country = remembered[name]
        elif country is not None:
            code, of_country = country, country
        else:
            continue
        if start >= 2 and toks.norms[start - 1] == "of" and \
                toks.norms[start - 2] in _PART_OF_PLACE:
            kind = "LOC"  # "the city of Novoshakhtinsk": a place of that country
        elif any(w in _ORG_WORDS for w in norms):
            kind = "ORG"
        else:
            kind = "PERSON"
        found.append(ActorMention(sentence[toks.starts[start]:toks.ends[end - 1]], code,
                                  of_country, kind, toks.starts[start], toks.ends[end - 1],
                                  name))
    if not found:
        return actors
    return sorted([a for a in actors if a not in dropped] + found, key=lambda a: a.start)


def _placed_in_a_country(toks: Tokens, end: int, actors: list[ActorMention]) -> bool:
    """Whether an unknown name ending at word `end` is placed in a country named right after
    it ("Pokrovsk in eastern Ukraine"): a place there, not someone of the story's country."""
    norms = toks.norms
    if norms[end:end + 1] != ["in"]:
        return False
    k = end + 1
    while k < len(norms) and norms[k] in _REGION_WORDS:
        k += 1
    if k >= len(norms):
        return False
    for a in actors:
        if a.type in ("GPE", "LOC") and a.code == a.country and toks.ending_by(a.start) == k:
            return True
    return False


def _dealt_with(actor: ActorMention, toks: Tokens, lexicon: Lexicon) -> bool:
    k = toks.ending_by(actor.start)
    return k >= 2 and toks.norms[k - 1] in ("of", "to") \
        and toks.norms[k - 2] in lexicon.words.dealing_words


def _holds_office_of(actor: ActorMention, toks: Tokens, lexicon: Lexicon) -> bool:
    """Whether an appositive names the actor as the one its subject serves ("the secretary
    of Iran's Supreme National Security Council", "Iran's foreign minister"), not as
    whom the subject deals with ("a critic of Israel", "a former ambassador to Russia")."""
    k = toks.ending_by(actor.start)
    after = toks.norms_starting(actor.end, actor.end + 3)[:1]
    return after == ["'s"] or actor.code[:3] != actor.country or (
        k >= 2 and toks.norms[k - 1] == "of" and (
            toks.norms[k - 2] in _TITLES or toks.norms[k - 2] in lexicon.words.office_words))


def _appositive_actor(toks: Tokens, name_end: int, actors: list[ActorMention],
                      lexicon: Lexicon) -> Optional[ActorMention]:
    """The state (or its institution) in a descriptive phrase set off by commas right after
    a name: ", the secretary of Iran's Supreme National Security Council," makes the name
    Iran's; a person's code is not passed on (a role is not the holder's)."""
    if name_end >= len(toks.norms) - 2 or toks.texts[name_end] != ",":
        return None
    if toks.norms[name_end + 1] not in _APPOSITIVE_STARTS:
        return None
    close = next((j for j in range(name_end + 1, min(len(toks.norms),
                                                     name_end + 1 + _APPOSITIVE_WORDS))
                  if toks.texts[j] in (",", ";")), None)
    if close is None:
        return None
    inside = [a for a in actors if toks.starts[name_end + 1] <= a.start
              and a.end <= toks.ends[close - 1] and a.country and not a.implied
              and _holds_office_of(a, toks, lexicon) and not _dealt_with(a, toks, lexicon)]
    if not inside:
        return None
    actor = inside[0]
    if actor.type == "PERSON" or actor.code[:3] != actor.country:
        return ActorMention("", actor.country, actor.country, "GPE", 0, 0)
    return actor


_PERSONAL_PRONOUNS = frozenset({"he", "she"})
_IMPLIED_TARGET_PENALTY = 0.1
# An article is about one country's affairs when most of its mentions of states are of it.
_DOMESTIC_SHARE = 0.6
_DOMESTIC_MENTIONS = 2


_OBJECT_CHARS = 40


def _joint_sources(found: list[Event]) -> tuple[ActorMention, ...]:
    """The two states that acted together in a sentence ("the US and Britain closed their
    embassies in Yemen"), whom a later "the two nations" means; () if not two."""
    if not found:
        return ()
    sources: dict[str, ActorMention] = {}
    for e in found:
        if e.verb_start == found[0].verb_start and not e.source.implied and e.source.country:
            sources.setdefault(e.source.country, e.source)
    return tuple(sources.values()) if len(sources) == 2 else ()


def _with_implied_target(event: Event, country: Optional[str], lexicon: Lexicon) -> Event:
    """An event whose target the sentence names in words no dictionary knows ("criticized
    the then-president", "urged House leadership", "made 12 arrests"), by an actor of the
    article's main country, is taken as aimed at that country: measured on real news, such
    events are domestic far more often than not. The target is marked as implied (no text,
    no offsets) and the event loses some confidence."""
    if (event.target is not None or not country or event.source.country != country
            or (event.source.code == country and event.source.type in ("GPE", "LOC"))):
        return event  # (the state itself acting on itself says nothing)
    if not lexicon.words.foreign_words.isdisjoint(token_norms(
            event.sentence[event.verb_end:event.verb_end + _OBJECT_CHARS])):
        return event  # "urged Western allies to speed up deliveries": aimed abroad
    implied = ActorMention("", country, country, "GPE", event.verb_end, event.verb_end, "",
                           implied=True)
    return event._replace(target=implied, confidence=round(
        event.confidence - _IMPLIED_TARGET_PENALTY, 2))


def _main_country(actors: Iterable[ActorMention]) -> tuple[Optional[str], float, int]:
    """The state an article names most (the first named on a tie), its share of the
    article's mentions of states and their number: where its unnamed police, courts and
    governments belong, and how far the article is about that one country."""
    counts = collections.Counter(a.country for a in actors
                                 if a.country and a.code[:3] == a.country)
    if not counts:
        return None, 0.0, 0
    top = max(counts.values())
    return next(c for c in counts if counts[c] == top), top / sum(counts.values()), top


def _possessor_country(actor: ActorMention, toks: Tokens,
                       recent_subject: Optional[ActorMention]) -> Optional[str]:
    """"Israel rejected the report. Its foreign ministry said": the country of the actor
    that acted last owns a sector its sentence gives only a possessive."""
    if not actor.sector_only or recent_subject is None:
        return None
    k = toks.ending_by(actor.start)
    return recent_subject.country if _after_possessive(toks.norms, k) else None


def _after_possessive(norms: list[str], i: int) -> bool:
    """Whether word i follows a possessive, maybe past one modifier ("its foreign
    ministry")."""
    return (i > 0 and norms[i - 1] in _POSSESSIVES) or (i > 1 and norms[i - 2] in _POSSESSIVES)


def _in_country(actor: ActorMention, country: Optional[str]) -> ActorMention:
    """A sector actor no country claims in its sentence ("police arrested ...") belongs to
    the article's main country."""
    if country is None or not actor.sector_only or actor.code[:3] in _NON_STATE_PREFIXES:
        return actor
    return actor._replace(code=country + actor.code, country=country, sector_only=False)


def _with_stand_ins(sentence: str, toks: Tokens, actors: list[ActorMention],
                    phrases: Iterable[tuple[int, int]],
                    stand_for: tuple[ActorMention, ...]) -> list[ActorMention]:
    """The actors a phrase stands for, each placed where the phrase stands (token spans
    [first, last]), unless an actor of the sentence reaches into the phrase from outside
    it. The phrase's own noun ("governments" in "the two governments") gives way to whom
    the phrase stands for."""
    found = []
    for first, last in phrases:
        start, end = toks.starts[first], toks.ends[last]
        standing = [a for a in actors if a.start < end and start < a.end]
        if all(start <= a.start and a.end <= end for a in standing):
            actors = [a for a in actors if a not in standing]
            found.extend(a._replace(text=sentence[start:end], start=start, end=end,
                                    implied=False) for a in stand_for)
    return sorted(actors + found, key=lambda a: a.start) if found else actors


def _with_pair_references(sentence: str, toks: Tokens, actors: list[ActorMention],
                          pair: tuple[ActorMention, ...], lexicon: Lexicon
                          ) -> list[ActorMention]:
    """"The two leaders signed", "urged both sides": the two parties a phrase of the
    sentence joined before it ("a deadline for Congo and the M23 passed, as both sides
    accused each other"), else the source and target of the story's last event between two
    states; both stand where the phrase stands (a joint party: see _coordinated)."""
    pair_nouns = lexicon.words.pair_nouns
    if pair_nouns.isdisjoint(toks.norms):
        return actors
    norms = toks.norms
    phrases = [(i - 1 if norms[i] == "two" else i, i + 1) for i in range(len(norms) - 1)
               if norms[i + 1] in pair_nouns and (
                   norms[i] == "both" or (norms[i] == "two" and i > 0
                                          and norms[i - 1] == "the"))]
    if not phrases:
        return actors
    before = toks.starts[phrases[0][0]]
    # ("the US and Britain urged both sides": a pair that is the subject of the phrase's
    # own clause is not the sides)
    joined = [(a, b) for a, b in zip(actors, actors[1:])
              if b.end <= before and not a.implied and not b.implied and a.code != b.code
              and toks.norms_within(a.end, b.start) in (["and"], ["and", "the"])
              and (_word_before(toks, a) in _PREPOSITIONS or any(
                  w in (",", ";") or w in _TIME_CONJUNCTIONS or w == "although"
                  for w in toks.norms_within(b.end, before)))]
    pair = joined[-1] if joined else pair
    return _with_stand_ins(sentence, toks, actors, phrases, pair) if pair else actors


_IGO = "IGO"


def _with_organisation_references(sentence: str, toks: Tokens, actors: list[ActorMention],
                                  organisation: Optional[ActorMention], lexicon: Lexicon
                                  ) -> list[ActorMention]:
    """"Iran accused the agency of failing to condemn the strikes", after the story named
    the International Atomic Energy Agency: the agency is that organisation."""
    nouns = lexicon.words.organisation_nouns
    if organisation is None or nouns.isdisjoint(toks.norms):
        return actors
    phrases = [(i - 1, i) for i in range(1, len(toks.norms))
               if toks.norms[i] in nouns and toks.norms[i - 1] == "the"]
    return _with_stand_ins(sentence, toks, actors, phrases, (organisation,))


def _aimed_at_the_decider(event: Event, toks: Tokens, lead: Optional[ActorMention],
                          lexicon: Lexicon) -> Event:
    """"Algeria, Pakistan, China and Russia also condemned the decision": an act on "the
    decision" (the move, the plan ...) with no one named, or only a party of the actor's
    own country ("condemned the decision, saying it was part of a plan to annex the West
    Bank"), is aimed at the source of the story's first coded event, taken to have made
    it. Not when the decision's maker is named as its own government ("criticised the
    decision of President Zelensky")."""
    if lead is None or lead.country in (None, event.source.country) or (
            event.target is not None and (
                event.target.country != event.source.country
                or (event.target.code[3:] in ("", "GOV")
                    and _names_the_maker(toks, event, lexicon)))):
        return event
    after = toks.norms[toks.ending_by(event.verb_end):][:_SLOT_GAP + 1]
    if "the" not in after or lexicon.words.decision_nouns.isdisjoint(
            after[after.index("the") + 1:][:2]):
        return event
    return event._replace(target=lead._replace(text="", start=event.verb_end,
                                               end=event.verb_end, implied=True))


# Words between a decision noun and its maker's "by" ("the decision taken last week by").
_MAKER_GAP = 4
_MAKER_POSSESSIVES = frozenset("country's nation's its their".split())


def _names_the_maker(toks: Tokens, event: Event, lexicon: Lexicon) -> bool:
    """Whether an event's target is who made the decision it acts on: "the decision of
    President Zelensky", "the decision taken last week by the government", "the government
    plan", "the government's decision"; not "the decision to punish the Venezuelan
    government" nor "the designation of a French judge"."""
    decisions = lexicon.words.decision_nouns
    after = toks.norms[toks.ending_by(event.target.end):][:3]
    if after[:1] == ["'s"]:
        after = after[1:]
    if not decisions.isdisjoint(after[:2]):
        return True
    first, stop = toks.ending_by(event.verb_end), toks.ending_by(event.target.start)
    decision = next((k for k in range(first, stop) if toks.norms[k] in decisions), None)
    if decision is None:
        return False
    join = next((k for k in range(decision + 1, min(stop, decision + 2 + _MAKER_GAP))
                 if toks.norms[k] in ("of", "by")), None)
    # (only the maker's title between: "of President Zelensky", "by the country's government")
    return join is not None and all(
        toks.norms[k] == "the" or toks.norms[k] in _MAKER_POSSESSIVES
        or _capitalised(toks.texts[k]) for k in range(join + 1, stop))


def _with_it(toks: Tokens, actors: list[ActorMention],
             subject: Optional[ActorMention]) -> list[ActorMention]:
    """"It also said it intended to buy ...": a sentence that opens with "it" and a verb
    goes on about the state or organisation that acted in the sentence before."""
    if (subject is None or subject.type == "PERSON" or len(toks.norms) < 3
            or toks.norms[0] != "it" or any(a.start == 0 for a in actors)):
        return actors
    following = toks.norms[1]
    if not (following in _CLAUSE_FILLERS or following in _COORDINATING_FILLERS
            or following.endswith("ed")):
        return actors  # "It is ...", "It was unclear": no one acts
    if following in _BE_FORMS:
        return actors
    it = subject._replace(text=toks.texts[0], start=toks.starts[0], end=toks.ends[0])
    return [it] + actors


def _with_pronouns(toks: Tokens, actors: list[ActorMention],
                   recent_people: list[ActorMention]) -> list[ActorMention]:
    """"He", "she" as the person last named (in this sentence or the one before): news
    names someone, then goes on with a pronoun."""
    pronouns = []
    if _PERSONAL_PRONOUNS.isdisjoint(toks.norms):
        return actors
    for i in (i for i, norm in enumerate(toks.norms) if norm in _PERSONAL_PRONOUNS):
        token = toks[i]
        earlier = [a for a in actors if a.type == "PERSON" and a.end <= token.start]
        antecedent = (earlier or recent_people)[-1:]
        if antecedent:
            person = antecedent[0]
            pronouns.append(person._replace(text=token.text, start=token.start,
                                            end=token.end))
    return sorted(actors + pronouns, key=lambda a: a.start) if pronouns else actors


# Whether this module runs compiled by Cython (setup.py; python -m bench.tagging says).
COMPILED = is_compiled(__file__)
