"""The thresholds of linking, as trained from the gold pairs in data/eval/.

Every number that decides whether two clauses link is here, with its reason; their values
are not set by hand but chosen by `scripts/train_linking.py`, which searches GRID for the
values that score best on the real readout pairs of data/eval/ and writes them to
app/differ/data/linking.json. The quality benchmark repeats that search without the pair
it scores (leave one pair out), so its figures are those of a differ that never saw the
pair. The defaults are the differ 1 values, used only if the data file is missing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Params:
    # A pair this similar (cosine of weighted terms, in [0, 1]) links whatever else either
    # clause matches.
    link_alone: float = 0.4
    # A pair this similar links if it is (nearly) the best match of one of its clauses:
    # readouts mostly tell the same points, so a clause's best counterpart is likely one.
    link_best: float = 0.18
    best_share: float = 0.7  # "nearly": within this fraction of that clause's best score
    # A pair this similar links if each clause is the other's best match.
    link_mutual: float = 0.1
    # Least summed English rarity of the shared words: one rare word, or two ordinary ones.
    min_shared: float = 2.5
    # Least rarity of the one word a pair shares, if it shares only one: "allies" alone is
    # no evidence that two clauses make one point, "Kursk" or "ransomware" is.
    min_single: float = 2.5
    # Two words of one concept count this much of the same word.
    concept_factor: float = 0.4

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Params:
        names = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in data.items() if k in names})


# The values the training script tries for each parameter (the others keep their value).
GRID: dict[str, tuple[float, ...]] = {
    "link_alone": (0.3, 0.4, 0.5),
    "link_best": (0.14, 0.18, 0.24),
    "best_share": (0.6, 0.7, 0.85),
    "link_mutual": (0.06, 0.1, 0.14),
    "min_shared": (2.0, 2.5, 3.0),
    "min_single": (2.5, 3.0, 3.5),
    "concept_factor": (0.3, 0.4, 0.5),
}


@cache
def trained() -> Params:
    """The parameters written by scripts/train_linking.py (read once, on first use)."""
    path = resources.files("app.differ").joinpath("data", "linking.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Params()
    return Params.from_dict(data["params"])
