"""TT 24/2023 (levels scheme): the bundled rule set, indicators at their thresholds, and the real CLI
end to end on workbooks written here with openpyxl (docs/quy-tac.md §3, docs/hop-dong.md §2–§6).

The data set (year 2025, agency STC, three departments):
  VP 20 members (+1 excluded), KT 20 members, TCHC missing; unit workbook with every Tiêu chí 1
  indicator and 3.2 "Đạt", collective title "Tập thể lao động tiên tiến".
  2.1 discipline 39/40 = 97,5 %   2.2 training 38/40 = 95 %   2.3 plan 40/40
  3.1 Công dân học tập 37/40 = 92,5 % → Mức độ 1 passes (≥ 90 %), Mức độ 2 fails (< 95 %)
  3.3 TTLĐTT → Mức độ 1 passes, Mức độ 2 (TTLĐXS) fails
  → "Mức độ 1", indicators blocking Mức độ 2: 3.1 and 3.3.
"""
from __future__ import annotations

import json
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from builders import run_cli, write_config
from openpyxl import Workbook, load_workbook

from dvht_batch.models import Member, PlanStatus, Title, UnitInput
from dvht_batch.rules import load_rule_set
from dvht_batch.assess.scoring import score_population

ROOT = Path(__file__).resolve().parent.parent
TT24 = load_rule_set("tt24-2023")

# the agency of the module docstring, in An Phước; a deputy signs; write_config(folder, rule_set=…, **AGENCY)
AGENCY = {"place": "An Phước", "deputy": True, "don_vi": {"co_quan_chu_quan": "UBND tỉnh An Phước"},
          "danh_gia": {"noi_nhan": ["Sở Giáo dục và Đào tạo (b/c)", "Lưu: VT, VP"]}}

TT24_HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Kế hoạch tự học", "Tuân thủ kỷ luật",
                "Hoàn thành bồi dưỡng", "Công dân học tập", "Không tính", "Ghi chú"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đào", "Giang", "Hà", "Hải", "Hoa", "Khánh", "Lan", "Long", "Mai", "Nam",
         "Nga", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thảo"]


def _info_sheet(wb: Workbook, department: str | None, title: str = "Tập thể lao động tiên tiến") -> None:
    ws = wb.active
    ws.title = "Thong_tin"
    rows = [["Mã đơn vị", "STC"]]
    if department:
        rows += [["Mã phòng", department], ["Tên phòng", department]]
    rows += [["Kỳ báo cáo", "2025"], ["Ngày lập", "20/12/2025"], ["Người lập", "Trần Thị Bình"],
             ["Danh hiệu tập thể", title]]
    for row in rows:
        ws.append(row)


