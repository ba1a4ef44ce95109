"""Folding syndicated articles into stories as Beam keyed transforms.

The same per-document, per-bucket and per-pair functions as `transforms.syndication.cluster`,
composed with GroupByKey instead of dictionaries, so the pipeline and `diplowire dedup` fold
the same documents into the same stories (tests/test_stories.py checks that they agree):

    articles -> docs -> exact keys   -> GroupByKey -> links to the earliest copy
                     -> LSH band keys -> GroupByKey -> candidate pairs -> join sketches -> verify
                     -> rewrite keys  -> GroupByKey -> pairs sharing >= 2 keys -> join -> verify
             (document frequencies: one global combine, a side input of the rewrite stage)
    links + every document -> one key -> union-find -> (article, lead)
    -> join sketches -> similarity to lead -> stamped articles -> stories

No stage compares all pairs. Connected components are a global property, so the last
grouping is on one key; it holds only ids, sort keys and links (about a hundred bytes per
document), which one worker handles for millions of documents per batch.
"""
from __future__ import annotations

import collections
from typing import Iterable, Optional, Sequence

import apache_beam as beam

from schemas.rows import ArticleRow, StoryRow
from transforms import progress
from transforms import syndication as syn

STORIES = "stories"


def doc_of(article: ArticleRow) -> syn.Doc:
    # A copy that declares another outlet's page canonical names the original: that URL is
    # the copy's identity for exact matching.
    return syn.Doc(id=article.article_id, title=article.title or "", text=article.body,
                   url=article.declared_canonical_url or article.canonical_url,
                   outlet=article.outlet, published=article.published_at)


def stamp(article: ArticleRow, lead_id: str, similarity: float) -> ArticleRow:
    return stamp_story(article, syn.story_id(lead_id), similarity)


def stamp_story(article: ArticleRow, story_id: str, similarity: float) -> ArticleRow:
    """`stamp` by the story's id, for a story whose lead may be forgotten: the article leads
    the story named after it."""
    return article._replace(story_id=story_id,
                            is_story_lead=story_id == syn.story_id(article.article_id),
                            similarity_to_lead=similarity)


def story_row(copies: Sequence[ArticleRow]) -> StoryRow:
    """The story of its stamped copies (one of them the lead)."""
    ordered = sorted(copies, key=lambda a: syn.lead_order(doc_of(a)))
    lead = next((a for a in ordered if a.is_story_lead), ordered[0])
    outlets = list(dict.fromkeys(a.outlet for a in ordered))
    published = sorted(a.published_at for a in copies if a.published_at)
    return StoryRow(
        story_id=lead.story_id, story_date=(lead.published_at or lead.fetched_at)[:10],
        lead_article_id=lead.article_id, lead_url=lead.canonical_url, lead_outlet=lead.outlet,
        title=lead.title, first_published_at=published[0] if published else None,
        last_published_at=published[-1] if published else None,
        num_articles=len({a.article_id for a in copies}), num_sources=len(outlets),
        outlets=",".join(outlets))


def keyed_by_story(article: ArticleRow) -> tuple[str, ArticleRow]:
    """(story id, the copy without its body), as copies are grouped into story rows:
    story_row needs no body, so bodies stay out of the shuffle and the roll-up's state."""
    return article.story_id, article._replace(body="")


def fold_in_memory(articles: Sequence[ArticleRow]) -> tuple[list[ArticleRow], list[StoryRow]]:
    """What FoldStories does, in one process with `syndication.cluster`: the plain baseline
    the benchmarks measure the pipeline against."""
    by_id = {a.article_id: a for a in articles}
    stamped = [by_id[x.id]._replace(story_id=x.story_id,
                                    is_story_lead=syn.story_id(x.id) == x.story_id,
                                    similarity_to_lead=x.similarity)
               for x in syn.cluster([doc_of(a) for a in by_id.values()])]
    copies: dict[str, list[ArticleRow]] = collections.defaultdict(list)
    for article in stamped:
        copies[article.story_id].append(article)
    return stamped, [story_row(story) for story in copies.values()]


class _JoinPairs(beam.PTransform):
    """(a, b) pairs joined with per-document values keyed by id: ((a, va), (b, vb))."""

    def __init__(self, values: beam.PCollection) -> None:
        super().__init__()
        self._values = values

    def expand(self, pairs):
        with_first = ({"pairs": pairs, "values": self._values}
                      | "JoinFirst" >> beam.CoGroupByKey()
                      | "KeyBySecond" >> beam.FlatMap(_key_by_second))
        return ({"pairs": with_first, "values": self._values}
                | "JoinSecond" >> beam.CoGroupByKey()
                | "EmitJoined" >> beam.FlatMap(_emit_joined))


