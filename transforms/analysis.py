"""What is computed from one article alone, computed where the article is extracted.

Besides extraction, every article costs CPU for its syndication sketch and fingerprint
(transforms.stories) and its event tags (transforms.events). None of these needs the
article's story, so the extraction workers compute them too (`extract_and_analyse`):
the process that runs the pipeline then only routes rows, and FoldStories and CodeEvents
take the results instead of computing them (on two cores, the pipeline's one process
doing that work after extraction cost a third of its throughput).
"""
from __future__ import annotations

from typing import NamedTuple, Optional, Union

from schemas.rows import ArticleRow, DeadLetterRow
from transforms import dead_letters
from transforms import syndication as syn
from transforms.events import tags_of
from transforms.extraction import STAGE, extract_page, warm_up
from transforms.records import FetchedPage
from transforms.stories import doc_of
from transforms.tagging import TagResult, default_lexicon


class Analysis(NamedTuple):
    sketch: syn.Sketch            # text signal of syndication (near-duplicates)
    fingerprint: syn.Fingerprint  # rewrite signal of syndication
    # None: the article's language is not tagged; a dead letter: the coder failed on it
    tags: Union[TagResult, DeadLetterRow, None]


def analyse(article: ArticleRow) -> Analysis:
    doc = doc_of(article)
    return Analysis(syn.sketch(doc), syn.fingerprint(doc), tags_of(article))


def extract_and_analyse(page: FetchedPage
                        ) -> tuple[Union[ArticleRow, DeadLetterRow], Optional[Analysis]]:
    """A fetched page -> (its article row, the row's analysis), or (a dead letter, None)."""
    row = extract_page(page)
    if not isinstance(row, ArticleRow):
        return row, None
    try:
        return row, analyse(row)
    except Exception as exc:  # without a sketch the article cannot be folded into a story
        return dead_letters.dead_letter(
            STAGE, page.entry.entry_url, "analysis_failed", f"{type(exc).__name__}: {exc}",
            feed_url=page.entry.feed_url, excerpt=row.body), None


def warm_up_analysis() -> None:
    """Load the language model and index the tagging dictionaries once per process."""
    warm_up()
    default_lexicon()
