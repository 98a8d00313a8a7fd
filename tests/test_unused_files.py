"""Every file a department sends is read, or named with the reason it was not (statuses, console, reports).

A workbook that arrived but cannot be read is `rejected` with its error and tied to its department
(by file name, configured e-mail or sender), which is then "đã gửi, chưa dùng được", not "chưa gửi".
"""
import json
import zipfile
from email.message import EmailMessage

from builders import rewrite_member, run_cli, write_config, write_department
from openpyxl import load_workbook

from dvht_batch.assess import aggregate
from dvht_batch.setup.config import parse_config
from dvht_batch.intake import discover, read_all
from dvht_batch.models import FileStatus
from dvht_batch.rules import load_rule_set

DEPARTMENTS = (("VP", "Văn phòng"), ("KT", "Phòng Kế toán"), ("TCHC", "Phòng Tổ chức hành chính"),
               ("TTR", "Thanh tra"), ("QLG", "Phòng Quản lý giá"), ("DT", "Phòng Đầu tư"), ("NS", "Phòng Ngân sách"))
MiB = 1024 * 1024


def _bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (40 * MiB))


def broken_inputs(folder):
    """One good workbook and one broken file per other department, each named as departments name them."""
    folder.mkdir(parents=True, exist_ok=True)
    write_department(folder / "VP.xlsx", ma_phong="VP")
    truncated = write_department(folder / "KT_11-2025.xlsx", ma_phong="KT")
    truncated.write_bytes(truncated.read_bytes()[:1500])                   # a download that stopped
    (folder / "Phong to chuc hanh chinh.xlsx").write_bytes(b"")            # empty (by department name)
    (folder / "TTR bao cao.xlsx").write_text("Họ và tên;Năm sinh\n", encoding="utf-8")  # not a workbook
    _bomb(folder / "QLG.xlsx")                                             # decompression bomb
    doctype = write_department(folder / "DT.xlsx", ma_phong="DT")
    rewrite_member(doctype, "xl/sharedStrings.xml", lambda d: d.replace(b"?>", b"?><!DOCTYPE x [<!ENTITY a 'a'>]>", 1))
    (folder / "NS.csv").write_bytes("\ufeffHọ và tên,Năm sinh\nAn,1980\n".encode("utf-8"))  # Excel's "CSV UTF-8"
    (folder / "ghi chu.txt").write_text("nhắc việc", encoding="utf-8")      # not a submission
    (folder / "~$VP.xlsx").write_bytes(b"\x05owner" + bytes(160))          # Excel's lock file: ignored


EXPECTED = {"KT_11-2025.xlsx": ("KT", "corrupt-zip"), "Phong to chuc hanh chinh.xlsx": ("TCHC", "empty-file"),
            "TTR bao cao.xlsx": ("TTR", "not-a-zip"), "QLG.xlsx": ("QLG", "zip-bomb"),
            "DT.xlsx": ("DT", "xml-doctype"), "NS.csv": ("NS", "csv-not-accepted")}