def department_workbook(path: Path, department: str, members: list[dict], headers=TT24_HEADERS) -> Path:
    wb = Workbook()
    _info_sheet(wb, department)
    ws = wb.create_sheet("Thanh_vien")
    ws.append(headers)
    for i, m in enumerate(members, start=1):
        ws.append([i if h == "STT" else m.get(h) for h in headers])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def unit_workbook(path: Path, passed: dict[str, str], title: str = "Tập thể lao động tiên tiến") -> Path:
    wb = Workbook()
    _info_sheet(wb, None, title)
    ws = wb.create_sheet("Tieu_chi")
    ws.append(["Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Đạt", "Minh chứng"])
    for c in TT24.unit_input_criteria():
        ws.append([c.code, c.text, None, None, passed.get(c.code, "Đạt"), f"Văn bản minh chứng chỉ tiêu {c.code}"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def person(dept: str, i: int, *, discipline="Có", training="Có", citizen="Có", plan="Đã phê duyệt",
           excluded=None) -> dict:
    return {"Họ và tên": f"{'Nguyễn Văn' if i % 2 else 'Lê Thị'} {GIVEN[i % len(GIVEN)]} {dept}{i}",
            "Năm sinh": 1980 + i, "Giới tính": "Nam" if i % 2 else "Nữ", "Chức vụ": "Chuyên viên",
            "Kế hoạch tự học": plan, "Tuân thủ kỷ luật": discipline, "Hoàn thành bồi dưỡng": training,
            "Công dân học tập": citizen, "Không tính": excluded}


def make_dataset(root: Path, *, citizens_missing: int = 3, discipline_missing: int = 1,
                 unit_title: str = "Tập thể lao động tiên tiến", rules: str = "tt24-2023",
                 unit_passed: dict[str, str] | None = None) -> Path:
    """The data set of the module docstring; knobs change how many members lack what."""
    root.mkdir(parents=True, exist_ok=True)
    write_config(root, rule_set=rules, **AGENCY)
    vp = [person("VP", i, citizen="Không" if i < citizens_missing else "Có",
                 discipline="Không" if i < discipline_missing else "Có") for i in range(20)]
    vp.append(person("VP", 20, citizen="Không", training="Không", excluded="Nghỉ thai sản"))
    kt = [person("KT", i, training="Không" if i < 2 else "Có") for i in range(20)]
    department_workbook(root / "phong" / "VP_2025.xlsx", "VP", vp)
    department_workbook(root / "phong" / "KT_2025.xlsx", "KT", kt)
    unit_workbook(root / "don_vi" / "STC_2025.xlsx", unit_passed or {}, unit_title)
    return root


def run_dataset(data: Path, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    """`python -m dvht_batch run DATA --config DATA/dvht.toml --out DATA/../ket_qua …` → (process, output folder)."""
    out = data.parent / "ket_qua"
    proc = run_cli("run", data, "--config", data / "dvht.toml", "--out", out, *extra, cwd=data.parent)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc, out / "2025"


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)


# ----------------------------------------------------------------------------- the bundled rule set


def test_bundled_tt24_shape():
    assert (TT24.id, TT24.scheme, TT24.levels) == ("tt24-2023", "levels", (1, 2))
    assert [c.code for c in TT24.criteria] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2",
                                              "3.1", "3.2", "3.3"]  # 2.3 was a guess: not the circular's
    assert [g.code for g in TT24.groups] == ["1", "2", "3"]
    kinds = {c.code: c.kind for c in TT24.criteria}
    assert all(kinds[f"1.{i}"] == "unit_input" for i in range(1, 6)) and kinds["3.2"] == "unit_input"
    by = {c.code: c for c in TT24.criteria}
    assert (by["2.1"].column, by["2.2"].column, by["3.1"].column) == \
        ("tuan_thu_ky_luat", "hoan_thanh_boi_duong", "cong_dan_hoc_tap")
    assert by["2.1"].level_targets == {1: Decimal("0.90"), 2: Decimal("0.90")}
    assert by["3.1"].level_targets == {1: Decimal("0.90"), 2: Decimal("0.95")}
    assert by["3.3"].level_titles == {1: Title.TTLDTT, 2: Title.TTLDXS}
    assert [c.code for c in TT24.criteria if c.unconfirmed] == []
    assert [(g.code, g.missing_levels) for g in TT24.groups if g.missing_levels] == [("2", (1, 2))]
    assert [c.code for c in TT24.criteria if c.unconfirmed_levels] == ["2.1", "2.2"]  # 3.2 settled: asked at both
    assert by["3.1"].level_articles == {1: "khoản 3 Điều 12", 2: "khoản 3 Điều 13"}
    assert all(c.levels == (1, 2) for c in TT24.criteria)
    assert "24/2023/TT-BGDĐT" in TT24.legal_basis and TT24.fail_class == "Chưa đạt"
    # "Công dân học tập", not NL1…NL8
    assert TT24.member_columns() == {"tuan_thu_ky_luat", "hoan_thanh_boi_duong", "cong_dan_hoc_tap"}


def test_bundled_file_marks_unconfirmed_content_in_comments():
    text = (ROOT / "dvht_batch" / "rules" / "tt24-2023.toml").read_text(encoding="utf-8")
    assert text.count("CHƯA XÁC NHẬN") >= 2  # the legal basis's date and the further indicators of Tiêu chí 2
    assert "chua_xac_nhan = true" in text


# ----------------------------------------------------------------------------- indicators at their edges


def tt24_member(discipline=True, training=True, plan=True, citizen=True, excluded=None) -> Member:
    answers = {"tuan_thu_ky_luat": discipline, "hoan_thanh_boi_duong": training, "cong_dan_hoc_tap": citizen,
               "ke_hoach_tu_hoc": PlanStatus.APPROVED if plan else PlanStatus.REGISTERED}
    return Member(department="VP", row=2, name="Nguyễn Văn A", answers=answers, excluded_reason=excluded)


ALL_UNIT_INPUTS = {c.code: UnitInput(c.code, passed=True, evidence="KH số 1") for c in TT24.unit_input_criteria()}


def score(members, inputs=None, title=Title.TTLDXS):
    return score_population(TT24, members, ALL_UNIT_INPUTS if inputs is None else inputs, title)


def population(n: int, **failing: int) -> list[Member]:
    """n members; `failing` gives, per answer, how many of them lack it (the first ones)."""
    return [tt24_member(**{k: i >= v for k, v in failing.items()}) for i in range(n)]


def test_discipline_89_99_percent_fails_and_90_percent_passes():
    low = score(population(10_000, discipline=1_001))   # 8 999 / 10 000 = 89,99 %
    assert low.by_code()["2.1"].passed_levels == {1: False, 2: False}
    assert (low.classification, low.failing) == ("Chưa đạt", ["2.1"])
    edge = score(population(10_000, discipline=1_000))  # exactly 90 %
    assert edge.by_code()["2.1"].passed_levels == {1: True, 2: True}
    assert (edge.classification, edge.failing) == ("Mức độ 2", [])


def test_citizens_between_the_two_levels():
    at_95 = score(population(20, citizen=1))             # 19/20 = 95 %
    assert (at_95.classification, at_95.failing) == ("Mức độ 2", [])
    below_95 = score(population(10_000, citizen=501))    # 94,99 %
    assert below_95.by_code()["3.1"].passed_levels == {1: True, 2: False}
    assert (below_95.classification, below_95.failing) == ("Mức độ 1", ["3.1"])
    below_90 = score(population(10, citizen=2))          # 80 %
    assert (below_90.classification, below_90.failing) == ("Chưa đạt", ["3.1"])


def test_excluded_members_leave_the_denominator():
    members = population(9, citizen=0) + [tt24_member(citizen=False, excluded="Nghỉ thai sản")]
    result = score(members).by_code()["3.1"]
    assert (result.count, result.denominator) == (9, 9)


def test_collective_title_per_level():
    assert score(population(10), title=Title.TTLDTT).failing == ["3.3"]
    assert score(population(10), title=Title.TTLDTT).classification == "Mức độ 1"
    assert score(population(10), title=Title.CO_TINH).classification == "Mức độ 2"
    for title in (Title.PENDING, Title.NONE, None):
        assert score(population(10), title=title).classification == "Chưa đạt"


def test_unit_inputs_must_be_passed_and_present():
    missing = dict(ALL_UNIT_INPUTS)
    del missing["1.3"]
    result = score(population(10), missing)
    assert (result.classification, result.failing) == ("Chưa đạt", ["1.3"])
    assert result.by_code()["1.3"].note == "Chưa có kết quả tự đánh giá của đơn vị"
    failed = {**ALL_UNIT_INPUTS, "3.2": UnitInput("3.2", passed=False)}
    assert score(population(10), failed).failing == ["3.2"]


def test_no_members_fail_every_member_indicator():
    result = score([])
    assert result.classification == "Chưa đạt"
    assert result.failing == ["2.1", "2.2", "3.1"]


# ----------------------------------------------------------------------------- the real CLI, end to end


@pytest.fixture(scope="module")
def json_run(tmp_path_factory):
    data = make_dataset(tmp_path_factory.mktemp("tt24") / "du_lieu")
    proc, out = run_dataset(data, "--no-docx", "-q")
    return proc, out


def test_cli_json_levels_result(json_run):
    proc, out = json_run
    assert proc.returncode == 0, proc.stderr
    res = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))
    assert (res["contract"], res["period"], res["rule_set"], res["rule_set_version"]) == (1, "2025", "tt24-2023", "2023.3")
    unit = res["unit"]
    assert (unit["members"], unit["excluded"], unit["total"]) == (40, 1, None)
    assert (unit["classification"], unit["failing"]) == ("Mức độ 1", ["3.1", "3.3"])
    # additive: the bundled file leaves a requirement of each level unconfirmed, so documents conclude nothing
    assert (unit["concluded"], unit["unconfirmed_levels"], unit["tier"]) == (None, [1, 2], "tinh")
    crit = unit["criteria"]
    assert list(crit) == [c.code for c in TT24.criteria]
    assert crit["3.1"] == {"count": 37, "denominator": 40, "passed": False, "passed_levels": {"1": True, "2": False}}
    assert (crit["2.1"]["count"], crit["2.2"]["count"]) == (39, 38) and "2.3" not in crit
    assert crit["1.1"] == {"passed": True, "passed_levels": {"1": True, "2": True},
                           "evidence": "Văn bản minh chứng chỉ tiêu 1.1"}
    assert crit["3.3"]["passed_levels"] == {"1": True, "2": False}
    assert crit["3.3"]["evidence"] == "Tập thể lao động tiên tiến"
    assert not any("points" in c for c in crit.values())
    depts = {d["code"]: d for d in res["departments"]}
    assert {c: d["status"] for c, d in depts.items()} == {"VP": "accepted", "KT": "accepted", "TCHC": "missing"}
    assert depts["VP"]["criteria"]["3.1"]["count"] == 17 and depts["VP"]["members"] == 20
    assert depts["KT"]["criteria"]["3.1"]["passed_levels"] == {"1": True, "2": True}
    assert {f["status"] for f in res["files"]} == {"accepted"}
    assert not (out / "bao_cao_don_vi.docx").exists()


