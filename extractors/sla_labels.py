"""Severity or channel: what the label of an SLA limit names.

The SLA extractor reads the label a limit is written under (`一级故障：…`,
`(1)在线支持：…0.5小时内响应`, the first cell of a table row) as one string.
Some labels are a severity level (紧急, 一级故障, 一般性问题), some the channel
the support is given through (在线支持, 电话支持, 远程维护, 现场支持, 邮件支持):
`split_channel` moves a channel label into `channel`, so `severity` holds
only levels. A label that names both (`现场支持（紧急）`) keeps the level as
the severity and the channel apart.
"""

from __future__ import annotations

import re

from hetong.models import SlaItem

__all__ = ["channel_of", "split_channel"]

# the channel, optionally followed by a support/service word: 在线支持, 电话技术支持, 远程维护, 现场服务
_CHANNEL = re.compile(
    r"^(?P<channel>(?:7\s*[×x*]\s*24\s*小?时?)?(?:在线|线上|电话|热线|远程|现场|上门|邮件|电子邮件|邮箱|微信|即时通讯|视频|网络)"
    r"(?:技术)?(?:支持|服务|维护|响应|运维|处理)?(?:方式)?)"
    r"\s*(?:\((?P<level>[^()]{1,8})\))?$"
)


def channel_of(label: str | None) -> tuple[str | None, str | None]:
    """(severity, channel) of a label: `在线支持` → (None, `在线支持`);
    `现场支持(紧急)` → (`紧急`, `现场支持`); `一级故障` → (`一级故障`, None)."""
    if not label:
        return label, None
    m = _CHANNEL.match(label.strip())
    if not m:
        return label, None
    return m.group("level"), m.group("channel")


def split_channel(item: SlaItem) -> SlaItem:
    severity, channel = channel_of(item.severity)
    if channel is None:
        return item
    return item.model_copy(update={"severity": severity, "channel": channel})
