"""The line finder of the settings files (messages/places.py) against TOML itself: a document of tables and arrays
of tables, each written in one of the forms TOML allows — [table] lines, dotted keys, quoted keys, inline tables,
arrays of inline tables on one line or one item a line, sub-tables of an item — with values that look like
headers or keys inside strings and multi-line values; tomllib reads the document as meant, and every key is
found at the line it is written on (a line is never guessed)."""
from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from dvht_batch.messages import Places

_NAMES = ("ma", "ten", "ngay", "so", "email", "muc_tieu", "bac")
# values that hold what a line finder could mistake for a header, a key, a bracket or a comment
_VALUES = ('"VP"', "12", '"[phong]"', '"a = b"', "'x { y'", '"# không"', '"}"', '[\n  "[[phong]]",\n  "ma = 1",\n]',
           '"""\n[van_ban]\nngay = 1\n"""', "[1, [2, 3]]")
_FORMS = ("header", "dotted", "quoted", "inline")
_ARRAY_FORMS = ("headers", "one line", "a line each", "headers with a sub-table")


def _keys(draw) -> list[tuple[str, str]]:
    names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4, unique=True))
    return [(name, draw(st.sampled_from(_VALUES))) for name in names]


def _one_line(keys: list[tuple[str, str]]) -> str:
    return "{ " + ", ".join(f"{k} = {v}" for k, v in keys if "\n" not in v) + " }"


class _Document:
    """The text being written, and each key's line: (table, index, key) → line."""

    def __init__(self):
        self.top: list[str] = []
        self.tables: list[str] = []
        self.expected: dict[tuple[str, int | None, str], int] = {}
        self.later: list[tuple[list[str], tuple, int]] = []  # (part, place, offset in it): numbered at the end

    def line(self, part: list[str], text: str, *places: tuple) -> None:
        for place in places:
            self.later.append((part, place, len(part)))
        part.extend(text.split("\n"))

    def text(self) -> str:
        for part, place, offset in self.later:
            self.expected[place] = offset + 1 + (len(self.top) if part is self.tables else 0)
        return "\n".join(self.top + self.tables) + "\n"


def _table(doc: _Document, name: str, keys: list[tuple[str, str]], form: str) -> None:
    if form == "inline":
        keys = [(k, v) for k, v in keys if "\n" not in v] or [("ma", '"VP"')]
        doc.line(doc.top, f"{name} = {_one_line(keys)}", *((name, None, k) for k, _ in keys))
        return
    if form == "header":
        doc.line(doc.tables, f"[{name}]")
    for k, v in keys:
        if form == "header":
            doc.line(doc.tables, f"{k} = {v}", (name, None, k))
        else:
            written = f'"{name}"."{k}"' if form == "quoted" else f"{name} . {k}"
            doc.line(doc.top, f"{written} = {v}", (name, None, k))


def _array(doc: _Document, name: str, items: list[list[tuple[str, str]]], form: str) -> None:
    if form == "one line":
        flat = [[(k, v) for k, v in item if "\n" not in v] or [("ma", '"VP"')] for item in items]
        doc.line(doc.top, f"{name} = [" + ", ".join(_one_line(item) for item in flat) + "]",
                 *((name, i, k) for i, item in enumerate(flat) for k, _ in item))
    elif form == "a line each":
        doc.line(doc.top, f"{name} = [  # một phần tử một dòng")
        for i, item in enumerate(items):
            flat = [(k, v) for k, v in item if "\n" not in v] or [("ma", '"VP"')]
            doc.line(doc.top, "  " + _one_line(flat) + ",", *((name, i, k) for k, _ in flat))
        doc.line(doc.top, "]")
    else:
        for i, item in enumerate(items):
            doc.line(doc.tables, f"[[{name}]]")
            sub = item[-1] if form == "headers with a sub-table" and len(item) > 1 else None
            for k, v in item[:-1] if sub else item:
                doc.line(doc.tables, f"{k} = {v}", (name, i, k))
            if sub:
                doc.line(doc.tables, f"[{name}.{sub[0]}]", (name, i, sub[0]))
                doc.line(doc.tables, f"x = {sub[1]}", (name, i, f"{sub[0]}.x"))


@st.composite
def documents(draw) -> _Document:
    doc = _Document()
    names = draw(st.lists(st.sampled_from(("don_vi", "van_ban", "thu_di", "phong", "tieu_chi", "muc")), min_size=1,
                          max_size=4, unique=True))
    for name in names:
        if draw(st.booleans()):
            _table(doc, name, _keys(draw), draw(st.sampled_from(_FORMS)))
        else:
            items = [_keys(draw) for _ in range(draw(st.integers(1, 3)))]
            _array(doc, name, items, draw(st.sampled_from(_ARRAY_FORMS)))
    return doc


def _value(data: dict, table: str, index: int | None, key: str):
    found = data[table] if index is None else data[table][index]
    for part in key.split("."):
        found = found[part]
    return found


@settings(max_examples=300, deadline=None)
@given(documents())
def test_every_key_is_found_at_its_line(doc):
    text = doc.text()
    data = tomllib.loads(text)  # the document is TOML, and holds each key where it is expected
    places = Places(text)
    for (table, index, key), line in doc.expected.items():
        _value(data, table, index, key)
        assert places.line(table, index, key) == line, (table, index, key, text)


def test_a_key_not_written_has_no_line():
    """A key the text does not hold is not put at its table's line (nor anywhere): its place is its table."""
    places = Places('[van_ban]\nngay = "1/1/2026"\n\n[[phong]]\nma = "VP"\n')
    assert places.line("van_ban", None, "so_bao_cao") is None and places.line("phong", 0, "email") is None
    assert places.where("phong", 0, label="phòng VP", line_of="email") == "phòng VP"
    assert places.where("van_ban", line_of="ngay") == "dòng 2 ([van_ban])"
    assert places.where("phong", 0, label="phòng VP") == "dòng 4 (phòng VP)"  # the item itself: its header
