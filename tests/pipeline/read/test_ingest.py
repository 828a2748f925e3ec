"""Ingest: encodings are detected and recorded; bad input gets a clear error."""

import pytest

from hetong.pipeline.read.ingest import IngestError, decode_text, load_bytes

CONTRACT = "甲方：乌鲁木齐市人民政府电子政务中心\n合同总金额为人民币壹拾伍万元整。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CONTRACT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CONTRACT.encode("utf-8"), "utf-8-sig"),
        (CONTRACT.encode("gb18030"), "gb18030"),
        (CONTRACT.encode("gbk"), "gb18030"),
        (CONTRACT.encode("utf-16"), "utf-16"),
        (CONTRACT.encode("utf-16-le"), "utf-16-le"),
        (CONTRACT.encode("utf-16-be"), "utf-16-be"),
        ("甲方：臺北市政府資訊局\n合同總金額為新臺幣壹拾伍萬元整。\n".encode("big5"), "big5"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be", "big5"],
)
def test_encodings_are_detected(data, encoding):
    text, detected = decode_text(data)
    assert detected == encoding
    assert "甲方" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (bytes(range(256)) * 4, "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\xff" * 50, r"unreadable image: UnidentifiedImageError: cannot identify image file the file$"),
        (b"%PDF-1.4\n%broken", "unreadable PDF"),
        (b"PK\x03\x04" + b"\x00" * 20, "unsupported format"),
    ],
    ids=["empty", "whitespace", "binary-junk", "png", "corrupt-pdf", "zip"],
)
def test_bad_input_raises_a_specific_error(data, message):
    with pytest.raises(IngestError, match=message):
        load_bytes(data, source="bad.txt")


def test_undecodable_text_is_reported():
    data = b"\x81\x30\x81" + "合同".encode("utf-8")[:-1] + b"\xfe\xfe\xfe\xfe" * 10
    with pytest.raises(IngestError):
        load_bytes(data, source="weird.txt")


def test_document_identity_is_the_content_hash():
    a = load_bytes(CONTRACT.encode("utf-8"), source="a.txt")
    b = load_bytes(CONTRACT.encode("utf-8"), source="renamed.md")
    assert a.sha256 == b.sha256 and len(a.sha256) == 64
    assert b.media_type == "text/markdown"


@pytest.mark.parametrize(
    ("data", "source", "media_type"),
    [
        (b"%PDF-1.7\n", "contract.txt", "application/pdf"),
        (b"PK\x03\x04....word/document.xml....", "contract.bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"PK\x03\x04" + b"\x00" * 20, "contract.DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"PK\x03\x04" + b"\x00" * 20, "sheet.xlsx", "application/zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.doc", "application/x-ole-storage"),
        (CONTRACT.encode(), "a.md", "text/markdown"),
        (CONTRACT.encode(), "a.TXT", "text/plain"),
        (CONTRACT.encode(), "no-suffix", "text/plain"),
    ],
    ids=["pdf-by-magic", "docx-by-content", "docx-by-name", "other-zip", "ole2", "markdown", "text", "no-suffix"],
)
def test_media_type_is_decided_by_content_then_name(data, source, media_type):
    from hetong.pipeline.read.ingest import media_type_of

    assert media_type_of(data, source) == media_type


def test_a_pdf_document_has_pages_and_no_encoding():
    from pathlib import Path

    data = (Path(__file__).resolve().parents[2] / "fixtures" / "pdf" / "103_mianyang_12345.pdf").read_bytes()
    doc = load_bytes(data, source="a.pdf")
    assert doc.media_type == "application/pdf" and doc.encoding is None
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[-1].end == len(doc.raw_text)


CONTRACT_TEXT = "运维服务合同\n甲方：某某市大数据局\n乙方：某某科技有限公司\n第一条 合同总价为人民币壹拾万元整（100000元）。\n"


@pytest.mark.parametrize(("data", "expected"), [
    (("\x1b[1m" + CONTRACT_TEXT + "\x1b[0m\x1b[31m甲方应按约定付款。\x1b[0m").encode(), "甲方应按约定付款"),
    (CONTRACT_TEXT.encode().replace("甲方".encode(), "甲方".encode() + b"\x00", 1), "某某市大数据局"),
    (CONTRACT_TEXT.encode("gb18030")[:40] + b"\x81\x30\xff" + CONTRACT_TEXT.encode("gb18030")[40:] * 3, "某某科技有限公司"),
], ids=["ansi-escapes", "one-nul-byte", "three-bad-gb18030-bytes"])
def test_a_text_with_a_few_bad_bytes_is_read_not_failed(data: bytes, expected: str) -> None:
    from hetong.pipeline.orchestrate import process_bytes

    doc = process_bytes(data, "contract.txt")
    assert doc.status != "failed", doc.errors
    assert expected in doc.text and "\x1b" not in doc.text and "[0m" not in doc.text
