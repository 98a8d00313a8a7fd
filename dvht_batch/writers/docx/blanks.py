"""Blanks a person fills in before a document is signed or issued (the number the văn thư gives, the
day of signing, "Báo cáo số …/BC-STC", the office's own paragraphs): each one is highlighted in the
document and listed, with where it is, in the checklist (kiem_tra_truoc_khi_ky.txt; docs/van-ban.md).
`OfficialDocument` (layout.py) records them as it writes; no bare "…" reaches a document unmarked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dvht_batch.writers.docx.ooxml import rpr, run

# A blank: an ellipsis, or a run of 3+ spaces ("Số:      /BC-STC", "ngày     tháng     năm 2025").
BLANK = re.compile(r"…+| {3,}")
HIGHLIGHT = "yellow"


@dataclass(frozen=True)
class FillIn:
    """One place of a document a person completes before it is signed or issued."""
    where: str                      # "đầu văn bản", "mục IV. Đánh giá chung, 1. Ưu điểm", "các phụ lục"
    what: str                       # what to write there

    def line(self) -> str:
        return f"{self.where}: {self.what}"


def blank_runs(text: str, props: dict) -> tuple[str, bool]:
    """Runs of `text` (run properties `props`, as `ooxml.rpr` takes them) with every blank highlighted;
    and whether there was one."""
    parts = BLANK.split(text)
    if len(parts) == 1:
        return run(text, rpr(**props)), False
    xml = [run(parts[0], rpr(**props)) if parts[0] else ""]
    for blank, part in zip(BLANK.findall(text), parts[1:]):
        xml.append(run(blank, rpr(**props, highlight=HIGHLIGHT)))
        if part:
            xml.append(run(part, rpr(**props)))
    return "".join(xml), True


def snippet(text: str, around: int = 5) -> str:
    """The words of `text` from a few before its first blank to a few after its last, every blank shown
    as '…': 'Căn cứ Báo cáo số …/BC-STC ngày … /… /2025 của Sở'."""
    shown = BLANK.sub(lambda m: m.group() if m.group().startswith("…") else " … ", text)
    words = shown.split()
    marked = [n for n, w in enumerate(words) if "…" in w]
    if not marked:
        return " ".join(words)
    return " ".join(words[max(0, marked[0] - around):marked[-1] + around + 1])
