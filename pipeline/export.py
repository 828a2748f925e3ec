"""JSON export of one contract, in the field names of data/gold/FORMAT.md.

Values are JSON-native: Decimal → string, date → ISO string. Extra keys
(evidence, rule ids, clause ids) ride along; the scorer ignores them.
"""

from __future__ import annotations

import json
from typing import Any

from models import ContractRecord


def to_json_dict(record: ContractRecord) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    for item in data.get("sla", []):
        # hours as a JSON number, as in gold
        item["hours"] = _number(item["hours"])
    return data


def to_json_line(record: ContractRecord) -> str:
    return json.dumps(to_json_dict(record), ensure_ascii=False, separators=(",", ":"))


def _number(value: Any) -> Any:
    if isinstance(value, str):
        f = float(value)
        return int(f) if f.is_integer() else f
    return value
