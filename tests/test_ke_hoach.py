"""`dvht ke-hoach` end to end: the real command line in a subprocess, a real dvht.toml and plan file,
the .docx opened and its text and layout checked (Nghị định 30/2020: header block, title, headings,
body, timeline table, closing block, annexes)."""
from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from builders import run_cli, write_config
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "vi-du" / "ke-hoach-giai-doan.toml"
SAMPLE_CONFIG = REPO / "sample_data" / "dvht.toml"
DATE = re.compile(r"\b(\d{2})/(\d{1,2})/(\d{4})\b")
MONTH = re.compile(r"Tháng (\d{1,2})/(\d{4})")


# ------------------------------------------------------------------------------------------ reading the .docx


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Docx:
    """The body of a written document: its paragraphs (outside tables) and tables, in order."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as zf:
            self.root = etree.fromstring(zf.read("word/document.xml"))
        self.body = self.root.find(f"{W}body")

    @staticmethod
    def text(el) -> str:
        return "".join((t.text or "") if t.tag == f"{W}t" else " " for t in el.iter(f"{W}t", f"{W}br"))

    @property
    def paragraphs(self) -> list:
        return [p for p in self.body if p.tag == f"{W}p"]

    @property
    def tables(self) -> list:
        return [t for t in self.body if t.tag == f"{W}tbl"]

    def all_text(self) -> str:
        return squash(" ".join(self.text(p) for p in self.body.iter(f"{W}p")))

    def rows(self, table) -> list[list[str]]:
        return [[squash(" ".join(self.text(p) for p in c.iter(f"{W}p"))) for c in r.findall(f"{W}tc")]
                for r in table.findall(f"{W}tr")]

    def style(self, p) -> str | None:
        el = p.find(f"{W}pPr/{W}pStyle")
        return None if el is None else el.get(f"{W}val")

    def headings(self, level: int = 1) -> list[str]:
        return [squash(self.text(p)) for p in self.paragraphs if self.style(p) == f"VBHeading{level}"]

    def paragraph(self, starting: str):
        return next(p for p in self.body.iter(f"{W}p") if squash(self.text(p)).startswith(starting))

    def timeline(self) -> list[list[str]]:
        return next(self.rows(t) for t in self.tables if self.rows(t)[0][:2] == ["STT", "Nội dung công việc"])

    def calendar(self) -> list[list[str]]:
        return next(self.rows(t) for t in self.tables if self.rows(t)[0] == ["Số liệu", "Hạn gửi", "Số liệu", "Hạn gửi"])


def run_props(p) -> list[set[str]]:
    """For each run of a paragraph with text: its direct properties ('b', 'i', 'sup', 'sz=28'…)."""
    found = []
    for r in p.iter(f"{W}r"):
        if r.find(f"{W}t") is None:
            continue
        props = set()
        rpr = r.find(f"{W}rPr")
        if rpr is not None:
            props |= {"b"} if rpr.find(f"{W}b") is not None else set()
            props |= {"i"} if rpr.find(f"{W}i") is not None else set()
            sz = rpr.find(f"{W}sz")
            props |= {f"sz={sz.get(f'{W}val')}"} if sz is not None else set()
            va = rpr.find(f"{W}vertAlign")
            props |= {va.get(f"{W}val")} if va is not None else set()
        found.append(props)
    return found


def check_layout(doc: Docx, agency_upper: str) -> None:
    """What every KẾ HOẠCH shares: A4 and margins, header block, title, headings, body, closing block."""
    sect = doc.body.find(f"{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)  # A4 portrait, twips
    assert [round(int(margins.get(f"{W}{k}")) / 56.7) for k in ("top", "bottom", "left", "right")] == [20, 20, 30, 15]
    header = doc.rows(doc.tables[0])
    assert len(header[0]) == 2 and agency_upper in header[0][0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[0][1] and "Độc lập - Tự do - Hạnh phúc" in header[0][1]
    assert header[1][0].startswith("Số:") and "/KH-" in header[1][0]
    date_runs = run_props(doc.tables[0].findall(f"{W}tr")[1].findall(f"{W}tc")[1].find(f"{W}p"))
    assert all("i" in r for r in date_runs)  # place and date in italics
    kind = doc.paragraph("KẾ HOẠCH")
    assert doc.text(kind) == "KẾ HOẠCH" and kind.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    assert all("b" in r and "sz=28" in r for r in run_props(kind))
    for heading in doc.headings(1):
        assert re.match(r"[IVX]+\. ", heading) and heading == heading.upper()
    assert len([p for p in doc.paragraphs if doc.style(p) == "VBBody"]) >= 5
    closing = next(t for t in doc.tables if "Nơi nhận:" in doc.text(t))
    left = closing.find(f"{W}tr").findall(f"{W}tc")[0]
    first = left.find(f"{W}p")
    assert doc.text(first) == "Nơi nhận:" and {"b", "i"} <= run_props(first)[0]
    lines = [squash(doc.text(p)) for p in left.findall(f"{W}p")[1:]]
    assert all(x.startswith("- ") for x in lines) and all(x.endswith(";") for x in lines[:-1])
    assert lines[-1].startswith("- Lưu") and lines[-1].endswith(".")
    timeline = next(t for t in doc.tables if doc.text(t).startswith("STT"))
    assert timeline.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None  # header row repeated on every page


def dates_in(texts) -> list[date]:
    """Every dd/mm/yyyy and (as its first day) every 'Tháng m/yyyy' in the texts."""
    found = []
    for text in texts:
        found += [date(int(y), int(m), int(d)) for d, m, y in DATE.findall(text)]
        found += [date(int(y), int(m), 1) for m, y in MONTH.findall(text)]
    return found


def make_plan(folder: Path, config_kwargs: dict, plan_text: str | None, *args) -> tuple:
    folder.mkdir(parents=True, exist_ok=True)
    config = write_config(folder, **config_kwargs)
    if plan_text is not None:
        (folder / "ke_hoach.toml").write_text(plan_text, encoding="utf-8")
    proc = run_cli("ke-hoach", "--config", config, "--out", folder / "out", *args)
    return proc, folder / "out"


# ------------------------------------------------------------------------------------------ tests


def test_one_year_plan_with_defaults(tmp_path):
    proc, out = make_plan(tmp_path, {"van_ban": {"ngay": "05/12/2026", "so_ke_hoach": 3}}, None, "--nam", "2027")
    assert proc.returncode == 0, proc.stderr
    path = out / "2027" / "ke_hoach_2027.docx"
    assert f"Đã lập: {path}" in proc.stdout and "Dùng nội dung kế hoạch" not in proc.stdout
    doc = Docx(path)
    check_layout(doc, "SỞ TÀI CHÍNH")
    text = doc.all_text()
    assert "Số: 03/KH-STC" in text and "Quảng Ngãi, ngày 05 tháng 12 năm 2026" in text
    assert "KẾ HOẠCH Xây dựng “Đơn vị học tập” năm 2027" in text
    assert doc.headings() == ["I. MỤC ĐÍCH, YÊU CẦU", "II. TIÊU CHÍ ĐÁNH GIÁ", "III. NỘI DUNG THỰC HIỆN",
                              "IV. TỔ CHỨC THỰC HIỆN"]
    assert doc.headings(2)[:2] == ["1. Mục đích", "2. Yêu cầu"]
    assert "1. Văn phòng" in doc.headings(2) and "2. Các phòng" in doc.headings(2)
    # TT 22 was repealed on 26/01/2024: a 2027 plan does not cite it; the office writes the guidance it follows
    assert "Căn cứ Thông tư số 22/2020/TT-BGDĐT" not in text and "[Văn phòng ghi căn cứ: văn bản hướng dẫn" in text
    assert "Sở Tài chính ban hành Kế hoạch xây dựng “Đơn vị học tập” năm 2027 như sau:" in text
    for name in ("Văn phòng;", "Phòng Kế toán;", "Phòng Tổ chức hành chính."):
        assert name in text
    rows = doc.timeline()
    assert rows[1][1:3] == ["Ban hành, phổ biến Kế hoạch", "Tháng 01/2027"]
    assert ["Lập và phê duyệt kế hoạch tự học, tự bồi dưỡng của thành viên", "Trước ngày 28/02/2027"] == rows[2][1:3]
    assert rows[-1][1:] == ["Gửi hồ sơ tự đánh giá về Sở Giáo dục và Đào tạo", "Trước ngày 15/01/2028", "Văn phòng"]
    calendar = doc.calendar()
    assert calendar[1] == ["Tháng 01/2027", "05/02/2027", "Tháng 7/2027", "05/8/2027"]
    assert calendar[-1] == ["Tháng 6/2027", "05/7/2027", "Tháng 12/2027", "05/01/2028"]
    assert "- Lưu: VT, VP." in text and "Nguyễn Văn An" in text


def test_multi_year_plan_with_custom_sections(tmp_path):
    """The worked example of docs/ke-hoach.md, beside the sample agency's dvht.toml switched to the law in force
    for 2024–2030 (TT 24/2023): no warning, and nothing of the repealed TT 22 in the plan."""
    config = SAMPLE_CONFIG.read_text(encoding="utf-8").replace('bo_tieu_chi = "tt22-2020"', 'bo_tieu_chi = "tt24-2023"')
    (tmp_path / "dvht.toml").write_text(config, encoding="utf-8")
    shutil.copy(EXAMPLE, tmp_path / "ke_hoach.toml")
    proc = run_cli("ke-hoach", "--config", tmp_path / "dvht.toml", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "Cảnh báo" not in proc.stdout
    assert f"Dùng nội dung kế hoạch trong: {tmp_path / 'ke_hoach.toml'}" in proc.stdout
    doc = Docx(tmp_path / "out" / "2024-2030" / "ke_hoach_2024-2030.docx")
    check_layout(doc, "SỞ VĂN HÓA")
    text = doc.all_text()
    assert ("Thực hiện phong trào “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời” "
            "giai đoạn 2024–2030") in text
    assert re.search(r"An Phước, ngày\s+tháng 6 năm 2024", text) and "Số: /KH-SVHTT" in text
    assert doc.headings() == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG PHONG TRÀO", "III. TIÊU CHÍ ĐÁNH GIÁ “ĐƠN VỊ HỌC TẬP”",
                              "IV. GIẢI PHÁP THỰC HIỆN", "V. TIẾN ĐỘ THỰC HIỆN", "VI. KINH PHÍ THỰC HIỆN",
                              "VII. KHEN THƯỞNG", "VIII. TỔ CHỨC THỰC HIỆN"]
    basis = squash(doc.text(doc.paragraph("Thực hiện Kế hoạch số 45/KH-UBND")))
    assert basis.endswith("trên địa bàn tỉnh;") and "Thông tư số 22/2020" not in text.split("I. MỤC ĐÍCH")[0]
    assert "Sở Văn hóa và Thông tin xây dựng Kế hoạch thực hiện phong trào giai đoạn 2024–2030, cụ thể như sau:" in text
    assert ["1. Mục đích", "2. Yêu cầu"] == doc.headings(2)[:2]
    assert doc.headings(3) == ["a) Khen thưởng hằng năm", "b) Khen thưởng sơ kết, tổng kết"]
    assert "Văn phòng tổng hợp, đề xuất Giám đốc Sở" in text  # {dau_moi}
    assert "Giai đoạn 1 (2024–2025):" in text and "Giai đoạn 2 (2026–2030):" in text
    assert "1. Văn phòng" in doc.headings(2) and "2. Trưởng các phòng thuộc Sở" in doc.headings(2)
    bold = [r for p in doc.body.iter(f"{W}p") for r, props in zip(p.iter(f"{W}r"), run_props(p)) if "b" in props]
    assert any(Docx.text(r) == "trước ngày 10 tháng 12" for r in bold)
    rows = doc.timeline()
    assert ["Sơ kết giai đoạn 2024–2025", "Tháng 12/2025", "Văn phòng"] == rows[-2][1:]
    assert ["Báo cáo kết quả thực hiện năm gửi Sở Giáo dục và Đào tạo", "Trước ngày 10/12 hằng năm", "Văn phòng"] in [
        r[1:] for r in rows]
    full = [date(int(y), int(m), int(d)) for r in rows for d, m, y in DATE.findall(r[2])]
    assert full and min(full) > date(2024, 6, 30)  # day left blank: June may end on the 30th
    assert not any(r[:2] == ["Số liệu", "Hạn gửi"] for t in doc.tables for r in doc.rows(t))
    lines = [squash(doc.text(p)) for p in doc.paragraphs]
    annex = lines.index("Phụ lục I")
    assert doc.paragraphs[annex].find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert lines[annex + 1] == "KẾ HOẠCH TỰ HỌC, TỰ BỒI DƯỠNG NĂM ......"
    assert re.fullmatch(r"\(Kèm theo Kế hoạch số /KH-SVHTT ngày /6/2024 của Sở Văn hóa và Thông tin\)", lines[annex + 2])
    form = doc.rows(doc.tables[-1])
    assert form[0] == ["STT", "Nội dung học tập, bồi dưỡng", "Hình thức", "Thời gian", "Kết quả dự kiến"]
    assert [r[0] for r in form[1:]] == ["1", "2", "3"]
    archive = next(p for p in doc.body.iter(f"{W}p") if doc.text(p).startswith("- Lưu"))
    assert doc.text(archive) == "- Lưu: VT, VPĐTH." and "superscript" in run_props(archive)[1]
    recipients = [squash(doc.text(p)) for p in archive.getparent().findall(f"{W}p")]
    assert recipients[1:4] == ["- Sở Giáo dục và Đào tạo;", "- Lãnh đạo Sở;", "- Các phòng thuộc Sở;"]


AGENCY_WITHOUT_DEPARTMENTS = dict(
    departments=(), unit="PNV", name="Phòng Nội vụ", place="Tân An",
    don_vi={"co_quan_chu_quan": "UBND huyện Tân An", "ten_day_du": "Phòng Nội vụ huyện Tân An",
            "dau_moi": "Chuyên viên phụ trách công tác Đơn vị học tập"},
    nguoi_ky={"chuc_vu": "Trưởng phòng", "ho_ten": ""},
    noi_nhan=["Trưởng phòng", "Các Phó Trưởng phòng", "Lưu: VP"],
)


def test_agency_without_departments(tmp_path):
    plan = 'nam = 2023\nngay = "20/3/2023"\nso = 218\n'
    proc, out = make_plan(tmp_path, AGENCY_WITHOUT_DEPARTMENTS, plan)
    assert proc.returncode == 0, proc.stderr
    doc = Docx(out / "2023" / "ke_hoach_2023.docx")
    check_layout(doc, "PHÒNG NỘI VỤ")
    text = doc.all_text()
    header = doc.rows(doc.tables[0])
    assert header[0][0] == "UBND HUYỆN TÂN AN PHÒNG NỘI VỤ" and header[1] == ["Số: 218/KH-PNV",
                                                                           "Tân An, ngày 20 tháng 3 năm 2023"]
    assert "Phòng Nội vụ huyện Tân An ban hành Kế hoạch xây dựng “Đơn vị học tập” năm 2023 như sau:" in text
    assert "các phòng" not in text.lower() and "Văn phòng" not in text and "lãnh đạo phòng" not in text
    assert doc.headings(2)[-3:] == ["1. Chuyên viên phụ trách công tác Đơn vị học tập", "2. Thành viên",
                                    "3. Tiến độ thực hiện"]
    assert "thành viên phản ánh với chuyên viên phụ trách công tác Đơn vị học tập" in text
    rows = doc.timeline()
    assert {r[3] for r in rows[1:]} <= {"Chuyên viên phụ trách công tác Đơn vị học tập",
                                        "Thành viên, chuyên viên phụ trách công tác Đơn vị học tập"}
    closing = next(t for t in doc.tables if "Nơi nhận:" in Docx.text(t))
    signer = [squash(Docx.text(p)) for p in closing.find(f"{W}tr").findall(f"{W}tc")[1].findall(f"{W}p")]
    assert signer == ["TRƯỞNG PHÒNG", ""]  # the name is left for the hand
    # `dvht run` needs departments: a clear message, exit 2
    (tmp_path / "in").mkdir()
    proc = run_cli("run", tmp_path / "in", "--config", tmp_path / "dvht.toml", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "chưa có phòng nào" in proc.stderr and "Traceback" not in proc.stderr


def test_plan_issued_mid_year(tmp_path):
    """A plan dated 12/6/2024: no deadline on or before its date (the fixed calendar had six)."""
    proc, out = make_plan(tmp_path, {}, 'nam = 2024\nngay = "12/6/2024"\n[tien_do]\ngui_so_lieu = 7\n')
    assert proc.returncode == 0, proc.stderr
    doc = Docx(out / "2024" / "ke_hoach_2024.docx")
    check_layout(doc, "SỞ TÀI CHÍNH")
    rows = doc.timeline()
    assert rows[1][2] == "Tháng 6/2024" and rows[2][2] == "Trước ngày 27/6/2024"  # 15 days after the date
    assert "(từ số liệu tháng 6/2024)" in rows[3][2] and "(từ tháng 7/2024)" in rows[4][2]
    calendar = doc.calendar()
    pairs = [tuple(r[i:i + 2]) for i in (0, 2) for r in calendar[1:] if r[i]]
    assert pairs[0] == ("Tháng 6/2024", "07/7/2024") and pairs[-1] == ("Tháng 12/2024", "07/01/2025")
    deadlines = [d for r in calendar[1:] for d in dates_in([r[1], r[3]])]
    assert len(deadlines) == 7 and min(deadlines) > date(2024, 6, 12)
    contents = doc.all_text().split("III. NỘI DUNG THỰC HIỆN")[1].split("IV. TỔ CHỨC THỰC HIỆN")[0]
    assert "trong tháng 6 năm 2024" in contents and "trước ngày 27/6/2024" in contents
    assert "gửi Văn phòng trước ngày 07 của tháng kế tiếp" in contents and "ngày 05" not in contents
    assert rows[3][2].startswith("Trước ngày 07 của tháng kế tiếp")
    when = [r[2] for r in rows[1:]] + [contents]
    full = [date(int(y), int(m), int(d)) for text in when for d, m, y in DATE.findall(text)]
    months = [(int(y), int(m)) for text in when for m, y in MONTH.findall(text)]
    assert len(full) >= 3 and all(d > date(2024, 6, 12) for d in full)
    assert months and all(m >= (2024, 6) for m in months)


def test_blank_day_with_known_month(tmp_path):
    plan = ('nam = 2026\nngay = "3/2026"\n[nguoi_ky]\nho_ten = ""\n'
            '[[phu_luc]]\nten = "Mẫu 01"\ntieu_de = "Bản cam kết học tập suốt đời"\nnoi_dung = "Tôi cam kết …"\n')
    proc, out = make_plan(tmp_path, {"deputy": True}, plan)
    assert proc.returncode == 0, proc.stderr
    doc = Docx(out / "2026" / "ke_hoach_2026.docx")
    check_layout(doc, "SỞ TÀI CHÍNH")
    place = doc.rows(doc.tables[0])[1][1]
    assert re.fullmatch(r"Quảng Ngãi, ngày tháng 3 năm 2026", place)
    when = Docx.text(doc.tables[0].findall(f"{W}tr")[1].findall(f"{W}tc")[1])
    assert re.search(r"ngày {3,}tháng 3 năm 2026", when)  # room to write the day by hand
    rows = doc.timeline()
    assert rows[1][2] == "Tháng 3/2026" and rows[2][2] == "Trước ngày 15/4/2026"  # after 31/3, the month's last day
    assert doc.calendar()[1][:2] == ["Tháng 3/2026", "05/4/2026"]
    closing = next(t for t in doc.tables if "Nơi nhận:" in Docx.text(t))
    signer = [squash(Docx.text(p)) for p in closing.find(f"{W}tr").findall(f"{W}tc")[1].findall(f"{W}p")]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ""]
    lines = [squash(doc.text(p)) for p in doc.paragraphs]
    annex = lines.index("Mẫu 01")
    assert lines[annex + 1:annex + 4] == ["BẢN CAM KẾT HỌC TẬP SUỐT ĐỜI",
                                          "(Kèm theo Kế hoạch số /KH-STC ngày /3/2026 của Sở Tài chính)", "Tôi cam kết …"]
    assert "Phụ lục I" not in lines


@pytest.mark.parametrize("plan, expected", [
    ('nam = 2026\n[[muc]]\ntu_dong = "tieu_chii"\n', "dòng 3 ([[muc]] thứ 1, tu_dong): 'tieu_chii' không phải phần tự động"),
    ('nam = 2026\nngay = "31/2/2026"\n', "dòng 2 (ngay): '31/2/2026' không phải ngày"),
    ('giai_doan = "2030-2023"\n', "dòng 1 (giai_doan): giai đoạn 2030-2023: năm cuối phải sau năm đầu"),
    ('nam = 2026\n[tien_do]\nnop_ho_so = "15/01"\nnoi_nhan = ["A"]\n',
     "dòng 4 ([tien_do]): khóa 'noi_nhan' đang nằm trong bảng [tien_do]: chuyển dòng này lên đầu tệp"),
    ('nam = 2026\n\n[[nhiem_vu]]\nphong = "XYZ"\nviec = "Làm"\n',
     "dòng 4 ([[nhiem_vu]] thứ 1, phong): 'XYZ' không phải mã phòng trong dvht.toml (VP, KT, TCHC)"),
    ('nam = 2026\nmo_dau = "{don_vi} ban hành {nam_ke_hoach}"\n', "dòng 2 (mo_dau): '{nam_ke_hoach}' không phải chỗ thay thế"),
    ('nam = 2026\ntrich_yeu = “Kế hoạch”\n', "dòng 2 «trich_yeu = “Kế hoạch”»: dùng dấu ngoặc kép thẳng"),
    ('nam = 2026\nngay = "05/3/2027"\n', "ngày ban hành năm 2027 sau năm cuối của kế hoạch (2026)"),
])
def test_plan_file_mistakes_are_named_with_their_line(tmp_path, plan, expected):
    proc, out = make_plan(tmp_path, {}, plan)
    assert proc.returncode == 2, proc.stdout
    assert "Tệp kế hoạch" in proc.stderr and expected in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_year_missing_and_plan_file_missing(tmp_path):
    proc, _ = make_plan(tmp_path, {}, None)
    assert proc.returncode == 2 and "Chưa rõ năm của kế hoạch: ghi --nam" in proc.stderr
    proc = run_cli("ke-hoach", "--config", tmp_path / "dvht.toml", "--ke-hoach", tmp_path / "khong_co.toml", "--nam", "2026")
    assert proc.returncode == 2 and "Không tìm thấy tệp kế hoạch" in proc.stderr


def test_nam_wins_over_the_file_period(tmp_path):
    proc, out = make_plan(tmp_path, {"van_ban": {"ngay": "05/12/2026"}}, 'giai_doan = "2024-2030"\n', "--nam", "2027")
    assert proc.returncode == 0, proc.stderr
    assert "Xây dựng “Đơn vị học tập” năm 2027" in Docx(out / "2027" / "ke_hoach_2027.docx").all_text()


# ------------------------------------------------------------------------------------------ the timeline (pure)


@pytest.mark.parametrize("first, last", [(2024, 2024), (2024, 2030)])
def test_no_deadline_on_or_before_the_start_whatever_the_day(first, last):
    """Every day of the first year as the plan's date: each dated deadline of the table comes after it."""
    from datetime import timedelta

    from dvht_batch.plan.model import DayMonth, Deadlines
    from dvht_batch.plan.timeline import Who, build_timeline

    who = Who("Văn phòng", "Các phòng")
    deadlines = Deadlines(annual_report=DayMonth(10, 12))
    day = date(first, 1, 1)
    while day.year == first:
        t = build_timeline(first, last, day, deadlines, who)
        texts = [r[1] for r in t.rows] + [m[1] for m in t.months] + [t.self_study, t.dossier]
        dated = [date(int(y), int(m), int(d)) for text in texts for d, m, y in DATE.findall(text)]
        assert dated and all(d > day for d in dated), (day, texts)
        assert all((int(y), int(m)) >= (day.year, day.month) for text in texts for m, y in MONTH.findall(text))
        assert len(t.phases) == (0 if first == last else 2)
        day += timedelta(days=1)


