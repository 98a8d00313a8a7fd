"""Every security rule of the local server, through Starlette's test client (real app, real files)."""
from __future__ import annotations

import os
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
    "dvht.sqlite", "2025-11", "2025-11/khong_co.xlsx", "luu_tru/x.xlsx",
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


def test_obviously_wrong_uploads_refused_early_in_vietnamese(app, tmp_path):
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
    assert answer["saved"] == ["VP.xlsx"]
    messages = {x["name"]: x["message"] for x in answer["refused"]}
    assert "không phải bảng tính Excel" in messages["ghi chu.txt"]
    assert "tệp khóa tạm" in messages["~$VP.xlsx"]
    assert "không phải tệp .xlsx thật" in messages["gia.xlsx"]
    assert "Tệp rỗng" in messages["rong.xlsx"]
    assert "không có tệp Excel" in messages["thu.eml"]
    assert [p.name for p in (settings.input_root / "2025-11").iterdir()] == ["VP.xlsx"]


def test_security_headers(app):
    application, settings = app
    r = client(application, settings).get("/")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
