"""A hostile input corpus, generated at test time into a folder.

`specs()` lists the cases — what each file is and what the pipeline must
make of it — and `write_corpus(folder)` writes them. Nothing here is
committed: PDFs are written by hand (a few hundred bytes of PDF syntax; the
Chinese text uses the Adobe-GB1 predefined CMap `UniGB-UCS2-H`, which
pdfminer decodes without any embedded font), encryption is the PDF standard
security handler revision 2 (RC4-40, written here in a dozen lines), and the
big files (`write_big_text`, `write_many_pages_pdf`: kept out of the corpus,
a pipeline without limits spends minutes on them) are streamed to disk in a
fraction of a second.

`expect` is what the pipeline should store for the file once every
reliability integration is in (see the closing report of issue 8):

* a document status (`ok`, `failed`, `not_a_contract`) or `ok|partial` …;
* `unreadable`: no documents row, reported by the batch as a problem;
* `duplicate`: the same bytes as another case, stored once.

`needs` names the integration or fix `expect` waits for (`classifier`,
`ingest`), None when the current pipeline must already get it right.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "gold"
CONTRACT = GOLD / "101_jiangmen_govcloud.txt"  # a clean UTF-8 contract, 123 lines

MiB = 2**20


# -- PDF by hand -----------------------------------------------------------------------------

_TYPE0 = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>"
_CIDFONT = (  # the two strings are encrypted like any string of an encrypted file
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry <%s> /Ordering <%s> /Supplement 2 >> /FontDescriptor 5 0 R >>"
)
_DESCRIPTOR = (
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
    b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
)
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + _PAD)[:32]


class _Rc4Security:
    """PDF standard security handler, V1 R2, 40-bit RC4 (PDF 1.7 §7.6.3)."""

    P = -4  # every permission

    def __init__(self, user: bytes, owner: bytes, file_id: bytes) -> None:
        self.o = _rc4(hashlib.md5(_padded(owner or user)).digest()[:5], _padded(user))
        self.key = hashlib.md5(_padded(user) + self.o + struct.pack("<i", self.P) + file_id).digest()[:5]
        self.u = _rc4(self.key, _PAD)

    def encrypt(self, number: int, data: bytes) -> bytes:
        key = hashlib.md5(self.key + number.to_bytes(3, "little") + b"\0\0").digest()[:10]
        return _rc4(key, data)

    def dictionary(self) -> bytes:
        return b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <%s> /U <%s> /P %d >>" % (
            self.o.hex().encode(), self.u.hex().encode(), self.P,
        )


def _content(lines: Sequence[str]) -> bytes:
    ops = ["BT /F1 10 Tf 12 TL 40 800 Td"]
    ops += [f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines]
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def make_pdf(
    pages: Sequence[Sequence[str]],
    *,
    user_password: bytes | None = None,
    owner_password: bytes = b"owner",
    pages_dict: bytes | None = None,
) -> bytes:
    """A PDF whose page i shows the lines `pages[i]` (CJK included).

    `user_password`: encrypt (RC4-40); b"" opens without a password, anything
    else needs it. `pages_dict` replaces the page tree root (object 2), for
    broken trees."""
    file_id = hashlib.md5(repr(pages[:3]).encode("utf-8")).digest()
    security = None if user_password is None else _Rc4Security(user_password, owner_password, file_id)
    def string(number: int, value: bytes) -> bytes:
        return (value if security is None else security.encrypt(number, value)).hex().encode("ascii")

    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: _TYPE0,
        4: _CIDFONT % (string(4, b"Adobe"), string(4, b"GB1")),
        5: _DESCRIPTOR,
    }
    kids = []
    number = 6
    for lines in pages:
        stream = _content(lines)
        if security is not None:
            stream = security.encrypt(number, stream)
        objects[number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[number + 1] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % number
        )
        kids.append(number + 1)
        number += 2
    objects[2] = pages_dict or (
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    )
    if security is not None:
        objects[number] = security.dictionary()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, objects[n]))
    xref, size = out.tell(), max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for n in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[n])
    trailer = b"/Size %d /Root 1 0 R /ID [<%s> <%s>]" % (size, file_id.hex().encode(), file_id.hex().encode())
    if security is not None:
        trailer += b" /Encrypt %d 0 R" % number
    out.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))
    return out.getvalue()


def contract_pages(text: str, lines_per_page: int = 40) -> list[list[str]]:
    lines = [line for line in text.splitlines()]
    return [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]


# -- other formats ---------------------------------------------------------------------------


def make_docx(paragraphs: Sequence[str], extra_members: dict[str, bytes] | None = None) -> bytes:
    """A minimal valid .docx (python-docx), plus raw zip members (e.g. `../evil`)."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    if extra_members:
        with zipfile.ZipFile(buffer, "a") as archive:
            for name, data in extra_members.items():
                archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


