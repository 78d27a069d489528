"""How a two-statement alignment is stored: packed into arrays, without the two texts.

The contract's JSON (app/differ/types.py) spells every key of every clause and span, and
repeats both texts, which the statements table holds already: about 10 KB for a typical
pair, over three database pages. Packed, the same alignment is about 2 KB: the texts are
left out (put back from the statements on reading) and clauses, spans and near misses are
flat arrays of numbers. `unpack(pack(data, texts), texts) == data`, and the JSON twin
is built from the unpacked form, so the contract does not change.

Only data of the contract's exact shape whose texts are the statements' texts is packed;
anything else (alignments stored before packing existed, or of another shape) is stored
and read back as it is.
"""

from __future__ import annotations

from typing import Any

PACKED = "packed"
VERSION = 1
SPAN_KINDS = {"shared": "s", "changed": "c", "number": "n", "date": "d", "name": "m"}
LINK_KINDS = {"same": "s", "similar": "m", "related": "r"}
CONFIDENCES = {"strong": "s", "likely": "l", "possible": "p"}
CONTRACT_KEYS = {"differ_version", "left", "right", "links"}
SIDE_KEYS = {"label", "text", "clauses", "near_misses"}
LINK_KEYS = {"left", "right", "score", "kind", "left_spans", "right_spans"}
LINK_KEYS_ALL = LINK_KEYS | {"confidence", "evidence"}

Texts = tuple[str | None, str | None]


def _code(value: str, codes: dict[str, str]) -> str:
    return codes.get(value, value)  # an unknown value is kept whole (codes are one letter)


def _word(code: str, codes: dict[str, str]) -> str:
    if len(code) != 1:
        return code
    return next((word for word, letter in codes.items() if letter == code), code)


def pack(data: dict[str, Any], texts: Texts) -> dict[str, Any]:
    """The stored form of an alignment: packed if it has the contract's shape and texts."""
    try:
        left, right = texts
        if set(data) != CONTRACT_KEYS or left is None or right is None:
            return data
        sides = [_pack_side(data["left"], left), _pack_side(data["right"], right)]
        links = [_pack_link(link) for link in data["links"]]
    except (KeyError, TypeError, ValueError):
        return data
    if any(side is None for side in sides) or any(link is None for link in links):
        return data
    packed = {
        PACKED: VERSION,
        "v": data["differ_version"],
        "l": sides[0],
        "r": sides[1],
        "k": links,
    }
    return packed if unpack(packed, texts) == data else data


def unpack(data: dict[str, Any], texts: Texts) -> dict[str, Any]:
    """The contract's form of a stored alignment (as it is, if it was not packed)."""
    if data.get(PACKED) != VERSION:
        return data
    return {
        "differ_version": data["v"],
        "left": _unpack_side(data["l"], texts[0]),
        "right": _unpack_side(data["r"], texts[1]),
        "links": [_unpack_link(link) for link in data["k"]],
    }


def _pack_side(side: dict[str, Any], text: str) -> list[Any] | None:
    if not SIDE_KEYS >= set(side) >= {"label", "text", "clauses"} or side["text"] != text:
        return None
    clauses = [n for c in side["clauses"] for n in (c["start"], c["end"], c["sentence"])]
    misses = side.get("near_misses", [])
    near = [n for m in misses for n in (m["clause"], m["counterpart"], m["score"])]
    if any(len(c) != 3 for c in side["clauses"]) or any(len(m) != 3 for m in misses):
        return None
    return [side["label"], clauses, near]


def _unpack_side(side: list[Any], text: str | None) -> dict[str, Any]:
    label, clauses, near = side
    return {
        "label": label,
        "text": text,
        "clauses": [
            {"start": clauses[i], "end": clauses[i + 1], "sentence": clauses[i + 2]}
            for i in range(0, len(clauses), 3)
        ],
        "near_misses": [
            {"clause": near[i], "counterpart": near[i + 1], "score": near[i + 2]}
            for i in range(0, len(near), 3)
        ],
    }


def _pack_spans(spans: list[dict[str, Any]]) -> list[Any] | None:
    if any(set(s) != {"start", "end", "kind", "counterpart"} for s in spans):
        return None
    return [
        n
        for s in spans
        for n in (s["start"], s["end"], _code(s["kind"], SPAN_KINDS), s["counterpart"])
    ]


def _unpack_spans(flat: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "start": flat[i],
            "end": flat[i + 1],
            "kind": _word(flat[i + 2], SPAN_KINDS),
            "counterpart": flat[i + 3],
        }
        for i in range(0, len(flat), 4)
    ]


def _pack_link(link: dict[str, Any]) -> list[Any] | None:
    if not LINK_KEYS_ALL >= set(link) >= LINK_KEYS:
        return None
    left, right = _pack_spans(link["left_spans"]), _pack_spans(link["right_spans"])
    if left is None or right is None or "confidence" not in link or "evidence" not in link:
        return None
    return [
        link["left"],
        link["right"],
        link["score"],
        _code(link["kind"], LINK_KINDS),
        left,
        right,
        _code(link["confidence"], CONFIDENCES),
        link["evidence"],
    ]


def _unpack_link(link: list[Any]) -> dict[str, Any]:
    left, right, score, kind, left_spans, right_spans, confidence, evidence = link
    return {
        "left": left,
        "right": right,
        "score": score,
        "kind": _word(kind, LINK_KINDS),
        "left_spans": _unpack_spans(left_spans),
        "right_spans": _unpack_spans(right_spans),
        "confidence": _word(confidence, CONFIDENCES),
        "evidence": evidence,
    }
