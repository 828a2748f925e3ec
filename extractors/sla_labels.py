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

__all__ = ["CHANNEL", "channel_of", "split_channel"]

# A support channel as a limit's label: 在线支持, 电话技术支持, 远程维护. One
# definition: the SLA extractor reads labels with it (sla._SEVERITY), and a
# label it read that way is a channel here.
CHANNEL = r"(?:[^\s,;。:、()]{1,4}支持|远程维护|远程服务)"
# the channel, and a level in brackets after it: 现场支持(紧急)
_CHANNEL = re.compile(rf"^(?P<channel>{CHANNEL})\s*(?:\((?P<level>[^()]{{1,8}})\))?$")


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
