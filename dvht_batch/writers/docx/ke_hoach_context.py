"""Everything a KẾ HOẠCH needs, resolved once from dvht.toml, the plan file and the rule set: its
period, names (header and body), coordinating body, date, number, signer, recipients, timeline."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from dvht_batch.setup.config import Config, Signer
from dvht_batch.errors import ConfigError
from dvht_batch.messages import render
from dvht_batch.plan.model import PartialDate, PlanSpec
from dvht_batch.plan.timeline import Timeline, Who, build_timeline, start_date
from dvht_batch.vn.text import fold, lower_first
from dvht_batch.writers.docx.common import QUOTED_DVHT, number_line, number_text, recipient_lines, signer_lines
from dvht_batch.writers.docx.layout import ClosingInfo, HeaderInfo

DEFAULT_ROLE = f"Công chức phụ trách công tác {QUOTED_DVHT}"


@dataclass(frozen=True)
class PlanContext:
    config: Config
    rule_set: object
    spec: PlanSpec
    first: int
    last: int
    issued: PartialDate          # as printed (parts may be blank)
    blank_year: int              # the year printed when the whole date is blank
    coordinator: str             # as a heading or a table cell: "Văn phòng", "Công chức phụ trách …"
    coordinator_text: str        # inside a sentence: "Văn phòng", "công chức phụ trách …"
    coordinator_is_role: bool    # a person's role, not a department
    timeline: Timeline

    @property
    def one_year(self) -> bool:
        return self.first == self.last

    @property
    def period_text(self) -> str:
        return f"năm {self.first}" if self.one_year else f"giai đoạn {self.first}–{self.last}"

    @property
    def body(self) -> str:
        return self.config.body_name

    @property
    def departments(self):
        return self.config.departments

    @property
    def levels(self) -> bool:
        return self.rule_set.scheme == "levels"

    @property
    def title(self) -> str:
        return self.spec.title or f"Xây dựng {QUOTED_DVHT} {self.period_text}"

    @property
    def values(self) -> dict[str, str]:
        """The placeholders of the office's texts (docs/ke-hoach.md)."""
        return {"don_vi": self.body, "ky": self.period_text, "nam_dau": str(self.first), "nam_cuoi": str(self.last),
                "dau_moi": self.coordinator_text}

    @property
    def number(self) -> str | None:
        return self.spec.number if self.spec.number is not None else self.config.documents.plan_number

    def header(self) -> HeaderInfo:
        return HeaderInfo(agency=self.config.unit_name, parent=self.config.parent_agency,
                          number_line=number_line(self.number, "KH", self.config.unit_code),
                          place_date=f"{self.config.place}, {self.issued.long_text(self.blank_year)}")

    def annex_reference(self) -> str:
        """'(Kèm theo Kế hoạch số 12/KH-STC ngày 05/3/2026 của Sở Tài chính)'."""
        return (f"(Kèm theo Kế hoạch số {number_text(self.number)}/KH-{self.config.unit_code.strip().upper()} ngày "
                f"{self.issued.short_text(self.blank_year)} của {self.body})")

    def closing(self) -> ClosingInfo:
        spec = self.spec
        recipients = list(spec.recipients if spec.recipients is not None else self.config.recipients)
        if spec.archive:
            recipients.append(f"Lưu: {spec.archive}")
        signer = plan_signer(self.config.signer, spec)
        return ClosingInfo(recipients=recipient_lines(recipients), signer_lines=signer_lines(signer),
                           signer_name=signer.full_name, drafter=spec.drafter or "")


def plan_signer(signer: Signer, spec: PlanSpec) -> Signer:
    """dvht.toml's signer with the plan file's [nguoi_ky] over it (the head may sign the plan himself)."""
    o = spec.signer
    changes = {}
    if o.title_of_head:
        changes["title_of_head"] = o.title_of_head
    if o.authority_given:
        changes["authority"] = o.authority
        if o.authority is None and not o.signing_title:
            changes["signing_title"] = o.title_of_head or signer.title_of_head
    if o.signing_title:
        changes["signing_title"] = o.signing_title
    if o.full_name is not None:
        changes["full_name"] = o.full_name
    return replace(signer, **changes)


def coordinator_of(config: Config) -> tuple[str, bool]:
    """(name, is_role): `dau_moi` as a department's name or as the role written; else the Văn phòng
    when there is one, the default role for an agency without departments, or 'Văn phòng' as before."""
    if config.coordinator:
        department = config.department(config.coordinator)
        return (department.name, False) if department else (config.coordinator, True)
    office = config.department("VP") or next((d for d in config.departments if fold(d.name) == "van phong"), None)
    if office:
        return office.name, False
    if not config.departments:
        return DEFAULT_ROLE, True
    return "Văn phòng", False


def _issue_dates(config: Config, spec: PlanSpec, today: date) -> tuple[PartialDate, PartialDate, int]:
    """(printed date, date the timeline counts from, year printed when the date is blank)."""
    configured, month = config.documents.date, config.documents.month
    # [van_ban] ngay = "12/2025": that month, its day left to the signer (the timeline counts from its end)
    configured_date = PartialDate(*month) if month else PartialDate.of(configured or today)
    blank_year = configured_date.year
    if spec.date is not None:
        known = spec.date if spec.date.year else configured_date
        return spec.date, known, spec.date.year or blank_year
    printed = PartialDate(None) if config.documents.leave_date_blank else configured_date
    return printed, configured_date, blank_year


def plan_context(config: Config, rule_set, spec: PlanSpec, today: date) -> PlanContext:
    if spec.first_year is None or spec.last_year is None:
        raise ConfigError(render("plan-no-year"))
    first, last = spec.first_year, spec.last_year
    printed, known, blank_year = _issue_dates(config, spec, today)
    if known.year and known.year > last:
        raise ConfigError(render("plan-issued-after-period", year=known.year, last=last))
    start = start_date(known, first, today)
    if start.year > last:
        raise ConfigError(render("plan-expired", first=first, last=last,
                                 start=f"{start.day:02d}/{start.month}/{start.year}"))
    configured_review = spec.deadlines.review_year
    if configured_review and first != last and configured_review < start.year:
        raise ConfigError(render("plan-review-before-issue", year=configured_review, first=start.year,
                                 last=last - 1))
    name, is_role = coordinator_of(config)
    text = lower_first(name) if is_role else name
    who = Who(coordinator=name[0].upper() + name[1:], departments="Các phòng" if config.departments else None,
              coordinator_text=text)
    assess = rule_set.wording.self_assessment
    timeline = build_timeline(first, last, start, spec.deadlines, who, assess)
    return PlanContext(config=config, rule_set=rule_set, spec=spec, first=first, last=last, issued=printed,
                       blank_year=blank_year, coordinator=who.coordinator,
                       coordinator_text=text, coordinator_is_role=is_role, timeline=timeline)
