"""What the safety checks share (`safety`, `zip_checks`, `ole`): the limits, the `Refused` exception, the
measured extents and the Vietnamese messages more than one check gives. Imports go one way: `safety`
imports `zip_checks` and `ole`, and all three import this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dvht_batch.messages import CATALOGUE, RESAVE_AS_XLSX, Findings, render

MiB = 1024 * 1024
MAX_FILE_BYTES = 64 * MiB              # a department's workbook is a few hundred KB
MAX_MEMBERS = 2000
MAX_TOTAL_UNCOMPRESSED = 100 * MiB
MAX_RATIO = 200                         # refused when also larger than RATIO_MIN_SIZE
RATIO_MIN_SIZE = 10 * MiB
MAX_INDEX_PART = 10 * MiB               # xl/workbook.xml and its rels are parsed whole

MAX_ROWS = 50_000
MAX_COLS = 200
MAX_CELLS = 2_000_000                   # rows × columns (calamine allocates ~32 bytes per cell)

HOW_TO_RESAVE = RESAVE_AS_XLSX  # the one wording of "save it again as .xlsx" (messages/kinds.py)


class Refused(Exception):
    """The file is not read; `message` says why, in Vietnamese.

    `Refused("zip-bomb", part=…, size=…)` renders the catalogue's message `message_id` from its `fields`
    (dvht_batch/messages); `Refused(code, message)` carries a sentence written at the call site (checks
    not yet in the catalogue)."""

    def __init__(self, message_id: str, message: str | None = None, /, **fields: object):
        if message is None:
            self.code, message = CATALOGUE[message_id].code, render(message_id, **fields)
            self.message_id: str | None = message_id
        else:
            self.code, self.message_id = message_id, None
        super().__init__(message)
        self.message = message
        self.fields = fields

    def report(self, out: Findings) -> None:
        """Record the refusal as the file's error."""
        if self.message_id is not None:
            out.report(self.message_id, **self.fields)
        else:
            out.error(self.code, self.message)


@dataclass
class Extent:
    rows: int = 0   # highest 1-based row number holding a value
    cols: int = 0   # highest 1-based column number holding a value

    def grow(self, row: int, col: int) -> None:
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col


@dataclass
class Checked:
    """What the checks learned: the format and each worksheet's extent by sheet name."""

    format: str                                           # "xlsx" | "xls" | "ods"
    extents: dict[str, Extent] = field(default_factory=dict)
    largest: Extent = field(default_factory=Extent)       # over all worksheets (for unmapped names)

    def extent(self, sheet_name: str) -> Extent:
        return self.extents.get(sheet_name, self.largest)


ENCRYPTED_MESSAGE = render("encrypted")


def mb_text(n: int) -> str:
    """A size in MB the Vietnamese way: '12,5 MB'."""
    return f"{n / MiB:,.1f}".replace(",", " ").replace(".", ",") + " MB"