def _rows(ws) -> list[list]:
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def test_cli_consolidated_workbook(json_run):
    _, out = json_run
    wb = load_workbook(out / "tong_hop.xlsx")
    rows = _rows(wb["Tong_hop"])
    head = next(r for r in rows if r[0] == "Mã")
    by_code = {r[0]: dict(zip(head, r)) for r in rows if r[0] in {c.code for c in TT24.criteria}}
    assert (by_code["3.1"]["Mức độ 1"], by_code["3.1"]["Mức độ 2"]) == ("Đạt", "Không đạt")
    assert by_code["2.1"]["Kết quả"] == "Đạt" and by_code["2.1"]["Số đạt"] == 39
    assert by_code["1.1"]["Minh chứng / Ghi chú"] == "Văn bản minh chứng chỉ tiêu 1.1"
    labels = {r[1]: r[2] for r in rows if r[0] is None and r[1]}
    assert labels["Kết quả công nhận"] == "Mức độ 1"
    assert labels["Chỉ tiêu chưa đạt (chặn mức tiếp theo)"] == "3.1, 3.3"
    dept_rows = _rows(wb["Theo_phong"])
    dhead = dept_rows[0]
    level = {r[0] or r[1]: r[dhead.index("3.1: kết quả")] for r in dept_rows[1:] if r[0] or r[1]}
    assert (level["VP"], level["KT"], level["Toàn đơn vị"]) == ("Chưa đạt", "Mức độ 2", "Mức độ 1")
    members = _rows(wb["Thanh_vien"])[0]
    assert "Công dân học tập" in members and "NL1" not in members


