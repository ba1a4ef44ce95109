"""Body-extraction quality on the Fundus evaluation set (80 English news pages).

    python -m eval.extraction [--data DIR] [--json OUT] [--per-page] [--variants]

Scores the pipeline's `extract_article` against the hand-made ground truth, and, in the
same run, plain `trafilatura.extract(html, include_comments=False)` (the settings of
trafilatura's published benchmark), so that a loss against trafilatura shows.
--variants adds trafilatura options through `bare_extraction`, for choosing settings.

Ground-truth paragraphs in [brackets] are optional (captions, teasers, sign-offs). As in
the Fundus evaluation, a page is scored against each reference with some of them left
out (every subset up to 4 optional paragraphs; beyond that all or none) and the best
reference counts, so that keeping or dropping them is neither rewarded nor punished.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, NamedTuple, Optional

import trafilatura
from trafilatura.utils import load_html

from eval.shingles import (Counts, Scores, corpus_scores, document_scores, rouge_lsum_from_unions,
                           rouge_units, shingle_counts, union_lcs)
from transforms.extraction import extract_article
from eval import FUNDUS_DIR

DEFAULT_DATA = FUNDUS_DIR
MAX_OPTIONAL_SUBSETS = 4   # the Fundus evaluation's default
WORST_PAGES = 5
EXIT_NO_DATA = 2

Extractor = Callable[[bytes, Optional[str]], Optional[str]]


def _pipeline(html: bytes, url: Optional[str]) -> Optional[str]:
    article = extract_article(html, url)
    return article.text if article else None


def _trafilatura(html: bytes, url: Optional[str]) -> Optional[str]:
    return trafilatura.extract(html, include_comments=False)


def _bare(**options) -> Extractor:
    """The pipeline's bare_extraction call with options changed."""
    def extract(html: bytes, url: Optional[str]) -> Optional[str]:
        tree = load_html(html)
        if tree is None:
            return None
        document = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, with_metadata=True, **options)
        return document.text if document else None
    return extract


EXTRACTORS: dict[str, tuple[str, Extractor]] = {
    "pipeline": ("transforms.extraction.extract_article", _pipeline),
    "trafilatura": ("trafilatura.extract(html, include_comments=False)", _trafilatura),
}
VARIANTS: dict[str, tuple[str, Extractor]] = {
    "favor_recall": ("bare_extraction as the pipeline, favor_recall=True",
                     _bare(favor_recall=True)),
    "favor_precision": ("bare_extraction as the pipeline, favor_precision=True",
                        _bare(favor_precision=True)),
    "no_tables": ("bare_extraction as the pipeline, include_tables=False",
                  _bare(include_tables=False)),
}


class Page(NamedTuple):
    name: str
    publisher: str
    url: Optional[str]
    paragraphs: list[str]
    html: bytes


class PageResult(NamedTuple):
    counts: Counts
    shingle: Scores
    rouge: Scores
    seconds: float
    chars: int
    strict_counts: Counts  # against every paragraph, optional ones included


def is_optional(paragraph: str) -> bool:
    return len(paragraph) >= 2 and paragraph[0] == "[" and paragraph[-1] == "]"


def reference_variants(paragraphs: list[str]) -> list[list[int]]:
    """Indices of the paragraphs kept in each reference, the full body first."""
    optional = [i for i, p in enumerate(paragraphs) if is_optional(p)]
    if len(optional) > MAX_OPTIONAL_SUBSETS:
        dropped_sets = [(), tuple(optional)]
    else:
        dropped_sets = itertools.chain.from_iterable(
            itertools.combinations(optional, k) for k in range(len(optional) + 1))
    return [[i for i in range(len(paragraphs)) if i not in dropped]
            for dropped in dropped_sets]


