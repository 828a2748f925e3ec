"""Reading files: one module per input format, plus detection and limits.

`ingest` sniffs the bytes and hands them to `pdf` (with `pdf_fast` and `ocr`),
`docx` (with `docx_numbering`), `legacy_office` (.doc/.wps/.rtf through
LibreOffice) or the text decoder; `limits` bounds size, pages, time and memory;
`errors` holds the exceptions every reader raises.

May import: `hetong.models`, `hetong.pipeline.text.script` (the OCR fix-ups
read Traditional text through its simplified shadow). Must not import
`store`, `batch`, `quality` or `review`.
"""
