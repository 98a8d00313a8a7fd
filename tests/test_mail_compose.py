"""The bytes of an outgoing message (what Outlook needs to show it right), the [thu_di] table of dvht.toml,
the mail texts of the catalogue, and the Message-ID recorded at intake."""
from __future__ import annotations

import email
import re
from datetime import date, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from builders import config_dict, write_department

from dvht_batch.setup.config import parse_config
from dvht_batch.errors import ConfigError
from dvht_batch.mail.compose import Letter, message_bytes, new_message_id, without_draft_mark
from dvht_batch.mail.letters import deadline_phrase, readable_name
from dvht_batch.messages.mail_out import MAIL, mail_text
from dvht_batch.period import Period

WHEN = datetime(2025, 12, 6, 8, 15, tzinfo=timezone(timedelta(hours=7)))
NAME = "Phản hồi - Văn phòng tháng 11.xlsx"


def letter(**changes) -> Letter:
    values = dict(kind="phan-hoi", department="ĐT", department_name="Phòng Đào tạo", to=("dt@phong.test",),
                  subject="STC - Phản hồi bảng tính \"Đơn vị học tập\" tháng 11 năm 2025 - Phòng Đào tạo",
                  body="Kính gửi: Phòng Đào tạo.\n\nThanh_vien!G2: giá trị '??' không hợp lệ.\n",
                  cc=("lanhdao@stc.test",), attachments=[(NAME, b"PK\x03\x04 bytes \x00\xff")],
                  in_reply_to="<goc-1@phong.test>")
    values.update(changes)
    return Letter(**values)


def test_the_attachment_is_named_both_ways_and_every_part_is_base64():
    message_id = new_message_id("2025-11", "phan-hoi", "ĐT", "stc.test")
    raw = message_bytes(letter(), "vanphong@stc.test", "Văn phòng Sở", message_id, WHEN, draft=True)
    assert re.fullmatch(rb"<dvht\.2025-11\.phan-hoi\.dt\.[0-9a-f]{16}@stc\.test>", message_id.encode())
    assert raw.isascii() and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert "Subject: =?utf-8?" in head and "From: =?utf-8?" in head and "X-Unsent: 1" in head
    assert f"Message-ID: {message_id}" in head and "In-Reply-To: <goc-1@phong.test>" in head
    unfolded = re.sub(r"\r\n[ \t]+", " ", raw.decode())
    assert re.search(r'Content-Type:\s+application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet; '
                     r'name="=\?utf-8\?b\?[^"]+\?="', unfolded), "RFC 2047 name= for Outlook"
    assert "Content-Disposition: attachment; filename*=utf-8''Ph%E1%BA%A3n%20h%E1%BB%93i" in unfolded
    assert unfolded.count("Content-Transfer-Encoding: base64") == 2

    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == letter().subject and parsed["Cc"] == "lanhdao@stc.test"
    [part] = parsed.iter_attachments()
    assert part.get_filename() == NAME and part.get_content() == b"PK\x03\x04 bytes \x00\xff"
    assert part.get_param("name") == NAME  # what Outlook reads
    assert parsed.get_body(("plain",)).get_content() == letter().body

    sent = without_draft_mark(raw)
    assert b"X-Unsent" not in sent and sent.replace(b"", b"") != raw and len(sent) == len(raw) - len(b"X-Unsent: 1\r\n")


def test_readable_names_keep_vietnamese_and_drop_what_windows_forbids():
    assert readable_name("Phản hồi - VP/KT: tháng 11?", ".xlsx") == "Phản hồi - VP_KT_ tháng 11_.xlsx"
    assert readable_name(" . ", ".docx") == "tep.docx"


@pytest.mark.parametrize("kind", MAIL)
def test_every_mail_text_renders_from_its_fields(kind):
    names = {n for t in (MAIL[kind].subject, MAIL[kind].body) for n in re.findall(r"{(\w+)}", t)}
    subject, body = mail_text(kind, **{n: f"<{n}>" for n in names})
    assert "{" not in subject + body and "\n" not in subject
    assert body.startswith("Kính gửi: <department>.") and body.rstrip().endswith("<signature>")


def mail_config(**thu_di):
    return parse_config(config_dict(thu_di={"dia_chi_gui": "vanphong@stc.gov.vn", **thu_di}), Path("/x/dvht.toml"))


