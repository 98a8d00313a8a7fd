"""`dvht gui-thu` as a library: drafts first, sending on request, never twice (docs/gui-thu.md).

- `prepare`: the letters of one kind for one period (`letters`).
- `write_drafts`: every letter as an .eml with `X-Unsent: 1` in OUT/<period>/thu_di/ (nothing leaves
  the machine).
- `plan`: which letters the sent log (`ledger.mail_sent`) says went already (when), which have an unknown
  outcome (a run killed while the server had them), which are still to send.
- `send`: hands the letters to the server one by one with a pause, recording each before and after;
  the copy that went is kept in thu_di/da_gui/ and its draft removed.

The clock is passed in (`now`), and so is the pause (`sleep`): tests and the web app decide them.
Callers hold the output folder's lock (`run_lock.output_lock`) around writing and sending.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from dvht_batch.errors import ConfigError
from dvht_batch.system.filenames import safe_stem
from dvht_batch.ledger import mail_sent
from dvht_batch.mail import letters, smtp
from dvht_batch.mail.compose import Letter, message_bytes, new_message_id, without_draft_mark
from dvht_batch.setup.mail_out import MailSettings
from dvht_batch.messages import render
from dvht_batch.period import Period
from dvht_batch.writers.atomic import atomic_write

OUTBOX_DIR, SENT_DIR = "thu_di", "da_gui"


def settings_of(config, sending: bool) -> MailSettings:
    """[thu_di], with what sending needs (ConfigError, exit 2, naming the missing keys)."""
    settings = config.mail
    if settings is None:
        raise ConfigError(render("mail-no-settings", path=config.path or "dvht.toml"))
    if sending:
        missing = [f"'{key}'" for key, value in (("may_chu", settings.server), ("tai_khoan", settings.account))
                   if not value]
        if missing:
            raise ConfigError(render("mail-server-missing", path=config.path or "dvht.toml", keys=" và ".join(missing)))
    return settings


def prepare(config, rule_set, period: Period, out_root: Path, kind: str,
            departments: tuple[str, ...] = ()) -> letters.Batch:
    """The letters of `kind` (optionally only for the departments with these codes)."""
    settings = settings_of(config, sending=False)
    if kind == "mau":
        batch = letters.templates(config, rule_set, period, out_root, settings)
    else:
        build = {"nhac": letters.reminders, "phan-hoi": letters.feedback, "ket-qua": letters.results}[kind]
        batch = build(config, period, out_root, settings)
    if departments:
        wanted = {code.casefold() for code in departments}
        batch.letters = [x for x in batch.letters if x.department.casefold() in wanted]
        batch.without_address = [x for x in batch.without_address if x[0].casefold() in wanted]
    return batch


def outbox(out_root: Path, period: Period) -> Path:
    return Path(out_root) / str(period) / OUTBOX_DIR


def _file_name(letter: Letter) -> str:
    return f"{letter.kind}_{safe_stem(letter.department)}.eml"


def write_drafts(batch: letters.Batch, to_write: list[Letter], settings: MailSettings, out_root: Path,
                 when: datetime) -> list[Path]:
    """Each letter as OUT/<period>/thu_di/<kind>_<code>.eml, a draft (X-Unsent: 1), replacing an earlier draft.
    Letters that went already get none (`plan`): the folder holds only what is still to send."""
    folder, written = outbox(out_root, batch.period), []
    for letter in to_write:
        message_id = new_message_id(str(batch.period), batch.kind, letter.department, settings.message_domain)
        data = message_bytes(letter, settings.sender, settings.sender_name, message_id, when, draft=True)
        written.append(atomic_write(folder / _file_name(letter), lambda tmp, data=data: Path(tmp).write_bytes(data)))
    return written


@dataclass
class Plan:
    to_send: list[Letter] = field(default_factory=list)
    already: list[tuple[Letter, mail_sent.Entry]] = field(default_factory=list)   # went: when
    unknown: list[tuple[Letter, mail_sent.Entry]] = field(default_factory=list)   # handed over when killed


def plan(batch: letters.Batch, out_root: Path, resend: bool = False) -> Plan:
    """What the sent log says of each letter; `resend` sends again what went and what is unknown."""
    log, out = mail_sent.entries(out_root, str(batch.period), batch.kind), Plan()
    for letter in batch.letters:
        attempts = log.get((letter.department, batch.run_key), [])
        went = [a for a in attempts if a.status == mail_sent.SENT]
        if resend or not attempts or attempts[-1].status == mail_sent.FAILED and not went:
            out.to_send.append(letter)
        elif went:
            out.already.append((letter, went[-1]))
        else:
            out.unknown.append((letter, attempts[-1]))
    return out


@dataclass
class Sent:
    letter: Letter
    message_id: str
    outcome: smtp.Outcome


def send(batch: letters.Batch, letters_to_send: list[Letter], settings: MailSettings, password: str, out_root: Path,
         now: Callable[[], datetime], sleep: Callable[[float], None],
         on_sent: Callable[[Sent], None] = lambda s: None) -> list[Sent]:
    """Send the letters over one connection (MailSendError when it cannot be opened or breaks)."""
    if not letters_to_send:
        return []
    conn, done = smtp.connect(settings, password), []
    try:
        for n, letter in enumerate(letters_to_send):
            if n:
                sleep(settings.pause)
            done.append(_send_one(conn, batch, letter, settings, out_root, now, len(done)))
            on_sent(done[-1])
    finally:
        smtp.close(conn)
    return done


def _send_one(conn, batch: letters.Batch, letter: Letter, settings: MailSettings, out_root: Path,
              now: Callable[[], datetime], count: int) -> Sent:
    period, when = str(batch.period), now()
    message_id = new_message_id(period, batch.kind, letter.department, settings.message_domain)
    data = without_draft_mark(message_bytes(letter, settings.sender, settings.sender_name, message_id, when, draft=True))
    recipients = [*letter.to, *letter.cc]
    row = mail_sent.start(out_root, period, letter.department, batch.kind, batch.run_key, message_id, recipients,
                         letter.subject, when)
    try:
        outcome = smtp.send(conn, settings.sender, recipients, data)
    except smtp.CONNECTION_LOST as exc:  # the row stays `sending`: the outcome is unknown
        raise smtp.MailSendError(render("mail-interrupted", server=settings.server, reason=exc or type(exc).__name__,
                                        sent=count)) from None
    answer = "; ".join(f"{a}: {why}" for a, why in outcome.refused.items()) or outcome.error
    mail_sent.finish(out_root, row, mail_sent.SENT if outcome.accepted else mail_sent.FAILED, now(), answer)
    if outcome.accepted:
        folder = outbox(out_root, batch.period)
        atomic_write(folder / SENT_DIR / _file_name(letter), lambda tmp: Path(tmp).write_bytes(data))
        (folder / _file_name(letter)).unlink(missing_ok=True)
    return Sent(letter, message_id, outcome)


@dataclass
class Round:
    """One call of `dvht gui-thu` (or of the web page): the letters, the drafts written, what was sent."""

    batch: letters.Batch
    plan: Plan
    drafts: dict[str, Path] = field(default_factory=dict)   # department → its draft
    sent: list[Sent] = field(default_factory=list)
    sending: bool = False

    @property
    def problems(self) -> int:
        """Messages the server refused, wholly or for some recipients."""
        return sum(1 for s in self.sent if s.outcome.refused or not s.outcome.accepted)


def go_round(config, rule_set, period: Period, out_root: Path, kind: str, *, send_them: bool, resend: bool = False,
             departments: tuple[str, ...] = (), password: Callable[[MailSettings], str], now: Callable[[], datetime],
             sleep: Callable[[float], None], on_planned: Callable[[Round], None] = lambda r: None,
             on_sent: Callable[[Sent], None] = lambda s: None) -> Round:
    """Prepare the letters, write the drafts of those still to send and, with `send_them`, send them; the output
    folder's lock is held throughout. `password` is asked only when something is to be sent."""
    from dvht_batch.output.lock import output_lock

    send_them = send_them or resend
    settings = settings_of(config, sending=send_them)
    with output_lock(out_root, "gui-thu"):
        batch = prepare(config, rule_set, period, out_root, kind, departments)
        round_ = Round(batch, plan(batch, out_root, resend), sending=send_them)
        written = write_drafts(batch, round_.plan.to_send, settings, out_root, now())
        round_.drafts = {letter.department: path for letter, path in zip(round_.plan.to_send, written)}
        on_planned(round_)
        if send_them and round_.plan.to_send:
            send(batch, round_.plan.to_send, settings, password(settings), out_root, now, sleep,
                 lambda s: (round_.sent.append(s), on_sent(s)))
    return round_
