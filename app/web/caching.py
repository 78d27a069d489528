"""Validators for stored pages: an ETag and Last-Modified, and the 304 that saves re-rendering."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def http_date(moment: dt.datetime) -> str:
    return format_datetime(aware(moment).astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def not_modified(request: Request, etag: str, last_modified: dt.datetime) -> bool:
    """True when the client's copy is current (If-None-Match wins over If-Modified-Since)."""
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = {tag.strip() for tag in match.split(",")}
        return "*" in tags or etag in tags or etag.removeprefix("W/") in tags
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        client_time = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return aware(last_modified).replace(microsecond=0) <= aware(client_time)


def validators(etag: str, last_modified: dt.datetime) -> dict[str, str]:
    return {
        "ETag": etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": "public, max-age=0, must-revalidate",
    }


def not_modified_response(etag: str, last_modified: dt.datetime) -> Response:
    return Response(status_code=304, headers=validators(etag, last_modified))
