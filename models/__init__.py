"""Pydantic records shared by every stage. Depends on nothing else in hetong."""

from models.document import Cell, Clause, Document, Page, Table
from models.records import (
    Contract,
    ContractRecord,
    Evidence,
    Flag,
    Party,
    Payment,
    Penalty,
    SlaItem,
)

__all__ = [
    "Cell",
    "Clause",
    "Contract",
    "ContractRecord",
    "Document",
    "Evidence",
    "Flag",
    "Page",
    "Party",
    "Payment",
    "Penalty",
    "SlaItem",
    "Table",
]
