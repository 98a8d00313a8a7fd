"""The message catalogue: every message type renders from its named fields; position comes from the
finding's sheet and cell, never typed into a template; readers moved to the catalogue stay there."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dvht_batch.messages import CATALOGUE, Findings
from dvht_batch.models import Severity

ROOT = Path(__file__).resolve().parent.parent


def fields_of(*templates: str) -> set[str]:
    return {name for t in templates for _, name, _, _ in string.Formatter().parse(t) if name}


@pytest.mark.parametrize("kind", CATALOGUE.values(), ids=lambda k: k.id)
def test_every_message_renders_from_its_fields(kind):
    names = fields_of(kind.template, kind.advice)
    out = Findings("phong/VP.xlsx")
    finding = out.report(kind.id, "Thanh_vien", "H7", "Bằng khen", **{n: f"<{n}>" for n in names - {"value"}})
    assert finding.message.startswith("Thanh_vien!H7: ")
    assert "{" not in finding.message and "}" not in finding.message
    assert finding.code == kind.code and finding.sheet == "Thanh_vien" and finding.cell == "H7"
    assert finding.value == "Bằng khen"
    assert not re.search(r"[A-Z][a-z_]*![A-Z]+\d", kind.template + kind.advice), "position belongs to the finding"


def test_sentences_read_as_sentences():
    for kind in CATALOGUE.values():
        assert kind.template[:1].islower() or kind.template[:1] in "\"{", f"{kind.id}: continues a position"
        assert kind.template.rstrip().endswith((".", ")")), kind.id
        assert not kind.advice or kind.advice.rstrip().endswith((".", "}")), kind.id


def test_severity_of_the_type_and_override():
    out = Findings("f.xlsx")
    assert out.report("bad-year", "Thanh_vien", "C5", "abc", name="An").severity is Severity.WARNING
    assert out.report("bad-value", "Thanh_vien", "G5", "?", Severity.WARNING, header="h", name="n", row=5,
                      problem="", allowed="Có", unused="").severity is Severity.WARNING
    assert out.report("missing-name", "Thanh_vien", "B5", row=5).severity is Severity.ERROR


def test_whole_sheet_and_unknown_message():
    out = Findings("f.xlsx")
    finding = out.report("members-no-header", "Thanh_vien", rows=30)
    assert finding.message.startswith("Thanh_vien: không tìm thấy dòng tiêu đề") and finding.cell is None
    with pytest.raises(KeyError):
        out.report("no-such-message", "Thanh_vien")


@pytest.mark.parametrize("module", ["intake/members_sheet.py", "intake/criteria_sheet.py", "intake/cells.py"])
def test_readers_on_the_catalogue_write_no_sentence_themselves(module):
    text = (ROOT / "dvht_batch" / module).read_text(encoding="utf-8")
    assert not re.search(r"\bout\.(error|warning|add)\(", text), f"{module}: use out.report(<message id>, …)"
