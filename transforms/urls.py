"""URL normalisation, tracking-parameter stripping and outlet naming."""
from __future__ import annotations

import functools
import hashlib
import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract

# Parameters that identify a campaign or a click, never the document.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "oly_", "vero_")
_TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid",
    "ocid", "cmpid", "cmp", "icid", "ito", "itm_source", "itm_medium", "itm_campaign",
    "_ga", "_gl", "ncid", "sr_share", "smid", "smtyp", "from_rss",
    "taid", "s_cid", "wt.mc_id", "__twitter_impression", "guccounter",
})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """A stable form of an http(s) URL for identity: the same document, the same string.

    Lower-cases scheme and host, drops default ports, fragments and tracking
    parameters, and sorts the remaining query parameters.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if ":" in host and not netloc.startswith("["):  # IPv6 literal
        netloc = f"[{host}]" if port in (None, _DEFAULT_PORTS.get(scheme)) else f"[{host}]:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


@functools.lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The Public Suffix List snapshot bundled with tldextract; never fetched at run time.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def outlet_of(url: str) -> str:
    """The registered domain that names an outlet: news.bbc.co.uk -> bbc.co.uk.

    Hosts outside the public suffix list (e.g. *.example, intranet names) keep
    their last two labels; IP addresses are returned as they are.
    """
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    parts = _extractor()(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else host


def stable_id(*parts: str) -> str:
    """Deterministic 16-hex-digit ID from its parts; the same input gives the same ID."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]
