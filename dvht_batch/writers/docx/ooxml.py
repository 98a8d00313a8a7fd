"""WordprocessingML fragments as strings: runs, paragraphs, tables.

Documents are assembled as XML text and written straight into the prepared template's zip (no XML
library in between): much faster than python-docx's per-property proxies, and tables are built row by row (never through
`table.cell(r, c)`, which walks the whole table on every call).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence, Union

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Characters XML 1.0 forbids (Word refuses a document that holds them) and line breaks (never a "\n" in a justified paragraph).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile(r"[\t\r\n]+")


def mm(value: float) -> int:
    """Millimetres → twentieths of a point (twips)."""
    return round(value * 1440 / 25.4)


def clean(text: object) -> str:
    """Text safe for one line of a paragraph: no control characters, no line breaks."""
    s = "" if text is None else str(text)
    if _ILLEGAL.search(s):
        s = _ILLEGAL.sub("", s)
    if "\n" in s or "\r" in s or "\t" in s:
        s = _BREAKS.sub(" ", s)
    return s


def esc(text: object) -> str:
    return clean(text).translate(_ESCAPE)


def rpr(bold: bool = False, italic: bool = False, size: float | None = None, highlight: str | None = None,
        underline: bool = False) -> str:
    """Direct run properties, in schema order (b, i, sz, highlight, u)."""
    parts = []
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if size:
        half = round(size * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if highlight:
        parts.append(f'<w:highlight w:val="{highlight}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def run(text: object, props: str = "") -> str:
    t = esc(text)
    space = ' xml:space="preserve"' if t[:1] == " " or t[-1:] == " " or "  " in t else ""
    return f"<w:r>{props}<w:t{space}>{t}</w:t></w:r>"


# A run given to `para`: plain text, or (text, flags) with flags among "b" bold, "i" italic,
# "h" highlighted (yellow: a placeholder for the office to complete).
Run = Union[str, tuple[str, str]]


def runs(content: Union[Run, Sequence[Run]], size: float | None = None) -> str:
    items = [content] if isinstance(content, (str, tuple)) else content
    out = []
    for item in items:
        text, flags = (item, "") if isinstance(item, str) else item
        out.append(run(text, rpr("b" in flags, "i" in flags, size, "yellow" if "h" in flags else None)))
    return "".join(out)


@lru_cache(maxsize=1024)  # a document asks for the same few dozen properties again and again
def ppr(style: str | None = None, *, jc: str | None = None, keep_next: bool = False, keep_lines: bool = False,
        page_break_before: bool = False, border_bottom: bool = False, before: int | None = None,
        after: int | None = None, line: int | None = None, line_rule: str = "auto", left: int | None = None,
        right: int | None = None, first_line: int | None = None, mark: str = "") -> str:
    """Paragraph properties in schema order; spacing and indents in twips."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if border_bottom:
        parts.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    if before is not None or after is not None or line is not None:
        attrs = "".join(f' w:{k}="{v}"' for k, v in (("before", before), ("after", after)) if v is not None)
        if line is not None:
            attrs += f' w:line="{line}" w:lineRule="{line_rule}"'
        parts.append(f"<w:spacing{attrs}/>")
    if left is not None or right is not None or first_line is not None:
        attrs = "".join(f' w:{k}="{v}"' for k, v in (("left", left), ("right", right), ("firstLine", first_line))
                        if v is not None)
        parts.append(f"<w:ind{attrs}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if mark:
        parts.append(mark)
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


_KEEP_NEXT = "<w:keepNext/>"


def kept_with_next(paragraph: str) -> str:
    """One paragraph we wrote (`<w:p>…</w:p>`) with keep-with-next set (after its style: schema order)."""
    if _KEEP_NEXT in paragraph or not paragraph.startswith("<w:p>"):
        return paragraph
    if not paragraph.startswith("<w:p><w:pPr>"):
        return f"<w:p><w:pPr>{_KEEP_NEXT}</w:pPr>{paragraph[5:]}"
    at = len("<w:p><w:pPr>")
    if paragraph.startswith("<w:pStyle ", at):
        at = paragraph.index("/>", at) + 2
    return paragraph[:at] + _KEEP_NEXT + paragraph[at:]


def para(content: Union[Run, Sequence[Run]] = "", style: str | None = None, size: float | None = None,
         **ppr_kwargs) -> str:
    return f"<w:p>{ppr(style, **ppr_kwargs)}{runs(content, size) if content else ''}</w:p>"


# ----------------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Col:
    width_mm: float
    align: str = "left"   # left | center | right (numbers: right)


@dataclass(frozen=True)
class Cell:
    """A cell with options; a plain str (or a list of str: one paragraph each) is a simple cell."""

    text: Union[str, Sequence[str]] = ""
    span: int = 1
    vmerge: str | None = None     # "restart" | "continue"
    bold: bool = False
    italic: bool = False
    align: str | None = None


CellLike = Union[str, Sequence[str], Cell, None]

# A plain body cell's XML by (width, paragraph properties, text): the criteria's codes and texts, "x", blank
# cells, rates and counts repeat from row to row and from one department's document to the next.
_PLAIN_CELLS: dict[tuple[int, str, str], str] = {}
_PLAIN_CELLS_MAX = 20_000


class Table:
    """Build one table as XML, row by row.

    Every row carries `w:cantSplit`; header rows carry `w:tblHeader` (repeated on every page) and keep with
    the first row under them (their style's `w:keepNext`: never a header alone at the foot of a page);
    widths are fixed (`tblLayout fixed`, `tblGrid`, `tcW`) so Word and LibreOffice agree.
    """

    def __init__(self, cols: Sequence[Col], *, small: bool = False, borders: bool = True, indent_mm: float = 0,
                 cell_margin_mm: float | None = None, keep_together: bool = False):
        self.cols = list(cols)
        self.keep_together = keep_together  # a short table: never split over two pages
        self.widths = [mm(c.width_mm) for c in self.cols]
        self.body_style = "VBTableSmall" if small else "VBTable"
        self.head_style = "VBTableSmallHead" if small else "VBTableHead"
        self._rows: list[str] = []
        total = sum(self.widths)
        style = "VBGrid" if borders else "TableNormal"
        borders_xml = "" if borders else ("<w:tblBorders>" + "".join(
            f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
        margins = ""
        if cell_margin_mm is None and small:
            cell_margin_mm = 1.0  # dense tables: narrower cell padding than the style's 1.5 mm
        if cell_margin_mm is not None:
            m = mm(cell_margin_mm)
            margins = (f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{m}" w:type="dxa"/>'
                       f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{m}" w:type="dxa"/></w:tblCellMar>')
        self._head = (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{total}" w:type="dxa"/>'
                      f'<w:tblInd w:w="{mm(indent_mm)}" w:type="dxa"/>{borders_xml}<w:tblLayout w:type="fixed"/>{margins}'
                      '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
                      'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
                      + "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths) + "</w:tblGrid>")
        # Per column: paragraph properties of body cells (alignment when not left).
        self._cell_ppr = [ppr(self.body_style, keep_next=keep_together, jc=c.align if c.align != "left" else None)
                          for c in self.cols]

    def _cell(self, i: int, cell: CellLike, header: bool) -> tuple[str, int]:
        if isinstance(cell, Cell):
            opts = cell
        else:
            opts = Cell("" if cell is None else cell)
        span = max(1, opts.span)
        width = sum(self.widths[i:i + span])
        tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            tcpr += f'<w:gridSpan w:val="{span}"/>'
        if opts.vmerge:
            tcpr += '<w:vMerge w:val="restart"/>' if opts.vmerge == "restart" else "<w:vMerge/>"
        if header:
            tcpr += '<w:vAlign w:val="center"/>'
        texts = [opts.text] if isinstance(opts.text, str) else list(opts.text) or [""]
        if header:
            p_props = ppr(self.head_style, jc=opts.align if opts.align and opts.align != "center" else None)
        elif opts.align:
            p_props = ppr(self.body_style, keep_next=self.keep_together, jc=None if opts.align == "left" else opts.align)
        else:
            p_props = self._cell_ppr[i]
        props = rpr(bold=opts.bold, italic=opts.italic)
        paragraphs = "".join(f"<w:p>{p_props}{run(t, props) if t else ''}</w:p>" for t in texts)
        return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{paragraphs}</w:tc>", span

    def row(self, cells: Iterable[CellLike], header: bool = False, keep_with_next: bool = False) -> None:
        """One row. `keep_with_next`: a label row (a group's name over its rows) never ends a page alone — its
        paragraphs keep with the row under it, which Word and LibreOffice both honour (docs/van-ban.md)."""
        out = []
        i = 0
        for cell in cells:
            if not header and type(cell) is str:  # most cells: their XML made once per column and text
                key = (self.widths[i], self._cell_ppr[i], cell)
                xml = _PLAIN_CELLS.get(key)
                if xml is None:
                    xml = _PLAIN_CELLS[key] = self._cell(i, cell, header)[0]
                    if len(_PLAIN_CELLS) > _PLAIN_CELLS_MAX:  # a table of every member: names seldom repeat
                        _PLAIN_CELLS.clear()
                out.append(xml)
                i += 1
                continue
            xml, span = self._cell(i, cell, header)
            out.append(xml)
            i += span
        if i != len(self.cols):
            raise ValueError(f"row covers {i} grid columns, the table has {len(self.cols)}")
        if keep_with_next and not self.keep_together:  # (a table kept together keeps every row already)
            out = [xml.replace(f'<w:pStyle w:val="{self.body_style}"/>',
                               f'<w:pStyle w:val="{self.body_style}"/>{_KEEP_NEXT}') for xml in out]
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        self._rows.append(f"<w:tr>{trpr}{''.join(out)}</w:tr>")

    def raw_row(self, cells_xml: str, header: bool = False) -> None:
        """A row whose cells were built by the caller (e.g. the header block's multi-paragraph cells)."""
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        self._rows.append(f"<w:tr>{trpr}{cells_xml}</w:tr>")

    def cell_xml(self, i: int, paragraphs_xml: str, span: int = 1) -> str:
        width = sum(self.widths[i:i + span])
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{paragraphs_xml or "<w:p/>"}</w:tc>'

    def xml(self) -> str:
        return "".join(self.fragments())

    def fragments(self) -> list[str]:
        """The table's XML in pieces (its rows as they are): a document holds them without one more copy."""
        rows = self._rows
        if self.keep_together and rows:  # keep-with-next on every row but the last holds the table together
            rows = rows[:-1] + [rows[-1].replace("<w:keepNext/>", "")]
        return [self._head, *rows, "</w:tbl>"]
