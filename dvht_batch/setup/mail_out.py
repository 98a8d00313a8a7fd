"""The `[thu_di]` table of dvht.toml: the office's outgoing mail server and what `dvht gui-thu` writes
(docs/hop-dong.md §1, docs/gui-thu.md). The password is never a key: it is asked, or read from the
environment variable named by `bien_mat_khau`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dvht_batch.messages import At, Findings
from dvht_batch.setup.schema import Table, key

SECURITY = {"starttls": 587, "ssl": 465}
DEFAULT_PASSWORD_VARIABLE = "DVHT_SMTP_PASSWORD"
THU_DI = At("thu_di")  # every finding of the table at the line of its key
ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+")

# [thu_di] in dvht.toml's schema (config.SCHEMA), checked like every other table
TABLE = Table({
    "may_chu": key(str), "cong": key(int), "bao_mat": key(str), "tai_khoan": key(str),
    "dia_chi_gui": key(str, required=True), "ten_nguoi_gui": key(str), "tep_ca": key(str),
    "bien_mat_khau": key(str), "cc": key(str, list), "han_nop": key(int, str, date),
    "gian_cach": key(int, float), "thoi_gian_cho": key(int, float), "chu_ky": key(str),
    "ten_mien": key(str),
})


@dataclass(frozen=True)
class MailSettings:
    sender: str                          # dia_chi_gui: the From address
    sender_name: str | None = None       # ten_nguoi_gui (default: the agency's name)
    server: str | None = None            # may_chu
    port: int | None = None              # cong (default by security: 587 / 465)
    security: str = "starttls"           # bao_mat: "starttls" or "ssl"
    account: str | None = None           # tai_khoan: the login (often the address itself)
    ca_file: Path | None = None          # tep_ca: an internal server's own certificate authority
    password_variable: str = DEFAULT_PASSWORD_VARIABLE  # bien_mat_khau
    cc: tuple[str, ...] = ()             # cc: copied on every message
    deadline_day: int | None = None      # han_nop = 5: the 5th of the month after the period
    deadline: date | None = None         # han_nop = "05/12/2025": that day
    pause: float = 2.0                   # gian_cach: seconds between two messages
    timeout: float = 60.0                # thoi_gian_cho: seconds a server may take to answer
    signature: str | None = None         # chu_ky: the signature block (several lines)
    domain: str | None = None            # ten_mien: the right-hand side of Message-IDs

    @property
    def message_domain(self) -> str:
        return self.domain or self.sender.rsplit("@", 1)[-1]

    @property
    def server_port(self) -> int:
        return self.port or SECURITY[self.security]


def _addresses(value, key: str, problems: Findings) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and ADDRESS.fullmatch(v.strip()) for v in values):
        THU_DI.report(problems, "mail-not-an-address", key, key=f"thu_di.{key}")
        return ()
    return tuple(v.strip() for v in values)


def _deadline(value, problems: Findings) -> tuple[int | None, date | None]:
    if value is None:
        return None, None
    if isinstance(value, bool) or (isinstance(value, int) and not 1 <= value <= 28):
        THU_DI.report(problems, "mail-bad-deadline", "han_nop", given=value)
        return None, None
    if isinstance(value, int):
        return value, None
    if isinstance(value, date):
        return None, value
    from dvht_batch.vn.dates import parse_day_first

    parsed = parse_day_first(value)
    if parsed is None:
        THU_DI.report(problems, "mail-bad-deadline", "han_nop", given=value)
    return None, parsed


def _seconds(value, default: float, key: str, low: float, high: float, problems: Findings) -> float:
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    if not low <= value <= high:
        THU_DI.report(problems, "mail-bad-seconds", key, key=f"thu_di.{key}", given=value, low=low, high=high)
        return default
    return float(value)


def parse_mail_settings(table: dict | None, base: Path | None, problems: Findings) -> MailSettings | None:
    """[thu_di] (types already checked against TABLE) → MailSettings; None when the table is absent."""
    if not table or not isinstance(table.get("dia_chi_gui"), str):
        return None
    text = {k: v.strip() for k, v in table.items() if isinstance(v, str) and v.strip()}
    sender = _addresses(text["dia_chi_gui"], "dia_chi_gui", problems)
    security = text.get("bao_mat", "starttls").casefold()
    if security not in SECURITY:
        THU_DI.report(problems, "config-not-one-of", "bao_mat", key="thu_di.bao_mat", given=text.get("bao_mat"),
                      allowed="\"starttls\" (cổng 587) hoặc \"ssl\" (cổng 465)")
        security = "starttls"
    port = table.get("cong")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535):
        THU_DI.report(problems, "mail-bad-port", "cong", given=port)
        port = None
    ca_file = Path(text["tep_ca"]) if "tep_ca" in text else None
    if ca_file is not None and not ca_file.is_absolute() and base is not None:
        ca_file = base / ca_file
    if ca_file is not None and not ca_file.is_file():
        problems.report("mail-ca-file-missing", path=ca_file)
    day, when = _deadline(table.get("han_nop"), problems)
    return MailSettings(
        sender=sender[0] if sender else text["dia_chi_gui"], sender_name=text.get("ten_nguoi_gui"),
        server=text.get("may_chu"), port=port, security=security, account=text.get("tai_khoan"), ca_file=ca_file,
        password_variable=text.get("bien_mat_khau", DEFAULT_PASSWORD_VARIABLE),
        cc=_addresses(table["cc"], "cc", problems) if table.get("cc") is not None else (),
        deadline_day=day, deadline=when,
        pause=_seconds(table.get("gian_cach"), 2.0, "gian_cach", 0, 600, problems),
        timeout=_seconds(table.get("thoi_gian_cho"), 60.0, "thoi_gian_cho", 5, 600, problems),
        signature=table.get("chu_ky").strip() if isinstance(table.get("chu_ky"), str) else None,
        domain=text.get("ten_mien"))