def test_broken_files_are_rejected_and_their_departments_have_sent(tmp_path):
    broken_inputs(tmp_path / "vao")
    write_config(tmp_path, departments=DEPARTMENTS)
    proc = run_cli("run", "vao", "--config", "dvht.toml", "--period", "2025-11", "--out", "out", "--no-docx",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    res = json.loads((tmp_path / "out" / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in res["files"]}
    for path, (code, error) in EXPECTED.items():
        assert files[path]["status"] == "rejected" and files[path]["department"] == code, files[path]
        assert [e["code"] for e in files[path]["errors"]] == [error]
    assert files["ghi chu.txt"]["status"] == "ignored" and files["VP.xlsx"]["status"] == "accepted"
    assert files["~$VP.xlsx"]["status"] == "ignored" and files["~$VP.xlsx"]["department"] is None
    status = {d["code"]: d["status"] for d in res["departments"]}
    assert status == {"VP": "accepted", **{code: "rejected" for code, _ in EXPECTED.values()}}

    out = proc.stdout
    assert "Phòng chưa gửi" not in out
    assert "Phòng đã gửi, chưa dùng được: Phòng Kế toán (KT)" in out
    rejected, ignored = out.split("Tệp bị từ chối (6):")[1].split("Tệp bỏ qua (không phải bài nộp) (2):")
    for line in rejected.strip("\n").splitlines():
        path = line.strip().split(" — ")[0]
        assert line.startswith(f"  {path} — ") and line.endswith(f" [tính cho phòng {EXPECTED[path][0]}, theo tên tệp]")
    assert len(rejected.strip().splitlines()) == len(EXPECTED)
    assert "Tệp rỗng (0 byte)" in rejected and "bom giải nén" in rejected and "DOCTYPE" in rejected
    assert "  ghi chu.txt — không phải bảng tính" in ignored and "  ~$VP.xlsx — tệp khóa tạm" in ignored

    wb = load_workbook(tmp_path / "out" / "2025-11" / "tong_hop.xlsx", read_only=True)
    listed = {(row[0], row[2]) for row in wb["Loi"].iter_rows(min_row=2, values_only=True)}
    assert {(path, "Lỗi") for path in EXPECTED} | {("ghi chu.txt", "Bỏ qua")} <= listed
    assert [f.name for f in (tmp_path / "out" / "2025-11" / "phan_hoi").iterdir()] != []


def test_long_lists_point_to_the_consolidated_workbook(tmp_path):
    folder = tmp_path / "vao"
    folder.mkdir()
    write_department(folder / "VP.xlsx", ma_phong="VP")
    for i in range(14):
        (folder / f"anh {i:02d}.png").write_bytes(b"\x89PNG")
    write_config(tmp_path)
    proc = run_cli("run", "vao", "--config", "dvht.toml", "--out", "out", "--no-docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Tệp bỏ qua (không phải bài nộp) (14):" in proc.stdout
    assert "anh 09.png" in proc.stdout and "anh 10.png" not in proc.stdout
    assert "… và 4 tệp khác: xem đủ danh sách trong tong_hop.xlsx, trang \"Loi\"." in proc.stdout


def _mail(sender, name, data, subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "vanphong@stc.gov.vn", "Báo cáo"
    msg["Date"] = "Wed, 03 Dec 2025 10:00:00 +0700"
    msg.set_content("Gửi Văn phòng.")
    msg.add_attachment(data, maintype="application", subtype=subtype, filename=name)
    return msg.as_bytes()


def test_department_from_configured_email_or_from_the_sender(tmp_path):
    """A broken attachment named nothing useful: the configured address tells; else what the same
    sender sent before; else nothing (still rejected, without department)."""
    from builders import config_dict

    data = dict(config_dict(departments=DEPARTMENTS))
    data["phong"] = [dict(p) for p in data["phong"]]
    data["phong"][1]["email"] = ["ketoan@stc.gov.vn", "KeToan.Truong@gmail.com"]
    data["phong"][3]["email"] = "thanhtra@stc.gov.vn"
    config, rules = parse_config(data), load_rule_set("tt22-2020")
    inbox = tmp_path / "vao"
    inbox.mkdir()
    good = write_department(tmp_path / "good.xlsx", ma_phong="QLG").read_bytes()
    (inbox / "1.eml").write_bytes(_mail("Kế toán trưởng <ketoan.truong@GMAIL.com>", "bang ke.xlsx", b"PK\x03\x04"))
    (inbox / "2.eml").write_bytes(_mail("thanhtra@stc.gov.vn", "tep.xlsx", b""))
    (inbox / "3.eml").write_bytes(_mail("Chị Giá <gia@stc.gov.vn>", "bang.xlsx", good))
    (inbox / "4.eml").write_bytes(_mail("gia@stc.gov.vn", "bang (sua).xlsx", good[:800]))
    (inbox / "5.eml").write_bytes(_mail("la@example.com", "du lieu.xlsx", b"junk"))
    records = read_all(discover(inbox), inbox, config, rules)
    aggregate.settle_statuses(records)
    got = {r.path.split("#")[0]: (r.status, r.department, r.department_from) for r in records}
    assert got["1.eml"] == (FileStatus.REJECTED, "KT", "theo địa chỉ thư của phòng trong cấu hình")
    assert got["2.eml"] == (FileStatus.REJECTED, "TTR", "theo địa chỉ thư của phòng trong cấu hình")
    assert got["3.eml"] == (FileStatus.ACCEPTED, "QLG", None)
    assert got["4.eml"][:2] == (FileStatus.REJECTED, "QLG") and got["4.eml"][2].startswith("theo người gửi")
    assert got["5.eml"] == (FileStatus.REJECTED, None, None)


def test_refused_newer_file_does_not_hide_behind_the_accepted_one(tmp_path):
    """A truncated file that arrived after the accepted one stays rejected (not "superseded") and the
    accepted file says a newer file could not be used."""
    import os

    config, rules = parse_config(__import__("builders").config_dict(departments=DEPARTMENTS)), load_rule_set("tt22-2020")
    old = write_department(tmp_path / "VP.xlsx", ma_phong="VP")
    new = tmp_path / "VP (ban moi).xlsx"
    new.write_bytes(old.read_bytes()[:900])
    os.utime(old, (1_700_000_000, 1_700_000_000))
    records = read_all(discover(tmp_path), tmp_path, config, rules)
    aggregate.settle_statuses(records)
    by_path = {r.path: r for r in records}
    assert by_path["VP (ban moi).xlsx"].status is FileStatus.REJECTED
    assert by_path["VP.xlsx"].status is FileStatus.ACCEPTED
    assert [f.code for f in by_path["VP.xlsx"].warnings] == ["newer-file-rejected"]


def test_email_key_is_checked(tmp_path):
    import pytest

    from builders import config_dict
    from dvht_batch.errors import ConfigError

    data = dict(config_dict())
    data["phong"] = [{"ma": "VP", "ten": "Văn phòng", "email": "khong phai dia chi"}]
    with pytest.raises(ConfigError, match="'email' phải là một địa chỉ thư"):
        parse_config(data)
    data["phong"] = [{"ma": "VP", "ten": "Văn phòng", "email": ["vp@so.gov.vn", "VP2@so.gov.vn"]}]
    assert parse_config(data).departments[0].emails == ("vp@so.gov.vn", "vp2@so.gov.vn")


def test_a_roster_in_the_departments_own_layout_is_rejected_and_theirs(tmp_path):
    """A department that sends its roster in a layout of its own has sent something: 'đã gửi, chưa dùng được',
    with a message that says to use the form, and a feedback workbook like any rejected file."""
    from builders import write_xlsx

    folder = tmp_path / "vao"
    folder.mkdir()
    write_department(folder / "VP.xlsx", ma_phong="VP")
    write_xlsx(folder / "TCHC - danh sach can bo.xlsx", {"Sheet1": [["Họ và tên", "Năm sinh"], ["Đặng Thu Hà", 1988]]})
    write_config(tmp_path, departments=DEPARTMENTS[:3])
    proc = run_cli("run", "vao", "--config", "dvht.toml", "--period", "2025-11", "--out", "out", "--no-docx",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    res = json.loads((tmp_path / "out" / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    own = next(f for f in res["files"] if f["path"] == "TCHC - danh sach can bo.xlsx")
    assert own["status"] == "rejected" and own["department"] == "TCHC"
    assert [e["code"] for e in own["errors"]] == ["not-a-template"]
    assert {d["code"]: d["status"] for d in res["departments"]}["TCHC"] == "rejected"
    assert "Phòng đã gửi, chưa dùng được: Phòng Tổ chức hành chính (TCHC)" in proc.stdout
    assert "không theo biểu mẫu" in proc.stdout
    feedback = list((tmp_path / "out" / "2025-11" / "phan_hoi").glob("TCHC_*.xlsx"))
    assert len(feedback) == 1 and load_workbook(feedback[0])  # the department gets its file back with the reason


def test_a_superseded_file_is_named_with_the_newer_one(tmp_path):
    folder = tmp_path / "vao"
    folder.mkdir()
    write_department(folder / "VP.xlsx", ma_phong="VP", ngay_lap="03/11/2025")
    write_department(folder / "VP lan 2.xlsx", ma_phong="VP", ngay_lap="05/11/2025")
    write_config(tmp_path)
    proc = run_cli("run", "vao", "--config", "dvht.toml", "--period", "2025-11", "--out", "out", "--no-docx",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Tệp: 1 đã nhận; 0 bị từ chối; 1 bị thay thế; 0 bỏ qua" in proc.stdout
    assert ("Tệp bị thay thế (1):\n  VP.xlsx — đã có bản mới hơn: VP lan 2.xlsx; bản này không được tính\n"
            in proc.stdout)
