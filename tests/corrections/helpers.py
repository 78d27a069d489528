"""A small uploaded comparison to correct, and the editor's form as a browser sends it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.config import DATA_DIR

EVAL = DATA_DIR / "eval"
LEFT = (EVAL / "2021-04-21_biden-trudeau_whitehouse.txt").read_text("utf-8").strip()
RIGHT = (EVAL / "2021-04-21_biden-trudeau_canada-pmo.txt").read_text("utf-8").strip()


def body(**changes: Any) -> dict[str, Any]:
    made: dict[str, Any] = {
        "title": "Biden–Trudeau call",
        "date": "2021-04-21",
        "left": {"label": "White House", "text": LEFT},
        "right": {"label": "Prime Minister of Canada", "text": RIGHT},
    }
    made.update(changes)
    return made


@dataclass(frozen=True)
class Made:
    slug: str
    token: str
    manage_url: str
    delete_url: str
    data: dict[str, Any]

    @property
    def keys(self) -> list[str]:
        """The form's names of the links, as the editor writes them ("0,1/3")."""
        return [key(link) for link in self.data["links"]]


def key(link: dict[str, Any]) -> str:
    return ",".join(map(str, link["left"])) + "/" + ",".join(map(str, link["right"]))


def made_from(answer: dict[str, Any]) -> Made:
    manage = answer["manage_url"]
    token = parse_qs(urlsplit(manage).query)["token"][0]
    return Made(answer["slug"], token, manage, answer["delete_url"], answer)


def unlinked_pair(data: dict[str, Any]) -> tuple[int, int]:
    """A left and a right clause that no link joins to each other."""
    joined = {(i, j) for link in data["links"] for i in link["left"] for j in link["right"]}
    for i in range(len(data["left"]["clauses"])):
        for j in range(len(data["right"]["clauses"])):
            if (i, j) not in joined:
                return i, j
    raise AssertionError("every pair is linked")


def form(made: Made, base: int = 1, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"token": made.token, "base": str(base), "action": "save"}
    values.update(fields)
    return values


def revision_line(html: str) -> str:
    found = re.search(r'<p class="revision-line"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no revision line"
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()
