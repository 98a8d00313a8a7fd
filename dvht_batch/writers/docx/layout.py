"""Layout primitives of Nghị định 30/2020/NĐ-CP (Phụ lục I) shared by every document we write.

`OfficialDocument` collects the body as WordprocessingML text and saves it into the prepared
template (see template.py): header block, title and trích yếu, headings I./1./a), body text, tables,
closing block (Nơi nhận + signature), annexes (each on a new page, optionally landscape).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

from dvht_batch.writers.docx import ooxml
from dvht_batch.writers.docx.blanks import BLANK, FillIn, blank_runs, snippet
from dvht_batch.writers.docx.centred import AGENCY_LINE_SHARE, centred_rule, centred_text
from dvht_batch.writers.docx.metrics import text_width_mm
from dvht_batch.writers.docx.ooxml import Run, Table, mm, para, ppr, rpr, run, runs
from dvht_batch.writers.docx.package import LEVEL, constant_entries, core_xml, deflated, package_bytes, write_bytes
from dvht_batch.writers import RUN_ID_PROPERTY
from dvht_batch.writers.docx.template import (
    DEFAULT_MARGINS_MM, R_NS, W_NS, document_xml, sect_pr, static_parts, with_custom_properties,
)

A4_MM = (210.0, 297.0)
HEADER_LEFT_SHARE = 0.40     # header block: left (agencies, Số) 40 %, right (Quốc hiệu, date) 60 %
CLOSING_LEFT_SHARE = 0.45    # closing block: Nơi nhận 45 %, signature 55 %
SIGNATURE_SPACE_PT = 84      # room for the signature and the stamp (≈ 3 cm)


@dataclass(frozen=True)
class HeaderInfo:
    agency: str                     # issuing agency (printed UPPER, bold)
    number_line: str                # "Số: 07/BC-STC" or "Số:      /BC-STC"
    place_date: str                 # "Quảng Ngãi, ngày 05 tháng 3 năm 2025"
    parent: str | None = None       # parent agency (UPPER, regular), optional


@dataclass(frozen=True)
class ClosingInfo:
    recipients: tuple[str, ...]     # already punctuated: "- X;" … "- Lưu: VT, VP."
    signer_lines: tuple[str, ...]   # UPPER: ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    signer_name: str                # "" when not known yet: the name is written by hand
    drafter: str = ""               # the drafter's initials, small and raised after the last "Lưu: …"


def upper(text: str) -> str:
    return text.upper()


class OfficialDocument:
    """One official document being written. Add content in reading order, then `save(path)`."""

    def __init__(self, margins_mm: Sequence[float] | None = None, title: str = ""):
        self.margins = tuple(float(m) for m in (margins_mm or DEFAULT_MARGINS_MM))
        top, bottom, left, right = self.margins
        self.text_width_mm = A4_MM[0] - left - right
        self.landscape_text_width_mm = A4_MM[1] - left - right
        self.title = title
        self.run_id: str | None = None  # when set, saved as the custom property RUN_ID_PROPERTY
        self.created: datetime = UNDATED  # the run's time (writers set it): the package's and core.xml's dates
        self.fill_ins: list[FillIn] = []  # every highlighted place, in reading order (checklist)
        self._headings = ["phần mở đầu", ""]  # where the next content goes: (heading 1 or annex, heading 2)
        self._parts: list[str] = []
        self._sections = 0            # section breaks emitted so far
        self._section_start = False   # the next content begins a new section (already a new page)
        self._landscape = False

    # ------------------------------------------------------------------ low level
    @property
    def width_mm(self) -> float:
        """Usable text width of the current section."""
        return self.landscape_text_width_mm if self._landscape else self.text_width_mm

    def add(self, xml: str) -> None:
        self._parts.append(xml)
        self._section_start = False

    # ------------------------------------------------------------------ places a person fills in
    @property
    def where(self) -> str:
        """The place of the next content, as a reader finds it: 'mục IV. Đánh giá chung, 1. Ưu điểm'."""
        first, second = self._headings
        return f"{first}, {second}" if second else first

    def note_fill_in(self, what: str, where: str | None = None) -> None:
        item = FillIn(where or self.where, what)
        if item not in self.fill_ins:
            self.fill_ins.append(item)

    def blank(self, what: str, text: str = "…") -> Run:
        """A highlighted blank in a sentence, recorded with `what` is to be written there."""
        self.note_fill_in(what)
        return (text, "hr")  # "r": already recorded

    def _content(self, content: Run | Sequence[Run]) -> list[Run]:
        """Runs of body text with every highlighted run recorded and every bare blank (BLANK) highlighted
        and recorded: no "…" reaches a document unmarked."""
        items = [content] if isinstance(content, (str, tuple)) else list(content)
        out: list[Run] = []
        for item in items:
            text, flags = (item, "") if isinstance(item, str) else item
            if "h" in flags:
                if "r" not in flags:
                    self.note_fill_in(text.strip().strip("[]").strip().rstrip("."))
                out.append(item)
                continue
            parts, blanks = BLANK.split(text), BLANK.findall(text)
            if blanks:
                self.note_fill_in(f"chỗ trống trong câu “{snippet(text)}”")
            for i, part in enumerate(parts):
                if part:
                    out.append((part, flags) if flags else part)
                if i < len(blanks):
                    out.append((blanks[i], flags + "h"))
        return out

    # ------------------------------------------------------------------ header block and title
    def header_block(self, info: HeaderInfo) -> None:
        """Borderless two-column table: agencies + Số on the left, Quốc hiệu + motto + date on the right
        (made once per run and page width: every document of a run has the same)."""
        xml, notes = _header_table(info, self.text_width_mm)
        for what, where in notes:
            self.note_fill_in(what, where)
        self.add(xml)

    @staticmethod
    def _place_date_runs(text: str, width: float) -> str:
        """14 pt on one line; else 13 pt; else two lines broken after the place name (never a lone year)."""
        for size in (14, 13):
            if text_width_mm(text, size, italic=True) + 1 <= width:
                return blank_runs(text, dict(italic=True, size=size))[0]
        props = dict(italic=True, size=14)
        place, sep, rest = text.partition(", ngày")
        if not sep:
            return blank_runs(text, props)[0]
        return (f"{blank_runs(place + ',', props)[0]}<w:r>{rpr(**props)}<w:br/></w:r>"
                f"{blank_runs('ngày' + rest, props)[0]}")

    def title_block(self, kind: str, summary: str) -> None:
        """Document type (UPPER bold centred) and trích yếu (bold centred) with a short line under it."""
        self.add(f"<w:p>{ppr(keep_next=True, jc='center', before=480, after=0, line=240)}"
                 f"{run(upper(kind), rpr(bold=True, size=14))}</w:p>")
        runs_xml, widest = centred_text(summary, 14, self.text_width_mm, bold=True)
        self.add(f"<w:p>{ppr(keep_next=True, jc='center', before=0, after=0, line=264)}{runs_xml}</w:p>")
        self.add(centred_rule(max(20.0, widest * AGENCY_LINE_SHARE), self.text_width_mm, after=360))

    # ------------------------------------------------------------------ body
    def heading1(self, text: str) -> None:
        """'I. MỤC ĐÍCH, YÊU CẦU' — the caller gives the numbering; the text is printed UPPER."""
        if not self._headings[0].startswith("Phụ lục"):
            self._headings = [f"mục {text}", ""]
        self.add(para(upper(text), "VBHeading1"))

    def heading2(self, text: str) -> None:
        self._headings[1] = text
        self.add(para(text, "VBHeading2"))

    def body(self, content: Run | Sequence[Run], keep_next: bool = False) -> None:
        """A paragraph of body text; one ending in ':' announces what follows and is kept with it."""
        items = self._content(content)
        last = (items[-1] if isinstance(items[-1], str) else items[-1][0]) if items else ""
        keep_next = keep_next or last.rstrip().endswith(":")
        self.add(f"<w:p>{ppr('VBBody', keep_next=keep_next)}{runs(items)}</w:p>")

    def dash(self, content: Run | Sequence[Run]) -> None:
        """A '- …' item, as the seed plans write their lists."""
        items = [content] if isinstance(content, (str, tuple)) else list(content)
        self.body(["- ", *items])

    def placeholder(self, text: str) -> None:
        """A highlighted paragraph only a person can write: '[Văn phòng bổ sung: các hoạt động …]'."""
        self.note_fill_in(text.strip().rstrip("."))
        self.add(f"<w:p>{ppr('VBBody')}{runs((f'[{text}]', 'ih'))}</w:p>")

    def _keep_with_what_follows(self) -> None:
        """The paragraph just written introduces a table or the closing block: keep it with it, so that it never
        ends a page alone (LibreOffice and Word both keep a paragraph with a table whose rows cannot split)."""
        last = self._parts[-1] if self._parts else ""
        if last.startswith("<w:p>") and ("<w:t>" in last or "<w:t " in last):  # not a spacer nor a section break
            self._parts[-1] = ooxml.kept_with_next(last)

    def table(self, table: Table, after_pt: float = 6) -> None:
        self._keep_with_what_follows()
        self._parts.extend(table.fragments())  # an annex table of every member runs to tens of MB
        self._section_start = False
        # A paragraph must separate consecutive tables (and end the body); 1 pt high so that it never
        # pushes onto a page of its own, its space-after gives air after the table.
        self.add(para("", before=0, after=round(after_pt * 20), line=20, line_rule="exact",
                      mark='<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'))

    # ------------------------------------------------------------------ closing block
    def closing(self, info: ClosingInfo) -> None:
        total = self.text_width_mm
        left_w = round(total * CLOSING_LEFT_SHARE, 1)
        table = Table([ooxml.Col(left_w), ooxml.Col(total - left_w, "center")], borders=False, cell_margin_mm=0)
        plain = dict(jc="left", before=0, after=0, line=240)
        left = [f"<w:p>{ppr(**plain)}{run('Nơi nhận:', rpr(bold=True, italic=True, size=12))}</w:p>"]
        left += [f"<w:p>{ppr(**plain)}{run(r, rpr(size=11))}</w:p>" for r in info.recipients]
        if info.drafter and info.recipients:  # "- Lưu: VT, VP" + raised initials + "."
            last = info.recipients[-1].rstrip(".")
            raised = rpr(size=9).replace("</w:rPr>", '<w:vertAlign w:val="superscript"/></w:rPr>')
            left[-1] = (f"<w:p>{ppr(**plain)}{run(last, rpr(size=11))}{run(info.drafter, raised)}"
                        f"{run('.', rpr(size=11))}</w:p>")
        centre = dict(jc="center", before=0, after=0, line=240)
        right = [f"<w:p>{ppr(**centre)}{run(line, rpr(bold=True, size=14))}</w:p>" for line in info.signer_lines]
        right.append(f"<w:p>{ppr(jc='center', before=SIGNATURE_SPACE_PT * 20, after=0, line=240)}"
                     f"{run(info.signer_name, rpr(bold=True, size=14))}</w:p>")
        table.raw_row(table.cell_xml(0, "".join(left)) + table.cell_xml(1, "".join(right)))
        self._keep_with_what_follows()  # the last paragraph ("… ./.") is signed with the block under it
        self.add(table.xml())

    # ------------------------------------------------------------------ annexes and sections
    def annex(self, number: str, title: str, reference: str, landscape: bool = False,
              caption: str | None = None) -> None:
        """'Phụ lục I' (or `caption`, e.g. 'Mẫu 01'), its title UPPER, the italic '(Kèm theo …)' line;
        always on a new page.

        A landscape annex gets its own section (page numbers continue); call `end_landscape()` after it.
        """
        if landscape and not self._landscape:
            self.section_break(next_landscape=True)
        self._headings = [caption or f"Phụ lục {number}", ""]
        if BLANK.search(reference):
            self.note_fill_in("số, ngày của văn bản trong dòng “(Kèm theo …)” dưới tên phụ lục", "các phụ lục")
        new_page = not self._section_start
        self.add(f"<w:p>{ppr(keep_next=True, page_break_before=new_page, jc='center', before=0, after=0, line=240)}"
                 f"{run(caption or f'Phụ lục {number}', rpr(bold=True, size=14))}</w:p>")
        title_xml, _ = centred_text(upper(title), 14, self.width_mm, bold=True)
        self.add(f"<w:p>{ppr(keep_next=True, jc='center', before=60, after=0, line=240)}{title_xml}</w:p>")
        ref_xml, _ = centred_text(reference, 14, self.width_mm, italic=True)
        self.add(f"<w:p>{ppr(keep_next=True, jc='center', before=60, after=240, line=240)}{ref_xml}</w:p>")

    def section_break(self, next_landscape: bool) -> None:
        """End the current section (its page setup goes in this paragraph) and start a new page."""
        props = sect_pr(self.margins, landscape=self._landscape, title_page=self._sections == 0,
                        next_page=self._sections > 0)
        self._parts.append(para("", before=0, after=0, line=20, line_rule="exact",
                                mark=f'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>{props}'))
        self._sections += 1
        self._landscape = next_landscape
        self._section_start = True

    def end_landscape(self) -> None:
        if self._landscape:
            self.section_break(next_landscape=False)

    # ------------------------------------------------------------------ output
    def body_xml(self) -> str:
        return "".join(self._parts)

    def document_xml(self) -> str:
        return document_xml(self.body_xml(), self.margins, title_page=self._sections == 0,
                            landscape=self._landscape)

    def to_bytes(self) -> bytes:
        """The .docx package: the run's constant parts, deflated once (`package.constant_entries`), and this
        document's two data parts, deflated now."""
        first, rest = constant_entries(self.run_id)
        body = deflated("word/document.xml", self._document_pieces())
        core = deflated("docProps/core.xml", [core_xml(self.title, self.created).encode("utf-8")])
        return package_bytes([first, body, *rest, core], self.created.timetuple()[:6])

    def reference_bytes(self) -> bytes:
        """The same package written part by part with `zipfile` (the reference `to_bytes` is tested against,
        tests/writers/test_docx_package.py)."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            parts = dict(static_parts())
            if self.run_id:
                parts.update(with_custom_properties(parts, {RUN_ID_PROPERTY: self.run_id}))
            parts["docProps/core.xml"] = core_xml(self.title, self.created).encode("utf-8")
            names = list(parts)
            document = b"".join(self._document_pieces())  # deflated whole: the same stream as in pieces
            for name, data in [(names[0], parts[names[0]]), ("word/document.xml", document),
                               *((n, parts[n]) for n in names[1:])]:
                zf.writestr(self._entry(name), data, compresslevel=LEVEL)
        return buf.getvalue()

    def _document_pieces(self) -> Iterator[bytes]:
        """word/document.xml a megabyte at a time: the unit report of a large agency (every member in an
        annex) is never held whole, joined, wrapped and encoded (≈ 4 copies)."""
        head, tail = document_xml(_BODY, self.margins, title_page=self._sections == 0,
                                  landscape=self._landscape).split(_BODY)
        batch, size = [head], len(head)
        for part in self._parts:
            batch.append(part)
            size += len(part)
            if size > 1 << 20:
                yield "".join(batch).encode("utf-8")
                batch, size = [], 0
        batch.append(tail)
        yield "".join(batch).encode("utf-8")

    def _entry(self, name: str) -> zipfile.ZipInfo:
        """A part of the package, dated `created` (never the clock: the same run writes the same bytes)."""
        info = zipfile.ZipInfo(name, date_time=self.created.timetuple()[:6])
        info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16  # as writestr sets them
        return info

    def save(self, path: Path) -> Path:
        path = Path(path)
        data = self.to_bytes()
        return write_bytes(path, data)


@lru_cache(maxsize=16)
def _header_table(info: HeaderInfo, total: float) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The header block's XML and the places in it a person fills in (what, where)."""
    left_w = round(total * HEADER_LEFT_SHARE, 1)
    right_w = total - left_w
    national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = "Độc lập - Tự do - Hạnh phúc"
    size = 13 if text_width_mm(national, 13, bold=True) + 2 <= right_w else 12
    motto_size = size + 1
    table = Table([ooxml.Col(left_w, "center"), ooxml.Col(right_w, "center")], borders=False, cell_margin_mm=0)
    centre = dict(jc="center", before=0, after=0, line=240)

    left = []
    if info.parent:  # a long name goes on two balanced lines rather than leaving one word alone
        left.append(f"<w:p>{ppr(**centre)}{centred_text(upper(info.parent), 13, left_w)[0]}</w:p>")
    agency_xml, agency_w = centred_text(upper(info.agency), 13, left_w, bold=True)
    left.append(f"<w:p>{ppr(**centre)}{agency_xml}</w:p>")
    left.append(centred_rule(max(15.0, agency_w * AGENCY_LINE_SHARE), left_w))

    motto_w = text_width_mm(motto, motto_size, bold=True) + 1.0  # 1 mm slack: never wraps
    motto_indent = mm(max(0.0, (right_w - motto_w) / 2))
    right = [
        f"<w:p>{ppr(**centre)}{run(national, rpr(bold=True, size=size))}</w:p>",
        f"<w:p>{ppr(jc='center', before=0, after=0, line=240, left=motto_indent, right=motto_indent, border_bottom=True)}"
        f"{run(motto, rpr(bold=True, size=motto_size))}</w:p>",
    ]
    table.raw_row(table.cell_xml(0, "".join(left)) + table.cell_xml(1, "".join(right)))

    row2 = dict(jc="center", before=120, after=0, line=240)
    notes: list[tuple[str, str]] = []
    number_xml, blank_number = blank_runs(info.number_line, dict(size=13))
    if blank_number:
        notes.append((f"số văn bản ({info.number_line.strip()}), Văn thư ghi khi phát hành", "đầu văn bản"))
    number = f"<w:p>{ppr(**row2)}{number_xml}</w:p>"
    if BLANK.search(info.place_date):
        notes.append((f"ngày ký ({info.place_date.strip()})", "đầu văn bản"))
    when = f"<w:p>{ppr(**row2)}{OfficialDocument._place_date_runs(info.place_date, right_w)}</w:p>"
    table.raw_row(table.cell_xml(0, number) + table.cell_xml(1, when))
    return table.xml(), tuple(notes)


UNDATED = datetime(2025, 1, 1)  # a document written outside a run (tests, previews)
_BODY = "\uffff"  # where the body goes in document_xml(): a noncharacter, never in XML we write


__all__ = ["OfficialDocument", "HeaderInfo", "ClosingInfo", "FillIn", "Table", "W_NS", "R_NS", "BLANK"]
