"""axe-core finds no serious or critical violation on the pages people read, wide or narrow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SLUG = "2025-03-18-trump-putin-call"
# The comparison in both views: aligned rows (the default) and the full text.
PAGES = ["/", f"/c/{SLUG}", f"/c/{SLUG}?view=text", "/new", "/articles", "/articles/1"]


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violation(
    live_server: str, axe: Callable[[str, int], list[dict[str, Any]]], path: str, width: int
) -> None:
    assert axe(live_server + path, width) == []