def _key_by_second(joined):
    a, groups = joined
    for va in list(groups["values"])[:1]:
        for b in groups["pairs"]:
            yield b, (a, va)


def _emit_joined(joined):
    b, groups = joined
    for vb in list(groups["values"])[:1]:
        for a, va in groups["pairs"]:
            yield (a, va), (b, vb)


class _DocumentFrequencies(beam.CombineFn):
    """`syndication.document_frequencies` as a combine: (feature counts, documents)."""

    def create_accumulator(self):
        return {}, 0

    def add_input(self, accumulator, fp: syn.Fingerprint):
        df, n = accumulator
        for feature in fp.salient() | fp.words:
            df[feature] = df.get(feature, 0) + 1
        return df, n + 1

    def merge_accumulators(self, accumulators):
        merged, total = {}, 0
        for df, n in accumulators:
            for feature, count in df.items():
                merged[feature] = merged.get(feature, 0) + count
            total += n
        return merged, total

    def extract_output(self, accumulator):
        return accumulator


def _featured(article: ArticleRow) -> tuple[str, syn.Doc, syn.Sketch, syn.Fingerprint]:
    doc = doc_of(article)
    return article.article_id, doc._replace(text=""), syn.sketch(doc), syn.fingerprint(doc)


def _band_pairs(bucket) -> Iterable[tuple[str, str]]:
    _, members = bucket
    members = list(members)
    return syn.pairs_across_copies(members) if len(members) > 1 else ()


def _rewrite_keys(featured, frequencies):
    doc_id, doc, sk, fp = featured
    # A plain tuple, not the RewriteMember NamedTuple: Beam encodes tuples natively.
    member = tuple(syn.RewriteMember(syn.lead_order(doc), doc_id, sk.content_hash,
                                     syn.rewrite_alike_key(sk, fp, doc.published)))
    return ((key, member) for key in syn.rewrite_keys(fp, doc.published, *frequencies))


def _rewrite_pairs(bucket):
    key, members = bucket
    members = [syn.RewriteMember(*member) for member in members]
    return syn.rewrite_pairs_across_copies(key, members) if len(members) > 1 else ()


def _rewrite_match(joined, frequencies) -> bool:
    (_, (a_doc, a_fp)), (_, (b_doc, b_fp)) = joined
    df, n = frequencies
    return syn.rewrite_match(a_doc, b_doc, df, n, a_fp=a_fp, b_fp=b_fp)


def _leads(everything) -> Iterable[tuple[str, str]]:
    _, groups = everything
    orders = dict(groups["orders"])
    links = [link for link in groups["links"] if link[0] in orders and link[1] in orders]
    return syn.story_leads(orders, links).items()


def _similarity(joined) -> tuple[str, tuple[str, float]]:
    (doc_id, sk), (lead_id, lead_sk) = joined
    return doc_id, (lead_id, syn.similarity_to_lead(sk, lead_sk, doc_id == lead_id))


def _stamp_from(article: ArticleRow, assignments: dict) -> ArticleRow:
    assignment: Optional[tuple[str, float]] = assignments.get(article.article_id)
    if assignment is None:  # cannot happen: every document gets a lead
        raise RuntimeError(f"article {article.article_id} has no story")
    progress.count("articles_folded")
    return stamp(article, *assignment)


def _with_features(joined) -> tuple[str, syn.Doc, syn.Sketch, syn.Fingerprint]:
    doc_id, groups = joined
    docs, features = list(groups["docs"]), list(groups["features"])
    if not docs or not features:  # cannot happen: every article was sketched upstream
        raise RuntimeError(f"article {doc_id} has no document or no sketch")
    sk, fp = features[0]
    return doc_id, docs[0], sk, fp


