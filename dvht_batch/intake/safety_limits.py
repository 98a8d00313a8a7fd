"""What the safety checks share (`safety`, `zip_checks`, `sheet_extent`, `ole`, `ods_checks`): the limits,
the `Refused` exception (its Vietnamese message comes from the catalogue, dvht_batch/messages/files.py) and
the measured extents. Imports go one way: `safety` imports `zip_checks`, `ole` and `ods_checks`,
`zip_checks` imports `sheet_extent`, and all of them import this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dvht_batch.messages import CATALOGUE, Findings, render

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



class Refused(Exception):
    """The file is not read: `Refused("zip-bomb", part=…, size=…)` is the catalogue's message `message_id`
    (dvht_batch/messages/files.py) with its `fields`; `code` and `message` (Vietnamese) are rendered from it."""

    def __init__(self, message_id: str, /, **fields: object):
        self.message_id, self.fields = message_id, fields
        self.code, self.message = CATALOGUE[message_id].code, render(message_id, **fields)
        super().__init__(self.message)

    def report(self, out: Findings) -> None:
        """Record the refusal as the file's error."""
        out.report(self.message_id, **self.fields)


def corrupt() -> Refused:  # what a damaged zip is refused with
    return Refused("corrupt-zip")


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
    # .xlsx: each kept worksheet's XML as scanned, by sheet name (part name, bytes, its `data_extent.EmptyTail` or
    # None), and the zip's entries, so that `data_extent` can give calamine the sheets without their trailing empty rows
    sheet_xml: dict[str, tuple] = field(default_factory=dict)
    entries: list = field(default_factory=list)

    def extent(self, sheet_name: str) -> Extent:
        return self.extents.get(sheet_name, self.largest)




def mb_text(n: int) -> str:
    """A size in MB the Vietnamese way: '12,5 MB'."""
    return f"{n / MiB:,.1f}".replace(",", " ").replace(".", ",") + " MB"
