"""`dvht gui-thu` against real servers: aiosmtpd (STARTTLS, AUTH with a Vietnamese password) relaying over
LMTP into a private Dovecot, read back over IMAP (tests/mail_servers.py). Each test uses its own addresses,
so the servers are shared by the tests of one process."""
from __future__ import annotations

import io
import os
import secrets
import signal
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from builders import member, run_cli, write_config, write_department
from mail_servers import dovecot, smtp_relay

ACCOUNT, PASSWORD = "vanphong@stc.test", "mật khẩu Văn phòng 2025"
PASSWORD_VARIABLE = "DVHT_TEST_SMTP_MAT_KHAU"
ICT = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def servers():
    with dovecot() as mailstore, smtp_relay(mailstore, ACCOUNT, PASSWORD) as relay:
        yield mailstore, relay


@pytest.fixture()
def relay(servers, monkeypatch):
    mailstore, relay = servers
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    relay.refuse, relay.hold = set(), lambda n: None
    return relay


@pytest.fixture()
def mailstore(servers):
    return servers[0]


def addresses() -> dict[str, str]:
    tag = secrets.token_hex(4)
    return {code: f"{code.lower()}-{tag}@phong.test" for code in ("VP", "KT", "TCHC", "LD")}


def setup(tmp_path: Path, relay, to: dict[str, str], with_address=("VP", "KT"), **mail) -> Path:
    departments = [{"ma": "VP", "ten": "Văn phòng"}, {"ma": "KT", "ten": "Phòng Kế toán"},
                   {"ma": "TCHC", "ten": "Phòng Tổ chức hành chính"}]
    for d in departments:
        if d["ma"] in with_address:
            d["email"] = to[d["ma"]]
    settings = {"dia_chi_gui": ACCOUNT, "ten_nguoi_gui": "Văn phòng Sở Tài chính", "may_chu": "localhost",
                "cong": relay.port, "bao_mat": "starttls", "tai_khoan": ACCOUNT, "tep_ca": str(relay.cafile),
                "bien_mat_khau": PASSWORD_VARIABLE, "han_nop": 5, "gian_cach": 0, "thoi_gian_cho": 20, **mail}
    return write_config(tmp_path, phong=departments, thu_di={k: v for k, v in settings.items() if v is not None})


def gui_thu(config: Path, out: Path, kind: str, *more: str, period: str = "2025-11"):
    return run_cli("gui-thu", "--config", config, "--period", period, "--out", out, "--loai", kind, *more)


def attachments(msg) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in msg.iter_attachments()}


def test_templates_go_out_once_and_arrive_intact(tmp_path, relay, mailstore):
    to = addresses()
    config, out = setup(tmp_path, relay, to, cc=[to["LD"]]), tmp_path / "out"

    drafts = gui_thu(config, out, "mau")
    assert drafts.returncode == 0, drafts.stderr
    folder = out / "2025-11" / "thu_di"
    assert sorted(p.name for p in folder.iterdir()) == ["mau_KT.eml", "mau_VP.eml"]
    assert b"\r\nX-Unsent: 1\r\n" in (folder / "mau_VP.eml").read_bytes()
    assert "TCHC — Phòng Tổ chức hành chính" in drafts.stdout and "chưa có địa chỉ thư" in drafts.stdout
    assert "Chưa gửi thư nào" in drafts.stdout and mailstore.messages(to["VP"]) == []

    sent = gui_thu(config, out, "mau", "--gui")
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert "Đã gửi 2/2 thư." in sent.stdout
    [msg] = mailstore.messages(to["VP"])
    assert msg["Subject"] == 'STC - Mẫu bảng tính "Đơn vị học tập" tháng 11 năm 2025 - Văn phòng'
    assert msg["From"].addresses[0].display_name == "Văn phòng Sở Tài chính"
    assert msg["Message-ID"].endswith("@stc.test>") and msg["X-Unsent"] is None
    body = msg.get_body(("plain",)).get_content()
    assert "Kính gửi: Văn phòng." in body and "trước ngày 05/12/2025" in body and "Sở Tài chính" in body
    files = attachments(msg)
    assert list(files) == ["VP_2025-11.xlsx"]
    workbook = openpyxl.load_workbook(io.BytesIO(files["VP_2025-11.xlsx"]))
    assert {"Thong_tin", "Thanh_vien"} <= set(workbook.sheetnames)
    assert len(mailstore.messages(to["LD"])) == 2  # the Cc
    assert (folder / "da_gui" / "mau_VP.eml").is_file() and not (folder / "mau_VP.eml").exists()

    again = gui_thu(config, out, "mau", "--gui")
    assert again.returncode == 0 and "Không còn thư nào cần gửi." in again.stdout
    assert again.stdout.count("không gửi lại") == 2
    assert len(mailstore.messages(to["VP"])) == 1 and len(mailstore.messages(to["KT"])) == 1

    resent = gui_thu(config, out, "mau", "--gui-lai", "--phong", "KT")
    assert resent.returncode == 0 and "Đã gửi 1/1 thư." in resent.stdout
    assert len(mailstore.messages(to["KT"])) == 2 and len(mailstore.messages(to["VP"])) == 1


