"""Extracted records: what a contract says, each value with its evidence.

Field names follow data/gold/FORMAT.md so that an export can be scored against
gold directly. Money and rates are Decimal, never float.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

Role = str  # 甲方 | 乙方 | 丙方 | 丁方
Forum = Literal["court", "arbitration"]
PenaltyUnit = Literal["per_day", "once", "per_point"]
PenaltyBase = Literal["contract_total", "overdue_amount", "service_fee", "daily_fee", "other"]
SlaKind = Literal["response", "resolve", "onsite", "feedback"]
Severity = Literal["error", "warning", "info"]
Status = Literal["ok", "partial", "failed", "not_a_contract"]


class Evidence(BaseModel):
    """Where a value came from: offsets into the document's raw text.

    `start`/`end` index `Document.raw_text` (what the reviewer sees);
    `text` is the matched text after normalisation; `rule` names the rule or
    model that found it; `page` is 1-based for paged sources.
    """

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    rule: str
    page: int | None = None


class Contract(BaseModel):
    title: str | None = None
    project_name: str | None = None
    contract_no: str | None = None
    signed_on: dt.date | None = None
    total_amount: Decimal | None = None
    total_amount_words: str | None = None
    tax_rate: Decimal | None = None
    service_start: dt.date | None = None
    service_end: dt.date | None = None
    coverage: list[str] = Field(default_factory=list)
    dispute_forum: Forum | None = None
    dispute_venue: str | None = None
    # field name -> evidence of the value above
    evidence: dict[str, Evidence] = Field(default_factory=dict)


class Party(BaseModel):
    role: Role
    name: str | None = None
    address: str | None = None
    legal_rep: str | None = None
    contact: str | None = None
    phone: str | None = None
    email: str | None = None
    postcode: str | None = None
    bank: str | None = None
    account: str | None = None
    tax_id: str | None = None
    # the label the contract used for this role (采购人, 委托方, …)
    label: str | None = None
    evidence: dict[str, Evidence] = Field(default_factory=dict)


class Payment(BaseModel):
    seq: int
    amount: Decimal | None = None
    ratio: Decimal | None = None
    trigger: str | None = None
    # due rule when stated: `due_days` days (`due_day_kind`) after `due_basis`
    due_days: int | None = None
    due_day_kind: Literal["calendar", "working"] | None = None
    due_basis: str | None = None  # signing | invoice | acceptance | period_end | …
    derived: bool = False  # amount computed from ratio × total, not written
    clause: str | None = None
    evidence: Evidence | None = None
    # the date it falls due (extractors/due_dates.py), whether that date is
    # exact (false: working days counted Mon–Fri, or an assumed event date),
    # and how it was computed — or why there is none
    due_on: dt.date | None = None
    due_exact: bool | None = None
    due_rule: str | None = None


class Penalty(BaseModel):
    payer: Role | None = None
    rate: Decimal
    unit: PenaltyUnit
    base: PenaltyBase = "other"
    cap: Decimal | None = None  # share of the base, e.g. 0.1 for 10 %
    trigger: str | None = None
    clause: str | None = None
    evidence: Evidence | None = None


class SlaItem(BaseModel):
    kind: SlaKind
    hours: Decimal
    severity: str | None = None
    # the support channel a limit is for (在线支持, 电话支持, 现场支持), apart
    # from the severity level (extractors/sla_labels.py)
    channel: str | None = None
    clause: str | None = None
    evidence: Evidence | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def seconds(self) -> int:
        """The limit in whole seconds, exactly (15秒 = 15; hours keeps the
        quotient, 15秒 = 0.0041666… h)."""
        return int((self.hours * 3600).to_integral_value(rounding=ROUND_HALF_EVEN))


class Flag(BaseModel):
    kind: str
    severity: Severity = "warning"
    message: str
    evidence: list[str] = Field(default_factory=list)
    spans: list[Evidence] = Field(default_factory=list)


class Unread(BaseModel):
    """A span an extractor located but a parser could not read whole: no
    value was taken from it (never part of one), and this says why."""

    field: str  # where a value would have gone: contract.total_amount, penalties.rate, …
    text: str  # the span as written
    start: int  # raw_text offsets
    end: int
    page: int | None = None
    reason: str


class ContractRecord(BaseModel):
    """One contract's export: the shape `hetong extract` writes per line."""

    source: str
    sha256: str
    media_type: str
    encoding: str | None = None
    pages: int | None = None
    status: Status = "ok"
    error: str | None = None
    contract: Contract = Field(default_factory=Contract)
    parties: list[Party] = Field(default_factory=list)
    payments: list[Payment] = Field(default_factory=list)
    penalties: list[Penalty] = Field(default_factory=list)
    sla: list[SlaItem] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    # spans located but not read whole by a parser: nothing taken from them (see Unread)
    unread: list[Unread] = Field(default_factory=list)
    versions: dict[str, str] = Field(default_factory=dict)