@pytest.fixture(scope="module")
def docx_run(tmp_path_factory):
    data = make_dataset(tmp_path_factory.mktemp("tt24_docx") / "du_lieu")
    return run_dataset(data, "-q")


def test_cli_report_is_a_self_assessment_for_recognition(docx_run):
    """A levels year: the Sở receives the dossier, so the year's BÁO CÁO is the dossier's self-assessment report
    (one document, one signer, one number), not a second report (docs/ho-so.md)."""
    proc, out = docx_run
    assert proc.returncode == 0, proc.stderr
    assert (out / "bao_cao_don_vi.docx").read_bytes() == (out / "ho_so" / "2_bao_cao_tu_danh_gia.docx").read_bytes()
    text = re.sub(r"\s+", " ", docx_text(out / "bao_cao_don_vi.docx"))
    assert "Kết quả tự đánh giá “Đơn vị học tập” cấp tỉnh năm 2025" in text
    assert "Căn cứ Thông tư số 24/2023/TT-BGDĐT" in text
    assert "tt24-2023" not in text and "phiên bản" not in text  # the rule set's id stays in tong_hop.xlsx
    # the bundled file leaves requirements of both levels unconfirmed: no level concluded, none requested
    assert "như nêu tại Mục II và Phụ lục I" in text and "tự đánh giá đạt" not in text
    assert "chưa đề nghị công nhận" in text and "trình Chủ tịch Ủy ban nhân dân tỉnh công nhận" not in text
    assert "Chỉ tiêu 3.1. Thành viên đạt danh hiệu “Công dân học tập”: có 37/40 thành viên đạt (92,50%)" in text
    # a document meant for signing carries no note about unconfirmed law (those go to the console and Kiem_tra)
    assert "[Văn phòng đối chiếu" not in text and "xác nhận" not in text and "đối chiếu" not in text
    # the levels scheme's vocabulary: recognition at a level, never points or "xếp loại"
    assert "điểm" not in text.split("II. KẾT QUẢ")[1].split("III.")[0].lower().replace("thời điểm", "")
    assert "xếp loại" not in text.lower() and "tự chấm" not in text.lower()
    assert (out / "bao_cao_phong" / "bao_cao_VP.docx").is_file() and (out / "bao_cao_phong" / "bao_cao_KT.docx").is_file()


