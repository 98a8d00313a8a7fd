"""The catalogue of what the clerk is told about input files, rule files and configuration files, and the
collector that records it.

Each message type (in the manner of pyxform's error codes and frictionless' error classes) has an id,
the machine-readable `code` that reaches `ket_qua.json` (several message types may share one code:
"missing-value" is an empty required cell wherever it is), a Vietnamese template of what is wrong with
named fields, and the advice — how to fix it. A finding is data: the position (file, sheet, cell), the
value found and the fields; its `message` is rendered once from the catalogue, so the console, the
workbooks and the documents all show the same sentence (docs/hop-dong.md §2–§3 for the sheets).

Position is never typed into a template: `Thanh_vien!H7: ` is put in front from the finding's sheet
and cell, `[bo_tieu_chi]: ` / `tiêu chí 2a: ` / `dòng 12: ` from its `place` (a position in a text file).

The catalogue is split by what the messages are about (`sheets`: cells of Thanh_vien and Tieu_chi;
`files`: whole input files, the Thong_tin sheet and the safety checks; `reasons`: why a file is ignored;
`rules`: rule files and TOML syntax; `config`: dvht.toml; `settings`: the tables and keys of every settings
file (setup/schema.py); `plan`: ke_hoach.toml; `web`: the web app's folders, periods and refusals;
`province`: the Sở's side, `dvht tinh`; `ledger`: OUT/dvht.sqlite and the recognition decisions;
`commands`: a period typed wrong, a command's own fault; `mail`: dvht nhan-thu's mailbox and mail server;
`mail_out`: dvht gui-thu; `outputs`: the output folder, its lock and the PDF copies; `documents`: dates in
the documents written; `system`: faults of the machine, system/os_faults.py); ids are unique across them.
To add a message: an entry in one of those modules, then `out.report("<id>", sheet, cell, value, **fields)`.
"""
from __future__ import annotations

from dvht_batch.messages import (
    commands, config, documents, files, ledger, mail, mail_out, outputs, plan, province, reasons, rules, settings, sheets,
    system, web,
)
from dvht_batch.messages.kinds import RESAVE_AS_XLSX, USE_THE_FORM, MessageType
from dvht_batch.messages.places import At, Places
from dvht_batch.models import Finding, Severity
from dvht_batch.vn.text import is_empty, shown, text_of

__all__ = ["At", "CATALOGUE", "RESAVE_AS_XLSX", "USE_THE_FORM", "Findings", "MessageType", "Places", "listed", "opening", "position",
           "render", "unexpected"]

_TYPES = (*sheets.TYPES, *files.TYPES, *rules.TYPES, *config.TYPES, *plan.TYPES, *reasons.TYPES, *web.TYPES,
          *province.TYPES, *settings.TYPES, *ledger.TYPES, *commands.TYPES, *mail.TYPES, *mail_out.TYPES, *outputs.TYPES, *documents.TYPES,
          *system.TYPES)
CATALOGUE: dict[str, MessageType] = {t.id: t for t in _TYPES}
assert len(CATALOGUE) == len(_TYPES), "message ids must be unique"


def render(message_id: str, **fields: object) -> str:
    """The sentence of a message that is not a finding of one file (a refusal, a whole-file error)."""
    return CATALOGUE[message_id].render(fields)


def opening(message_id: str) -> str:
    """The words a message always begins with (its template up to the first field): how a sentence stored as
    text (a dossier's flags in the Sở's register) is recognised as that message."""
    return CATALOGUE[message_id].template.partition("{")[0]


def listed(heading: str, problems: list[str]) -> str:
    """A heading (a `heading=True` entry, rendered) with the problems under it, one a line: what a refusal that
    lists several problems says."""
    return heading + "\n" + "\n".join(f"  - {p}" for p in problems)


def unexpected(exc: BaseException, details: str) -> str:
    """"Lỗi không mong đợi …" for a bug: the exception in one line and where its details are (`details`:
    "details-with-debug" for the terminal, "details-in-console" for the web app)."""
    return render("unexpected-error", error=f"{type(exc).__name__}: {exc}", details=render(details))


def position(sheet: str | None, cell: str | None, place: str | None = None) -> str:
    """`Thanh_vien!H7`, `Thanh_vien`, a place in a text file (`[bo_tieu_chi]`), or '' for a whole-file problem."""
    if sheet and cell:
        return f"{sheet}!{cell}"
    return sheet or place or ""


class Findings:
    """Collects the findings of one file: a workbook (path relative to the input folder, '/' separators), a
    rule file, a configuration or plan file. One collector type for intake, rules, configuration and plans;
    `text`: a TOML file's text, so that `at` puts a finding at its line (messages/places.py)."""

    def __init__(self, file: str = "", text: str = ""):
        self.file = file
        self.items: list[Finding] = []
        self.places = Places(text)

    def at(self, message_id: str, table: str = "", index: int | None = None, of_key: str | None = None,
           **fields: object) -> Finding:
        """Report the catalogue's `message_id` at the line of `of_key` in `table` (its `index`-th item) of a
        TOML file: 'dòng 12 ([[muc]] thứ 2, tu_dong): …'."""
        return self.report(message_id, place=self.places.where(table, index, of_key), **fields)

    def report(self, message_id: str, sheet: str | None = None, cell: str | None = None, value: object = None,
               severity: Severity | None = None, *, place: str | None = None, **fields: object) -> Finding:
        """Record one finding of the catalogue's `message_id`; `value` (the cell's content) is quoted into the
        template's `{value}`; `severity` overrides the type's own (a bad value in a column not used for
        scoring is only a warning); `place` is the position in a text file (rule file, dvht.toml)."""
        kind = CATALOGUE[message_id]
        text = None if is_empty(value) else text_of(value)
        body = kind.render({"value": shown(value) if text is not None else "", **fields})
        return self._append(body, severity or kind.severity, kind.code, sheet, cell, text, place)

    @classmethod
    def one(cls, file: str, message_id: str, **fields: object) -> list[Finding]:
        """The findings of a file with one whole-file message (a record made without reading the file)."""
        out = cls(file)
        out.report(message_id, **fields)
        return out.items

    @property
    def texts(self) -> list[str]:
        """Each finding's sentence with its position, as listed under a file's name."""
        return [f.message for f in self.items]

    def _append(self, body: str, severity: Severity, code: str, sheet: str | None, cell: str | None,
                value: str | None, place: str | None) -> Finding:
        where = position(sheet, cell, place)
        finding = Finding(self.file, f"{where}: {body}" if where else body, severity, code, sheet, cell, value, place)
        self.items.append(finding)
        return finding
