"""The `diplowire` command."""
from __future__ import annotations

import argparse
import datetime
import gzip
import json
import logging
import pathlib
import sys
from typing import Optional, Sequence

_LOG = logging.getLogger(__name__)

USAGE = """diplowire COMMAND [ARGS]

commands:
  run [OPTIONS]     bounded run: poll feeds, fetch, extract, fold stories, code events,
                    write the warehouse (no --feeds: replay the bundled sample on 127.0.0.1)
  run --streaming [--duration SECONDS] [OPTIONS]
                    the same, polling every feed on its schedule until stopped (or for
                    SECONDS); runs on Beam's Prism runner
  extract FILE...   extract articles from saved pages (.html or .html.gz),
                    one JSON line per file
  tag [FILE...]     code events and entities in JSON lines {"id", "text", "date"?}
                    (stdin when no file), one JSON line out per line in
  query [NAME] [--warehouse SPEC]
                    run an analyst query (schemas/queries) on the warehouse, tab-separated
                    (no NAME: list them)
  reconcile --since TIME [--warehouse SPEC]
                    remove rows that the latest coding of the articles fetched since TIME
                    no longer produces and recount their events and stories (every run
                    does this for its own articles; this is for a run that failed)
  dedup [--input F] [--output F]
                    fold syndicated copies: JSON lines {"id", "title", "text", "url"?,
                    "outlet"?, "published"?} in, {"id", "story_id", "similarity"} out

`diplowire run --help` lists the run's options."""


