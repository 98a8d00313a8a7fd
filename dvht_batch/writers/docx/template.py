"""The prepared base package every document is filled into, built once per process by our code.

python-docx's default template carries ~790 KB of styles nobody uses, re-compressed for every
document (the measured cause of slowness). This package holds only what our documents use: the
styles (Times New Roman on ascii/hAnsi/eastAsia/cs, no theme fonts), A4 portrait with the
Nghị định 30/2020 margins, a page-number header (PAGE field, centred, 13 pt) and an empty
first-page header (`titlePg`: no number on page 1). It is kept in memory as bytes.
"""
from __future__ import annotations

import io
import zipfile
from functools import lru_cache

from dvht_batch.writers.docx.ooxml import esc

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "Times New Roman"
HEADER_DEFAULT_RID = "rIdHdrDefault"
HEADER_FIRST_RID = "rIdHdrFirst"

_XML_DECL = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
_LANG = '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'


def _rpr(size_half_points: int | None = None, bold: bool = False, italic: bool = False) -> str:
    parts = [_FONTS]
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if size_half_points:
        parts.append(f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _pstyle(style_id: str, name: str, ppr: str, rpr: str, based_on: str | None = "Normal",
            next_style: str | None = None, default: bool = False) -> str:
    attrs = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (f'<w:style w:type="paragraph"{attrs} w:styleId="{style_id}"><w:name w:val="{name}"/>{based}{nxt}'
            f'<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>')


def _tbl_style(style_id: str, name: str, borders: bool, default: bool = False) -> str:
    if borders:
        edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
        bdr = "".join(f"<w:{e} {edge}/>" for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    else:
        bdr = "".join(f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    attrs = ' w:default="1"' if default else ""
    return (f'<w:style w:type="table"{attrs} w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>{_rpr()}'
            f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{bdr}</w:tblBorders>'
            '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>')


# Paragraph spacing of body text: 6 pt after, line spacing 1.2 (w:line 288 of 240).
BODY_PPR = ('<w:widowControl/><w:spacing w:before="0" w:after="120" w:line="288" w:lineRule="auto"/>'
            '<w:ind w:firstLine="720"/><w:jc w:val="both"/>')
_TABLE_PPR = '<w:spacing w:before="24" w:after="24" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>'
_TABLE_HEAD_PPR = '<w:keepNext/><w:spacing w:before="24" w:after="24" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>'

# style id -> (name, kind); the tests check every style here carries the four rFonts.
def styles_xml() -> str:
    styles = [
        _pstyle("Normal", "Normal", '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
                _rpr(28), based_on=None, default=True),
        f'<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
        f'<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>{_rpr()}</w:style>',
        _pstyle("VBBody", "VB Thân văn bản", BODY_PPR, _rpr(28)),
        _pstyle("VBHeading1", "VB Mục I", '<w:keepNext/><w:keepLines/><w:widowControl/>'
                '<w:spacing w:before="120" w:after="120" w:line="288" w:lineRule="auto"/><w:ind w:firstLine="720"/>'
                '<w:jc w:val="both"/><w:outlineLvl w:val="0"/>', _rpr(28, bold=True), next_style="VBBody"),
        _pstyle("VBHeading2", "VB Mục 1", '<w:keepNext/><w:keepLines/><w:widowControl/>'
                '<w:spacing w:before="60" w:after="120" w:line="288" w:lineRule="auto"/><w:ind w:firstLine="720"/>'
                '<w:jc w:val="both"/><w:outlineLvl w:val="1"/>', _rpr(28, bold=True), next_style="VBBody"),
        _pstyle("VBHeading3", "VB Mục a", '<w:keepNext/><w:keepLines/><w:widowControl/>'
                '<w:spacing w:before="0" w:after="120" w:line="288" w:lineRule="auto"/><w:ind w:firstLine="720"/>'
                '<w:jc w:val="both"/><w:outlineLvl w:val="2"/>', _rpr(28, bold=True, italic=True), next_style="VBBody"),
        _pstyle("VBCenter", "VB Căn giữa", '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                '<w:jc w:val="center"/>', _rpr(28)),
        _pstyle("VBTable", "VB Bảng", _TABLE_PPR, _rpr(24)),
        _pstyle("VBTableHead", "VB Bảng tiêu đề", _TABLE_HEAD_PPR, _rpr(24, bold=True), based_on="VBTable"),
        _pstyle("VBTableSmall", "VB Bảng nhỏ", _TABLE_PPR, _rpr(22)),
        _pstyle("VBTableSmallHead", "VB Bảng nhỏ tiêu đề", _TABLE_HEAD_PPR, _rpr(22, bold=True), based_on="VBTableSmall"),
        _pstyle("VBHeader", "VB Đầu trang", '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                '<w:jc w:val="center"/>', _rpr(26)),
        _tbl_style("TableNormal", "Normal Table", borders=False, default=True),
        _tbl_style("VBGrid", "VB Bảng lưới", borders=True),
    ]
    return (_XML_DECL + f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:docDefaults><w:rPrDefault>'
            f'<w:rPr>{_FONTS}<w:sz w:val="28"/><w:szCs w:val="28"/>{_LANG}</w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            "</w:docDefaults>" + "".join(styles) + "</w:styles>")


def _mm(value: float) -> int:
    return round(value * 1440 / 25.4)


def sect_pr(margins_mm: tuple[float, ...], landscape: bool = False,
            title_page: bool = True, next_page: bool = False) -> str:
    """A `w:sectPr`: A4, margins (top, bottom, left, right) in mm; both headers referenced."""
    top, bottom, left, right = (_mm(m) for m in margins_mm)
    w, h = (16838, 11906) if landscape else (11906, 16838)
    orient = ' w:orient="landscape"' if landscape else ""
    kind = '<w:type w:val="nextPage"/>' if next_page else ""
    return (f'<w:sectPr><w:headerReference w:type="default" r:id="{HEADER_DEFAULT_RID}"/>'
            f'<w:headerReference w:type="first" r:id="{HEADER_FIRST_RID}"/>{kind}'
            f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="567" w:footer="567" w:gutter="0"/>'
            f'<w:cols w:space="720"/>{"<w:titlePg/>" if title_page else ""}<w:docGrid w:linePitch="360"/></w:sectPr>')


def _header_xml(with_page_number: bool) -> str:
    rpr = _rpr(26)
    if with_page_number:
        content = (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
                   f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                   f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                   f'<w:r>{rpr}<w:t>2</w:t></w:r>'
                   f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')
    else:
        content = ""
    return (_XML_DECL + f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="VBHeader"/><w:jc w:val="center"/></w:pPr>'
            f"{content}</w:p></w:hdr>")


_CT = "application/vnd.openxmlformats-officedocument"
_CONTENT_TYPES = (
    _XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_CT}.wordprocessingml.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_CT}.wordprocessingml.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_CT}.wordprocessingml.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{_CT}.wordprocessingml.fontTable+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{_CT}.wordprocessingml.header+xml"/>'
    f'<Override PartName="/word/header2.xml" ContentType="{_CT}.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
    "</Types>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROOT_RELS = (
    _XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_DOC_RELS = (
    _XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="{HEADER_DEFAULT_RID}" Type="{_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="{HEADER_FIRST_RID}" Type="{_REL}/header" Target="header2.xml"/>'
    "</Relationships>"
)
_SETTINGS = (
    _XML_DECL + f'<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>'
)
_FONT_TABLE = (
    _XML_DECL + f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)
_CORE = (
    _XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title/><dc:creator>dvht_batch</dc:creator>'
    '<cp:lastModifiedBy>dvht_batch</cp:lastModifiedBy><cp:revision>1</cp:revision></cp:coreProperties>'
)
_APP = (
    _XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>dvht_batch</Application></Properties>"
)
DEFAULT_MARGINS_MM = (20.0, 20.0, 30.0, 15.0)  # top, bottom, left, right (Nghị định 30/2020)


def document_xml(body_xml: str = "", margins_mm: tuple[float, ...] = DEFAULT_MARGINS_MM,
                 title_page: bool = True, landscape: bool = False) -> str:
    return (_XML_DECL + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body_xml}'
            f"{sect_pr(margins_mm, landscape=landscape, title_page=title_page)}</w:body></w:document>")


@lru_cache(maxsize=1)
def static_parts() -> tuple[tuple[str, bytes], ...]:
    """Every part but word/document.xml and docProps/core.xml, serialised once per process."""
    return tuple((name, text.encode("utf-8")) for name, text in (
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _ROOT_RELS),
        ("word/_rels/document.xml.rels", _DOC_RELS),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", _SETTINGS),
        ("word/fontTable.xml", _FONT_TABLE),
        ("word/header1.xml", _header_xml(True)),
        ("word/header2.xml", _header_xml(False)),
        ("docProps/app.xml", _APP),
    ))


_CUSTOM_CT = '<Override PartName="/docProps/custom.xml" ContentType="' + _CT + '.custom-properties+xml"/>'
_CUSTOM_REL = f'<Relationship Id="rId4" Type="{_REL}/custom-properties" Target="docProps/custom.xml"/>'
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id of custom properties


def with_custom_properties(parts: dict[str, bytes], properties: dict[str, str]) -> dict[str, bytes]:
    """The package parts that change when the document has custom (text) properties: the content
    types and root relationships gain docProps/custom.xml, which holds them."""
    entries = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{esc(name)}"><vt:lpwstr>{esc(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(sorted(properties.items()), start=2))
    custom = (_XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              f"{entries}</Properties>")
    return {
        "[Content_Types].xml": parts["[Content_Types].xml"].replace(b"</Types>", _CUSTOM_CT.encode() + b"</Types>"),
        "_rels/.rels": parts["_rels/.rels"].replace(b"</Relationships>", _CUSTOM_REL.encode() + b"</Relationships>"),
        "docProps/custom.xml": custom.encode("utf-8"),
    }


@lru_cache(maxsize=4)
def template_bytes(margins_mm: tuple[float, float, float, float] = DEFAULT_MARGINS_MM) -> bytes:
    """The prepared base .docx (≈ 4 KB), built once per process and margin setting."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in static_parts()[:1]:
            zf.writestr(name, data)
        zf.writestr("word/document.xml", document_xml(margins_mm=margins_mm))
        for name, data in static_parts()[1:]:
            zf.writestr(name, data)
        zf.writestr("docProps/core.xml", _CORE)
    return buf.getvalue()
