"""Every security rule of the local server, through Starlette's test client (real app, real files)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from web_helpers import BASE, PORT, client, files_field, make_app

from builders import write_department


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


def test_no_token_no_page(app):
    application, settings = app
    c = client(application, settings, login=False)
    r = c.get("/")
    assert r.status_code == 403
    assert "token" in r.text and "Chưa được phép" in r.text


def test_wrong_token_refused_and_sets_no_cookie(app):
    application, settings = app
    c = client(application, settings, login=False)
    r = c.get("/?token=" + "x" * len(settings.token), follow_redirects=False)
    assert r.status_code == 403 and "Mã truy cập không đúng" in r.text
    assert "set-cookie" not in r.headers
    assert c.get("/").status_code == 403


def test_token_becomes_a_strict_cookie_and_leaves_the_url(app):
    application, settings = app
    c = client(application, settings, login=False)
    r = c.get(f"/ky/2025-11?token={settings.token}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ky/2025-11"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert c.get("/").status_code == 200
    assert c.get("/ky/2025-11").status_code == 200


def test_a_cookie_with_another_value_is_refused(app):
    application, settings = app
    c = client(application, settings, login=False)
    c.cookies.set(f"dvht_token_{PORT}", "guess")
    assert c.get("/").status_code == 403


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:9999", "127.0.0.1"])
def test_wrong_host_header_refused_even_with_the_cookie(app, host):
    application, settings = app
    c = client(application, settings)
    r = c.get("/", headers={"Host": host})
    assert r.status_code == 400 and "Địa chỉ không hợp lệ" in r.text


@pytest.mark.parametrize("host", [f"localhost:{PORT}", f"127.0.0.1:{PORT}"])
def test_local_names_accepted(app, host):
    application, settings = app
    c = client(application, settings)
    assert c.get("/", headers={"Host": host}).status_code == 200


def test_cross_site_post_refused(app):
    application, settings = app
    c = client(application, settings)
    data = {"csrf": settings.csrf, "ky": "2025-12"}
    r = c.post("/ky-moi", data=data, headers={"Origin": "http://evil.example"}, follow_redirects=False)
    assert r.status_code == 403 and "trang web khác" in r.text
    # a page on another port of this machine is another site too
    r = c.post("/ky-moi", data=data, headers={"Origin": "http://127.0.0.1:9999"}, follow_redirects=False)
    assert r.status_code == 403


def test_post_without_origin_needs_a_same_site_referer(app):
    application, settings = app
    c = client(application, settings)
    c.headers.pop("Origin")
    data = {"csrf": settings.csrf, "ky": "2025-12"}
    assert c.post("/ky-moi", data=data, follow_redirects=False).status_code == 403
    assert c.post("/ky-moi", data=data, headers={"Referer": "http://evil.example/x"},
                  follow_redirects=False).status_code == 403
    r = c.post("/ky-moi", data=data, headers={"Referer": f"{BASE}/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ky/2025-12"


def test_post_needs_the_csrf_token(app):
    application, settings = app
    c = client(application, settings)
    r = c.post("/ky-moi", data={"ky": "2025-12"}, follow_redirects=False)
    assert r.status_code == 403 and "tải lại trang" in r.text
    r = c.post("/ky-moi", data={"ky": "2025-12", "csrf": "0" * 64}, follow_redirects=False)
    assert r.status_code == 403
    r = c.post("/ky-moi", data={"ky": "2025-12"}, headers={"X-CSRF-Token": settings.csrf}, follow_redirects=False)
    assert r.status_code == 303


def test_post_without_the_cookie_refused(app):
    application, settings = app
    c = client(application, settings, login=False)
    r = c.post("/ky-moi", data={"ky": "2025-12", "csrf": settings.csrf}, follow_redirects=False)
    assert r.status_code == 403


def _outputs(settings) -> Path:
    folder = settings.out_root / "2025-11"
    folder.mkdir(parents=True)
    (folder / "tong_hop.xlsx").write_bytes(b"ours")
    return folder


@pytest.mark.parametrize("path", [
    "..%2f..%2f..%2fetc%2fpasswd", "2025-11/..%2f..%2fdvht.toml", "%2fetc%2fpasswd", "2025-11/%2e%2e/%2e%2e/dvht.toml",
    "dvht.sqlite", "2025-11", "2025-11/khong_co.xlsx", "luu_tru/x.xlsx", "2025-11/tong_hop.xlsx%00.txt", "%00",
    "2025-11/%00/x", ".giao-dien/2025-11.json",
])
def test_download_refuses_anything_outside_a_period_folder(app, tmp_path, path):
    application, settings = app
    _outputs(settings)
    (settings.out_root / "dvht.sqlite").write_bytes(b"ledger")
    c = client(application, settings)
    r = c.get(f"/tai/{path}")
    assert r.status_code == 404
    assert b"passwd" not in r.content and b"ledger" not in r.content and b"[don_vi]" not in r.content


def test_download_serves_a_period_output(app):
    application, settings = app
    _outputs(settings)
    r = client(application, settings).get("/tai/2025-11/tong_hop.xlsx")
    assert r.status_code == 200 and r.content == b"ours"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_download_refuses_a_symlink_leading_outside(app, tmp_path):
    application, settings = app
    folder = _outputs(settings)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    try:
        os.symlink(secret, folder / "link.txt")
    except OSError:
        pytest.skip("cannot create symbolic links here")
    r = client(application, settings).get("/tai/2025-11/link.txt")
    assert r.status_code == 404 and "secret" not in r.text


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_period_folder_that_is_a_link_outside_is_neither_zipped_nor_served(app, tmp_path):
    application, settings = app
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (outside / "ket_qua.json").write_text("{}")
    settings.out_root.mkdir()
    try:
        os.symlink(outside, settings.out_root / "2025-11", target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symbolic links here")
    c = client(application, settings)
    r = c.get("/ky/2025-11/tat-ca.zip")
    assert r.status_code == 404 and b"secret" not in r.content
    assert c.get("/tai/2025-11/secret.txt").status_code == 404


@pytest.mark.parametrize("request_kind", ["no cookie", "wrong host", "wrong token", "cross site", "not found",
                                          "bad period", "nul"])
def test_refusal_pages_carry_the_security_headers(app, request_kind):
    application, settings = app
    c = client(application, settings, login=request_kind != "no cookie")
    r = {"no cookie": lambda: c.get("/"),
         "wrong host": lambda: c.get("/", headers={"Host": "evil.example:8765"}),
         "wrong token": lambda: c.get("/?token=nope"),
         "cross site": lambda: c.post("/ky-moi", headers={"Origin": "http://evil.example"}, data={"ky": "2025"}),
         "not found": lambda: c.get("/khong-co"),
         "bad period": lambda: c.get("/ky/2025-13"),
         "nul": lambda: c.get("/tai/2025-11/%00")}[request_kind]()
    assert 400 <= r.status_code < 500
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


def test_oversized_upload_refused_before_reading(tmp_path):
    application, settings = make_app(tmp_path, max_body=64 * 1024)
    c = client(application, settings)
    big = ("VP.xlsx", b"PK" + b"\0" * (128 * 1024), "application/octet-stream")
    r = c.post("/ky/2025-11/tai-len", files=[("tep", big)], data={"csrf": settings.csrf})
    assert r.status_code == 413 and "quá lớn" in r.text
    assert not (settings.input_root / "2025-11").exists()


def test_a_body_longer_than_announced_is_cut(tmp_path):
    """A client announcing no length (chunked) is refused; bytes beyond the limit never reach the parser."""
    application, settings = make_app(tmp_path, max_body=64 * 1024)
    c = client(application, settings)

    def chunks():
        for _ in range(10):
            yield b"x" * 16 * 1024

    r = c.post("/ky/2025-11/tai-len", content=chunks(),
               headers={"Content-Type": "multipart/form-data; boundary=b", "X-CSRF-Token": settings.csrf})
    assert r.status_code in (411, 413)


def test_too_many_files_refused(tmp_path):
    application, settings = make_app(tmp_path, max_files=3)
    c = client(application, settings)
    paths = [write_department(tmp_path / f"VP{i}.xlsx") for i in range(4)]
    r = c.post("/ky/2025-11/tai-len", files=files_field(paths), data={"csrf": settings.csrf},
               headers={"Accept": "application/json"})
    assert r.status_code == 413 and "tối đa 3 tệp" in r.json()["error"]
    assert not any((settings.input_root / "2025-11").glob("*.xlsx"))


def test_upload_names_cleaned_and_stored_only_in_the_period_folder(app, tmp_path):
    application, settings = app
    c = client(application, settings)
    data = write_department(tmp_path / "src.xlsx").read_bytes()
    r = c.post("/ky/2025-11/tai-len", data={"csrf": settings.csrf}, headers={"Accept": "application/json"},
               files=[("tep", ("../../../evil.xlsx", data, "x")), ("tep", ("..\\..\\win.xlsx", data + b"", "x")),
                      ("tep", ("/etc/abs.xlsx", data, "x"))])
    assert r.status_code == 200, r.text
    folder = settings.input_root / "2025-11"
    assert sorted(p.name for p in folder.iterdir()) == ["abs.xlsx", "evil.xlsx", "win.xlsx"]
    assert not (tmp_path / "evil.xlsx").exists() and not Path("/etc/abs.xlsx").exists()
    assert r.json()["saved"] == ["evil.xlsx", "win.xlsx", "abs.xlsx"]


def test_what_is_not_a_submission_refused_at_the_door_and_the_refusals_kept(app, tmp_path):
    """Lock files, non-spreadsheets and messages without a workbook are refused in Vietnamese and each refusal
    is kept on disk and shown on the board until dismissed; broken workbooks are stored as sent (the run
    judges them, as `dvht run` does)."""
    application, settings = app
    c = client(application, settings)
    good = write_department(tmp_path / "VP.xlsx").read_bytes()
    r = c.post("/ky/2025-11/tai-len", data={"csrf": settings.csrf}, headers={"Accept": "application/json"},
               files=[("tep", ("ghi chu.txt", b"hello", "text/plain")),
                      ("tep", ("~$VP.xlsx", b"lock", "x")),
                      ("tep", ("gia.xlsx", b"this is not a workbook", "x")),
                      ("tep", ("rong.xlsx", b"", "x")),
                      ("tep", ("thu.eml", b"From: a@b.vn\r\nSubject: x\r\n\r\nkhong co tep\r\n", "message/rfc822")),
                      ("tep", ("VP.xlsx", good, "x"))])
    answer = r.json()
    assert answer["saved"] == ["gia.xlsx", "rong.xlsx", "VP.xlsx"]
    messages = {x["name"]: x["message"] for x in answer["refused"]}
    assert "không phải bảng tính Excel" in messages["ghi chu.txt"]
    assert "tệp khóa tạm" in messages["~$VP.xlsx"]
    assert "không có tệp Excel" in messages["thu.eml"]
    assert sorted(messages) == ["ghi chu.txt", "thu.eml", "~$VP.xlsx"]
    folder = settings.input_root / "2025-11"
    assert sorted(p.name for p in folder.iterdir()) == ["VP.xlsx", "gia.xlsx", "rong.xlsx"]
    assert (folder / "gia.xlsx").read_bytes() == b"this is not a workbook"

    board = c.get("/ky/2025-11").text  # the refusals stay after a reload, and after a restart of the app
    again = client(*make_app_again(tmp_path, settings)).get("/ky/2025-11").text
    for text in (board, again):
        assert text.count('action="/ky/2025-11/an-thong-bao"') == 4  # one per refusal, one for all
        assert "không có tệp Excel" in text and "tệp khóa tạm" in text
    ident = re.search(r'name="id" value="([0-9a-f]+)"', board).group(1)
    assert c.post("/ky/2025-11/an-thong-bao", data={"csrf": settings.csrf, "id": ident}).status_code == 200
    assert c.get("/ky/2025-11").text.count('action="/ky/2025-11/an-thong-bao"') == 3
    c.post("/ky/2025-11/an-thong-bao", data={"csrf": settings.csrf, "id": "*"})
    assert "an-thong-bao" not in c.get("/ky/2025-11").text


def make_app_again(tmp_path, settings):
    """A second app over the same folders (the server restarted)."""
    return make_app(tmp_path, settings.config_path)


def test_security_headers(app):
    application, settings = app
    r = client(application, settings).get("/")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
