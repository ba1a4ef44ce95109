"""The tagger's indexes (slots by first word, phrase lengths by first word, pattern anchors)
and the windowed sentence splitting must decide exactly as the plain scans they replaced.
Each test runs the replaced code, kept here as the reference, against the indexed code on
random inputs over a small vocabulary, so that matches, near-matches, shared prefixes and
clause breaks are frequent."""
from __future__ import annotations

import random
import re

from transforms import tagging, text
from transforms.tagging import Lexicon, Pattern

_VOCABULARY = ["aid", "for", "food", "the", "talks", "and", ",", "but", "with", "troops",
               "a", "new", "deal", "on", "to"]
_CASES = 3000


# -- the replaced code ------------------------------------------------------------------------

def _reference_slot_at(slot, norms, i):
    for alternative in slot:
        if tuple(norms[i:i + len(alternative)]) == alternative:
            return len(alternative)
    return 0


def _reference_matches_after(slots, norms, start, skip):
    i = start
    for slot in slots:
        gap = 0
        while (i < len(norms) and gap <= tagging._SLOT_GAP
               and norms[i] not in tagging._CLAUSE_BREAKS
               and not _reference_slot_at(slot, norms, i)):
            gap += i not in skip
            i += 1
        if (i >= len(norms) or gap > tagging._SLOT_GAP
                or not _reference_slot_at(slot, norms, i)):
            return False
        i += _reference_slot_at(slot, norms, i)
    return True


def _reference_matches_before(slots, norms, end):
    i = end
    for slot in reversed(slots):
        floor = max(0, i - tagging._SLOT_GAP - 1)
        i -= 1
        while (i >= floor and norms[i] not in tagging._CLAUSE_BREAKS
               and not _reference_slot_at(slot, norms, i)):
            i -= 1
        if i < floor or not _reference_slot_at(slot, norms, i):
            return False
    return True


def _reference_verb_code(patterns, own_code, norms, start, end, skip):
    for pattern in patterns:
        if (own_code and own_code[:2] == tagging._STATEMENT_ROOT
                and pattern.code[:2] != tagging._STATEMENT_ROOT):
            continue
        if ((not pattern.after or _reference_matches_after(pattern.after, norms, end, skip))
                and (not pattern.before
                     or _reference_matches_before(pattern.before, norms, start))
                and (pattern.after or pattern.before)):
            return pattern.code, True
    return own_code, False


def _reference_longest(index, max_len, norms, i):
    for length in range(min(max_len, len(norms) - i), 0, -1):
        hit = index.get(tuple(norms[i:i + length]))
        if hit is not None:
            return length, hit
    return 0, None


def _reference_is_abbreviation(line, end):
    word = re.search(r"(\w+)\.$", line[:end])
    if not word:
        return False
    w = word.group(1)
    return w.lower() in text._ABBREVIATIONS or (len(w) == 1 and w.isupper())


def _reference_sentences(source):
    result = []
    for line_match in re.finditer(r"[^\n]+", source):
        line, base = line_match.group(), line_match.start()
        start = 0
        for end_match in text._SENTENCE_END.finditer(line):
            end = end_match.end()
            following = line[end:].lstrip()
            if _reference_is_abbreviation(line, end_match.start() + 1) or (
                    following and not (following[0].isupper() or following[0] in "\"“‘'(")):
                continue
            chunk = line[start:end]
            if chunk.strip():
                offset = start + len(chunk) - len(chunk.lstrip())
                result.append((base + offset, chunk.strip()))
            start = end
        rest = line[start:]
        if rest.strip():
            result.append((base + start + len(rest) - len(rest.lstrip()), rest.strip()))
    return result


def _reference_object_code(lexicon, norms, i):
    word = norms[i]
    light = (word,) in lexicon.light_verbs
    if lexicon.verb_objects is None or not (light or word in lexicon.verb_objects.verbs):
        return None
    for rule in lexicon.verb_objects.rules:
        verb = next((f for f in rule.verbs.get(word, ())
                     if tuple(norms[i:i + len(f)]) == f), None)
        if verb is not None:
            after = tagging._object_phrase(norms, i + len(verb))
            if tagging._has_object(rule, after):
                return rule.code
        if light and rule.nouns_after_light_verb:
            after = tagging._object_phrase(norms, i + 1, tagging._NOUN_OBJECT_LINKS)
            noun = next((k for k, w in enumerate(after) if w in rule.nouns_after_light_verb),
                        None)
            if noun is not None and tagging._has_object(rule, after[noun + 1:]):
                return rule.code
    return None


def _reference_future(norms, i):
    # (the scan of the words before the verb, with this round's readings: adverbs before
    # the verb are skipped, "due" is an intention after a form of "be", "continued" none)
    if any(w in tagging._MODALS for w in norms[max(0, i - 2):i]):
        return True
    k = i - 1
    while k >= 0 and tagging._adverb(norms[k]):
        k -= 1
    if k < 1 or norms[k] != "to":
        return False
    for j in range(max(0, k - 2), k):
        if norms[j] == "due":
            if j > 0 and norms[j - 1] in tagging._BE_FORMS:
                return True
        elif norms[j].startswith(tagging._INTENT_STEMS) and norms[j] != "continued":
            return True
    return False


