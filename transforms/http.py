"""A polite, guarded HTTP client for feeds and article pages.

One client serves a worker process. It resolves every host itself and refuses
private, loopback, link-local and cloud-metadata addresses (unless a network is
explicitly allowed), on the first request and on every redirect hop, then
connects to exactly the address it checked, so DNS cannot be used to slip past
the check. It honours robots.txt, limits concurrency and request rate per host,
caps body size and redirects, and retries only transient failures (429 with
Retry-After, 5xx, timeouts, dropped connections) with exponential backoff.

Failures are raised as :class:`FetchError` with a machine-readable
``error_type``; the Beam stages turn them into dead-letter rows.
"""
from __future__ import annotations

import collections
import dataclasses
import email.utils
import ipaddress
import logging
import socket
import threading
import time
import urllib.robotparser
from typing import Callable, Mapping, Optional
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3

from transforms import __version__

_LOGGER = logging.getLogger(__name__)

PRODUCT_TOKEN = "diplowire"
DEFAULT_USER_AGENT = f"{PRODUCT_TOKEN}/{__version__} (news event research pipeline)"

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
# Addresses that serve instance credentials on cloud VMs, beyond the link-local range.
_METADATA_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32",
))
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
_ROBOTS_TTL_SECONDS = 24 * 3600
_ROBOTS_RETRY_SECONDS = 300
# A job that runs for months meets origins without end (aggregator and shortener feeds): the
# least recently asked robots.txt beyond this many is forgotten, and fetched again if needed.
_ROBOTS_MAX_ORIGINS = 4096
# The same for the throttle's per-host records: beyond this many hosts, those with no request
# under way and no start to space out are dropped.
_THROTTLE_MAX_HOSTS = 4096
_CHUNK = 64 * 1024
# Connection pools are kept per resolved address, and addresses rotate (CDNs, DNS round
# robin): a long-running job would otherwise keep idle keep-alive sockets for every address
# it ever saw, until it runs out of file descriptors. The least recently used pool beyond
# this many is closed.
_MAX_POOLS = 256


