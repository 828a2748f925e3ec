"""Pure, total parsers: text of one value → normalised value (or None)."""
