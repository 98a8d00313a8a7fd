"""The month's work through the web app's routes: upload, "Tổng hợp", the board, downloads, tools pages."""
from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from web_helpers import PORT, SAMPLE, client, files_field, make_app, sample_uploads, wait_for_run

from builders import member, write_config, write_department
from dvht_batch import pipeline
from dvht_batch.period import Period
from dvht_batch.web.app import Settings, create_app
from dvht_batch.web.jobs import RunJob

JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """The sample agency uploaded and run once through the app (shared by the board tests)."""
    tmp = tmp_path_factory.mktemp("web")
    application, settings = make_app(tmp)
    c = client(application, settings)
    r = c.post("/ky/2025-11/tai-len", files=files_field(sample_uploads()), data={"csrf": settings.csrf}, headers=JSON)
    assert r.status_code == 200
    r = c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON)
    assert r.status_code == 202, r.text
    job = wait_for_run(c, "2025-11")
    assert job["error"] is None and job["stage"] == "Đã xong"
    return c, settings, r


def test_sample_upload_refuses_the_lock_file_and_the_note(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    r = c.post("/ky/2025-11/tai-len", files=files_field(sample_uploads()), data={"csrf": settings.csrf}, headers=JSON)
    answer = r.json()
    assert sorted(x["name"] for x in answer["refused"]) == ["Ghi chu cua Van phong.txt", "~$VP_11-2025.xlsx"]
    assert len(answer["saved"]) == 7
    again = c.post("/ky/2025-11/tai-len", files=files_field(sample_uploads()[:2]), data={"csrf": settings.csrf},
                   headers=JSON).json()
    assert again["saved"] == [] and len(again["existing"]) == 2  # the same bytes are not stored twice


def test_board_after_the_run(sample_run):
    c, settings, _ = sample_run
    page = c.get("/ky/2025-11").text
    assert "91,77 điểm" in page and "Tốt" in page
    assert 'data-code="TTR"' in page and "Đã gửi, chưa dùng được" in page and "Thanh_vien!I3" in page
    assert 'data-code="TTTT"' in page and "Chưa gửi" in page
    assert "/tai/2025-11/phan_hoi/TTR_Thanh_tra_-_T11_phan_hoi.xlsx" in page
    assert "/tai/2025-11/bao_cao_don_vi.docx" in page and "/tai/2025-11/tong_hop.xlsx" in page
    assert "34 / 37" in page  # criterion 2a of the unit


def test_start_page_lists_the_period(sample_run):
    c, _, _ = sample_run
    page = c.get("/").text
    assert 'href="/ky/2025-11"' in page and "91,77 điểm — Tốt" in page


def test_times_of_runs_read_the_vietnamese_way(sample_run):
    """'17:31 ngày 26/11/2026', never the ISO stamp the ledger keeps."""
    c, _, _ = sample_run
    moment = re.compile(r"\d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}")
    for page in (c.get("/").text, c.get("/ky/2025-11").text):
        assert moment.search(page) and not re.search(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", page)


def test_every_output_downloads_and_the_zip_holds_them_all(sample_run):
    c, settings, _ = sample_run
    folder = settings.out_root / "2025-11"
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert "bao_cao_don_vi.docx" in written and "ket_qua.json" in written
    for rel in written:
        r = c.get(f"/tai/2025-11/{rel}")
        assert r.status_code == 200 and r.content == (folder / rel).read_bytes()
    r = c.get("/ky/2025-11/tat-ca.zip")
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert sorted(n.split("/", 1)[1] for n in z.namelist()) == written


def test_run_cannot_start_twice(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    (settings.input_root / "2025-11").mkdir(parents=True)
    runner = application.app.state.runner
    runner.current = RunJob(Period(2025, 11), settings.input_root / "2025-11")  # a run still going on
    r = c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON)
    assert r.status_code == 409 and "Đang tổng hợp kỳ 11/2025" in r.json()["error"]
    assert "disabled" in c.get("/ky/2025-11").text.split('id="run-button"')[1].split(">")[0]


def test_run_without_files_says_so(tmp_path):
    application, settings = make_app(tmp_path)
    r = client(application, settings).post("/ky/2025-12/tong-hop", data={"csrf": settings.csrf}, headers=JSON)
    assert r.status_code == 400 and "tải tệp lên trước" in r.json()["error"]


def test_a_failed_run_shows_the_library_message(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    folder = settings.input_root / "2025-11"
    folder.mkdir(parents=True)
    (settings.out_root).mkdir()
    (settings.out_root / "dvht.sqlite").write_bytes(b"not a database at all" * 100)
    c.post("/ky/2025-11/tai-len", files=files_field(sample_uploads()), data={"csrf": settings.csrf}, headers=JSON)
    assert c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON).status_code == 202
    job = wait_for_run(c, "2025-11")
    assert job["stage"] == "Không thành công" and "bị hỏng" in job["error"]
    assert "bị hỏng" in c.get("/ky/2025-11").text
    assert "bị hỏng" in c.get("/").text


def test_fifty_workbooks_uploaded_at_once(tmp_path):
    codes = [(f"P{i:02d}", f"Phòng số {i}") for i in range(1, 51)]
    config = write_config(tmp_path, departments=codes)
    application, settings = make_app(tmp_path, config=config)
    c = client(application, settings)
    src = tmp_path / "src"
    src.mkdir()
    paths = [write_department(src / f"{code}_11-2025.xlsx", [member(f"Nguyễn Văn {code}")], ma_phong=code,
                              ten_phong=name) for code, name in codes]
    r = c.post("/ky/2025-11/tai-len", files=files_field(paths), data={"csrf": settings.csrf}, headers=JSON)
    assert r.status_code == 200 and len(r.json()["saved"]) == 50 and r.json()["refused"] == []
    assert c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON).status_code == 202
    assert wait_for_run(c, "2025-11")["error"] is None
    page = c.get("/ky/2025-11").text
    assert page.count('class="st-accepted"') == 50 and "Đã nhận: 50" in page


def test_choose_an_existing_folder(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    r = c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(tmp_path / "khong-co")})
    assert r.status_code == 400 and "Không tìm thấy thư mục" in r.text
    assert f'value="{tmp_path / "khong-co"}"' in r.text  # what was typed stays in the box
    settings.out_root.mkdir()
    r = c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(settings.out_root)})
    assert r.status_code == 400 and "thư mục kết quả" in r.text
    r = c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(tmp_path)})
    assert r.status_code == 400 and "chứa thư mục kết quả" in r.text  # it would list the app's own outputs
    chosen = tmp_path / "D" / "thang-11"
    chosen.mkdir(parents=True)
    shutil.copy(SAMPLE / "phong" / "VP_11-2025.xlsx", chosen)
    r = c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(chosen)}, follow_redirects=False)
    assert r.status_code == 303
    assert str(chosen) in c.get("/ky/2025-11").text
    restarted, again = make_app(tmp_path, settings.config_path)  # remembered on disk, not in memory
    c2 = client(restarted, again)
    assert str(chosen) in c2.get("/ky/2025-11").text and "VP_11-2025.xlsx" in c2.get("/ky/2025-11").text
    assert 'href="/ky/2025-11"' in c2.get("/").text  # files but no run yet: listed on the start page