def test_cli_report_summary_table(docx_run):
    import docx

    _, out = docx_run
    document = docx.Document(out / "bao_cao_don_vi.docx")
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Mã" and "Yêu cầu" in
                 [c.text for c in t.rows[0].cells])
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Mã", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Kết quả", "Tỷ lệ", "Đánh giá", "Minh chứng, ghi chú"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["1.1"][5] == "Đạt" and by_code["1.1"][6] == "Văn bản minh chứng chỉ tiêu 1.1"
    # a confirmed requirement with its article, an unconfirmed one by its article only; the verdict on
    # confirmed levels only
    assert by_code["2.1"][2:6] == ["Mức độ 1: tối thiểu 90% (khoản 2 Điều 12, khoản 2 Điều 6); Mức độ 2: theo khoản 2 "
                                   "Điều 13, khoản 2 Điều 7 Thông tư số 24/2023/TT-BGDĐT", "39/40", "97,50%",
                                   "Đạt Mức độ 1"]
    assert by_code["3.1"][2:6] == ["Mức độ 1: tối thiểu 90% (khoản 3 Điều 12); Mức độ 2: tối thiểu 95% (khoản 3 Điều "
                                   "13 Thông tư số 24/2023/TT-BGDĐT)", "37/40", "92,50%", "Đạt Mức độ 1"]
    assert by_code["3.3"][5] == "Đạt Mức độ 1"
    assert by_code["3"][1] == "Tác dụng của việc xây dựng “Đơn vị học tập”"  # group rows: the three tiêu chí
    assert all(r[0] != "Kết quả chung" for r in rows)  # no level concluded under the bundled file


@pytest.mark.parametrize("knobs,expected", [
    ({"citizens_missing": 2, "unit_title": "TTLĐXS"}, ("Mức độ 2", [])),           # 38/40 = 95 %
    ({"unit_passed": {"1.4": "Không"}}, ("Chưa đạt", ["1.4"])),
    ({"discipline_missing": 5}, ("Chưa đạt", ["2.1"])),                          # 35/40 = 87,5 %
])
def test_cli_classification(tmp_path, knobs, expected):
    data = make_dataset(tmp_path / "du_lieu", **knobs)
    proc, out = run_dataset(data, "--no-docx", "-q")
    assert proc.returncode == 0, proc.stderr
    unit = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))["unit"]
    assert (unit["classification"], unit["failing"]) == expected


def test_cli_validation_follows_the_rule_set(tmp_path):
    """tt24 requires "Công dân học tập" (not NL1…NL8); tt22 the other way round."""
    data = make_dataset(tmp_path / "du_lieu")
    tt22_headers = [h for h in TT24_HEADERS if h != "Công dân học tập"] + ["NL1"]
    department_workbook(data / "phong" / "KT_2025.xlsx", "KT", [person("KT", i) for i in range(3)], tt22_headers)
    proc, out = run_dataset(data, "--no-docx", "-q")
    assert proc.returncode == 0, proc.stderr
    res = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))
    kt = next(f for f in res["files"] if f["path"] == "phong/KT_2025.xlsx")
    assert kt["status"] == "rejected"
    assert any("Công dân học tập" in e["message"] for e in kt["errors"])
    vp = next(f for f in res["files"] if f["path"] == "phong/VP_2025.xlsx")
    assert vp["status"] == "accepted"  # no NL1…NL8 columns needed under tt24

    write_config(data, rule_set="tt22-2020", **AGENCY)
    proc, out = run_dataset(data, "--no-docx", "-q")
    res = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))
    vp = next(f for f in res["files"] if f["path"] == "phong/VP_2025.xlsx")
    assert vp["status"] == "rejected" and any("NL1" in e["message"] for e in vp["errors"])


def test_cli_blank_templates(tmp_path):
    proc = run_cli("templates", "--blank", "--rules", "tt24-2023", "--out", tmp_path, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    dept = load_workbook(tmp_path / "mau_phong_tt24-2023.xlsx")["Thanh_vien"]
    headers = [c.value for c in dept[1]]
    assert "Công dân học tập" in headers and not any(str(h).startswith("NL") for h in headers)
    unit = load_workbook(tmp_path / "mau_don_vi_tt24-2023.xlsx")
    rows = _rows(unit["Tieu_chi"])
    assert rows[0][4] == "Đạt" and [r[0] for r in rows[1:]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "3.2"]
    info = {r[0]: r[2] for r in _rows(unit["Thong_tin"])}
    assert "chỉ tiêu 3.3" in info["Danh hiệu tập thể"]
