"""Severity or channel (extractors/sla_labels.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hetong.extractors import sla
from hetong.extractors.sla_labels import channel_of, split_channel
from hetong.models import Document, SlaItem
from hetong.pipeline.text.normalise import run as normalise
from hetong.pipeline.text.segment import run as segment

LABELS = [
    ("在线支持", None, "在线支持"),
    ("电话支持", None, "电话支持"),
    ("邮件支持", None, "邮件支持"),
    ("远程维护", None, "远程维护"),
    ("远程支持", None, "远程支持"),
    ("现场支持", None, "现场支持"),
    ("电话技术支持", None, "电话技术支持"),
    ("现场支持(紧急)", "紧急", "现场支持"),
    ("一级故障", "一级故障", None),
    ("紧急", "紧急", None),
    ("一般性问题", "一般性问题", None),
    ("分会场故障（远程排除）", "分会场故障（远程排除）", None),
    ("城区点位", "城区点位", None),
    (None, None, None),
]


@pytest.mark.parametrize(("label", "severity", "channel"), LABELS)
def test_channel_of(label: str | None, severity: str | None, channel: str | None) -> None:
    assert channel_of(label) == (severity, channel)


def test_split_channel_moves_the_channel_out_of_severity() -> None:
    item = split_channel(SlaItem(kind="response", hours=Decimal("0.5"), severity="在线支持"))
    assert (item.severity, item.channel) == (None, "在线支持")


@pytest.mark.parametrize(("hours", "seconds"), [
    (Decimal(15) / 3600, 15), (Decimal("0.5"), 1800), (Decimal(20) / 60, 1200), (Decimal(8), 28800),
])
def test_seconds_are_exact(hours: Decimal, seconds: int) -> None:
    assert SlaItem(kind="response", hours=hours).seconds == seconds


# the channel of limits the SLA extractor reads (the same fragments as tests/extractors/test_sla.py)
EXTRACTED = [
    ("(3)现场支持：经远程处理无法解决的，乙方工程师应在2小时内到达现场，一般故障8小时内修复，重大故障24小时内恢复系统运行。",
     [("onsite", None, "现场支持"), ("resolve", "一般故障", None), ("resolve", "重大故障", None)]),
    ("(1)在线支持：通过运维工单平台提供7×24小时在线支持，接到报障后0.5小时内响应；", [("response", None, "在线支持")]),
    ("二级故障：4小时内响应。", [("response", "二级故障", None)]),
]


@pytest.mark.parametrize(("fragment", "expected"), EXTRACTED)
def test_the_extractor_puts_channels_apart(fragment: str, expected: list) -> None:
    doc = segment(normalise(Document(source="t.txt", sha256="0" * 64, media_type="text/plain", raw_text=fragment)))
    assert [(i.kind, i.severity, i.channel) for i in sla.extract(doc)] == expected
