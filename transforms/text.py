"""Sentences and tokens with character offsets, for dictionary matching."""
from __future__ import annotations

import re
from typing import NamedTuple

# Dotted abbreviations (U.S., U.N.), words with inner hyphens and apostrophes (don't, al-Sharaa),
# the possessive 's as its own token (so "Kyiv's" matches "Kyiv"), and punctuation.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:-\w+)*(?:['’](?![sS]\b)\w+)*|['’][sS]\b|[^\w\s]")
_ABBREVIATIONS = frozenset("""
mr mrs ms dr gen lt col maj capt sgt rep sen gov pres prof st jr sr rev adm cmdr
no vol fig jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co vs etc
""".split())
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
_WORD_BEFORE_STOP = re.compile(r"(\w+)\.$")
# The word before a full stop is looked for in this many characters before it, not in the
# whole line (which made splitting a one-paragraph article quadratic in its length); a word
# cut short by the window is still far longer than any abbreviation.
_ABBREVIATION_WINDOW = 32
_NEXT_CHARACTER = re.compile(r"\s*(\S?)")


class Token(NamedTuple):
    text: str
    norm: str      # lower-cased, curly apostrophes straightened
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in _TOKEN.finditer(text)]


def token_norms(text: str) -> list[str]:
    """The `norm` of each of `tokens(text)`, without building tokens (for dictionaries)."""
    return [word.lower().replace("’", "'") for word in _TOKEN.findall(text)]


def _is_abbreviation(text: str, end: int) -> bool:
    """True when text[:end] ends with an abbreviation and its full stop ("Mr.", "U.")."""
    word = _WORD_BEFORE_STOP.search(text, max(0, end - _ABBREVIATION_WINDOW), end)
    if not word:
        return False
    w = word.group(1)
    return w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper())


def sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) for each sentence; paragraphs (lines) always break."""
    result = []
    for line_match in re.finditer(r"[^\n]+", text):
        line, base = line_match.group(), line_match.start()
        start = 0
        for end_match in _SENTENCE_END.finditer(line):
            end = end_match.end()
            following = _NEXT_CHARACTER.match(line, end).group(1)  # "" at the end of the line
            if _is_abbreviation(line, end_match.start() + 1) or (
                    following and not (following.isupper() or following in "\"“‘'(")):
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
