"""The aligned view's rows: linked clauses side by side, one-sided clauses in rows of their own.

Presentation only (no new facts): the links of the stored alignment grouped into rows, put
in the order of either side, and cut into parts so that no rendered page grows with the
size of the texts. Clauses joined by links (one-to-many, many-to-many) share one row, so
every clause appears once; a clause said by one side only stands where its side said it.

Rows carry both orders (`order["left"]`, `order["right"]`): the page is rendered in the left
side's order and the order toggle (readouts.js) only re-sorts them. A counterpart said
elsewhere in its text is marked ("R7, said 5th"): a row is out of order when it is not on
the longest run of rows whose counterparts keep their text's order.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from app.services.aligned_rows import link_groups
from app.services.shapes import Alignment
from app.web.present import ClauseView, SideName, clause_view, side_maps

# A part of the page holds rows until their clauses reach this many characters (both sides):
# the seed readouts are 3,000–6,000 characters a side, so every ordinary pair is one part.
PART_CHARS = 60_000
CONFIDENCE_ORDER = ("strong", "likely", "possible")
KIND_ORDER = ("same", "similar", "related")
SIDES: tuple[SideName, SideName] = ("left", "right")
KIND_WORDS = {"same": "same wording", "similar": "reworded", "related": "related"}


@dataclass(frozen=True)
class Row:
    """One row: the left clauses, their right counterparts, and how they are linked."""

    id: str  # `link-N` of its first link, or the anchor of its one clause (`row-L4`)
    left: tuple[ClauseView, ...]
    right: tuple[ClauseView, ...]
    links: tuple[int, ...]  # 0-based link numbers
    kind: str  # same | similar | related | left | right (one side only)
    confidence: str  # strong | likely | possible, "" for a one-sided row
    evidence: tuple[str, ...]
    order: dict[str, int]  # position in the left side's order and in the right side's
    moved: dict[str, str]  # per side: "R7, said 5th" when that side's clause stands elsewhere

    @property
    def kind_words(self) -> str:
        return KIND_WORDS.get(self.kind, "")

    @property
    def one_sided(self) -> bool:
        return self.kind in ("left", "right")


@dataclass(frozen=True)
class Part:
    """The rows one page shows, and where the others are."""

    rows: tuple[Row, ...]
    number: int  # 1-based
    count: int
    first_row: int  # 1-based, of all rows
    last_row: int
    total_rows: int
    where: dict[str, int]  # clause anchor / link anchor -> part number, for the whole pair
    counts: dict[str, int]  # rows of the whole pair: "both" (linked), "left", "right" (alone)

    def clauses(self, name: SideName) -> tuple[ClauseView, ...]:
        """This part's clauses of one side, in text order: the full-text view of the part."""
        found = [c for row in self.rows for c in getattr(row, name)]
        return tuple(sorted(found, key=lambda c: c.index))


@dataclass
class _Group:
    left: list[int]
    right: list[int]
    links: list[int]


def _groups(alignment: Alignment) -> list[_Group]:
    """Clauses joined by links, directly or through a shared clause; one-sided ones alone."""
    result = [
        _Group(list(g.left), list(g.right), list(g.links)) for g in link_groups(alignment.links)
    ]
    linked_left = {i for g in result for i in g.left}
    linked_right = {j for g in result for j in g.right}
    result += [
        _Group([i], [], []) for i in range(len(alignment.left.clauses)) if i not in linked_left
    ]
    result += [
        _Group([], [j], []) for j in range(len(alignment.right.clauses)) if j not in linked_right
    ]
    return result


