"""Package data shipped as `hetong.data`: the division table (reference/), the NER model and
lexicons (ner/). Only those are in the wheel (pyproject package-data); the gold sets, real
contracts and samples stay in the repository."""