def score_page(paragraphs: list[str], predicted: str) -> tuple[Counts, Scores, Scores]:
    bodies = [p[1:-1] if is_optional(p) else p for p in paragraphs]
    variants = reference_variants(paragraphs)

    counts = [shingle_counts("\n".join(bodies[i] for i in kept), predicted) for kept in variants]
    best_counts = max(counts, key=lambda c: document_scores(c).f1)

    cand_units = rouge_units(predicted)
    ref_units = [rouge_units(body) for body in bodies]
    unions = [[union_lcs(unit, cand_units) for unit in units] for units in ref_units]
    rouges = [rouge_lsum_from_unions([u for i in kept for u in ref_units[i]],
                                     [u for i in kept for u in unions[i]], cand_units)
              for kept in variants]
    return best_counts, document_scores(best_counts), max(rouges, key=lambda s: s.f1)


def load_pages(data: Path) -> list[Page]:
    truth = json.loads((data / "ground_truth.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(truth):
        entry = truth[name]
        html = gzip.decompress((data / "html" / name).read_bytes())
        publisher = name.split(".")[0].rsplit("_", 1)[0]
        pages.append(Page(name, publisher, entry.get("url"), entry["body"], html))
    return pages


def evaluate(pages: list[Page], extract: Extractor) -> dict[str, PageResult]:
    # Untimed first call: loads trafilatura's and py3langid's lazy state, as the
    # pipeline's DoFn.setup does once per worker.
    extract(pages[0].html, pages[0].url)
    results = {}
    for page in pages:
        start = time.perf_counter()
        text = extract(page.html, page.url) or ""
        seconds = time.perf_counter() - start
        counts, shingle, rouge = score_page(page.paragraphs, text)
        strict = shingle_counts("\n".join(p[1:-1] if is_optional(p) else p
                                          for p in page.paragraphs), text)
        results[page.name] = PageResult(counts, shingle, rouge, seconds, len(text), strict)
    return results


def summarise(pages: list[Page], results: dict[str, PageResult]) -> dict:
    by_publisher = defaultdict(list)
    for page in pages:
        by_publisher[page.publisher].append(results[page.name].counts)
    rows = list(results.values())
    shingle = corpus_scores(r.counts for r in rows)
    return {
        "pages": len(rows),
        "shingle_precision": shingle.precision,
        "shingle_recall": shingle.recall,
        "shingle_f1": shingle.f1,
        "shingle_f1_strict": corpus_scores(r.strict_counts for r in rows).f1,
        "rouge_lsum_precision": sum(r.rouge.precision for r in rows) / len(rows),
        "rouge_lsum_recall": sum(r.rouge.recall for r in rows) / len(rows),
        "rouge_lsum_f1": sum(r.rouge.f1 for r in rows) / len(rows),
        "ms_per_page": 1000 * sum(r.seconds for r in rows) / len(rows),
        "publisher_shingle_f1": {name: corpus_scores(counts).f1
                                 for name, counts in sorted(by_publisher.items())},
    }


def page_figures(result: PageResult) -> dict:
    return {"shingle_tp_fp_fn": list(result.counts),
            "shingle_precision": result.shingle.precision, "shingle_recall": result.shingle.recall,
            "shingle_f1": result.shingle.f1, "rouge_lsum_precision": result.rouge.precision,
            "rouge_lsum_recall": result.rouge.recall, "rouge_lsum_f1": result.rouge.f1,
            "ms": 1000 * result.seconds, "extracted_chars": result.chars}


def worst_pages(results: dict[str, PageResult]) -> list[str]:
    return sorted(results, key=lambda name: results[name].shingle.f1)[:WORST_PAGES]


def _print_report(data: Path, pages: list[Page], runs: dict, per_page: bool) -> None:
    names = list(runs)
    print(f"Body extraction on the Fundus evaluation set: {len(pages)} pages, "
          f"{len({p.publisher for p in pages})} publishers ({data})")
    print("Shingle P/R/F1: 4-word shingles, per-page normalised (ScrapingHub metric); "
          "ROUGE-LSum F1: mean per page (Fundus paper's metric).\n"
          "Pages mark some paragraphs optional; as in the Fundus evaluation each page is scored\n"
          "against the best choice of them. 'strict F1' counts every paragraph as required.\n")
    print(f"{'extractor':<16} {'pages':>5} {'shingle P':>9} {'shingle R':>9} "
          f"{'shingle F1':>10} {'strict F1':>9} {'ROUGE-LSum F1':>13} {'ms/page':>8}")
    for name in names:
        s = runs[name]["summary"]
        print(f"{name:<16} {s['pages']:>5} {s['shingle_precision']:>9.4f} "
              f"{s['shingle_recall']:>9.4f} {s['shingle_f1']:>10.4f} "
              f"{s['shingle_f1_strict']:>9.4f} "
              f"{s['rouge_lsum_f1']:>13.4f} {s['ms_per_page']:>8.1f}")
    for name in names:
        print(f"  {name}: {runs[name]['settings']}")

    print("\nShingle F1 per publisher")
    print(f"{'publisher':<18}" + "".join(f" {name:>16}" for name in names))
    for publisher in sorted({p.publisher for p in pages}):
        print(f"{publisher:<18}" + "".join(
            f" {runs[name]['summary']['publisher_shingle_f1'][publisher]:>16.4f}"
            for name in names))

    pipeline = runs["pipeline"]["results"]
    header = f"{'page':<28} {'P':>6} {'R':>6} {'F1':>6} {'ROUGE':>6} {'ms':>6} {'chars':>6}"

    def row(name: str, r: PageResult) -> str:
        return (f"{name:<28} {r.shingle.precision:>6.3f} {r.shingle.recall:>6.3f} "
                f"{r.shingle.f1:>6.3f} {r.rouge.f1:>6.3f} {1000 * r.seconds:>6.1f} {r.chars:>6}")

    print(f"\n{WORST_PAGES} worst pages for the pipeline (shingle F1)")
    print(header)
    for name in worst_pages(pipeline):
        print(row(name, pipeline[name]))
    if per_page:
        for name in names:
            print(f"\nPer page: {name}")
            print(header)
            for page, result in runs[name]["results"].items():
                print(row(page, result))


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.extraction", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, metavar="DIR",
                        help="directory with ground_truth.json and html/ (default: %(default)s)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write all figures here")
    parser.add_argument("--per-page", action="store_true", help="print every page's scores")
    parser.add_argument("--variants", action="store_true",
                        help="also score trafilatura option variants (slower)")
    args = parser.parse_args(argv)

    data = args.data.resolve()
    if not (data / "ground_truth.json").is_file() or not (data / "html").is_dir():
        print(f"Extraction evaluation data absent: no ground_truth.json and html/ in {data}. "
              "Pass --data DIR to point at the Fundus evaluation set.", file=sys.stderr)
        return EXIT_NO_DATA
    pages = load_pages(data)
    if not pages:
        print(f"Extraction evaluation data absent: ground_truth.json in {data} lists no pages.",
              file=sys.stderr)
        return EXIT_NO_DATA

    extractors = dict(EXTRACTORS, **(VARIANTS if args.variants else {}))
    runs = {}
    for name, (settings, extract) in extractors.items():
        results = evaluate(pages, extract)
        runs[name] = {"settings": settings, "results": results,
                      "summary": summarise(pages, results)}

    _print_report(data, pages, runs, args.per_page)
    if args.json:
        args.json.write_text(json.dumps({
            "data": str(data),
            "trafilatura_version": trafilatura.__version__,
            "pipeline_worst_pages": worst_pages(runs["pipeline"]["results"]),
            "extractors": {name: {"settings": run["settings"], **run["summary"],
                                  "per_page": {page: page_figures(r)
                                               for page, r in run["results"].items()}}
                           for name, run in runs.items()},
        }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
