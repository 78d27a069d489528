"""Hand-built PDFs for tests: a one-page text, a page tree that fans out, a strange character map.

Built byte by byte (offsets computed) so that a test can make the exact structure it needs,
including ones no PDF writer would produce.
"""

from __future__ import annotations

import zlib


def assemble(objects: list[bytes]) -> bytes:
    """A PDF whose objects are numbered 1, 2, … in order; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data)
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


def one_page(
    text: str, font: bytes = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
) -> bytes:
    """A one-page PDF showing ``text`` (Latin-1) in one line."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            font,
            *([_TO_UNICODE] if b"/ToUnicode" in font else []),
        ]
    )


# Maps "A" to a lone high surrogate (D800): half of a UTF-16 pair, not a character.
_TO_UNICODE = _stream(
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"/CMapName /Lone-Surrogate def /CMapType 2 def\n"
    b"1 begincodespacerange <00> <FF> endcodespacerange\n"
    b"1 beginbfchar <41> <D800> endbfchar\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
)
LONE_SURROGATE_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"


def fanned_out(levels: int, fan: int) -> bytes:
    """A page tree ``levels`` deep in which every node lists one child ``fan`` times.

    ``fan ** levels`` pages in about a kilobyte: each is the same page object.
    """
    page = 2 + levels
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        child = 3 + level if level < levels - 1 else page
        kids = b" ".join(b"%d 0 R" % child for _ in range(fan))
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, fan ** (levels - level)))
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (page + 1, page + 2),
        _stream(b"BT /F1 12 Tf 72 720 Td (The same page again.) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return assemble(objects)


def inflating(repeats: int) -> bytes:
    """A one-page PDF whose page content is ``(a) Tj`` ``repeats`` times, deflated.

    Five million repeats: about 50 KB of file, 35 MB of page content once inflated.
    """
    content = b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * repeats + b"ET"
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