class FoldStories(beam.PTransform):
    """ArticleRow -> {"articles": ArticleRow with story_id, is_story_lead and
    similarity_to_lead set, "stories": StoryRow}.

    With `features` ((article_id, (Sketch, Fingerprint)) for every article, as
    transforms.analysis computes them on the extraction workers), the texts are not
    sketched again here, and only documents without their text are shuffled."""

    def __init__(self, features: Optional[beam.PCollection] = None) -> None:
        super().__init__()
        self._features = features

    def expand(self, articles):
        # (id, doc without its text, sketch, fingerprint): the text is needed for nothing
        # else, and stays out of the shuffles.
        if self._features is None:
            featured = articles | "Featured" >> beam.Map(_featured)
        else:
            docs = articles | "ToDocs" >> beam.Map(
                lambda a: (a.article_id, doc_of(a)._replace(text="")))
            featured = ({"docs": docs, "features": self._features}
                        | "JoinFeatures" >> beam.CoGroupByKey()
                        | "WithFeatures" >> beam.Map(_with_features))
        # (id, doc, sketch, lead order); bucket members carry their lead order so that the
        # pairs drawn from a bucket do not depend on the order GroupByKey delivers them in,
        # and their body hash, so that copies of one body are not verified pair by pair.
        sketched = featured | "Sketch" >> beam.Map(
            lambda t: (t[0], t[1], t[2], syn.lead_order(t[1])))
        fingerprints = featured | "Fingerprint" >> beam.Map(lambda t: (t[0], (t[1], t[3])))
        sketches = sketched | "Sketches" >> beam.Map(lambda t: (t[0], t[2]))
        orders = sketched | "LeadOrders" >> beam.Map(lambda t: (t[0], t[3]))

        exact = (sketched
                 | "ExactKeys" >> beam.FlatMap(
                     lambda t: ((key, (t[3], t[0])) for key in syn.exact_keys(t[1], t[2])))
                 | "GroupExactKeys" >> beam.GroupByKey()
                 | "ExactLinks" >> beam.FlatMapTuple(lambda _, members: syn.exact_links(members)))

        near = (sketched
                | "BandKeys" >> beam.FlatMap(
                    lambda t: ((key, (t[3], t[0], t[2].content_hash))
                               for key in syn.near_duplicate_keys(t[2])))
                | "GroupBandKeys" >> beam.GroupByKey()
                | "BandPairs" >> beam.FlatMap(_band_pairs)
                | "DistinctBandPairs" >> beam.Distinct()
                | "JoinSketches" >> _JoinPairs(sketches)
                | "VerifyNear" >> beam.Filter(
                    lambda j: syn.near_duplicate(j[0][1], j[1][1])[0])
                | "NearLinks" >> beam.Map(lambda j: (j[0][0], j[1][0])))

        frequencies = beam.pvalue.AsSingleton(
            fingerprints
            | "Fingerprints" >> beam.MapTuple(lambda _, v: v[1])
            | "DocumentFrequencies" >> beam.CombineGlobally(_DocumentFrequencies()))
        rewrite = (featured
                   | "RewriteKeys" >> beam.FlatMap(_rewrite_keys, frequencies)
                   | "GroupRewriteKeys" >> beam.GroupByKey()
                   | "RewritePairs" >> beam.FlatMap(_rewrite_pairs)
                   | "GroupSharedFeatures" >> beam.GroupByKey()
                   | "EnoughShared" >> beam.Filter(
                       lambda kv: syn.enough_shared_features(kv[1]))
                   | "SharedPairs" >> beam.Keys()
                   | "JoinFingerprints" >> _JoinPairs(fingerprints)
                   | "VerifyRewrite" >> beam.Filter(_rewrite_match, frequencies)
                   | "RewriteLinks" >> beam.Map(lambda j: (j[0][0], j[1][0])))

        links = (exact, near, rewrite) | "AllLinks" >> beam.Flatten()
        leads = ({"orders": orders | "OrdersToOneKey" >> beam.Map(lambda kv: (None, kv)),
                  "links": links | "LinksToOneKey" >> beam.Map(lambda link: (None, link))}
                 | "GatherGraph" >> beam.CoGroupByKey()
                 | "StoryLeads" >> beam.FlatMap(_leads))
        assignments = (leads
                       | "JoinLeadSketches" >> _JoinPairs(sketches)
                       | "SimilarityToLead" >> beam.Map(_similarity))
        # A side input of (id -> lead, similarity), a few dozen bytes per article, rather
        # than a join that would shuffle every article's body once more.
        stamped = articles | "Stamp" >> beam.Map(
            _stamp_from, assignments=beam.pvalue.AsDict(assignments))
        stories = (stamped
                   | "KeyByStory" >> beam.Map(keyed_by_story)
                   | "GroupCopies" >> beam.GroupByKey()
                   | "StoryRows" >> beam.MapTuple(lambda _, copies: story_row(list(copies))))
        return {"articles": stamped, STORIES: stories}
