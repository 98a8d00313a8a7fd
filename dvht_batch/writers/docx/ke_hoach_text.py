"""The office's own text in a KẾ HOẠCH (plan file, docs/ke-hoach.md) → paragraphs of the document.

One line, one paragraph:
  `## Mục đích`      a numbered sub-heading ("1. Mục đích"; numbers counted per section unless written)
  `### Đối với tập thể`  a lettered sub-heading ("a) Đối với tập thể")
  `- …` / `+ …`      an item of a list, as the agencies' plans write them
  `| … | … |`        a row of a table (the first row is its header; `|---|` lines are skipped)
  anything else      a justified body paragraph
Inside a line, `**…**` is bold and `*…*` italic; `{don_vi}`, `{ky}`, `{nam_dau}`, `{nam_cuoi}`,
`{dau_moi}` are replaced by the plan's values. Blank lines only separate.
"""
from __future__ import annotations

import re
from typing import Mapping

from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Run, Table, para

_INLINE = re.compile(r"\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*")
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
_NUMBERED = re.compile(r"\d+[.)]\s")
_LETTERED = re.compile(r"[a-zđ][.)]\s")
_RULE_CELL = re.compile(r":?-{2,}:?")
LETTERS = "abcdđeghiklmnopqrstuvxy"


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace {name} by its value; unknown names stay as written (the plan file check reports them)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), text)


def inline_runs(text: str) -> list[Run]:
    """'Hạn **24/3/2023** (*mẫu 1*)' → plain, bold and italic runs."""
    out: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(text[pos:m.start()])
        out.append((m.group(1), "b") if m.group(1) is not None else (m.group(2), "i"))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out or [""]


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def _table(doc: OfficialDocument, lines: list[str]) -> None:
    rows = [_cells(x) for x in lines]
    rows = [r for r in rows if not (any(r) and all(_RULE_CELL.fullmatch(c) for c in r if c))]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    weights = []
    for i in range(width):
        longest = max(len(r[i]) for r in rows)
        weights.append(min(max(longest, 4), 40))
    narrow = [w <= 5 for w in weights]  # "STT", "1": centred, 12 mm
    room = doc.width_mm - 12 * sum(narrow)
    total = sum(w for w, n in zip(weights, narrow) if not n) or 1
    cols = [Col(12, "center") if n else Col(room * w / total) for w, n in zip(weights, narrow)]
    table = Table(cols)
    for n, row in enumerate(rows):
        table.row(row, header=n == 0)
    doc.table(table)


def render_text(doc: OfficialDocument, text: str, values: Mapping[str, str], numbered: int = 0) -> int:
    """Write `text` into `doc`; returns the number of the last '##' sub-heading (counting from `numbered`)."""
    lines = [fill(x.strip(), values) for x in text.splitlines()]
    letter = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            _table(doc, block)
            continue
        i += 1
        if not line:
            continue
        if line.startswith("### "):
            head = line[4:].strip()
            if not _LETTERED.match(head):
                head = f"{LETTERS[letter % len(LETTERS)]}) {head}"
                letter += 1
            doc.add(para(head, "VBHeading3"))
        elif line.startswith("## "):
            head = line[3:].strip()
            numbered += 1
            letter = 0
            doc.heading2(head if _NUMBERED.match(head) else f"{numbered}. {head}")
        elif line[:2] in ("- ", "+ "):
            doc.body([line[:2], *inline_runs(line[2:].strip())])
        else:
            doc.body(inline_runs(line))
    return numbered