def _read_page(path: pathlib.Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def extract_command(argv: Sequence[str]) -> int:
    from transforms.extraction import extract_article

    parser = argparse.ArgumentParser(prog="diplowire extract",
                                     description="Extract articles from saved HTML pages.")
    parser.add_argument("files", nargs="+", type=pathlib.Path)
    parser.add_argument("--url", help="Page URL, to resolve relative canonical links.")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.files:
        record = {"file": str(path)}
        try:
            extracted = extract_article(_read_page(path), args.url)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            record["error"] = f"{type(exc).__name__}: {exc}"
            failed += 1
        else:
            if extracted is None:
                record["error"] = "not parseable as HTML"
                failed += 1
            else:
                record.update(url=extracted.canonical_url, title=extracted.title,
                              text=extracted.text, author=extracted.author,
                              date=extracted.date, language=extracted.language)
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return 1 if failed else 0


def _event_json(event) -> dict:
    return {
        # (an attacker the sentence does not name has no code)
        "source": event.source.code or None,
        "target": event.target.code if event.target else None,
        "event_code": event.event_code, "root_code": event.root_code,
        "quad_class": event.quad_class, "goldstein": event.goldstein,
        "sentence_index": event.sentence_index, "confidence": event.confidence,
        "source_country": event.source.country,
        "target_country": event.target.country if event.target else None,
        "source_text": event.source.text if not event.source.implied else None,
        "source_implied": event.source.implied,
        "target_text": event.target.text if event.target and not event.target.implied else None,
        "target_implied": bool(event.target and event.target.implied),
        "verb": event.verb, "sentence": event.sentence,
    }


class BadDocument(ValueError):
    """A JSON line `diplowire tag` cannot tag, and why."""


def tag_document(line: str) -> tuple[object, str, Optional[str]]:
    """(id, text, day or None) of one JSON line {"id", "text", "date"?}."""
    try:
        document = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadDocument(f"not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise BadDocument(f"expected a JSON object, not {type(document).__name__}")
    text, date = document.get("text"), document.get("date")
    if not isinstance(text, str):
        raise BadDocument(f'"text" must be a string, not {json.dumps(text)[:40]}')
    if date is None:
        return document.get("id"), text, None
    try:
        # roles are chosen by the day, so a date that is not one must not pass unnoticed
        return document.get("id"), text, datetime.date.fromisoformat(date[:10]).isoformat()
    except (TypeError, ValueError):
        raise BadDocument(f'"date" must be an ISO 8601 date or timestamp, not '
                          f"{json.dumps(date)[:40]}") from None


def tag_command(argv: Sequence[str]) -> int:
    from transforms.tagging import tag_text

    parser = argparse.ArgumentParser(
        prog="diplowire tag", description="Code events and entities in JSON-lines documents.")
    parser.add_argument("files", nargs="*", type=pathlib.Path,
                        help='JSON lines {"id", "text", "date"?}; standard input if none')
    args = parser.parse_args(argv)
    streams = [path.open(encoding="utf-8") for path in args.files] or [sys.stdin]
    failed = 0
    for stream in streams:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            error = {"file": stream.name, "line": number}
            try:
                doc_id, text, date = tag_document(line)
            except BadDocument as exc:
                print(json.dumps({**error, "error": str(exc)}), flush=True)
                failed += 1
                continue
            try:
                result = tag_text(text, date)
            except Exception as exc:  # one document the coder cannot take must not end the run
                _LOG.exception("tagging document %r (line %d) failed", doc_id, number)
                print(json.dumps({**error, "id": doc_id, "error": f"tagging failed: "
                                  f"{type(exc).__name__}: {exc}"}), flush=True)
                failed += 1
                continue
            print(json.dumps({
                "id": doc_id,
                "events": [_event_json(e) for e in result.events],
                "entities": [e._asdict() for e in result.entities],
            }, ensure_ascii=False), flush=True)
    return 1 if failed else 0


def dedup_command(argv: Sequence[str]) -> int:
    from transforms.syndication import cluster, doc_from_json

    parser = argparse.ArgumentParser(
        prog="diplowire dedup", description="Fold syndicated copies of a story into one story.")
    parser.add_argument("--input", type=pathlib.Path,
                        help="JSON lines {id, title, text, url?, outlet?, published?}; "
                             "standard input if omitted")
    parser.add_argument("--output", type=pathlib.Path,
                        help="JSON lines {id, story_id, similarity}; standard output if omitted")
    args = parser.parse_args(argv)
    stream = args.input.open(encoding="utf-8") if args.input else sys.stdin
    docs, failed = [], 0
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                docs.append(doc_from_json(json.loads(line)))
            except (json.JSONDecodeError, ValueError) as exc:
                # Report and go on: one bad line should not cost the whole batch.
                print(f"diplowire dedup: line {number}: {exc}", file=sys.stderr)
                failed += 1
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for a in cluster(docs):  # clustering needs the whole batch: written after reading
            out.write(json.dumps({"id": a.id, "story_id": a.story_id,
                                  "similarity": a.similarity}, ensure_ascii=False) + "\n")
    finally:
        if args.output:
            out.close()
        else:
            out.flush()
    return 1 if failed else 0


def run_command(argv: Sequence[str]) -> int:
    from pipelines.launch import PipelineFailed
    from transforms.feed_sources import FeedListError

    if "--help" in argv or "-h" in argv:
        from pipelines.options import DiplowireOptions
        parser = argparse.ArgumentParser(
            prog="diplowire run",
            description="Bounded run, or streaming with --streaming (Beam options accepted too).")
        DiplowireOptions._add_argparse_args(parser)
        parser.print_help()
        return 0
    if "--streaming" in argv:
        from pipelines import streaming as chosen
    else:
        from pipelines import bounded as chosen
    try:
        summary = chosen.run(argv)
    except KeyboardInterrupt:
        print("diplowire run: stopped", file=sys.stderr)
        return 130
    except PipelineFailed as exc:
        print(f"diplowire run: the pipeline failed: {exc}", file=sys.stderr)
        return 1
    except (FeedListError, ValueError) as exc:  # options and feed lists, checked before running
        print(f"diplowire run: {exc}", file=sys.stderr)
        return 2
    print(summary.text())
    return 0


def query_command(argv: Sequence[str]) -> int:
    from pipelines.options import DEFAULT_WAREHOUSE
    from schemas import queries
    from transforms.warehouse import WarehouseSpec

    parser = argparse.ArgumentParser(prog="diplowire query",
                                     description="Run an analyst query on the warehouse.")
    parser.add_argument("name", nargs="?", help="query name; none lists them")
    parser.add_argument("--warehouse", default=DEFAULT_WAREHOUSE)
    parser.add_argument("--bigquery_endpoint", default=None)
    parser.add_argument("--limit", type=int, default=None, help="print at most N rows")
    args = parser.parse_args(argv)
    if not args.name:
        for name in queries.names():
            print(f"{name}\t{queries.description(name)}")
        return 0
    try:
        spec = WarehouseSpec.parse(args.warehouse, args.bigquery_endpoint)
        columns, rows = spec.run_query(args.name)
    except (KeyError, ValueError) as exc:
        print(f"diplowire query: {exc}", file=sys.stderr)
        return 2
    print("\t".join(columns))
    for row in rows[:args.limit]:
        print("\t".join("" if v is None else str(v) for v in row))
    return 0


def reconcile_command(argv: Sequence[str]) -> int:
    import datetime
    from pipelines.options import DEFAULT_WAREHOUSE
    from transforms.warehouse import WarehouseSpec

    parser = argparse.ArgumentParser(
        prog="diplowire reconcile",
        description="Bring the warehouse in line with the articles fetched since a time.")
    parser.add_argument("--since", required=True,
                        help="ISO time or date (UTC unless it says otherwise), e.g. the "
                             "start of a run that failed: 2025-08-16T20:00:00Z")
    parser.add_argument("--warehouse", default=DEFAULT_WAREHOUSE)
    parser.add_argument("--bigquery_endpoint", default=None)
    args = parser.parse_args(argv)
    try:
        since = datetime.datetime.fromisoformat(args.since.replace("Z", "+00:00"))
        if since.tzinfo is None:
            since = since.replace(tzinfo=datetime.timezone.utc)
        spec = WarehouseSpec.parse(args.warehouse, args.bigquery_endpoint)
    except ValueError as exc:
        print(f"diplowire reconcile: {exc}", file=sys.stderr)
        return 2
    changed = spec.reconcile(since)
    for name, count in changed.items():
        print(f"{name.replace('_', ' '):<24} {count}")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "run":
        return run_command(rest)
    if command == "extract":
        return extract_command(rest)
    if command == "tag":
        return tag_command(rest)
    if command == "dedup":
        return dedup_command(rest)
    if command == "query":
        return query_command(rest)
    if command == "reconcile":
        return reconcile_command(rest)
    print(f"diplowire: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
