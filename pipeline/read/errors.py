"""The exceptions every reader raises, in one module so readers and limits
can share them without importing each other."""

from __future__ import annotations


class IngestError(ValueError):
    """The file cannot be read as a contract; the message says why."""
