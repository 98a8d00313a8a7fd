"""read_file never raises, whatever the bytes or the cell values (hypothesis)."""
import tempfile
from datetime import datetime
from pathlib import Path

from builders import HEADERS, department_sheets, info, member, members_rows, write_department, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvht_batch.intake import read_file

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(["Có", "x", "Không", "✓", "LĐTT", "Bằng khen", "=1+1", "\u200b", " "]),
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)),
)


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".xlsx", ".xls", ".xlsm"]))
def test_random_bytes(config, rules, data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes(data)
        rec = read_file(path, Path(tmp), config, rules)
        assert rec.errors and not rec.readable


@FAST
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_mutated_workbook(config, rules, cuts):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_department(Path(tmp) / "VP.xlsx")
        data = bytearray(path.read_bytes())
        for offset, byte in cuts:
            data[offset % len(data)] = byte
        path.write_bytes(bytes(data))
        rec = read_file(path, Path(tmp), config, rules)
        assert all(f.code != "internal-error" for f in rec.findings), rec.findings


@FAST
@given(values=st.lists(cell_values, min_size=len(HEADERS), max_size=len(HEADERS)))
def test_random_member_cells(config, rules, values):
    with tempfile.TemporaryDirectory() as tmp:
        row = dict(zip(HEADERS, values))
        sheets = department_sheets([member("Nguyễn Văn An"), row])
        rec = read_file(write_xlsx(Path(tmp) / "VP.xlsx", sheets), Path(tmp), config, rules)
        assert all(f.code != "internal-error" for f in rec.findings), rec.findings
        assert rec.members and rec.members[0].name == "Nguyễn Văn An"
        for f in rec.errors:  # every cell error names its cell
            assert f.sheet == "Thanh_vien" and f.cell and f.cell.endswith("3") and f.location in f.message


@FAST
@given(values=st.lists(cell_values, min_size=7, max_size=7))
def test_random_info_values(config, rules, values):
    with tempfile.TemporaryDirectory() as tmp:
        rows = [[label, value] for (label, _), value in zip(info(), values)]
        sheets = {"Thong_tin": rows, "Thanh_vien": members_rows([member("An")])}
        rec = read_file(write_xlsx(Path(tmp) / "VP.xlsx", sheets), Path(tmp), config, rules)
        assert all(f.code != "internal-error" for f in rec.findings), rec.findings
