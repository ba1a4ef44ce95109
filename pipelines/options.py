"""The one options class of diplowire's pipelines."""
from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions

from transforms.http import DEFAULT_USER_AGENT, HttpPolicy
from transforms.warehouse import WarehouseSpec

DEFAULT_WAREHOUSE = "duckdb:warehouse/diplowire.duckdb"
DEFAULT_STATE_TTL = 3 * 24 * 3600.0


class DiplowireOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--feeds", default=None,
            help="Feed list: a .txt of URLs, a .yaml with per-feed options, or an .opml file. "
                 "Without it, the bundled sample is replayed on 127.0.0.1.")
        parser.add_argument(
            "--warehouse", default=DEFAULT_WAREHOUSE,
            help="Where rows go: duckdb:PATH or bigquery:PROJECT.DATASET "
                 "(default %(default)s).")
        parser.add_argument(
            "--bigquery_endpoint", default=None,
            help="Send BigQuery requests to this URL (an emulator) with anonymous "
                 "credentials, instead of Google's API.")
        parser.add_argument("--http_user_agent", default=DEFAULT_USER_AGENT,
                            help="User-Agent sent with every request.")
        parser.add_argument("--connect_timeout", type=float, default=10.0,
                            help="Seconds to wait for a connection (default %(default)s).")
        parser.add_argument("--read_timeout", type=float, default=30.0,
                            help="Seconds to wait between bytes (default %(default)s).")
        parser.add_argument("--max_page_bytes", type=int, default=10 * 1024 * 1024,
                            help="Largest response accepted, after decompression.")
        parser.add_argument("--max_fetch_seconds", type=float, default=120.0,
                            help="Longest one response may take to download "
                                 "(default %(default)s).")
        parser.add_argument("--max_redirects", type=int, default=5,
                            help="Redirect hops followed per request (default %(default)s).")
        parser.add_argument("--max_retries", type=int, default=3,
                            help="Retries of transient failures: 429, 5xx, timeouts.")
        parser.add_argument("--retry_backoff", type=float, default=1.0,
                            help="First retry delay in seconds, doubled each retry.")
        parser.add_argument("--per_host_concurrency", type=int, default=2,
                            help="Requests in flight per host per worker (default %(default)s).")
        parser.add_argument("--per_host_interval", type=float, default=1.0,
                            help="Minimum seconds between requests to one host per worker; "
                                 "a larger robots.txt Crawl-delay wins (default %(default)s).")
        parser.add_argument("--fetch_threads", type=int, default=16,
                            help="Concurrent fetches per worker across hosts.")
        parser.add_argument(
            "--extract_processes", type=int, default=None,
            help="Worker processes extracting articles in each SDK harness. Default: every "
                 "core for a local run (DirectRunner runs all in one process), 1 on "
                 "Dataflow (which runs one harness process per core).")
        parser.add_argument("--ignore_robots", action="store_true", default=False,
                            help="Do not consult robots.txt (only for sites you control).")
        parser.add_argument("--http_proxy", default=None,
                            help="HTTP(S) proxy URL for every request, e.g. http://proxy:3128.")
        parser.add_argument(
            "--allow_network", action="append", default=[],
            help="CIDR that may be fetched although private or loopback, e.g. 10.1.0.0/16. "
                 "Repeatable. By default such addresses are refused.")
        parser.add_argument(
            "--resolve", action="append", default=[],
            help="HOST=ADDRESS:PORT: connect to ADDRESS:PORT for HOST instead of using DNS "
                 "('*.example' matches subdomains). Repeatable.")

        # streaming (with --streaming)
        parser.add_argument(
            "--duration", type=float, default=None,
            help="Streaming: stop polling after this many seconds and end the run cleanly. "
                 "Without it the job runs until stopped.")
        parser.add_argument(
            "--poll_interval", type=float, default=300.0,
            help="Streaming: seconds between polls of a feed, unless its feed-list entry "
                 "sets poll_interval (default %(default)s).")
        parser.add_argument(
            "--max_poll_backoff", type=float, default=3600.0,
            help="Streaming: longest wait before polling a failing feed again; the wait "
                 "doubles with each failure (default %(default)s).")
        parser.add_argument(
            "--state_ttl", type=float, default=DEFAULT_STATE_TTL,
            help="Streaming: seconds to remember seen entries, story signatures and event "
                 "counts after they were last touched (default 3 days).")

    def warehouse_spec(self) -> WarehouseSpec:
        return WarehouseSpec.parse(self.warehouse, self.bigquery_endpoint)

    def http_policy(self) -> HttpPolicy:
        resolve = []
        for rule in self.resolve:
            host, sep, target = rule.partition("=")
            if not sep or ":" not in target:
                raise ValueError(f"--resolve {rule!r}: expected HOST=ADDRESS:PORT")
            resolve.append((host.strip(), target.strip()))
        return HttpPolicy(
            user_agent=self.http_user_agent,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            max_bytes=self.max_page_bytes,
            max_fetch_seconds=self.max_fetch_seconds,
            max_redirects=self.max_redirects,
            max_retries=self.max_retries,
            backoff_seconds=self.retry_backoff,
            per_host_concurrency=self.per_host_concurrency,
            per_host_interval=self.per_host_interval,
            obey_robots=not self.ignore_robots,
            proxy=self.http_proxy,
            allowed_networks=tuple(self.allow_network),
            resolve=tuple(resolve),
        )
