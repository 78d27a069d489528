"""A plain-text view of an alignment, for the terminal (`readouts align LEFT RIGHT`).

The reader wants the same three answers as on the web page: what both sides said (the
links, each with its clauses side by side), and what each side alone said. For three
statements or more (`readouts align A B C`), the points: who made each, in whose words.
"""

from __future__ import annotations

import textwrap

from app.differ.points import Collation
from app.differ.types import Alignment, Side


def format_text(alignment: Alignment, width: int = 100) -> str:
    """Numbered links with kind, score, confidence and evidence, then each side's
    one-sided clauses (those that came close to a link marked with a "?")."""
    width = max(40, width)
    left, right = alignment.left, alignment.right
    label_width = max(len(left.label), len(right.label)) + 2
    lines = [f"{left.label} vs {right.label}: {len(alignment.links)} links", ""]
    for number, link in enumerate(alignment.links, 1):
        shared = f": {', '.join(link.evidence)}" if link.evidence else ""
        head = f"[{number}] {link.kind} {link.score:.2f}, {link.confidence}{shared}"
        lines.extend(textwrap.wrap(head, width=width, subsequent_indent="    "))
        for side, indexes in ((left, link.left), (right, link.right)):
            for i in indexes:
                lines.extend(_wrapped(f"{side.label}:", _clause(side, i), label_width, width))
        lines.append("")
    for side, name in ((left, "left"), (right, "right")):
        alone = alignment.unlinked("left" if name == "left" else "right")
        lines.append(f"Only in {side.label}:" + ("" if alone else " (nothing)"))
        near = {m.clause for m in side.near_misses}
        for i in alone:
            lines.extend(_wrapped("?" if i in near else "-", _clause(side, i), 2, width))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_points(collation: Collation, width: int = 100) -> str:
    """One block per point: who made it, then each statement's clauses in its words."""
    width = max(40, width)
    sides = collation.statements
    label_width = max(len(s.label) for s in sides) + 2
    n = len(sides)
    lines = [f"{', '.join(s.label for s in sides)}: {len(collation.points)} points", ""]
    for number, point in enumerate(collation.points, 1):
        who = (
            "said by all"
            if len(point.said_by) == n
            else "only " + sides[point.said_by[0]].label
            if len(point.said_by) == 1
            else "said by " + ", ".join(sides[s].label for s in point.said_by)
        )
        lines.append(f"[{number}] {who}")
        for s, clauses in point.clauses.items():
            for c in clauses:
                label = f"{sides[s].label}:"
                lines.extend(_wrapped(label, _clause(sides[s], c), label_width, width))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _clause(side: Side, index: int) -> str:
    clause = side.clauses[index]
    return " ".join(side.text[clause.start : clause.end].split())


def _wrapped(label: str, text: str, indent: int, width: int) -> list[str]:
    """`label` then `text`, wrapped to `width` with continuation lines under the text."""
    body = textwrap.wrap(text, width=width - indent - 2) or [""]
    first = f"  {label:<{indent}}{body[0]}"
    rest = [" " * (indent + 2) + line for line in body[1:]]
    return [first, *rest]