def test_thu_di_defaults_and_deadline():
    settings = mail_config(may_chu="mail.quangngai.gov.vn", tai_khoan="vanphong", han_nop=5).mail
    assert (settings.server_port, settings.security, settings.message_domain) == (587, "starttls", "stc.gov.vn")
    assert settings.password_variable == "DVHT_SMTP_PASSWORD" and settings.pause == 2.0
    assert deadline_phrase(settings, Period(2025, 11)) == "trước ngày 05/12/2025"
    assert deadline_phrase(settings, Period(2025, 12)) == "trước ngày 05/01/2026"
    assert mail_config(bao_mat="ssl").mail.server_port == 465
    assert mail_config(han_nop="20/12/2025").mail.deadline == date(2025, 12, 20)
    assert deadline_phrase(mail_config().mail, Period(2025, 11)) == "trước ngày 05 của tháng sau"
    assert parse_config(config_dict()).mail is None


def test_thu_di_mistakes_are_named_all_at_once():
    with pytest.raises(ConfigError) as caught:
        mail_config(bao_mat="tls", cong=70000, cc=["lanhdao"], han_nop=31, gian_cach=-1, mat_khau="x",
                    tep_ca="khong_co.pem")
    text = str(caught.value)
    for expected in ("'thu_di.bao_mat' = 'tls'", "'thu_di.cong' = 70000", "'thu_di.cc' phải là địa chỉ thư",
                     "'thu_di.han_nop' = '31'", "'thu_di.gian_cach' = -1",
                     "[thu_di]: khóa không được hỗ trợ 'mat_khau' (có phải 'bien_mat_khau'?)",
                     "không tìm thấy tệp chứng chỉ '/x/khong_co.pem'"):
        assert expected in text, expected
    with pytest.raises(ConfigError, match=r"\[thu_di\]: thiếu khóa bắt buộc 'dia_chi_gui'"):
        parse_config(config_dict(thu_di={"may_chu": "smtp.gmail.com"}))


def test_the_message_id_and_subject_are_recorded_at_intake(tmp_path):
    from builders import CONFIG

    from dvht_batch import pipeline
    from dvht_batch.rules import load_rule_set
    from dvht_batch.writers.json_out import result_to_dict

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "vp@phong.test", "vanphong@stc.test", "Báo cáo tháng 11"
    msg["Message-ID"] = "<goc-1@phong.test>"
    msg.set_content("Gửi Văn phòng")
    data = write_department(tmp_path / "vp.xlsx", ma_phong="VP").read_bytes()
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename="VP.xlsx")
    (tmp_path / "thu").mkdir()
    (tmp_path / "thu" / "vp.eml").write_bytes(msg.as_bytes())
    result = pipeline.collect(tmp_path / "thu", parse_config(CONFIG), load_rule_set("tt22-2020"), Period(2025, 11),
                              now=datetime(2025, 12, 6, 8, 0))
    [entry] = result_to_dict(result)["files"]
    assert (entry["message_id"], entry["mail_subject"], entry["sender"]) == (
        "<goc-1@phong.test>", "Báo cáo tháng 11", "vp@phong.test")


def test_refusals_before_anything_is_written(tmp_path):
    from builders import run_cli, write_config

    (tmp_path / "a").mkdir()
    bare = write_config(tmp_path / "a")
    refused = run_cli("gui-thu", "--config", bare, "--period", "2025-11", "--out", tmp_path / "out", "--loai", "mau")
    assert refused.returncode == 2 and "chưa có bảng [thu_di]" in refused.stderr
    config = write_config(tmp_path, thu_di={"dia_chi_gui": "vanphong@stc.test"})
    unsent = run_cli("gui-thu", "--config", config, "--period", "2025-11", "--out", tmp_path / "out", "--loai", "mau",
                     "--gui")
    assert unsent.returncode == 2 and "cần thêm 'may_chu' và 'tai_khoan'" in unsent.stderr
    no_run = run_cli("gui-thu", "--config", config, "--period", "2025-11", "--out", tmp_path / "out", "--loai", "nhac")
    assert no_run.returncode == 1 and "Chưa có kết quả tổng hợp kỳ 2025-11" in no_run.stderr
    assert "Traceback" not in refused.stderr + unsent.stderr + no_run.stderr
    assert not (tmp_path / "out" / "2025-11").exists()
