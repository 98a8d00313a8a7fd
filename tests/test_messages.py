"""The message catalogue: every message type renders from its named fields; position comes from the
finding's sheet and cell, never typed into a template; readers moved to the catalogue stay there."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dvht_batch.intake.safety_limits import Refused
from dvht_batch.messages import CATALOGUE, RESAVE_AS_XLSX, Findings
from dvht_batch.messages.kinds import RECREATE_FROM_FORM
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
        if kind.code == "ignored" or kind.phrase:  # a reason follows "path — "; a phrase goes into a sentence
            assert kind.template[:1].islower() and not kind.template.rstrip().endswith("."), kind.id
            continue
        if kind.heading:  # the line above a list of problems
            assert kind.whole_file and kind.template[:1].isupper() and kind.template.endswith(":"), kind.id
            continue
        if kind.title:  # a page's title, above its sentence
            assert kind.whole_file and kind.template[:1].isupper() and not kind.advice, kind.id
            assert not kind.template.endswith((".", ":")), kind.id
            continue
        if kind.whole_file:
            # a sentence; or one whose subject is a field ('{name}' …, {who} đang được …)
            assert kind.template[:1].isupper() or kind.template[:1] in "'{", f"{kind.id}: a sentence"
        else:
            assert kind.template[:1].islower() or kind.template[:1] in "\"'{", f"{kind.id}: continues a position"
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


ON_THE_CATALOGUE = ["intake/members_sheet.py", "intake/criteria_sheet.py", "intake/cells.py", "intake/info_sheet.py",
                    "intake/unreadable.py", "intake/legacy_fonts.py", "intake/zip_checks.py", "intake/sheet_extent.py", "intake/ole.py",
                    "intake/safety.py", "intake/ods_checks.py", "intake/formats.py", "intake/workbook.py",
                    "assess/created_dates.py", "assess/aggregate.py", "rules/values.py", "setup/config.py", "plan/file.py",
                    "setup/schema.py", "setup/toml_text.py",
                    "plan/values.py", "intake/mailbox.py", "intake/reading.py", "intake/tnef.py",
                    "rules/legal.py", "rules/parsing.py", "rules/member_ratio.py", "writers/docx/ke_hoach_context.py",
                    "intake/inbox.py"]


@pytest.mark.parametrize("module", ON_THE_CATALOGUE)
def test_readers_on_the_catalogue_make_no_finding_themselves(module):
    """A finding is made by `Findings.report(<message id>, …)` (or `Refused(<message id>, …)`), never built
    from a sentence of the module's own."""
    text = (ROOT / "dvht_batch" / module).read_text(encoding="utf-8")
    assert not re.search(r"\bFinding\(|\._append\(|\.items\.(append|extend)\(", text), \
        f"{module}: use out.report(<message id>, …)"
    assert not re.search(r"Refused\(\"[^\"]*\", *f?\"", text), f"{module}: use Refused(<message id>, **fields)"


# `out.report("id", …)`, `render("id", …)`, `Refused("id", …)`, `Findings.one(path, "id", …)`, `unexpected(exc, "id")`
_USES = re.compile(r"(?:\.report|\brender|\bRefused|\.one|\bunexpected)\(\s*(?:[^,()\"]*,\s*)?\"([a-z0-9-]+)\"")


def _code_outside_the_catalogue() -> dict[str, str]:
    """Every module but the catalogue's own entries (messages/__init__.py is code: it renders "unexpected-error")."""
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "dvht_batch").rglob("*.py")
            if not (p.parent.name == "messages" and p.name != "__init__.py")}


def test_every_message_id_named_in_the_code_is_in_the_catalogue():
    """A mistyped id would fail only when that path runs (a KeyError where a message was due)."""
    named = {(path, found) for path, text in _code_outside_the_catalogue().items() for found in _USES.findall(text)}
    assert len(named) > 150
    assert sorted((path, found) for path, found in named if found not in CATALOGUE) == []


def test_every_catalogue_entry_is_used():
    code = "\n".join(_code_outside_the_catalogue().values())
    assert [i for i in CATALOGUE if f'"{i}"' not in code and f"'{i}'" not in code] == []


def test_one_wording_to_save_again_as_xlsx():
    """The advice to save the file again as .xlsx is one catalogue entry, never retyped."""
    resave = re.compile(r"(lưu (lại )?thành|Lưu thành)[^.]*(xlsx|Excel)")
    for module in ON_THE_CATALOGUE:
        assert not resave.search((ROOT / "dvht_batch" / module).read_text(encoding="utf-8")), module
    uses = [k.id for k in CATALOGUE.values() if RESAVE_AS_XLSX in k.advice]
    assert len(uses) >= 10, uses
    for kind in CATALOGUE.values():
        assert not resave.search((kind.template + kind.advice).replace(RESAVE_AS_XLSX, "")), kind.id


def test_refusals_render_from_the_catalogue():
    refusal = Refused("zip-bomb-ratio", part="xl/worksheets/sheet1.xml", size="500,0 MB", packed="1,0 MB")
    assert refusal.code == "zip-bomb" and refusal.message_id == "zip-bomb-ratio"
    assert refusal.message.startswith("Tệp bị từ chối vì nghi là \"bom giải nén\"") and RECREATE_FROM_FORM in refusal.message
    assert "{" not in refusal.message
    with pytest.raises(KeyError):
        Refused("no-such-message")


def test_places_in_text_files():
    out = Findings("dvht.toml")
    finding = out.report("missing-key", place="[bo_tieu_chi]", key="ma")
    assert finding.message == "[bo_tieu_chi]: thiếu khóa bắt buộc 'ma'." and finding.place == "[bo_tieu_chi]"
    assert finding.location == "[bo_tieu_chi]" and finding.sheet is None and out.texts == [finding.message]


def test_one_sentence_one_entry():
    """A sentence is written once in the catalogue; only a member's unreadable answer shares its template among
    the codes parse_answer gives."""
    ids_by_text: dict[tuple[str, str], list[str]] = {}
    for kind in CATALOGUE.values():
        ids_by_text.setdefault((kind.template, kind.advice), []).append(kind.id)
    shared = [ids for ids in ids_by_text.values() if len(ids) > 1]
    assert shared == [["bad-value", "bad-title", "not-a-title"]]
