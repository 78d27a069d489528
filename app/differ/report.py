"""A plain-text view of an alignment, for the terminal (`readouts align LEFT RIGHT`).

The reader wants the same three answers as on the web page: what both sides said (the
links, each with its clauses side by side), and what each side alone said.
"""

from __future__ import annotations

import textwrap

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


def _clause(side: Side, index: int) -> str:
    clause = side.clauses[index]
    return " ".join(side.text[clause.start : clause.end].split())


def _wrapped(label: str, text: str, indent: int, width: int) -> list[str]:
    """`label` then `text`, wrapped to `width` with continuation lines under the text."""
    body = textwrap.wrap(text, width=width - indent - 2) or [""]
    first = f"  {label:<{indent}}{body[0]}"
    rest = [" " * (indent + 2) + line for line in body[1:]]
    return [first, *rest]