class FetchError(Exception):
    """A request that did not produce a usable response."""

    def __init__(self, error_type: str, message: str, *, status: Optional[int] = None,
                 transient: bool = False, retry_after: Optional[float] = None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.status = status
        self.transient = transient
        self.retry_after = retry_after


@dataclasses.dataclass(frozen=True)
class HttpPolicy:
    """Everything that decides how the client talks to the web."""
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_retries: int = 3
    backoff_seconds: float = 1.0
    max_retry_after: float = 120.0
    # Whole-response limit: read_timeout bounds each read, so a server dripping bytes could
    # otherwise hold a fetch thread for hours.
    max_fetch_seconds: float = 120.0
    per_host_concurrency: int = 2
    per_host_interval: float = 1.0
    obey_robots: bool = True
    proxy: Optional[str] = None
    # CIDR networks that may be fetched although private/loopback (e.g. "127.0.0.1/32").
    allowed_networks: tuple[str, ...] = ()
    # (host pattern, "address:port") pairs used instead of DNS; "*.example" matches subdomains.
    resolve: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    redirects: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class AddressGuard:
    """Decides which IP addresses may be contacted."""

    def __init__(self, allowed_networks: tuple[str, ...] = ()):
        self._allowed = tuple(ipaddress.ip_network(n, strict=False) for n in allowed_networks)

    def check(self, address: str, host: str) -> None:
        ip = ipaddress.ip_address(address)
        if ip.version == 6:  # IPv6 forms that carry an IPv4 address are that address
            embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
            ip = embedded or ip
        if any(ip in net for net in self._allowed):
            return
        reason = None
        if any(ip in net for net in _METADATA_NETWORKS):
            reason = "a cloud metadata address"
        elif ip.is_loopback:
            reason = "a loopback address"
        elif ip.is_link_local:
            reason = "a link-local address"
        elif ip.is_multicast or ip.is_reserved or ip.is_unspecified:
            reason = "a reserved address"
        elif ip.is_private or (ip.version == 4 and ip in _SHARED_ADDRESS_SPACE):
            reason = "a private address"
        if reason:
            raise FetchError(
                "blocked_address",
                f"{host} resolves to {address}, {reason}; refused "
                "(allow it explicitly with --allow_network if intended)")


class Resolver:
    """Host -> addresses, with configured overrides taking precedence over DNS."""

    def __init__(self, overrides: tuple[tuple[str, str], ...] = ()):
        self._overrides = tuple((pattern.lower(), target) for pattern, target in overrides)

    def override(self, host: str) -> Optional[tuple[str, int]]:
        for pattern, target in self._overrides:
            if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
                address, _, port = target.rpartition(":")
                return address.strip("[]"), int(port)
        return None

    def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        pinned = self.override(host)
        if pinned:
            return [pinned]
        try:
            ipaddress.ip_address(host)
            return [(host, port)]
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:  # UnicodeError: empty or long label
            raise FetchError("dns_error", f"cannot resolve {host}: {exc}") from exc
        seen: list[tuple[str, int]] = []
        for *_, sockaddr in infos:
            candidate = (sockaddr[0], port)
            if candidate not in seen:
                seen.append(candidate)
        return seen


class HostThrottle:
    """Per-host concurrency cap and minimum interval between request starts."""

    def __init__(self, concurrency: int, interval: float,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._concurrency = max(1, concurrency)
        self._interval = max(0.0, interval)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self._min_interval: dict[str, float] = {}
        self._requests: dict[str, int] = {}  # under way or waiting for a slot, per host

    def __len__(self) -> int:
        return len(self._slots)

    def _reserve_start(self, host: str) -> float:
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            interval = max(self._interval, self._min_interval.get(host, 0.0))
            self._next_start[host] = start + interval
            return start - now

    def run(self, host: str, request: Callable[[], Response],
            min_interval: Optional[float] = None) -> Response:
        """request() once a slot of the host is free and its next start has come;
        `min_interval` (a robots.txt crawl delay) spaces the host's starts from now on."""
        with self._lock:
            # Set under the same lock that marks the host busy, so that forgetting idle
            # hosts cannot drop it in between.
            if min_interval:
                self._min_interval[host] = min_interval
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
            self._requests[host] = self._requests.get(host, 0) + 1
        try:
            with slot:
                wait = self._reserve_start(host)
                if wait > 0:
                    self._sleep(wait)
                return request()
        finally:
            with self._lock:
                self._requests[host] -= 1
                if not self._requests[host]:
                    del self._requests[host]
                if len(self._slots) > _THROTTLE_MAX_HOSTS:
                    self._forget_idle_hosts()

    def _forget_idle_hosts(self) -> None:
        # Under self._lock. A crawl delay comes again with each request (from robots.txt),
        # so forgetting it loses nothing.
        now = self._clock()
        for host in [h for h in self._slots
                     if h not in self._requests and self._next_start.get(h, now) <= now]:
            del self._slots[host]
            self._next_start.pop(host, None)
            self._min_interval.pop(host, None)


class RobotsCache:
    """robots.txt per origin, following RFC 9309's treatment of unavailable files."""

    def __init__(self, fetch: Callable[[str], Response], product_token: str,
                 clock: Callable[[], float] = time.monotonic):
        self._fetch = fetch
        self._token = product_token
        self._clock = clock
        self._lock = threading.Lock()  # guards both maps
        self._origin_locks: dict[str, threading.Lock] = {}
        self._entries: collections.OrderedDict[
            str, tuple[float, urllib.robotparser.RobotFileParser]] = collections.OrderedDict()

    def _parser_for(self, origin: str) -> urllib.robotparser.RobotFileParser:
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:
            with self._lock:
                cached = self._entries.get(origin)
                if cached:
                    self._entries.move_to_end(origin)
            if cached and cached[0] > self._clock():
                return cached[1]
            parser = urllib.robotparser.RobotFileParser()
            try:
                response = self._fetch(origin + "/robots.txt")
                if response.status == 200:
                    parser.parse(response.body.decode("utf-8", "replace").splitlines())
                elif 400 <= response.status < 500:
                    parser.allow_all = True  # RFC 9309 2.3.1.3: unavailable -> allowed
                else:
                    # RFC 9309 2.3.1.4: unreachable (5xx) -> disallow, but ask again soon:
                    # one bad minute must not close a site for a day.
                    parser.disallow_all = True
                    self._remember(origin, _ROBOTS_RETRY_SECONDS, parser)
                    return parser
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    parser.allow_all = True
                else:
                    # RFC 9309 2.3.1.4: unreachable -> assume complete disallow, retry later.
                    _LOGGER.warning("robots.txt of %s unreachable (%s); disallowing for now",
                                    origin, exc.message)
                    parser.disallow_all = True
                    self._remember(origin, _ROBOTS_RETRY_SECONDS, parser)
                    return parser
            self._remember(origin, _ROBOTS_TTL_SECONDS, parser)
            return parser

    def _remember(self, origin: str, ttl: float,
                  parser: urllib.robotparser.RobotFileParser) -> None:
        with self._lock:
            self._entries[origin] = (self._clock() + ttl, parser)
            self._entries.move_to_end(origin)
            while len(self._entries) > _ROBOTS_MAX_ORIGINS:
                forgotten, _ = self._entries.popitem(last=False)
                # A thread holding its lock keeps it; the next asker makes a new one.
                self._origin_locks.pop(forgotten, None)

    def allowed(self, url: str) -> bool:
        return self._parser_for(_origin(url)).can_fetch(self._token, url)

    def crawl_delay(self, url: str) -> Optional[float]:
        delay = self._parser_for(_origin(url)).crawl_delay(self._token)
        return float(delay) if delay is not None else None

    def __len__(self) -> int:
        return len(self._entries)


def _origin(url: str) -> str:
    # Host names are case-insensitive: one robots.txt for "Example.com" and "example.com".
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _parsed(url: str):
    """urlsplit with the checks that later steps rely on, as FetchErrors: a port out of
    range or a malformed IPv6 literal must become a dead letter, not a crash."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError when out of range)
    except ValueError as exc:
        raise FetchError("invalid_url", f"malformed URL {url!r}: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("unsupported_scheme", f"not an http(s) URL: {url}")
    return parts


def _retry_after_seconds(value: Optional[str], now: Callable[[], float] = time.time
                         ) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())


class HttpClient:
    """GET with address guard, robots.txt, per-host politeness, size caps and retries."""

    def __init__(self, policy: HttpPolicy = HttpPolicy(),
                 sleep: Callable[[float], None] = time.sleep):
        self.policy = policy
        self._sleep = sleep
        self._guard = AddressGuard(policy.allowed_networks)
        self._resolver = Resolver(policy.resolve)
        self._throttle = HostThrottle(policy.per_host_concurrency, policy.per_host_interval,
                                      sleep=sleep)
        self._robots = RobotsCache(self._fetch_robots, PRODUCT_TOKEN)
        self._timeout = urllib3.Timeout(connect=policy.connect_timeout,
                                        read=policy.read_timeout)
        self._pools: collections.OrderedDict[tuple, urllib3.HTTPConnectionPool] = (
            collections.OrderedDict())
        self._pools_lock = threading.Lock()
        self._proxy = (urllib3.ProxyManager(policy.proxy, timeout=self._timeout,
                                            cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(),
                                            maxsize=max(1, policy.per_host_concurrency))
                       if policy.proxy else None)

    def close(self) -> None:
        with self._pools_lock:
            for pool in self._pools.values():
                pool.close()
            self._pools.clear()
        if self._proxy:
            self._proxy.clear()

    # -- public -------------------------------------------------------------------------

    def get(self, url: str, *, check_robots: bool = True,
            accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            etag: Optional[str] = None, last_modified: Optional[str] = None) -> Response:
        """Fetch url, following redirects; raise FetchError if no usable response results.
        With `etag` or `last_modified` (validators from an earlier response) the request is
        conditional, and a 304 response (no body) means unchanged."""
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                response = self._get_following_redirects(url, check_robots, accept,
                                                         self.policy.max_redirects,
                                                         self.policy.max_bytes, conditional)
                if response.status in _TRANSIENT_STATUSES:
                    raise FetchError(
                        f"http_{response.status}", f"HTTP {response.status} from {url}",
                        status=response.status, transient=True,
                        retry_after=_retry_after_seconds(response.headers.get("retry-after")))
                if response.status >= 400:
                    raise FetchError(f"http_{response.status}",
                                     f"HTTP {response.status} from {response.final_url}",
                                     status=response.status)
                return response
            except FetchError as exc:
                if not exc.transient or attempt >= self.policy.max_retries:
                    raise
                delay = self.policy.backoff_seconds * (2 ** attempt)
                if exc.retry_after is not None:
                    if exc.retry_after > self.policy.max_retry_after:
                        raise
                    delay = max(delay, exc.retry_after)
                _LOGGER.info("retrying %s in %.1fs after %s", url, delay, exc.error_type)
                self._sleep(delay)
                attempt += 1

    # -- internals ----------------------------------------------------------------------

    def _fetch_robots(self, robots_url: str) -> Response:
        return self._get_following_redirects(robots_url, False, "text/plain", 5,
                                             _ROBOTS_MAX_BYTES, {})

    def _get_following_redirects(self, url: str, check_robots: bool, accept: str,
                                 max_redirects: int, max_bytes: int,
                                 conditional: dict[str, str]) -> Response:
        hops: list[str] = []
        current = url
        while True:
            parts = _parsed(current)
            # The address is checked before anything (robots.txt included) is requested.
            candidates = self._checked_addresses(parts)
            if check_robots and self.policy.obey_robots:
                if not self._robots.allowed(current):
                    raise FetchError("robots_disallowed", f"robots.txt disallows {current}")
                delay = self._robots.crawl_delay(current)
            else:
                delay = None
            response = self._throttle.run(
                parts.hostname,
                lambda: self._request_once(current, candidates, accept, max_bytes, conditional),
                min_interval=min(delay, 60.0) if delay else None)
            location = response.headers.get("location")
            if response.status not in _REDIRECT_STATUSES or not location:
                return dataclasses.replace(response, url=url, redirects=tuple(hops))
            if len(hops) >= max_redirects:
                raise FetchError("too_many_redirects",
                                 f"more than {max_redirects} redirects from {url}",
                                 status=response.status)
            hops.append(current)
            try:
                current = urljoin(current, location)
            except ValueError as exc:
                raise FetchError("invalid_url", f"bad redirect from {current}: {exc}") from exc

    def _pool(self, scheme: str, address: str, port: int, host: str):
        key = (scheme, address, port, host)
        with self._pools_lock:
            pool = self._pools.get(key)
            if pool is not None:
                self._pools.move_to_end(key)
            else:
                size = max(1, self.policy.per_host_concurrency)
                if scheme == "https":
                    pool = urllib3.HTTPSConnectionPool(
                        address, port, timeout=self._timeout, maxsize=size, retries=False,
                        server_hostname=host, assert_hostname=host,
                        cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())
                else:
                    pool = urllib3.HTTPConnectionPool(address, port, timeout=self._timeout,
                                                      maxsize=size, retries=False)
                self._pools[key] = pool
                while len(self._pools) > _MAX_POOLS:
                    # A request still using the evicted pool keeps its connection; closing
                    # the pool only drops the idle ones.
                    self._pools.popitem(last=False)[1].close()
            return pool

    def _open(self, scheme: str, address: str, port: int, host: str, target: str,
              headers: dict):
        for attempt in range(2):
            try:
                return self._pool(scheme, address, port, host).urlopen(
                    "GET", target, headers=headers, redirect=False, retries=False,
                    preload_content=False, assert_same_host=False)
            except urllib3.exceptions.ClosedPoolError:
                # Evicted (_MAX_POOLS) between being handed out and used: nothing was sent,
                # and the next _pool call makes a new one. Not left to the caller's
                # retries, which robots.txt fetches do not have.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _checked_addresses(self, parts) -> list[tuple[str, int]]:
        """Where to connect for a URL, every candidate address having passed the guard."""
        host = parts.hostname.lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        # Also with a proxy: a name that cannot be resolved here cannot be checked, so it is
        # refused rather than handed to the proxy unchecked.
        candidates = self._resolver.resolve(host, port)
        for address, _ in candidates:
            self._guard.check(address, host)
        return candidates

    def _request_once(self, url: str, candidates: list[tuple[str, int]], accept: str,
                      max_bytes: int, conditional: dict[str, str]) -> Response:
        parts = urlsplit(url)
        host = parts.hostname.lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        default_port = port == (443 if parts.scheme == "https" else 80)
        try:
            host_header = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise FetchError("invalid_url", f"host {host!r} is not a valid name: {exc}") from exc
        if ":" in host_header:
            host_header = f"[{host_header}]"  # IPv6 literal
        headers = {
            "User-Agent": self.policy.user_agent,
            "Accept": accept,
            "Accept-Encoding": "gzip, deflate",
            "Host": host_header if default_port else f"{host_header}:{port}",
            **conditional,
        }
        try:
            if self._proxy:
                del headers["Host"]
                raw = self._proxy.urlopen("GET", url, headers=headers, redirect=False,
                                          retries=False, preload_content=False,
                                          timeout=self._timeout)
            else:
                address, connect_port = candidates[0]
                target = parts.path or "/"
                if parts.query:
                    target += "?" + parts.query
                raw = self._open(parts.scheme, address, connect_port, host, target, headers)
            return self._read(url, raw, max_bytes,
                              time.monotonic() + self.policy.max_fetch_seconds)
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError("timeout", f"timed out fetching {url}: {exc}",
                             transient=True) from exc
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.NewConnectionError,
                urllib3.exceptions.ProxyError, ConnectionError,
                urllib3.exceptions.ClosedPoolError) as exc:  # evicted twice (_open)
            raise FetchError("connection_error", f"connection failed for {url}: {exc}",
                             transient=True) from exc
        except urllib3.exceptions.SSLError as exc:
            raise FetchError("tls_error", f"TLS failed for {url}: {exc}") from exc
        except urllib3.exceptions.DecodeError as exc:
            raise FetchError("decode_error", f"bad content encoding from {url}: {exc}") from exc

    @staticmethod
    def _read(url: str, raw, max_bytes: int, deadline: float) -> Response:
        headers = {k.lower(): v for k, v in raw.headers.items()}
        try:
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError("too_large", f"{url} declares {declared} bytes (> {max_bytes})",
                                 status=raw.status)
            chunks, total = [], 0
            for chunk in raw.stream(_CHUNK, decode_content=True):
                if time.monotonic() > deadline:
                    raise FetchError("timeout", f"{url} took too long to download",
                                     status=raw.status)
                total += len(chunk)
                if total > max_bytes:
                    raise FetchError("too_large", f"{url} is larger than {max_bytes} bytes",
                                     status=raw.status)
                chunks.append(chunk)
            return Response(url=url, final_url=url, status=raw.status, headers=headers,
                            body=b"".join(chunks))
        except FetchError:
            raw.close()
            raise
        finally:
            raw.release_conn()
