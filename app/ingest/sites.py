"""Who publishes on a site: the label suggested for a statement fetched from it.

A site is listed only when it publishes for one issuer alone (a head of state's or
government's own site, or an organisation's), so that any readout found there is that
issuer's, and the label is the name the readouts themselves use for it. Sites that publish
for many are not listed, whatever their share of readouts: gov.uk carries the Prime
Minister's Office and every department, archives.gov every administration's archive (each
archived White House has its own name below), news sites quote everyone. For those the
label is left to the person, who knows who spoke. A name and its subdomains match
("en.kremlin.ru", "www.whitehouse.gov"); nothing else does ("notkremlin.ru").
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

ISSUERS: Mapping[str, str] = {
    "whitehouse.gov": "White House",
    "bidenwhitehouse.archives.gov": "White House",
    "trumpwhitehouse.archives.gov": "White House",
    "obamawhitehouse.archives.gov": "White House",
    "kremlin.ru": "Kremlin",
    "president.gov.ua": "President of Ukraine",
    "pm.gc.ca": "Prime Minister of Canada",
    "presidentti.fi": "President of Finland",
    "nato.int": "NATO",
    "elysee.fr": "Élysée",
}


def issuer_of(url: str) -> str | None:
    """The issuer of every readout published at ``url``'s site, when one site is one issuer."""
    try:
        host = (urllib.parse.urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    while host:
        if host in ISSUERS:
            return ISSUERS[host]
        _, _, host = host.partition(".")
    return None
