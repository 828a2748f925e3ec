"""Pydantic records shared by every stage. Depends on nothing else in hetong."""

from hetong.models.document import Cell, Clause, Document, Line, Page, Table
from hetong.models.records import (
    Contract,
    ContractRecord,
    Evidence,
    Flag,
    Party,
    Payment,
    Penalty,
    SlaItem,
    Unread,
)

__all__ = [
    "Cell",
    "Clause",
    "Contract",
    "ContractRecord",
    "Document",
    "Evidence",
    "Flag",
    "Line",
    "Page",
    "Party",
    "Payment",
    "Penalty",
    "SlaItem",
    "Table",
    "Unread",
]
