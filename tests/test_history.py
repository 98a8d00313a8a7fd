"""Three months of submissions through the pipeline: the ledger, the archive, trends, idempotent re-runs.

October: VP (Lê Văn Tiến has no approved self-study plan), KT; TCHC late (arrives after the first run).
November: Tiến's plan is approved (VP 2a 50 % → 100 %); everyone on time.
December: VP sends by e-mail a file with an error, then resubmits a corrected one by e-mail.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from builders import CONFIG, RUN_AT, member, write_config, write_department, write_run

from dvht_batch import pipeline
from dvht_batch.ledger import runs, schema
from dvht_batch.ledger.trends import previous_ratios
from dvht_batch.setup.config import parse_config
from dvht_batch.models import DepartmentStatus, FileStatus
from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set

ICT = timezone(timedelta(hours=7))
OCT, NOV, DEC = Period(2025, 10), Period(2025, 11), Period(2025, 12)


@pytest.fixture(scope="module")
def setup():
    return parse_config(CONFIG), load_rule_set("tt22-2020")


def vp_members(plan_tien: str, discipline_tien="Có") -> list[dict]:
    return [member("Nguyễn Văn An"), member("Lê Văn Tiến", **{"Kế hoạch tự học": plan_tien,
                                                             "Tuân thủ kỷ luật": discipline_tien})]


def month_folder(root: Path, period: Period, with_tchc: bool = True) -> Path:
    folder = root / f"vao_{period}"
    folder.mkdir(parents=True, exist_ok=True)
    ky, ngay = period.workbook_form(), f"05/{period.month:02d}/{period.year}"
    write_department(folder / "KT.xlsx", [member("Phạm Thị Lan"), member("Hoàng Văn Nam")],
                     ma_phong="KT", ten_phong="Phòng Kế toán", ky_bao_cao=ky, ngay_lap=ngay)
    if with_tchc:
        write_department(folder / "TCHC.xlsx", [member("Đặng Thu Hà")], ma_phong="TCHC",
                         ten_phong="Phòng Tổ chức hành chính", ky_bao_cao=ky, ngay_lap=ngay)
    return folder


def mail(folder: Path, name: str, when: datetime, attachment: Path) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Trần Thị Bình <binh@stc.gov.vn>"
    msg["Subject"] = "Gửi bảng kê tháng 12 – Văn phòng"
    msg["Date"] = format_datetime(when)
    msg.set_content("Kính gửi Văn phòng Sở.")
    data = attachment.read_bytes()
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename="Văn phòng T12.xlsx")
    (folder / name).write_bytes(msg.as_bytes())
    return data


def run(setup, folder: Path, out: Path, period: Period):
    config, rules = setup
    result = pipeline.collect(folder, config, rules, period, now=RUN_AT)
    outputs = write_run(result, out, documents=False)
    return result, outputs


def rows(out: Path, sql: str, *args):
    with sqlite3.connect(out / "dvht.sqlite") as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def months(setup, tmp_path_factory):
    root = tmp_path_factory.mktemp("ba_thang")
    out = root / "ket_qua"
    log = {}
    # October, first run: TCHC has not sent yet.
    october = month_folder(root, OCT, with_tchc=False)
    write_department(october / "VP.xlsx", vp_members("Chưa đăng ký"), ky_bao_cao="10/2025", ngay_lap="05/10/2025")
    log["oct_first"] = run(setup, october, out, OCT)
    log["oct_first_results"] = rows(out, "SELECT * FROM results WHERE period = '2025-10' ORDER BY department, criterion")
    # TCHC's late file arrives: October is run again.
    write_department(october / "TCHC.xlsx", [member("Đặng Thu Hà")], ma_phong="TCHC",
                     ten_phong="Phòng Tổ chức hành chính", ky_bao_cao="10/2025", ngay_lap="20/11/2025")
    log["oct"] = run(setup, october, out, OCT)
    november = month_folder(root, NOV)
    write_department(november / "VP.xlsx", vp_members("Đã phê duyệt"), ky_bao_cao="11/2025", ngay_lap="05/11/2025")
    log["nov"] = run(setup, november, out, NOV)
    december = month_folder(root, DEC)
    build = root / "build"
    build.mkdir()
    bad = write_department(build / "bad.xlsx", vp_members("Đã phê duyệt", discipline_tien="hmm"),
                           ky_bao_cao="12/2025", ngay_lap="05/12/2025")
    good = write_department(build / "good.xlsx", vp_members("Đã phê duyệt"), ky_bao_cao="12/2025",
                            ngay_lap="05/12/2025")
    log["bad_bytes"] = mail(december, "2025-12-05 binh@stc.gov.vn.eml", datetime(2025, 12, 5, 8, tzinfo=ICT), bad)
    log["good_bytes"] = mail(december, "2025-12-06 binh@stc.gov.vn.eml", datetime(2025, 12, 6, 8, tzinfo=ICT), good)
    log["dec"] = run(setup, december, out, DEC)
    return root, out, log


def test_late_department_rerun_replaces_the_period(months):
    _, out, log = months
    first, _ = log["oct_first"]
    assert {d.code: d.status for d in first.departments}["TCHC"] is DepartmentStatus.MISSING
    assert rows(out, "SELECT department, status FROM departments WHERE period = '2025-10' ORDER BY department") == [
        ("", "unit"), ("KT", "accepted"), ("TCHC", "accepted"), ("VP", "accepted")]
    assert not any(r[1] == "TCHC" for r in log["oct_first_results"])
    october = rows(out, "SELECT department, criterion FROM results WHERE period = '2025-10'")
    assert len(october) == len(set(october)) == 10 + 3 * 5  # the unit's 10 criteria + 5 member criteria × 3
    assert rows(out, "SELECT count(*) FROM runs WHERE period = '2025-10'") == [(2,)]
    # the file log keeps one row per file and period (VP, KT from both runs; TCHC once)
    assert rows(out, "SELECT count(*) FROM files WHERE run_period = '2025-10'") == [(3,)]


def test_member_improving_shows_in_trends(months):
    _, out, log = months
    nov, written = log["nov"]
    trends = written.run.trends
    assert trends.previous.period == OCT
    assert trends.previous.ratios["VP"]["2a"] == Decimal("0.5")
    vp_2a = {d.code: d for d in nov.departments}["VP"].score.by_code()["2a"]
    assert trends.change("VP", "2a", vp_2a.ratio) == Decimal("50.0")
    assert [f.period for f in log["dec"][1].run.trends.history] == [OCT, NOV]
    assert previous_ratios(out, DEC)[0] == NOV
    assert previous_ratios(out, DEC)[1]["VP"]["2a"] == Decimal(1)
    assert previous_ratios(out, OCT) is None


def test_email_resubmission_logged_and_archived(months):
    _, out, log = months
    dec, _ = log["dec"]
    by_path = {f.path: f for f in dec.files}
    bad = by_path["2025-12-05 binh@stc.gov.vn.eml#Văn phòng T12.xlsx"]
    good = by_path["2025-12-06 binh@stc.gov.vn.eml#Văn phòng T12.xlsx"]
    assert (bad.status, good.status) == (FileStatus.SUPERSEDED, FileStatus.ACCEPTED)
    logged = {r[0]: r[1:] for r in rows(
        out, "SELECT path, sha256, name, size, sender, sent_at, department, period, status, error_count, errors, "
             "archive FROM files WHERE run_period = '2025-12'")}
    row = logged[good.path]
    assert row[:8] == (hashlib.sha256(log["good_bytes"]).hexdigest(), "Văn phòng T12.xlsx", len(log["good_bytes"]),
                       "Trần Thị Bình <binh@stc.gov.vn>", "2025-12-06 " + datetime(2025, 12, 6, 8, tzinfo=ICT)
                       .astimezone().strftime("%H:%M:%S"), "VP", "2025-12", "accepted")
    bad_row = logged[bad.path]
    assert bad_row[7:9] == ("superseded", 1) and "Thanh_vien!G3" in json.loads(bad_row[9])[0]["cell"]
    for data, archived in ((log["good_bytes"], row[10]), (log["bad_bytes"], bad_row[10])):
        digest = hashlib.sha256(data).hexdigest()
        assert archived == f"luu_tru/{digest[:2]}/{digest}.xlsx" and (out / archived).read_bytes() == data


def test_rerun_is_idempotent_and_archive_never_overwritten(months, setup):
    root, out, log = months
    query = "SELECT period, department, criterion, points, count, denominator, ratio FROM results ORDER BY 1, 2, 3"
    before, files_before = rows(out, query), rows(out, "SELECT count(*) FROM files")
    archived = out / rows(out, "SELECT archive FROM files WHERE status = 'accepted' AND department = 'VP' "
                               "AND run_period = '2025-12'")[0][0]
    stamp = archived.stat().st_mtime_ns
    result, outputs = run(setup, root / "vao_2025-12", out, DEC)
    assert rows(out, query) == before and rows(out, "SELECT count(*) FROM files") == files_before
    assert archived.stat().st_mtime_ns == stamp and outputs.ledger == out / "dvht.sqlite"
    assert [f.period for f in outputs.run.trends.history] == [OCT, NOV]  # its own earlier run is not a "previous"


def test_ledger_locked_gives_a_vietnamese_message(months, monkeypatch):
    _, out, log = months
    monkeypatch.setattr(schema, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(out / "dvht.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(schema.LedgerLockedError, match="đang được một lần chạy dvht khác ghi"):
            runs.record_run(log["nov"][0], out)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_concurrent_runs_do_not_corrupt(months, tmp_path):
    _, out, log = months
    target = tmp_path / "song_song"
    errors = []

    def worker(result):
        try:
            for _ in range(3):
                runs.record_run(result, target)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(log[k][0],)) for k in ("oct", "nov", "dec")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert rows(target, "PRAGMA integrity_check") == [("ok",)]
    assert rows(target, "SELECT count(*) FROM runs") == [(9,)]
    assert rows(target, "SELECT period, count(*) FROM results GROUP BY period") == [
        ("2025-10", 25), ("2025-11", 25), ("2025-12", 25)]


def test_no_ledger_option(setup, tmp_path):
    folder = month_folder(tmp_path, NOV)
    config, rules = setup
    result = pipeline.collect(folder, config, rules, NOV, now=RUN_AT)
    outputs = write_run(result, tmp_path / "o", documents=False, ledger=False)
    assert outputs.ledger is None and not (tmp_path / "o" / "dvht.sqlite").exists() and outputs.run.trends is None


def test_trend_sheet_in_consolidated_workbook(months):
    import zipfile

    from openpyxl import load_workbook

    _, out, log = months
    path = log["dec"][1].consolidated
    ws = load_workbook(path, read_only=True)["Xu_huong"]
    table = [list(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert table[0][:8] == ["Mã phòng", "Phòng", "Mã tiêu chí", "Tiêu chí", "10/2025", "11/2025", "12/2025",
                            "Thay đổi (điểm %)"]
    vp_2a = next(r for r in table if r[0] == "VP" and r[2] == "2a")
    assert vp_2a[4:8] == [0.5, 1, 1, 0]
    unit_2a = next(r for r in table if r[0] in ("", None) and r[2] == "2a")
    assert unit_2a[1] == "Toàn đơn vị"
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert any(b"<c:lineChart>" in z.read(n) and b"Xu_huong" in z.read(n) for n in charts)
    nov_ws = load_workbook(log["nov"][1].consolidated, read_only=True)["Xu_huong"]
    nov_vp = next(r for r in nov_ws.iter_rows(min_row=5, values_only=True) if r[0] == "VP" and r[2] == "2a")
    assert list(nov_vp[4:7]) == [0.5, 1, 50]


def test_unit_report_has_a_trend_paragraph(months, tmp_path):
    from docx import Document

    from dvht_batch.writers.docx import write_unit_report

    _, _, log = months
    nov, written = log["nov"]
    texts = [p.text for p in Document(write_unit_report(nov, tmp_path / "bc.docx", written.run)).paragraphs]
    [para] = [t for t in texts if t.startswith("So với tháng 10 năm 2025")]
    assert "tiêu chí 2a tăng 20,0 điểm phần trăm (80,00% → 100,00%)" in para
    assert "Văn phòng (2a +50,0)" in para and "không đổi ở tiêu chí 2b" in para
    october, written = log["oct_first"]
    oct_texts = [p.text for p in Document(write_unit_report(october, tmp_path / "t10.docx", written.run)).paragraphs]
    assert not any(t.startswith("So với") for t in oct_texts)


def test_templates_prefilled_from_last_accepted_submission(months, tmp_path, setup):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from dvht_batch.cli import cli
    from dvht_batch.intake import read_file
    from dvht_batch.ledger.prefill import last_rosters

    _, out, _ = months
    config, rules = setup
    # for December's templates, November's accepted files; Tiến's plan as approved then
    december = last_rosters(out, config, rules, DEC)
    assert [m.name for m in december["VP"]] == ["Nguyễn Văn An", "Lê Văn Tiến"]
    assert sorted(december) == ["KT", "TCHC", "VP"]
    assert last_rosters(out, config, rules, OCT) == {}
    config_path = write_config(tmp_path)
    result = CliRunner().invoke(cli, ["templates", "--config", str(config_path), "--period", "2026-01",
                                      "--out", str(tmp_path / "mau"), "--prefill", "--ket-qua", str(out)])
    assert result.exit_code == 0, result.output
    assert "Điền sẵn danh sách thành viên cho 3/3 phòng" in result.output
    ws = load_workbook(tmp_path / "mau" / "VP_2026-01.xlsx")["Thanh_vien"]
    assert [ws.cell(r, 2).value for r in (2, 3, 4)] == ["Nguyễn Văn An", "Lê Văn Tiến", None]
    assert ws.cell(3, 6).value == "Đã phê duyệt"  # from December's corrected e-mail
    # the prefilled template, as the department would send it back, is accepted as it is
    record = read_file(tmp_path / "mau" / "VP_2026-01.xlsx", tmp_path / "mau", config, rules)
    assert record.errors == [] and [m.name for m in record.members] == ["Nguyễn Văn An", "Lê Văn Tiến"]
    plain = CliRunner().invoke(cli, ["templates", "--config", str(config_path), "--period", "2026-01",
                                     "--out", str(tmp_path / "mau2")])
    assert plain.exit_code == 0
    assert load_workbook(tmp_path / "mau2" / "VP_2026-01.xlsx")["Thanh_vien"].cell(2, 2).value is None


def test_archive_names_reach_the_ledger_from_another_process_s_copy_of_the_records(setup, tmp_path):
    """The archive is written where a forked child holds copies of the records: its names are keyed by what a
    record is (path, sha256), not by where the object sits in memory, so every accepted file keeps its
    archive name in the ledger."""
    import copy

    from dvht_batch.ledger.archive import archive_inputs

    config, rules = setup
    result = pipeline.collect(month_folder(tmp_path, NOV), config, rules, NOV, now=RUN_AT)
    out = tmp_path / "out"
    out.mkdir()
    names = archive_inputs(copy.deepcopy(result), out).names  # another process's objects
    runs.record_run(result, out, archived=names)
    stored = rows(out, "SELECT path, archive FROM files WHERE status = 'accepted' ORDER BY path")
    assert [p for p, _ in stored] == ["KT.xlsx", "TCHC.xlsx"]
    assert all(archive and (out / archive).is_file() for _, archive in stored), stored