# -- random inputs ----------------------------------------------------------------------------

def _phrase(rng):
    return tuple(rng.choice(_VOCABULARY) for _ in range(rng.choice((1, 1, 1, 2, 3))))


def _slots(rng, most):
    return tuple(tuple(_phrase(rng) for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(0, most)))


def _norms(rng):
    return [rng.choice(_VOCABULARY) for _ in range(rng.randint(0, 14))]


def test_slots_match_as_the_plain_scan_did():
    rng = random.Random(1)
    for _ in range(_CASES):
        pattern = Pattern(_slots(rng, 2), _slots(rng, 3), "0233")
        norms = _norms(rng)
        skip = frozenset(i for i in range(len(norms)) if rng.random() < 0.2)
        for i in range(len(norms) + 2):
            for slot, indexed in zip(pattern.after, pattern.after_index):
                assert tagging._slot_at(indexed, norms, i) == _reference_slot_at(slot, norms, i)
            assert (tagging._matches_after(pattern.after_index, norms, i, skip)
                    == _reference_matches_after(pattern.after, norms, i, skip))
        for end in range(len(norms) + 1):
            assert (tagging._matches_before(pattern.before_index, norms, end)
                    == _reference_matches_before(pattern.before, norms, end))


def test_pattern_anchors_pick_the_pattern_the_plain_scan_did():
    rng = random.Random(2)
    for _ in range(_CASES // 10):
        patterns = [Pattern(_slots(rng, 1), _slots(rng, 2), rng.choice(("0233", "010", "036")))
                    for _ in range(rng.randint(1, 25))]
        lexicon = Lexicon({}, {}, {}, {"ASK": patterns}, {})
        for _ in range(10):
            norms = _norms(rng) + ["ask"] + _norms(rng)
            start = norms.index("ask")
            skip = frozenset(i for i in range(len(norms)) if rng.random() < 0.2)
            own_code = rng.choice((None, "020", "010"))
            assert (tagging._verb_code(lexicon, "ASK", own_code, norms, start, start + 1, skip)
                    == _reference_verb_code(patterns, own_code, norms, start, start + 1, skip))


def test_longest_phrase_as_the_plain_scan_found_it():
    rng = random.Random(3)
    for _ in range(_CASES // 10):
        index = {_phrase(rng) + _phrase(rng)[:rng.randint(0, 3)]: n for n in range(30)}
        lengths = tagging._lengths_by_first_word(index)
        max_len = max(len(k) for k in index)
        norms = _norms(rng)
        for i in range(len(norms) + 2):
            assert (tagging._longest(index, lengths, norms, i)
                    == _reference_longest(index, max_len, norms, i))


def test_sentences_split_as_the_whole_line_search_did():
    rng = random.Random(4)
    pieces = ["Mr.", "U.S.", "Gen.", "A.", "talks", "ended.", "Russia", "said", "no.", "etc.",
              "x" * 40 + ".", "y" * 31 + "Jan.", "“Yes.”", "(Kyiv)", "!", "?", "…", "Dr.",
              "it", "\n", "\u00a0", "  ", "\t", "’s", "_.", "3.", "co."]
    for _ in range(_CASES):
        source = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert text.sentences(source) == _reference_sentences(source)
        for end in range(1, len(source) + 1):
            if source[end - 1] == ".":
                assert (text._is_abbreviation(source, end)
                        == _reference_is_abbreviation(source, end))


def test_object_rules_by_word_code_as_the_scan_of_every_rule_did():
    lexicon = tagging.default_lexicon()
    rules = lexicon.verb_objects.rules
    # The shipped rules' own words (verbs, light verbs, event nouns, objects), so that verbs
    # of several rules, light verbs before event nouns and objects after both are frequent.
    words = sorted({w for rule in rules for forms in rule.verbs.values() for f in forms
                    for w in f}
                   | {w for rule in rules for o in rule.objects for w in o}
                   | {w for rule in rules for w in rule.nouns_after_light_verb}
                   | {f[0] for f in lexicon.light_verbs if len(f) == 1}
                   | {"a", "the", "on", "of", ",", "and", "to", "at", "least"})
    rng = random.Random(5)
    for _ in range(_CASES * 3):
        norms = [rng.choice(words) for _ in range(rng.randint(1, 9))]
        for i in range(len(norms)):
            assert (tagging._object_code(lexicon, norms, i)
                    == _reference_object_code(lexicon, norms, i)), (norms, i)


def test_future_as_the_scan_of_the_words_before_did():
    rng = random.Random(6)
    vocabulary = ["will", "would", "'ll", "to", "pledged", "plans", "vowed", "not", "the",
                  "send", ",", "formally", "due", "is", "postponed", "continued",
                  "continues"]
    for _ in range(_CASES):
        norms = [rng.choice(vocabulary) for _ in range(rng.randint(1, 8))]
        for i in range(len(norms)):
            assert tagging._future(norms, i) == _reference_future(norms, i), (norms, i)