def department_mail(sender: str, to: str, name: str, data: bytes, message_id: str, subject: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = f"Trần Thị Bình <{sender}>", to, subject
    msg["Date"] = format_datetime(datetime(2025, 12, 3, 9, 30, tzinfo=ICT))
    msg["Message-ID"] = message_id
    msg.set_content("Kính gửi Văn phòng, phòng gửi bảng tính.")
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def test_feedback_replies_in_the_thread_and_the_corrected_file_comes_back(tmp_path, relay, mailstore):
    to = addresses()
    config, out, inbox = setup(tmp_path, relay, to), tmp_path / "out", tmp_path / "thu"
    inbox.mkdir()
    bad = write_department(tmp_path / "x.xlsx", [member("Nguyễn Văn An", **{"Tuân thủ kỷ luật": "??"})],
                           ngay_lap="01/12/2025").read_bytes()
    (inbox / "2025-12-03 vp.eml").write_bytes(department_mail(to["VP"], ACCOUNT, "Văn phòng tháng 11.xlsx", bad,
                                                              "<bao-cao-1@phong.test>", "Báo cáo ĐVHT tháng 11"))
    write_department(inbox / "TCHC.xlsx", ma_phong="TCHC", ten_phong="Phòng Tổ chức hành chính")
    assert run_cli("run", inbox, "--config", config, "--period", "2025-11", "--out", out, "--no-docx", "-q").returncode == 0

    done = gui_thu(config, out, "phan-hoi", "--gui")
    assert done.returncode == 0, done.stdout + done.stderr
    [reply] = mailstore.messages(to["VP"])
    assert reply["In-Reply-To"] == "<bao-cao-1@phong.test>" and reply["References"] == "<bao-cao-1@phong.test>"
    assert reply["Subject"] == "Re: Báo cáo ĐVHT tháng 11"
    body = reply.get_body(("plain",)).get_content()
    assert "Thanh_vien!G2" in body and "1 lỗi" in body and "Văn phòng tháng 11.xlsx" in body
    [(name, data)] = attachments(reply).items()
    assert name == "Phản hồi - Văn phòng tháng 11.xlsx"
    assert data == next((out / "2025-11" / "phan_hoi").iterdir()).read_bytes()
    assert mailstore.messages(to["KT"]) == []  # nothing of KT was rejected

    reminded = gui_thu(config, out, "nhac", "--gui")
    assert reminded.returncode == 0, reminded.stdout + reminded.stderr
    [kt] = mailstore.messages(to["KT"])
    assert "chưa nhận được bảng tính" in kt.get_body(("plain",)).get_content()
    vp = mailstore.messages(to["VP"])[-1]
    assert "chưa dùng được" in vp.get_body(("plain",)).get_content() and "Nhắc gửi lại" in vp["Subject"]

    # the department corrects the feedback copy it received and replies with it
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["Thanh_vien"]["G2"] = "Có"
    fixed = io.BytesIO()
    workbook.save(fixed)
    (inbox / "2025-12-04 vp.eml").write_bytes(department_mail(to["VP"], ACCOUNT, name, fixed.getvalue(),
                                                              "<bao-cao-2@phong.test>", reply["Subject"]))
    assert run_cli("run", inbox, "--config", config, "--period", "2025-11", "--out", out, "--no-docx", "-q").returncode == 0
    again = gui_thu(config, out, "nhac")
    assert "VP — Văn phòng" not in again.stdout and "KT — Phòng Kế toán" in again.stdout


def test_a_kill_mid_send_then_a_second_call_delivers_each_message_once(tmp_path, relay, mailstore):
    to = addresses()
    config, out = setup(tmp_path, relay, to, with_address=("VP", "KT", "TCHC")), tmp_path / "out"
    to_send = [to["VP"], to["KT"], to["TCHC"]]
    held, before = tmp_path / "held", len(relay.accepted)

    def slow_second(n: int) -> None:  # n counts the messages the server accepted since it started
        if n == before + 2:
            held.touch()
            time.sleep(4)  # the client is killed while it waits for the server's answer to message 2

    relay.hold = slow_second
    child = subprocess.Popen([sys.executable, "-m", "dvht_batch", "gui-thu", "--config", str(config), "--period",
                              "2025-11", "--out", str(out), "--loai", "mau", "--gui"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not held.exists():
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate()
    while len(relay.accepted) < before + 2:  # the server finishes delivering message 2
        time.sleep(0.05)
    relay.hold = lambda n: None

    second = gui_thu(config, out, "mau", "--gui")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Chưa rõ đã gửi hay chưa: KT" in second.stdout and "Đã gửi 1/1 thư." in second.stdout
    assert [len(mailstore.messages(a)) for a in to_send] == [1, 1, 1]
    third = gui_thu(config, out, "mau", "--gui")
    assert "Không còn thư nào cần gửi." in third.stdout
    assert [len(mailstore.messages(a)) for a in to_send] == [1, 1, 1]


def test_a_refused_recipient_is_listed_and_the_others_still_go(tmp_path, relay, mailstore):
    to = addresses()
    config, out = setup(tmp_path, relay, to), tmp_path / "out"
    relay.refuse = {to["VP"]}
    done = gui_thu(config, out, "mau", "--gui")
    assert done.returncode == 1
    assert f"Địa chỉ bị từ chối: {to['VP']}" in done.stdout and "Không gửi được: VP" in done.stdout
    assert len(mailstore.messages(to["KT"])) == 1 and mailstore.messages(to["VP"]) == []
    relay.refuse = set()
    retry = gui_thu(config, out, "mau", "--gui")  # a refused message was not sent: it is tried again
    assert retry.returncode == 0 and "Đã gửi 1/1 thư." in retry.stdout
    assert len(mailstore.messages(to["VP"])) == 1 and len(mailstore.messages(to["KT"])) == 1


def test_an_untrusted_certificate_or_a_wrong_password_sends_nothing(tmp_path, relay, mailstore, monkeypatch):
    to = addresses()
    config, out = setup(tmp_path, relay, to, tep_ca=None), tmp_path / "out"
    untrusted = gui_thu(config, out, "mau", "--gui")
    assert untrusted.returncode == 1 and "Chứng chỉ TLS của máy chủ thư localhost không hợp lệ" in untrusted.stderr
    assert "Traceback" not in untrusted.stderr
    config = setup(tmp_path, relay, to)
    monkeypatch.setenv(PASSWORD_VARIABLE, "mật khẩu sai")
    refused = gui_thu(config, out, "mau", "--gui")
    assert refused.returncode == 1 and "không chấp nhận đăng nhập" in refused.stderr
    assert mailstore.messages(to["VP"]) == [] and mailstore.messages(to["KT"]) == []
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    assert gui_thu(config, out, "mau", "--gui").returncode == 0
    assert len(mailstore.messages(to["VP"])) == 1



def test_results_go_to_the_accepted_departments_with_a_vietnamese_file_name(tmp_path, relay, mailstore):
    to = addresses()
    config, out, inbox = setup(tmp_path, relay, to), tmp_path / "out", tmp_path / "vao"
    inbox.mkdir()
    write_department(inbox / "VP.xlsx")
    assert run_cli("run", inbox, "--config", config, "--period", "2025-11", "--out", out, "-q").returncode == 0
    done = gui_thu(config, out, "ket-qua", "--gui")
    assert done.returncode == 0, done.stdout + done.stderr
    [msg] = mailstore.messages(to["VP"])
    [(name, data)] = attachments(msg).items()
    assert name == "Kết quả tháng 11 năm 2025 - Văn phòng.docx"
    assert data == (out / "2025-11" / "bao_cao_phong" / "bao_cao_VP.docx").read_bytes()
    assert mailstore.messages(to["KT"]) == []  # KT sent nothing: no results to send