def _order_keys(groups: list[_Group], name: SideName) -> list[tuple[int, int, int]]:
    """Sort keys for `name`'s order: its clauses where it said them; the other side's
    one-sided clauses right after the row holding the clause said just before them."""
    other = "right" if name == "left" else "left"
    key_of_other: dict[int, int] = {}
    for g in groups:
        mine = getattr(g, name)
        for j in getattr(g, other):
            if mine:
                key_of_other[j] = mine[0]
    placed = sorted(key_of_other)
    keys = []
    for g in groups:
        mine, theirs = getattr(g, name), getattr(g, other)
        if mine:
            keys.append((mine[0], 0, 0))
            continue
        j = theirs[0]
        before = bisect_left(placed, j) - 1
        keys.append((key_of_other[placed[before]] if before >= 0 else -1, 1, j))
    return keys


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _in_order(values: list[int]) -> set[int]:
    """Positions of a longest increasing run (not necessarily contiguous) of `values`."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[k] = value
            tail_at[k] = position
        previous[position] = tail_at[k - 1] if k else -1
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        kept.add(position)
        position = previous[position]
    return kept


def _moved_notes(
    groups: list[_Group], orders: dict[str, list[int]], alignment: Alignment
) -> list[dict[str, str]]:
    """For each row and each side: a note when, read in the other side's order, this side's
    clause is said somewhere else in its own text."""
    notes: list[dict[str, str]] = [{} for _ in groups]
    for name, other in (("right", "left"), ("left", "right")):
        by_other = sorted(range(len(groups)), key=lambda g: orders[other][g])
        linked = [g for g in by_other if groups[g].left and groups[g].right]
        firsts = [getattr(groups[g], name)[0] for g in linked]
        kept = _in_order(firsts)
        own_rank = {
            g: rank
            for rank, g in enumerate(
                sorted(
                    (g for g in range(len(groups)) if getattr(groups[g], name)),
                    key=lambda g: orders[name][g],
                ),
                start=1,
            )
        }
        label = (alignment.left if name == "left" else alignment.right).label
        prefix = "L" if name == "left" else "R"
        for position, g in enumerate(linked):
            if position not in kept:
                first = getattr(groups[g], name)[0] + 1
                notes[g][name] = f"{prefix}{first}, said {_ordinal(own_rank[g])} by {label}"
    return notes


def rows(alignment: Alignment, part: int = 1, part_chars: int | None = None) -> Part:
    """The rows of part `part` (1-based; out of range gives the nearest part) in the left
    side's order."""
    part_chars = part_chars or PART_CHARS
    groups = _groups(alignment)
    keys = {name: _order_keys(groups, name) for name in ("left", "right")}
    orders: dict[str, list[int]] = {}
    for name in ("left", "right"):
        ranked = sorted(range(len(groups)), key=lambda g: keys[name][g])
        position = [0] * len(groups)
        for rank, g in enumerate(ranked):
            position[g] = rank
        orders[name] = position
    sequence = sorted(range(len(groups)), key=lambda g: orders["left"][g])
    # Cut into parts by characters, never inside a row.
    part_of: list[int] = [0] * len(groups)
    number, filled = 1, 0
    for g in sequence:
        size = sum(
            c.end - c.start
            for name in ("left", "right")
            for c in (
                (alignment.left if name == "left" else alignment.right).clauses[i]
                for i in getattr(groups[g], name)
            )
        )
        if filled and filled + size > part_chars:
            number, filled = number + 1, 0
        part_of[g] = number
        filled += size
    count = number
    part = min(max(part, 1), count)
    where: dict[str, int] = {}
    for g, group in enumerate(groups):
        for i in group.left:
            where[f"L{i + 1}"] = part_of[g]
        for j in group.right:
            where[f"R{j + 1}"] = part_of[g]
        for n in group.links:
            where[f"link-{n + 1}"] = part_of[g]
    shown = [g for g in sequence if part_of[g] == part]
    notes = _moved_notes(groups, orders, alignment)
    shown_links = [n for g in shown for n in groups[g].links]
    maps = {name: side_maps(alignment, name, shown_links) for name in SIDES}
    built = []
    for g in shown:
        group = groups[g]
        links = [alignment.links[n] for n in group.links]
        kind: str
        confidence: str
        if links:
            kind = min((link.kind for link in links), key=KIND_ORDER.index)
            confidence = min((link.confidence for link in links), key=CONFIDENCE_ORDER.index)
            evidence = tuple(dict.fromkeys(e for link in links for e in link.evidence))
            row_id = f"link-{group.links[0] + 1}"
        else:
            kind = "left" if group.left else "right"
            confidence, evidence = "", ()
            row_id = "row-" + (f"L{group.left[0] + 1}" if group.left else f"R{group.right[0] + 1}")
        built.append(
            Row(
                id=row_id,
                left=tuple(clause_view(alignment, "left", i, maps["left"]) for i in group.left),
                right=tuple(clause_view(alignment, "right", j, maps["right"]) for j in group.right),
                links=tuple(group.links),
                kind=kind,
                confidence=confidence,
                evidence=evidence,
                order={"left": orders["left"][g], "right": orders["right"][g]},
                moved=notes[g],
            )
        )
    first = sum(1 for g in sequence if part_of[g] < part) + 1
    return Part(
        rows=tuple(built),
        number=part,
        count=count,
        first_row=first,
        last_row=first + len(built) - 1,
        total_rows=len(groups),
        where=where,
        counts={
            "both": sum(1 for g in groups if g.links),
            "left": sum(1 for g in groups if not g.links and g.left),
            "right": sum(1 for g in groups if not g.links and g.right),
        },
    )
