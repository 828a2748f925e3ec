"""One module per concept; each exposes `extract(doc: Document) -> ...`."""
