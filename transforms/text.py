"""Sentences and tokens with character offsets, for dictionary matching."""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from transforms.compiled import is_compiled

# Dotted abbreviations (U.S., U.N.), words with inner hyphens and apostrophes (don't, al-Sharaa),
# the possessive 's as its own token (so "Kyiv's" matches "Kyiv"), and punctuation.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:-\w+)*(?:['’](?![sS]\b)\w+)*|['’][sS]\b|[^\w\s]")
# Every character outside a token is white space, so each token with the space before it
# gives both offsets by summing lengths, without a match object per token.
_SPACED_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")
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


class Tokens(Sequence):
    """A sentence's tokens as four parallel lists. The tagger reads most words only by
    their norm, so it reads the lists; a Token is built only where one is asked for. A
    tuple per word was a third of tagging's time, much of it the garbage collector's:
    lists of strings and ints are four objects it tracks, not one per word. The lists are
    lists, not other sequences: the compiled tagger takes them typed (tagging.pxd)."""

    __slots__ = ("texts", "norms", "starts", "ends")

    def __init__(self, texts: list[str], norms: list[str], starts: list[int],
                 ends: list[int]) -> None:
        self.texts, self.norms, self.starts, self.ends = texts, norms, starts, ends

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Tokens(self.texts[index], self.norms[index], self.starts[index],
                          self.ends[index])
        return Token(self.texts[index], self.norms[index], self.starts[index],
                     self.ends[index])

    def __iter__(self):
        return map(Token, self.texts, self.norms, self.starts, self.ends)

    def __repr__(self) -> str:
        return f"Tokens({list(self)!r})"

    # Character ranges to token ranges: tokens are in order, so starts and ends ascend.
    def within(self, first_char: int, end_char: int) -> range:
        """Indices of the tokens that lie wholly within [first_char, end_char)."""
        return range(bisect.bisect_left(self.starts, first_char),
                     bisect.bisect_right(self.ends, end_char))

    def norms_within(self, first_char: int, end_char: int) -> list[str]:
        indices = self.within(first_char, end_char)
        return self.norms[indices.start:indices.stop]

    def norms_starting(self, first_char: int, end_char: int) -> list[str]:
        """Norms of the tokens that start within [first_char, end_char)."""
        return self.norms[bisect.bisect_left(self.starts, first_char):
                          bisect.bisect_left(self.starts, end_char)]

    def ending_by(self, char: int) -> int:
        """How many tokens end at or before `char`."""
        return bisect.bisect_right(self.ends, char)


def tokens(text: str) -> Tokens:
    texts, norms, starts, ends = [], [], [], []
    lowered = text.lower().replace("’", "'")
    # Lower-casing can change a length ("İ"), so that the offsets hold only in the
    # original; or depend on the context (a final "Σ" followed by an apostrophe), which
    # differs between a word alone and the word in its sentence.
    lowered_in_place = len(lowered) == len(text) and "Σ" not in text
    end = 0
    for space, word in _SPACED_TOKEN.findall(text):
        start = end + len(space)
        end = start + len(word)
        texts.append(word)
        norms.append(lowered[start:end] if lowered_in_place
                     else word.lower().replace("’", "'"))
        starts.append(start)
        ends.append(end)
    if not text.isascii():
        norms = [_folded(n) for n in norms]
    return Tokens(texts, norms, starts, ends)


def token_norms(text: str) -> list[str]:
    """The `norm` of each of `tokens(text)`, without building tokens (for dictionaries)."""
    return [_folded(word.lower().replace("’", "'")) for word in _TOKEN.findall(text)]


def _folded(norm: str) -> str:
    """A norm without accents ("chávez" -> "chavez", "erdoğan" -> "erdogan"): the
    dictionaries spell names in plain letters, news copy with their accents."""
    if norm.isascii():
        return norm
    return "".join(c for c in unicodedata.normalize("NFKD", norm)
                   if not unicodedata.combining(c)) or norm


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


# Whether this module runs compiled by Cython (setup.py): the tagger tokenizes every sentence.
COMPILED = is_compiled(__file__)
