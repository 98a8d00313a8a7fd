"""What a signed document may claim (docs/bo-tieu-chi.md §6, docs/cong-nhan.md): only what the unit measured and
requirements cited to an article of TT 24/2023 — through the real `dvht ho-so`, on the year of test_ho_so.py
(measured: every requirement of Mức độ 2 met by the values of the rule file).

- the bundled rule file (a requirement of each level unconfirmed): no level concluded, no request, the
  measured figures printed, unconfirmed requirements by their article only; the checklist says how to confirm;
- the office's copy confirming level 1 only: Mức độ 1 concluded and requested, never Mức độ 2;
- recognitions: a level held and still valid is not requested again, a lapsed one is;
- `[don_vi] cap = "huyện"`: the articles of cấp huyện (Điều 6, 7) and the title "cấp huyện".
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import docx
from builders import office_rules, run_cli, write_config
from openpyxl import load_workbook
from test_ho_so import DEPARTMENTS, make_year, text_of

from dvht_batch.ledger.recognition import Recognition, standing

FOLDER = ("kq", "2025", "ho_so")
REQUEST, REPORT, TABLE = "1_to_trinh_de_nghi_cong_nhan.docx", "2_bao_cao_tu_danh_gia.docx", "3_bang_tong_hop_tieu_chi.xlsx"


def dossier(tmp_path: Path, rules: str | None = None, cap: str | None = None, decision: tuple | None = None):
    """`dvht ho-so` for the year of test_ho_so.py; `rules` "tt24-2023" for the bundled file (default: the office's
    confirmed copy); `decision` (date, level) recorded first with `dvht cong-nhan`."""
    data = make_year(tmp_path / "du_lieu", rules=rules)
    if cap:
        text = (data / "dvht.toml").read_text(encoding="utf-8").replace("[don_vi]\n", f'[don_vi]\ncap = "{cap}"\n', 1)
        (data / "dvht.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "kq"
    if decision:
        rec = run_cli("cong-nhan", "--so", "12/QĐ-UBND", "--ngay", decision[0], "--muc-do", str(decision[1]),
                      "--co-quan", "Chủ tịch Ủy ban nhân dân tỉnh An Phước", "--out", out, cwd=tmp_path)
        assert rec.returncode == 0, rec.stderr
    proc = run_cli("ho-so", data, "--nam", "2025", "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc, tmp_path.joinpath(*FOLDER)


def flat(path: Path) -> str:
    return re.sub(r"\s+", " ", text_of(path))


def table_text(path: Path) -> str:
    sheet = load_workbook(path).active
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


def requirement_cells(path: Path) -> dict[str, str]:
    """Phụ lục I of the self-assessment report: indicator code → its "Yêu cầu" cell."""
    table = next(t for t in docx.Document(path).tables if [c.text for c in t.rows[0].cells][:3] ==
                 ["Mã", "Tiêu chí, chỉ tiêu", "Yêu cầu"])
    return {r.cells[0].text: r.cells[2].text for r in table.rows[1:]}


def test_bundled_rule_file_concludes_and_requests_nothing(tmp_path):
    proc, folder = dossier(tmp_path, rules="tt24-2023")
    assert not (folder / REQUEST).exists()
    report = flat(folder / REPORT)
    # no level concluded, none requested; what the unit measured is there
    assert not re.search(r"đạt “Đơn vị học tập”[^.]{0,20} mức độ \d", report)
    assert "Đánh giá Tiêu chí 2:" not in report and "Kết quả chung" not in report
    assert "trình Chủ tịch Ủy ban nhân dân tỉnh công nhận" not in report
    assert "có 29/30 thành viên đạt (96,67%)" in report and "có 28/30 thành viên đạt (93,33%)" in report
    # requirements: a confirmed one with its number and article; an unconfirmed one by its article only
    cells = requirement_cells(folder / REPORT)
    assert cells["2.1"] == ("Mức độ 1: tối thiểu 90% (khoản 2 Điều 12, khoản 2 Điều 6); Mức độ 2: theo khoản 2 Điều "
                            "13, khoản 2 Điều 7 Thông tư số 24/2023/TT-BGDĐT")
    assert cells["3.1"].endswith("Mức độ 2: tối thiểu 95% (khoản 3 Điều 13 Thông tư số 24/2023/TT-BGDĐT)")
    assert "2.3" not in cells  # the guessed indicator is not presented as the circular's
    for text in (report, table_text(folder / TABLE)):
        assert "Mức độ 2: tối thiểu 90%" not in text and "Mức độ 1 và Mức độ 2: từ 90%" not in text
        assert "khoản 2 Điều 13" in text
    # the office is told exactly what to confirm, and how
    saved = (folder / "kiem_tra_truoc_khi_ky.txt").read_text(encoding="utf-8-sig")
    for text in (proc.stdout, saved):
        assert "không kết luận mức độ nào, không lập tờ trình" in text
        assert "Tiêu chí 2 (" in text and "chua_du_chi_tieu" in text and "tăng phien_ban" in text
    unit = json.loads(tmp_path.joinpath("kq", "2025", "ket_qua.json").read_text(encoding="utf-8"))["unit"]
    assert (unit["classification"], unit["concluded"], unit["unconfirmed_levels"]) == ("Mức độ 2", None, [1, 2])


def test_level_2_unconfirmed_the_dossier_requests_level_1_only(tmp_path):
    (tmp_path / "du_lieu").mkdir()
    rules = office_rules(tmp_path / "du_lieu", level_2=False)
    proc, folder = dossier(tmp_path, rules=rules)
    request, report = flat(folder / REQUEST), flat(folder / REPORT)
    assert "Đề nghị công nhận “Đơn vị học tập” cấp tỉnh mức độ 1 năm 2025" in request
    assert "tự đánh giá đạt “Đơn vị học tập” cấp tỉnh mức độ 1 năm 2025" in report
    for text in (request, report, table_text(folder / TABLE)):
        assert not re.search(r"[Mm]ức độ 2 năm 2025", text)
        assert "Mức độ 2: tối thiểu 90%" not in text
    assert "Đánh giá Tiêu chí 2: đạt mức độ 1." in report  # level 2 of Tiêu chí 2 is not concluded
    assert "Số liệu đáp ứng các yêu cầu Mức độ 2" in proc.stdout and "chỉ kết luận Mức độ 1" in proc.stdout
    assert "Đề nghị công nhận mức độ 1." in proc.stdout


def test_a_level_held_and_valid_is_not_requested_again(tmp_path):
    proc, folder = dossier(tmp_path, decision=("20/02/2024", 2))
    assert not (folder / REQUEST).exists()
    report = flat(folder / REPORT)
    assert "tự đánh giá đạt “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in report
    assert "trình Chủ tịch Ủy ban nhân dân tỉnh công nhận" not in report and "tiếp tục duy trì" in report
    assert "còn giá trị đến hết ngày 20/02/2027: không đề nghị công nhận lại năm 2025" in proc.stdout


def test_a_lapsed_recognition_is_requested_again(tmp_path):
    proc, folder = dossier(tmp_path, decision=("02/01/2023", 2))  # held through 02/01/2026; documents 05/01/2026
    assert "Đề nghị công nhận “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in flat(folder / REQUEST)
    assert "đã hết giá trị từ ngày 03/01/2026" in flat(folder / REPORT)
    assert "Đề nghị công nhận mức độ 2." in proc.stdout


def test_district_unit_cites_the_district_articles(tmp_path):
    proc, folder = dossier(tmp_path, cap="huyện")
    cells = requirement_cells(folder / REPORT)
    assert cells["2.1"].startswith("Mức độ 1: tối thiểu 90% (khoản 2 Điều 6); Mức độ 2: tối thiểu 90% (khoản 2 Điều 7")
    # Tiêu chí 3 of cấp huyện is not confirmed: its articles only, and no level concluded
    assert cells["3.1"] == "Mức độ 1: theo khoản 3 Điều 6; Mức độ 2: theo khoản 3 Điều 7 Thông tư số 24/2023/TT-BGDĐT"
    assert not (folder / REQUEST).exists()
    assert "Điều 12" not in flat(folder / REPORT)


def test_unknown_administrative_level_is_a_configuration_error(tmp_path):
    write_config(tmp_path, departments=DEPARTMENTS, rule_set="tt24-2023", don_vi={"cap": "xã"})
    proc = run_cli("run", tmp_path, "--period", "2025", "--out", tmp_path / "kq", cwd=tmp_path)
    assert proc.returncode == 2 and "'don_vi.cap' = 'xã' không hợp lệ" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_two_readings_of_the_validity():
    decision = Recognition("12/QĐ-UBND", date(2024, 3, 15), 1, "Chủ tịch Ủy ban nhân dân tỉnh An Phước")
    assert standing([decision], date(2027, 3, 15)).valid_until == date(2027, 3, 15)
    assert standing([decision], date(2027, 3, 16)).current is None
    assert standing([decision], date(2027, 3, 16), "3_nam_tiep_theo").valid_until == date(2027, 12, 31)
    assert standing([decision], date(2028, 1, 1), "3_nam_tiep_theo").lapsed is not None



def test_plan_states_requirements_with_their_articles(tmp_path):
    """KẾ HOẠCH 2026 of the sample agency under the bundled tt24-2023: confirmed requirements with their article,
    unconfirmed ones by the article only, and Tiêu chí 2's unlisted indicator cited, not guessed."""
    config = (Path(__file__).resolve().parent.parent / "sample_data" / "dvht.toml").read_text(encoding="utf-8")
    (tmp_path / "dvht.toml").write_text(config.replace('bo_tieu_chi = "tt22-2020"', 'bo_tieu_chi = "tt24-2023"'),
                                        encoding="utf-8")
    proc = run_cli("ke-hoach", "--config", tmp_path / "dvht.toml", "--nam", "2026", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    text = re.sub(r"\s+", " ", "\n".join(p.text for p in docx.Document(tmp_path / "out" / "2026" /
                                                                         "ke_hoach_2026.docx").paragraphs))
    assert ("(Mức độ 1: tối thiểu 90% (khoản 2 Điều 12, khoản 2 Điều 6); Mức độ 2: theo khoản 2 Điều 13, khoản 2 "
            "Điều 7 Thông tư số 24/2023/TT-BGDĐT)") in text
    assert "3) Các chỉ tiêu khác theo khoản 2 Điều 12, khoản 2 Điều 6 Thông tư số 24/2023/TT-BGDĐT (Mức độ 1)" in text
    # no warning about the law (the plan's own date may be warned of: assess/document_dates.py)
    assert "Mức độ 2: tối thiểu 90%" not in text and "Thông tư 22" not in proc.stdout
