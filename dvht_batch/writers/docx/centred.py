"""Centred lines of the Nghị định 30 layout: titles on balanced lines, the short rule under a title or agency."""
from __future__ import annotations

from dvht_batch.writers.docx.blanks import blank_runs
from dvht_batch.writers.docx.metrics import text_width_mm
from dvht_batch.writers.docx.ooxml import mm, para, rpr

AGENCY_LINE_SHARE = 0.40     # the line under the agency / trích yếu: 2/5 of the text above it


def balanced_lines(text: str, size: float, bold: bool, italic: bool, width_mm: float) -> list[str]:
    """Split a centred title that does not fit one line into two lines of similar width.

    Word would otherwise leave a single word alone on the second line ("… tháng 11 năm / 2025").
    """
    room = width_mm - 2.0
    if text_width_mm(text, size, bold, italic) <= room:
        return [text]
    words = text.split(" ")
    word_w = [text_width_mm(w, size, bold, italic) for w in words]
    space = text_width_mm(" ", size, bold, italic)
    total = sum(word_w) + space * (len(words) - 1)
    best: tuple[float, int] | None = None
    first_w = -space
    for i in range(1, len(words)):
        first_w += word_w[i - 1] + space
        first = " ".join(words[:i])
        if first.count("“") > first.count("”") or first.count('"') % 2:
            continue  # never break inside a quoted name such as “Đơn vị học tập”
        widest = max(first_w, total - first_w - space)
        if widest <= room and (best is None or widest < best[0]):
            best = (widest, i)
    return [" ".join(words[:best[1]]), " ".join(words[best[1]:])] if best else [text]


def centred_text(text: str, size: float, width_mm: float, bold: bool = False, italic: bool = False) -> tuple[str, float]:
    """Runs of a centred title (balanced lines joined by w:br) and the width of its widest line; blanks
    (BLANK) highlighted."""
    lines = balanced_lines(text, size, bold, italic, width_mm)
    props = rpr(bold=bold, italic=italic, size=size)
    xml = f"<w:r>{props}<w:br/></w:r>".join(blank_runs(line, dict(bold=bold, italic=italic, size=size))[0]
                                             for line in lines)
    widest = max(text_width_mm(line, size, bold, italic) for line in lines)
    return xml, min(widest, width_mm)


def centred_rule(width_mm: float, box_mm: float, after: int = 0) -> str:
    """An empty paragraph whose bottom border draws a centred line `width_mm` long in a box `box_mm` wide."""
    indent = mm(max(0.0, (box_mm - width_mm) / 2))
    return para("", jc="center", left=indent, right=indent, border_bottom=True, before=0, after=after,
                line=60, line_rule="exact", mark='<w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>')