def test_partial_dates_and_their_start():
    from dvht_batch.plan.model import PartialDate
    from dvht_batch.plan.timeline import start_date

    today = date(2026, 11, 26)
    assert squash(PartialDate(2026, 3).long_text()) == "ngày tháng 3 năm 2026"
    assert PartialDate(2026, 1, 5).long_text() == "ngày 05 tháng 01 năm 2026"
    assert start_date(PartialDate(2026, 3), 2026, today) == date(2026, 3, 31)
    assert start_date(PartialDate(2026, 2), 2026, today) == date(2026, 2, 28)
    assert start_date(PartialDate(2026), 2026, today) == today               # only the year: printed now
    assert start_date(PartialDate(2027), 2027, today) == date(2027, 1, 1)    # next year's plan
    assert start_date(PartialDate(2026, 12, 5), 2027, today) == date(2027, 1, 1)  # issued before its year


def test_body_name_serves_the_reports_too(tmp_path):
    """`ten_day_du` is the agency's name in the text of every document; the header keeps `ten`."""
    data = (REPO / "sample_data").resolve()
    config = tmp_path / "dvht.toml"
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    config.write_text(text.replace('ma = "SVHTT"', 'ma = "SVHTT"\nten_day_du = "Sở Văn hóa và Thông tin tỉnh An Phước"'),
                      encoding="utf-8")
    proc = run_cli("run", data, "--config", config, "--period", "2025-11", "--out", tmp_path / "out", "-q")
    assert proc.returncode == 0, proc.stderr
    doc = Docx(tmp_path / "out" / "2025-11" / "bao_cao_don_vi.docx")
    assert doc.rows(doc.tables[0])[0][0] == "UBND TỈNH AN PHƯỚC SỞ VĂN HÓA VÀ THÔNG TIN"
    body = doc.all_text()
    assert "Sở Văn hóa và Thông tin tỉnh An Phước báo cáo" in body
    assert "của Sở Văn hóa và Thông tin tỉnh An Phước./." in body


def test_the_head_signs_the_plan_himself(tmp_path):
    """dvht.toml has a deputy sign the reports (KT.); the plan file lets the director sign the plan."""
    plan = 'nam = 2027\n[nguoi_ky]\nquyen_han = ""\nho_ten = "Trần Văn Lộc"\n'
    proc, out = make_plan(tmp_path, {"deputy": True, "van_ban": {"ngay": "05/01/2027"}}, plan)
    assert proc.returncode == 0, proc.stderr
    doc = Docx(out / "2027" / "ke_hoach_2027.docx")
    closing = next(t for t in doc.tables if "Nơi nhận:" in Docx.text(t))
    signer = [squash(Docx.text(p)) for p in closing.find(f"{W}tr").findall(f"{W}tc")[1].findall(f"{W}p")]
    assert signer == ["GIÁM ĐỐC", "Trần Văn Lộc"]