NOVEL = """第三章　雨夜

雨是从傍晚开始下的。林秋白撑着一把旧伞，沿着河堤慢慢往回走，鞋子早已湿透。
他想起十年前的那个夏天，父亲站在院子里，望着远处的山，说：“人这一辈子，总要替自己做一回主。”
那时他不懂，只觉得父亲的背影比山还要沉默。后来他去了南方，在一家工厂里做学徒，每月挣八百块钱，
住在十几个人挤在一起的宿舍里。夜里睡不着的时候，他就翻来覆去地想那句话。
“你还回来做什么？”母亲开门的时候这样问他，眼睛却红了。
他没有回答，只是把箱子放下，走进灶房，像小时候那样往灶膛里添了一把柴。
屋外的雨越下越大，打在瓦片上，噼噼啪啪，像是有人在很远的地方敲门。
母亲在他身后站了很久，终于叹了口气，说：“饭在锅里，还热着。”
那一夜，他梦见自己又变成了一个孩子，站在父亲身边，一起望着那座看不清轮廓的山。
第二天一早，村里的王叔来了，说镇上的厂子要招人，签了合同就能上班，问他去不去。
他站在门口想了半天，说：“让我再想想。”
"""

NOTICE = """关于做好2025年春节期间安全生产工作的通知

各县（区）人民政府，市直各有关单位：
春节将至，为切实做好节日期间安全生产工作，确保人民群众度过一个欢乐祥和的节日，现就有关事项通知如下。
一、提高思想认识。各地各部门要深刻认识做好节日期间安全生产工作的重要性，克服麻痹思想和侥幸心理。
二、加强隐患排查。要组织力量对人员密集场所、危险化学品、道路交通、燃气等重点行业领域开展检查。
三、强化应急值守。节日期间要严格落实领导带班和24小时值班制度，确保信息畅通，遇有突发情况及时报告。
四、做好宣传教育。要充分利用广播、电视、网络等媒体，广泛宣传安全知识，提高群众自我保护能力。
请各单位于1月20日前将检查情况报市应急管理局。
联系人：张明，电话：0750-3210000。

江门市安全生产委员会办公室
2025年1月10日
"""


def spreadsheet_dump(rows: int = 300, sep: str = ",") -> str:
    """A contract ledger exported from a spreadsheet: every contract word, no contract."""
    rng = random.Random(8)
    header = ["序号", "合同编号", "合同名称", "甲方", "乙方", "合同金额（元）", "签订日期", "状态"]
    lines = [sep.join(header)]
    for i in range(1, rows + 1):
        amount = rng.randrange(10_000, 5_000_000)
        lines.append(sep.join([
            str(i), f"HT-2024-{i:04d}", f"第{i}号运维服务合同", f"某某局{i % 17}", f"某某科技有限公司{i % 23}",
            f"{amount}.00", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", rng.choice(["已签订", "履行中", "已验收"]),
        ]))
    return "\n".join(lines) + "\n"


# -- the corpus -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One hostile file, before it is written."""

    name: str  # case id, also the test id
    filename: str  # relative to the corpus folder
    make: Callable[[], bytes]
    expect: str  # status(es) joined by "|", or "unreadable" / "duplicate"
    needs: str | None = None  # the integration or fix `expect` waits for: "limits" | "classifier" | "ingest"
    error: str | None = None  # a word the stored error must contain (case-insensitive)
    mode: int | None = None  # chmod after writing


@dataclass(frozen=True)
class Case:
    """A hostile file written to disk."""

    spec: Spec
    path: Path

    @property
    def name(self) -> str:
        return self.spec.name


def _text() -> str:
    return CONTRACT.read_text(encoding="utf-8")


def _junk(n: int, low: int = 0, high: int = 256, seed: int = 8) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, high) for _ in range(n))


def _good_pdf() -> bytes:
    return make_pdf(contract_pages(_text()))


