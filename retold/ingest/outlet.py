"""Which outlet published a page: registrable domain (the key) and a display name.

The key is the *registrable domain* ("financialtribune.com", "bbc.co.uk"), not the host,
so that ``www.``, ``m.`` and ``amp.`` copies of one outlet are one outlet. tldextract
computes it from the Public Suffix List snapshot bundled in the package; we pass
``suffix_list_urls=()`` so it never touches the network (retold runs offline).

Display names come, in order, from the page itself (``og:site_name``, a trailing
"Financialtribune.com" line), a small table of well-known outlets, and finally the
domain label split into words when it is a concatenation of dictionary-free capitals.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from retold.outlets import name_key

__all__ = ["registrable_domain", "outlet_name", "looks_like_domain", "domain_for_name",
           "name_is_guessed", "domain_spells", "KNOWN_OUTLETS"]

# Display names of outlets whose domain does not spell them out (extend freely).
KNOWN_OUTLETS: dict[str, str] = {
    "apnews.com": "AP News", "ap.org": "Associated Press", "reuters.com": "Reuters",
    "bbc.co.uk": "BBC", "bbc.com": "BBC", "cnn.com": "CNN", "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "theguardian.com": "The Guardian", "newsweek.com": "Newsweek", "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News", "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News",
    "aljazeera.com": "Al Jazeera", "npr.org": "NPR", "ft.com": "Financial Times",
    "financialtribune.com": "Financial Tribune", "independent.co.uk": "The Independent",
    "telegraph.co.uk": "The Telegraph", "dailymail.co.uk": "Daily Mail", "rt.com": "RT",
    "aa.com.tr": "Anadolu Agency", "dailysabah.com": "Daily Sabah", "rudaw.net": "Rudaw",
    "hurriyetdailynews.com": "Hürriyet Daily News", "presstv.ir": "Press TV",
    "tasnimnews.com": "Tasnim News", "irna.ir": "IRNA", "latimes.com": "Los Angeles Times",
    "usatoday.com": "USA Today", "politico.com": "Politico", "axios.com": "Axios",
    "thehill.com": "The Hill", "bloomberg.com": "Bloomberg", "afp.com": "AFP",
    "dw.com": "Deutsche Welle", "france24.com": "France 24", "spiegel.de": "Der Spiegel",
}

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$", re.I)


@functools.lru_cache(maxsize=1)
def _extractor():
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@functools.lru_cache(maxsize=65536)
def registrable_domain(url_or_host: str | None) -> str | None:
    """"https://www.bbc.co.uk/news" -> "bbc.co.uk"; None when there is no public suffix."""
    if not url_or_host:
        return None
    value = url_or_host.strip()
    try:
        host = urlsplit(value).hostname if "://" in value else value.split("/")[0]
    except ValueError:  # "http://[::1": a broken IPv6 literal, no host to read
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"


def looks_like_domain(text: str) -> bool:
    """True for "Financialtribune.com", "www.bbc.co.uk": a host with a known public suffix."""
    text = text.strip()
    return bool(_DOMAIN.match(text)) and registrable_domain(text) is not None


def outlet_name(domain: str | None, site_name: str | None = None) -> str | None:
    """Display name: the page's own site name, else the table, else the domain label."""
    if site_name and site_name.strip() and not looks_like_domain(site_name):
        return site_name.strip()
    if not domain:
        return site_name.strip() if site_name else None
    if domain in KNOWN_OUTLETS:
        return KNOWN_OUTLETS[domain]
    if site_name and site_name.strip():
        return site_name.strip()  # "Financialtribune.com" as the site wrote it
    label = domain.split(".")[0]
    return label.replace("-", " ").title() if "-" in label else label.capitalize()


def domain_for_name(name: str | None) -> str | None:
    """"Reuters" -> "reuters.com" for outlets in :data:`KNOWN_OUTLETS` (case-insensitive)."""
    if not name:
        return None
    wanted = name.strip().casefold()
    for domain, display in KNOWN_OUTLETS.items():
        if display.casefold() == wanted:
            return domain
    return None


def name_is_guessed(domain: str | None, name: str | None) -> bool:
    """Is ``name`` only :func:`outlet_name`'s reading of the domain label (the page gave
    no site name and the outlet is not in the table)? Such a name may not be the one
    others credit: heraldnews.com reads "Heraldnews", its copies say "told The Herald"."""
    return bool(domain) and looks_like_domain(domain) and domain not in KNOWN_OUTLETS and (
        not name or name == outlet_name(domain))


def _squash(text: str) -> str:
    """:func:`retold.outlets.name_key`, and a leading "the" dropped also when a domain
    label runs it in ("thecourier")."""
    key = name_key(text)
    return key[3:] if key.startswith("the") and len(key) > 6 else key


def domain_spells(domain: str, name: str) -> bool:
    """Could ``domain`` be the site of the outlet called ``name``? The label and the name,
    squashed to letters and digits without a leading "the", are equal, or one begins or
    ends the other and the shorter has four characters or more: heraldnews.com and "The
    Herald", thecourier.co.uk and "The Courier", expressonline.com and "Daily Express
    Online". A guess, for outlets known only by their domain."""
    label, key = _squash(domain.split(".")[0]), _squash(name)
    if not label or not key:
        return False
    short, long_ = sorted((label, key), key=len)
    return short == long_ or (len(short) >= 4 and (long_.startswith(short)
                                                  or long_.endswith(short)))
