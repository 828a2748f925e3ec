"""hetong pipeline: ingest → normalise → segment → extract → check → store."""

__version__ = "0.1.0"
