"""The connection to the office's outgoing mail server (stdlib smtplib), every fault in Vietnamese.

TLS always, the certificate always verified (`ssl.create_default_context`, with the `tep_ca` of an
internal server): `ssl` connects over TLS (port 465), `starttls` upgrades before logging in (587) and
refuses a server that cannot. smtplib's `login` cannot send a password with Vietnamese letters (it
encodes to ASCII): such a password goes as AUTH PLAIN, base64 of its UTF-8 bytes.
"""
from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from dataclasses import dataclass, field

from dvht_batch.errors import DvhtError
from dvht_batch.setup.mail_out import MailSettings
from dvht_batch.messages import render


class MailSendError(DvhtError):
    """The mail server cannot be reached, refuses the login, or stops answering (exit 1)."""


# what a broken connection raises (a message then has an unknown outcome)
CONNECTION_LOST = (smtplib.SMTPServerDisconnected, socket.timeout, ConnectionError, ssl.SSLError, OSError)


@dataclass
class Outcome:
    """What the server said of one message: refused recipients, or why the whole message was refused."""

    refused: dict[str, str] = field(default_factory=dict)   # address → the server's answer
    error: str | None = None                                # the message was not accepted at all

    @property
    def accepted(self) -> bool:
        return self.error is None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return exc.verify_message or str(exc)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {exc.smtp_error.decode('utf-8', 'replace') if isinstance(exc.smtp_error, bytes) else exc.smtp_error}"
    return str(exc) or type(exc).__name__


def _login(conn: smtplib.SMTP, account: str, password: str) -> None:
    conn.ehlo_or_helo_if_needed()
    if password.isascii() and account.isascii():
        conn.login(account, password)
        return
    token = base64.b64encode(b"\0" + account.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, answer = conn.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def connect(settings: MailSettings, password: str) -> smtplib.SMTP:
    """A logged-in connection; MailSendError (nothing sent) otherwise."""
    server, port = settings.server or "", settings.server_port
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    try:
        if settings.security == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(server, port, timeout=settings.timeout, context=context)
        else:
            conn = smtplib.SMTP(server, port, timeout=settings.timeout)
            conn.ehlo()
            if not conn.has_extn("starttls"):
                conn.close()
                raise MailSendError(render("mail-no-starttls", server=server, port=port))
            conn.starttls(context=context)
            conn.ehlo()
    except ssl.SSLCertVerificationError as exc:
        raise MailSendError(render("mail-certificate", server=server, reason=_reason(exc))) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailSendError(render("mail-connect-failed", server=server, port=port, reason=_reason(exc))) from None
    try:
        _login(conn, settings.account or settings.sender, password)
    except (smtplib.SMTPException, OSError) as exc:
        close(conn)
        raise MailSendError(render("mail-login-failed", server=server, account=settings.account or settings.sender,
                                   reason=_reason(exc))) from None
    return conn


def send(conn: smtplib.SMTP, sender: str, recipients: list[str], data: bytes) -> Outcome:
    """Hand one message to the server. A refused recipient or message is an Outcome; a lost connection
    raises (one of CONNECTION_LOST): the caller cannot know whether the message went."""
    try:
        refused = conn.sendmail(sender, recipients, data)
    except smtplib.SMTPRecipientsRefused as exc:
        return Outcome({a: _reason(smtplib.SMTPResponseException(c, m)) for a, (c, m) in exc.recipients.items()},
                       render("mail-all-recipients-refused"))
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        return Outcome(error=_reason(exc))
    return Outcome({a: _reason(smtplib.SMTPResponseException(c, m)) for a, (c, m) in refused.items()})


def close(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except Exception:  # already gone: nothing to close politely
        try:
            conn.close()
        except Exception:
            pass