@pytest.mark.parametrize("folder", ["/", "/usr", "/etc", "/usr/share"])
def test_system_folders_refused_at_once(tmp_path, folder):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    r = c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": folder})
    assert r.status_code == 400 and "thư mục của hệ thống" in r.text
    assert len(r.content) < 100_000 and not (settings.out_root / ".giao-dien").exists()


def test_a_folder_of_too_many_files_refused_with_a_clear_message(tmp_path):
    from dvht_batch.web.folders import MAX_FOLDER_FILES

    big = tmp_path / "nhieu"
    (big / "con").mkdir(parents=True)
    for n in range(MAX_FOLDER_FILES + 1):
        (big / "con" / f"{n}.txt").touch()
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    r = c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(big)})
    assert r.status_code == 400 and f"có hơn {MAX_FOLDER_FILES} tệp" in r.text
    (big / "con" / "0.txt").unlink()
    r = c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(big)}, follow_redirects=False)
    assert r.status_code == 303


def test_uploads_without_a_run_listed_on_the_start_page(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    assert "chưa tổng hợp" not in c.get("/").text
    c.post("/ky/2025-12/tai-len", data={"csrf": settings.csrf}, files=files_field([SAMPLE / "phong" / "VP_11-2025.xlsx"]))
    page = c.get("/").text
    assert "Các kỳ đã có tệp, chưa tổng hợp" in page and 'href="/ky/2025-12"' in page


def test_templates_zip(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    assert '<input type="hidden" name="ky" value="2025-12">' in c.get("/ky/2025-12").text  # offered on the board
    r = c.post("/mau", data={"csrf": settings.csrf, "ky": "2025-12"})
    assert r.status_code == 200 and 'filename="mau_2025-12.zip"' in r.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        names = sorted(z.namelist())
    codes = [d.code for d in settings.config.departments]
    assert len(names) == len(codes) + 1 and all(f"mau_2025-12/{c}_2025-12.xlsx" in names for c in codes)


def test_plan_written_and_downloadable(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    r = c.post("/ke-hoach", data={"csrf": settings.csrf, "nam": "2026"})
    assert r.status_code == 200 and "/tai/2026/ke_hoach_2026.docx" in r.text
    # the sample agency applies TT 22, repealed on 26/01/2024: the page warns as `dvht ke-hoach` does
    assert "Cảnh báo: Thông tư 22/2020/TT-BGDĐT đã hết hiệu lực từ ngày 26/01/2024" in r.text
    assert "Cảnh báo" not in c.get("/ke-hoach").text
    doc = c.get("/tai/2026/ke_hoach_2026.docx")
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    assert c.post("/ke-hoach", data={"csrf": settings.csrf, "nam": "hai"}).status_code == 400


def test_plan_page_uses_the_plan_file_beside_dvht_toml(tmp_path):
    """The web page writes the same KẾ HOẠCH as `dvht ke-hoach`: ke_hoach.toml beside dvht.toml is read."""
    application, settings = make_app(tmp_path)
    (tmp_path / "ke_hoach.toml").write_text('trich_yeu = "Kế hoạch riêng của Sở {ky}"\n', encoding="utf-8")
    c = client(application, settings)
    assert c.post("/ke-hoach", data={"csrf": settings.csrf, "nam": "2026"}).status_code == 200
    with zipfile.ZipFile(io.BytesIO(c.get("/tai/2026/ke_hoach_2026.docx").content)) as z:
        assert "Kế hoạch riêng của Sở năm 2026" in z.read("word/document.xml").decode("utf-8")
    (tmp_path / "ke_hoach.toml").write_text('nam = "hai"\n', encoding="utf-8")
    r = c.post("/ke-hoach", data={"csrf": settings.csrf, "nam": "2026"})
    assert r.status_code == 400 and "không phải năm" in r.text


def test_history_charts(sample_run):
    c, settings, _ = sample_run
    page = c.get("/lich-su").text
    assert page.count("<svg") == len(settings.rule_set.criteria) + 1  # each criterion and the total
    page = c.get("/lich-su?phong=VP").text
    assert "Văn phòng" in page and page.count("<svg") == 5  # the member-ratio criteria
    assert c.get("/lich-su?phong=XYZ").status_code == 404


def test_mailbox_error_in_vietnamese_and_password_not_echoed(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    r = c.post("/hop-thu", data={"csrf": settings.csrf, "ky": "11/2025", "host": "127.0.0.1", "port": "1",
                                 "user": "vanthu", "mat_khau": "bi-mat-123", "folder": "INBOX"})
    assert r.status_code == 400 and "Không kết nối được máy chủ thư" in r.text
    assert "bi-mat-123" not in r.text


def test_new_period_form(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    r = c.post("/ky-moi", data={"csrf": settings.csrf, "ky": "12/2025"}, follow_redirects=False)
    assert r.headers["location"] == "/ky/2025-12"
    r = c.post("/ky-moi", data={"csrf": settings.csrf, "ky": "tháng mười"})
    assert r.status_code == 400 and "không hợp lệ" in r.text
    assert c.get("/ky/2025-13").status_code == 404


def test_a_file_sent_but_unreadable_shows_on_its_department_row(tmp_path):
    """A workbook the run cannot use (here: not a zip at all, chosen from an existing folder, so not refused at
    upload) appears on its department's row with the status and the reason the run gave."""
    config = write_config(tmp_path)
    application, settings = make_app(tmp_path, config=config)
    c = client(application, settings)
    folder = tmp_path / "thang-11"
    folder.mkdir()
    write_department(folder / "VP_11-2025.xlsx")
    (folder / "KT_11-2025.xlsx").write_bytes(b"this is not a workbook")
    c.post("/ky/2025-11/thu-muc", data={"csrf": settings.csrf, "thu_muc": str(folder)})
    assert c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON).status_code == 202
    assert wait_for_run(c, "2025-11")["error"] is None
    page = c.get("/ky/2025-11").text
    import json

    from dvht_batch.vocab.labels import DEPARTMENT_STATUS
    from dvht_batch.models import DepartmentStatus

    result = json.loads((settings.out_root / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    status = DepartmentStatus(next(d["status"] for d in result["departments"] if d["code"] == "KT"))
    row = page.split('data-code="KT"')[1].split("</tr>")[0]
    assert DEPARTMENT_STATUS[status] in row
    assert "không phải tệp .xlsx thật" in page  # the reason, on the row or in the unused files' table
    kt = next(d for d in result["files"] if d["path"] == "KT_11-2025.xlsx")
    if kt.get("department_from"):  # tied to its department by its name: the row says so
        assert f"tính cho phòng KT {kt['department_from']}" in row


def test_uploaded_files_keep_their_own_modification_time(tmp_path):
    """Two versions with the same "Ngày lập": newest wins by the files' own times, not by the order of upload."""
    application, settings = make_app(tmp_path, config=write_config(tmp_path))
    c = client(application, settings)
    older = write_department(tmp_path / "a.xlsx", [member("Nguyễn Văn An")]).read_bytes()
    newer = write_department(tmp_path / "b.xlsx", [member("Nguyễn Văn An"), member("Lê Văn Bình")]).read_bytes()
    sent = [("tep", ("VP ban moi.xlsx", newer, "x")), ("tep", ("VP ban cu.xlsx", older, "x"))]
    times = {"thoi_gian": ["1764900000000", "1764800000000"]}  # the newer file first, the older uploaded last
    r = c.post("/ky/2025-11/tai-len", files=sent, data={"csrf": settings.csrf, **times}, headers=JSON)
    assert r.json()["saved"] == ["VP ban moi.xlsx", "VP ban cu.xlsx"]
    folder = settings.input_root / "2025-11"
    assert (folder / "VP ban moi.xlsx").stat().st_mtime == 1764900000
    assert (folder / "VP ban cu.xlsx").stat().st_mtime == 1764800000
    assert c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON).status_code == 202
    assert wait_for_run(c, "2025-11")["error"] is None
    row = c.get("/ky/2025-11").text.split('data-code="VP"')[1].split("</tr>")[0]
    assert "VP ban moi.xlsx" in row


def test_a_time_in_the_future_is_not_kept(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    data = write_department(tmp_path / "a.xlsx").read_bytes()
    c.post("/ky/2025-11/tai-len", files=[("tep", ("VP.xlsx", data, "x"))],
           data={"csrf": settings.csrf, "thoi_gian": "99999999999999"}, headers=JSON)
    assert (settings.input_root / "2025-11" / "VP.xlsx").stat().st_mtime < 99999999999


def test_an_agency_without_departments_can_write_its_plan(tmp_path):
    """No [[phong]] in dvht.toml: every page says what is missing, the KẾ HOẠCH is written, the templates and
    the run are refused with the same explanation."""
    text = (SAMPLE / "dvht.toml").read_text(encoding="utf-8")
    config = tmp_path / "dvht.toml"
    config.write_text(text[:text.index("[[phong]]")], encoding="utf-8")
    cfg, rule_set = pipeline.load_setup(config, None, need_departments=False)
    assert not cfg.departments
    settings = Settings(cfg, rule_set, config, tmp_path / "out", tmp_path / "vao", port=PORT)
    c = client(create_app(settings), settings)
    start = c.get("/").text
    assert "chưa có phòng nào ([[phong]]): trang Kế hoạch vẫn dùng được" in start
    r = c.post("/ke-hoach", data={"csrf": settings.csrf, "nam": "2026"})
    assert r.status_code == 200 and (tmp_path / "out" / "2026" / "ke_hoach_2026.docx").is_file()
    refused = c.post("/mau", data={"csrf": settings.csrf, "ky": "2025-12"})
    assert refused.status_code == 400 and "chưa có phòng nào" in refused.text
    c.post("/ky/2025-11/tai-len", files=files_field(sample_uploads()), data={"csrf": settings.csrf}, headers=JSON)
    assert c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON).status_code == 202
    job = wait_for_run(c, "2025-11")
    assert job["stage"] == "Không thành công" and "chưa có phòng nào" in job["error"]


def test_a_second_run_names_the_clerks_files_it_kept(tmp_path):
    """The clerk edited the report and put a signed scan beside it: the next "Tổng hợp" keeps both in da_sua_tay/
    and the page says so, one line each."""
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    c.post("/ky/2025-11/tai-len", files=files_field(sample_uploads()), data={"csrf": settings.csrf}, headers=JSON)
    for _ in range(2):
        assert c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON).status_code == 202
        job = wait_for_run(c, "2025-11")
        assert job["error"] is None, job
        if not job["notes"]:  # after the first run: the clerk's work
            period = settings.out_root / "2025-11"
            (period / "bao_cao_don_vi.docx").write_bytes((period / "bao_cao_don_vi.docx").read_bytes() + b"\0")
            (period / "bao_cao_phong" / "bao_cao_VP_da_ky.pdf").write_bytes(b"%PDF-1.4 scan")
    assert len(job["notes"]) == 2 and all(n.startswith("Giữ lại tệp của Văn phòng") for n in job["notes"])
    page = c.get("/ky/2025-11").text
    assert 'id="run-notes"' in page and "da_sua_tay" in page and "bao_cao_VP_da_ky.pdf" in page
