"""The extraction-evaluation metrics on hand-made strings, and the command's no-data exit."""
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from eval.extraction import EXIT_NO_DATA, reference_variants, score_page
from eval.shingles import (Counts, corpus_scores, document_scores, rouge_lsum, rouge_units,
                           shingle_counts, shingles, tokens)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "the cat sat on the mat"                  # 6 tokens: 3 shingles
WITH_BOILERPLATE = ARTICLE + " share this"          # 8 tokens: the 3 plus 2 others


def scores(true, pred):
    return document_scores(shingle_counts(true, pred))


# ScrapingHub shingle metric

def test_tokens_are_unicode_words_with_case_kept():
    assert tokens("César's Café, 2024!") == ["César", "s", "Café", "2024"]


def test_shingles_are_four_token_ngrams_counted_as_a_multiset():
    assert shingles("a b c d a b c d") == Counter({
        ("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1})


def test_identical_texts_score_one():
    assert shingle_counts(ARTICLE, ARTICLE) == Counts(1.0, 0.0, 0.0)
    assert scores(ARTICLE, ARTICLE) == (1.0, 1.0, 1.0)
    assert corpus_scores([shingle_counts(ARTICLE, ARTICLE)]) == (1.0, 1.0, 1.0)


def test_disjoint_texts_score_zero():
    counts = shingle_counts("alpha beta gamma delta", "one two three four")
    assert counts == Counts(0.0, 0.5, 0.5)
    assert scores("alpha beta gamma delta", "one two three four") == (0.0, 0.0, 0.0)
    assert corpus_scores([counts]) == (0.0, 0.0, 0.0)


def test_extra_boilerplate_costs_precision_only():
    # tp 3, fp 2 ("on the mat share", "the mat share this"), fn 0; normalised by 5.
    counts = shingle_counts(ARTICLE, WITH_BOILERPLATE)
    assert counts == pytest.approx(Counts(0.6, 0.4, 0.0))
    p, r, f1 = scores(ARTICLE, WITH_BOILERPLATE)
    assert (p, r) == (pytest.approx(0.6), 1.0)
    assert f1 == pytest.approx(0.75)                  # 2 * 0.6 * 1 / 1.6


def test_missing_text_costs_recall_only():
    p, r, f1 = scores(WITH_BOILERPLATE, ARTICLE)
    assert (p, r, f1) == (1.0, pytest.approx(0.6), pytest.approx(0.75))


def test_each_document_weighs_the_same():
    long_text = " ".join(f"w{i}" for i in range(100))     # 97 shingles, all right
    counts = [shingle_counts(long_text, long_text), shingle_counts(ARTICLE, WITH_BOILERPLATE)]
    assert counts[0] == Counts(1.0, 0.0, 0.0)            # 97 true positives count as 1
    p, r, f1 = corpus_scores(counts)
    # Mean of 1.0 and 0.6; pooling the raw counts would give (97 + 3) / (97 + 5) = 0.98.
    assert p == pytest.approx(0.8)
    assert r == 1.0
    assert f1 == pytest.approx(2 * 0.8 / 1.8)


def test_empty_prediction_counts_for_recall_but_not_precision():
    counts = [shingle_counts(ARTICLE, ARTICLE), shingle_counts(ARTICLE, "")]
    assert counts[1] == Counts(0.0, 0.0, 1.0)
    assert corpus_scores(counts) == pytest.approx((1.0, 0.5, 2 / 3))


def test_short_texts_make_one_shorter_shingle():
    assert shingles("Breaking news") == Counter({("Breaking", "news"): 1})
    assert shingles("") == Counter()
    assert scores("Breaking news", "Breaking news") == (1.0, 1.0, 1.0)
    # The 2-token and 3-token shingles differ: nothing matches.
    assert shingle_counts("Breaking news", "Breaking news today") == Counts(0.0, 0.5, 0.5)
    assert scores("Breaking news", "Breaking news today") == (0.0, 0.0, 0.0)


def test_empty_texts_give_zero_counts():
    assert shingle_counts("", "") == Counts(0.0, 0.0, 0.0)
    assert shingle_counts("", "...") == Counts(0.0, 0.0, 0.0)


def test_case_is_kept():
    assert scores("The cat sat down", "the cat sat down") == (0.0, 0.0, 0.0)


# ROUGE-LSum

def test_rouge_tokens_are_lower_cased_ascii_words_per_line():
    assert rouge_units("César SAID\n\nno") == [["c", "sar", "said"], ["no"]]


def test_rouge_identical_and_disjoint():
    assert rouge_lsum("a b c\nd e", "a b c\nd e") == (1.0, 1.0, 1.0)
    assert rouge_lsum("a b c", "x y z") == (0.0, 0.0, 0.0)
    assert rouge_lsum("a b c", "") == (0.0, 0.0, 0.0)


def test_rouge_counts_the_longest_common_subsequence():
    # LCS of "a b c d" and "a b x d" is "a b d": 3 of 4 tokens on each side.
    assert rouge_lsum("a b c d", "a b x d") == pytest.approx((0.75, 0.75, 0.75))


def test_rouge_ignores_how_paragraphs_are_split():
    # Summary level: each reference line is matched against the union of all lines.
    assert rouge_lsum("a b c\nd e", "a b\nc d e") == (1.0, 1.0, 1.0)


def test_rouge_counts_a_token_no_more_often_than_it_occurs():
    # Both reference lines match "x y", but the prediction has it once: 2 hits of 4.
    assert rouge_lsum("x y\nx y", "x y") == pytest.approx((1.0, 0.5, 2 / 3))


# Optional ground-truth paragraphs

def test_reference_variants_leave_out_optional_paragraphs():
    assert reference_variants(["a", "[b]", "c", "[d]"]) == [
        [0, 1, 2, 3], [0, 2, 3], [0, 1, 2], [0, 2]]
    many = ["body"] + ["[x]"] * 5
    assert reference_variants(many) == [list(range(6)), [0]]


def test_optional_paragraph_neither_rewarded_nor_punished():
    paragraphs = ["one two three four five six", "[Read more on our site]"]
    for predicted in ("one two three four five six",
                      "one two three four five six\nRead more on our site"):
        counts, shingle, rouge = score_page(paragraphs, predicted)
        assert shingle == (1.0, 1.0, 1.0)
        assert rouge == (1.0, 1.0, 1.0)


# The command

def test_command_exits_2_when_data_is_absent(tmp_path):
    run = subprocess.run([sys.executable, "-m", "eval.extraction", "--data", str(tmp_path)],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == EXIT_NO_DATA == 2
    assert "absent" in run.stderr
    assert str(tmp_path.resolve()) in run.stderr
    assert "Traceback" not in run.stderr