def specs() -> list[Spec]:
    """Every hostile case (cheap: nothing is generated until written)."""
    text = _text
    half = len(text()) // 2
    return [
        # text that is not text
        Spec("empty", "empty.txt", lambda: b"", "failed", error="empty"),
        Spec("whitespace", "whitespace.md", lambda: " \n\t\r\n\u3000\u00a0\n".encode("utf-8"), "failed",
             error="no text"),
        Spec("binary_with_nul", "junk.txt", lambda: _junk(8192), "failed", error="binary"),
        Spec("binary_high_bytes", "junk_high.txt", lambda: _junk(8192, 0x81, 0xFF), "failed|not_a_contract"),
        Spec("elf_named_txt", "program.txt", lambda: b"\x7fELF\x02\x01\x01" + _junk(4096), "failed", error="binary"),
        # UTF-16 with a BOM and one byte lost after it: every later character is read off by a byte
        Spec("misaligned_utf16", "utf16_misaligned.txt",
             lambda: "\ufeff合同".encode("utf-16-le")[:-1] + text()[:200].encode("utf-16-le")[:-1],
             "failed|not_a_contract"),
        # encodings
        Spec("mixed_utf8_gbk", "mixed_encoding.txt",
             lambda: text()[:half].encode("utf-8") + text()[half:].encode("gbk"), "ok|partial|failed"),
        Spec("gb18030", "gb18030.txt", lambda: text().encode("gb18030") + b"\n", "ok"),
        # a GB18030 contract cut inside its last character (an interrupted copy)
        Spec("gb18030_cut_mid_character", "gb18030_cut.txt",
             lambda: text().encode("gb18030") + "附".encode("gb18030")[:1], "ok|partial"),
        # PDFs
        Spec("valid_pdf", "contract.pdf", _good_pdf, "ok"),
        Spec("truncated_pdf", "truncated.pdf", lambda: _good_pdf()[: len(_good_pdf()) // 2],
             "ok|partial|failed|not_a_contract"),
        Spec("corrupt_pdf", "corrupt.pdf", lambda: b"%PDF-1.7\n" + _junk(4096), "failed", error="pdf"),
        Spec("header_only_pdf", "header_only.pdf", lambda: b"%PDF-1.4\n%%EOF\n", "failed", error="pdf"),
        Spec("encrypted_pdf", "encrypted.pdf", lambda: make_pdf(contract_pages(text()), user_password=b"secret"),
             "failed", error="password"),
        Spec("encrypted_pdf_no_user_password", "encrypted_open.pdf",
             lambda: make_pdf(contract_pages(text()), user_password=b""), "ok"),
        Spec("page_tree_cycle_pdf", "cycle.pdf",
             lambda: make_pdf(contract_pages(text())[:1], pages_dict=b"<< /Type /Pages /Kids [2 0 R 7 0 R] /Count 2 >>"),
             "ok|partial|failed|not_a_contract"),
        Spec("deep_nesting_pdf", "deep.pdf",
             lambda: make_pdf([["合同"]], pages_dict=b"<< /Type /Pages /Kids [7 0 R] /Count 1 /X "
                              + b"[" * 100_000 + b"]" * 100_000 + b" >>"),
             "ok|partial|failed|not_a_contract"),
        # Word
        Spec("docx_traversal_member", "traversal.docx",
             lambda: make_docx(text().splitlines(), {"../../evil.txt": b"owned", "/abs/evil.txt": b"owned"}), "ok"),
        Spec("zip_named_docx", "archive.docx", lambda: _zip({"readme.txt": b"hello"}), "failed", error="docx"),
        # not contracts
        Spec("novel_excerpt", "novel.txt", lambda: NOVEL.encode("utf-8"), "not_a_contract"),
        Spec("notice", "notice.md", lambda: NOTICE.encode("gb18030"), "not_a_contract"),
        Spec("spreadsheet_csv", "ledger_export.txt", lambda: spreadsheet_dump().encode("utf-8"), "not_a_contract"),
        Spec("spreadsheet_tsv", "ledger_export_tabs.md", lambda: spreadsheet_dump(sep="\t").encode("gb18030"),
             "not_a_contract"),
        # duplicates: the contract's bytes under three names; the walk meets contract.txt first
        Spec("original", "contract.txt", lambda: text().encode("utf-8"), "ok"),
        Spec("duplicate_renamed", "合同副本.txt", lambda: text().encode("utf-8"), "duplicate"),
        Spec("duplicate_in_subfolder", "sub/copy.md", lambda: text().encode("utf-8"), "duplicate"),
        # awkward names
        Spec("newline_in_name", "line\nbreak.txt", lambda: text().encode("utf-8")[:3000], "ok|partial|not_a_contract"),
        Spec("undecodable_name", os.fsdecode(b"latin1_\xe9\xff.txt"),  # not UTF-8: a lone surrogate in str
             lambda: text().encode("gb18030"), "ok"),
        # permissions
        Spec("unreadable", "locked.txt", lambda: text().encode("utf-8") + b"\n(locked)", "unreadable",
             error="permission", mode=0),
    ]


def write_corpus(folder: Path) -> list[Case]:
    """Write every case of `specs()` into `folder` (created if needed)."""
    cases = []
    for spec in specs():
        path = folder / spec.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(spec.make())
        if spec.mode is not None:
            path.chmod(spec.mode)
        cases.append(Case(spec, path))
    return cases


# The two cases a pipeline without limits spends minutes and GBs on, written on their own.


def write_big_text(folder: Path, size: int = 50 * MiB) -> Path:
    """`size` bytes of contract text (a gold contract repeated), streamed."""
    chunk = CONTRACT.read_bytes()
    path = folder / "big_50mb.txt"
    block = chunk * max(1, MiB // len(chunk))
    with path.open("wb") as out:
        written = 0
        while written + len(block) <= size:
            out.write(block)
            written += len(block)
        out.write(block[: size - written])
    return path


def write_many_pages_pdf(folder: Path, pages: int = 3000) -> Path:
    path = folder / f"pages_{pages}.pdf"
    path.write_bytes(make_pdf([[f"第{i}页 附件材料"] for i in range(1, pages + 1)]))
    return path


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def permissions_block_reads(path: Path) -> bool:
    """False when chmod 000 does not stop this process reading (root, CAP_DAC_OVERRIDE)."""
    try:
        with path.open("rb"):
            return False
    except PermissionError:
        return True
