"""What must never end a page of a signed document, read from the .docx we wrote, checked against its PDF.

From the document's XML (by position and look, not by the keep-with-next we set — so that a missing
keep is found): headings (styles VBHeading1–3), any paragraph kept with the next one (annex labels, titles,
"… ./." before the signature), the paragraph right before a table (it introduces it), table header rows,
and label rows (a bold row spanning columns over the rows of its group; a table's last row is a total, not
a label). From the PDF (`pdftotext -bbox`): each page's words top to bottom, left to right. A page other than
the last whose words end with one of those is a stranded heading or label.
"""
from __future__ import annotations

import html
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = ("VBHeading1", "VBHeading2", "VBHeading3")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')


def _text(element) -> str:
    """A paragraph's text, or a row's: its paragraphs' texts one after the other."""
    paragraphs = [element] if element.tag == W + "p" else element.iter(W + "p")
    return " ".join(" ".join("".join(t.text or "" for t in p.iter(W + "t")).split()) for p in paragraphs).strip()


def _paragraph_item(p, following) -> tuple[str, str] | None:
    text = _text(p)
    if not text:
        return None
    ppr = p.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    if style is not None and style.get(W + "val") in HEADING_STYLES:
        return "heading", text
    nxt = next((n for n in following if n.tag == W + "tbl" or _text(n)), None)
    if nxt is not None and nxt.tag == W + "tbl":
        return "introduces a table", text
    if ppr is not None and ppr.find(W + "keepNext") is not None:
        return "kept with next", text
    return None


def _row_items(table) -> list[tuple[str, str]]:
    rows = table.findall(W + "tr")
    items = []
    for tr in rows:
        trpr = tr.find(W + "trPr")
        if trpr is not None and trpr.find(W + "tblHeader") is not None:
            items.append(("table header row", _text(tr)))
        elif tr is not rows[-1] and tr.find(f".//{W}gridSpan") is not None and tr.find(f".//{W}b") is not None:
            items.append(("label row", _text(tr)))
    return items


def must_not_end_a_page(docx: Path) -> list[tuple[str, str]]:
    """(kind, text) of every heading, label and introducing line of the document body, in order."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    body = [k for k in root.find(W + "body") if k.tag in (W + "p", W + "tbl")]
    items = []
    for i, element in enumerate(body):
        if element.tag == W + "tbl":
            items += _row_items(element)
        else:
            item = _paragraph_item(element, body[i + 1:])
            if item:
                items.append(item)
    return items


def page_words(pdf: Path) -> list[list[str]]:
    """Each page's words in reading order (lines top to bottom, words left to right)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True,
                         timeout=120).stdout.decode("utf-8")
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, re.S):
        words = sorted((float(y), float(x), html.unescape(w)) for x, y, w in _WORD.findall(page))
        lines: list[list[tuple[float, str]]] = []
        top = None
        for y, x, w in words:
            if top is None or y - top > 3:  # a new line
                lines.append([])
                top = y
            lines[-1].append((x, w))
        pages.append([w for line in lines for _, w in sorted(line)])
    return pages


def _ends_with(words: list[str], kind: str, text: str) -> bool:
    wanted = text.split()
    if not wanted or len(words) < len(wanted):
        return False
    if kind.startswith(("table", "label")):  # a row's cells wrap side by side: compare the words, not their order
        return Counter(words[-len(wanted):]) == Counter(wanted)
    return words[-len(wanted):] == wanted


def stranded(docx: Path, pdf: Path) -> list[tuple[int, str, str]]:
    """(page, kind, text) of every page but the last that ends with a heading, label or introducing line."""
    items = set(must_not_end_a_page(docx))
    pages = page_words(pdf)
    return sorted((n, kind, text) for n, words in enumerate(pages[:-1], start=1)
                  for kind, text in items if _ends_with(words, kind, text))
