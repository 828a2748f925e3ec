"""`hetong review`: the contract text with one highlight per evidence item,
a panel of fields and flags that jumps to the evidence, one self-contained
HTML file; checked as HTML and, when Chromium is installed, in the browser."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.models import Contract, Document, Evidence, Flag, Party, Payment, Penalty, SlaItem
from hetong.pipeline.review import page as review
from hetong.pipeline.store import storage
from hetong.pipeline.cli import app
from hetong.pipeline.read.ingest import sha256

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "samples" / "000_ea93da92590dbf3c.txt"  # has flags

RAW = (
    "技术服务合同\n"
    "甲方：北京市朝阳区政务服务管理局\n"
    "乙方：北京万信友联科技有限公司 <b>&amp;</b>\n"
    "服务期限：2022年9月25日至2023年9月24日\n"
    "合同总额 ¥1202000元，合同签订后30日内支付¥601000元。\n"
    "逾期按日万分之五支付违约金；30 分钟内响应。\n"
    "<script>alert('x')</script>\n"
)


def span(needle: str, rule: str = "test", shift: tuple[int, int] = (0, 0)) -> Evidence:
    start = RAW.index(needle) + shift[0]
    return Evidence(start=start, end=start + len(needle) + shift[1], text=needle, rule=rule)


def document() -> Document:
    """Evidence that overlaps every way: the same span for two fields, a flag
    inside a party name, an installment crossing the total, an empty span."""
    period = span("2022年9月25日至2023年9月24日", "period")
    return Document(
        source="review.txt",
        sha256="e" * 64,
        media_type="text/plain",
        raw_text=RAW,
        contract=Contract(
            title="技术服务合同",
            total_amount=Decimal("1202000"),
            service_start=dt.date(2022, 9, 25),
            service_end=dt.date(2023, 9, 24),
            signed_on=dt.date(2022, 9, 23),
            evidence={
                "title": span("技术服务合同", "title"),
                "service_start": period,
                "service_end": period,  # the same span, twice
                "total_amount": span("合同总额 ¥1202000元", "money.total"),
                "signed_on": Evidence(start=0, end=0, text="", rule="empty"),  # an empty span
            },
        ),
        parties=[
            Party(
                role="甲方", name="北京市朝阳区政务服务管理局", evidence={"name": span("北京市朝阳区政务服务管理局")}
            ),
            Party(role="乙方", name="北京万信友联科技有限公司", evidence={"name": span("北京万信友联科技有限公司")}),
        ],
        payments=[
            Payment(
                seq=1,
                amount=Decimal("601000"),
                trigger="合同签订后30日内",
                due_days=30,
                due_day_kind="calendar",
                due_basis="signing",
                evidence=span("¥1202000元，合同签订后30日内支付¥601000元", "payments.prose"),
            )
        ],  # crosses the total
        penalties=[
            Penalty(
                payer="甲方",
                rate=Decimal("0.0005"),
                unit="per_day",
                base="overdue_amount",
                evidence=span("日万分之五", "penalties"),
            )
        ],
        sla=[SlaItem(kind="response", hours=Decimal("0.5"), evidence=span("30 分钟内响应", "sla"))],
        flags=[
            Flag(
                kind="district_mismatch",
                severity="warning",
                message="朝阳区 <is> not where it says",
                evidence=["朝阳区"],
                spans=[span("朝阳区", "flags.district")],
            ),  # inside the 甲方 name
            Flag(kind="numbering_gap", severity="info", message="no 第二条", spans=[]),
            Flag(
                kind="amount_words_mismatch",
                severity="error",
                message="words differ",
                spans=[span("¥601000元", "flags.amount"), Evidence(start=10_000, end=10_004, text="far", rule="bad")],
            ),
        ],
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.duckdb"
    with storage.connect(path) as conn:
        storage.store_document(conn, document(), storage.start_run(conn))
    return path


@pytest.fixture
def page(db: Path) -> tuple[review.Review, str]:
    with storage.open_database(db) as conn:
        r = review.load_review(conn, "e" * 64)
    return r, review.render(r)


class Page(HTMLParser):
    """What a test needs from the page: the marks in the text, the anchors,
    the text shown, the flags and entries of the panel."""

    def __init__(self, html: str, *, dumped: bool = False):
        """`dumped`: `html` is a browser's serialisation of the DOM (--dump-dom),
        which writes a <pre>'s text as it is; a page's source has a newline after
        <pre> that parsing drops."""
        super().__init__(convert_charrefs=True)
        self._dumped = dumped
        self.marks: list[dict[str, Any]] = []
        self.anchors: list[str] = []
        self.flags: list[dict[str, str]] = []
        self.jumps: list[str] = []
        self.scripts: list[dict[str, str]] = []
        self.html_attrs: dict[str, str] = {}
        self.text = ""
        self.aside = ""
        self._where: list[str] = []
        self._mark: dict[str, Any] | None = None
        self._pre_start = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_attrs = a
        if tag == "script":
            self.scripts.append(a)
        if tag == "pre" and a.get("id") == "text":
            self._where.append("text")
            self._pre_start = not self._dumped
        elif tag == "aside":
            self._where.append("aside")
        elif self._where and tag not in ("br", "img", "input", "meta"):
            self._where.append(tag)
        if tag == "mark":
            self._mark = {
                "ids": a["data-ev"].split(),
                "class": a["class"].split(),
                "title": a.get("title", ""),
                "text": "",
            }
            self.marks.append(self._mark)
        if tag == "span" and "anchor" in a.get("class", ""):
            self.anchors.append(a["id"])
        if "flag" in a.get("class", "").split():
            self.flags.append(a)
        if "data-jump" in a:
            self.jumps.append(a["data-jump"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = None
        if self._where:
            self._where.pop()

    def handle_data(self, data: str) -> None:
        if self._pre_start:  # as a browser does: a newline right after <pre> is not text
            self._pre_start = False
            data = data[1:] if data.startswith("\n") else data
        if "text" in self._where:
            self.text += data
            if self._mark is not None:
                self._mark["text"] += data
        if "aside" in self._where:
            self.aside += data

    def pieces(self, mark_id: str) -> str:
        return "".join(m["text"] for m in self.marks if mark_id in m["ids"])


# -- the page -----------------------------------------------------------------------------


def test_the_text_is_shown_verbatim(page: tuple[review.Review, str]) -> None:
    r, html = page
    assert Page(html).text == RAW


def test_one_highlight_per_evidence_item(page: tuple[review.Review, str]) -> None:
    r, html = page
    p = Page(html)
    assert len(r.marks) == 12  # 5 contract, 2 party, 1 payment, 1 penalty, 1 SLA, 2 flag spans in the text
    assert sorted(p.anchors) == sorted(f"ev-{m.id[1:]}" for m in r.marks)
    assert {i for m in p.marks for i in m["ids"]} == {m.id for m in r.marks}
    for m in r.marks:
        assert p.pieces(m.id) == RAW[m.start : m.end], m.field


def test_overlapping_evidence_is_cut_not_lost(page: tuple[review.Review, str]) -> None:
    r, html = page
    p = Page(html)
    ids = {m.field: m.id for m in r.marks}
    both = [m for m in p.marks if ids["contract.service_start"] in m["ids"]]
    assert [set(m["ids"]) for m in both] == [{ids["contract.service_start"], ids["contract.service_end"]}]
    crossing = [m for m in p.marks if ids["payments[1]"] in m["ids"] and ids["contract.total_amount"] in m["ids"]]
    assert [m["text"] for m in crossing] == ["¥1202000元"]
    point = [m for m in p.marks if ids["contract.signed_on"] in m["ids"]]
    assert len(point) == 1 and "point" in point[0]["class"] and point[0]["text"] == ""


def test_colour_is_that_of_the_shortest_evidence_and_flags_underline(page: tuple[review.Review, str]) -> None:
    p = Page(page[1])
    flagged = [m for m in p.marks if m["text"] == "朝阳区"]
    assert len(flagged) == 1
    assert "g-party_a" in flagged[0]["class"] and "flagged" in flagged[0]["class"]


def test_hover_shows_field_and_normalised_value(page: tuple[review.Review, str]) -> None:
    p = Page(page[1])
    total = next(m for m in p.marks if m["text"] == "合同总额 ")
    assert total["title"] == "contract.total_amount = 1,202,000.00 元  [money.total]"
    penalty = next(m for m in p.marks if m["text"] == "日万分之五")
    assert penalty["title"].startswith("penalties[1] = 甲方 pays 0.05 % of overdue_amount per day")


def test_flags_are_listed_with_their_message_and_places(page: tuple[review.Review, str]) -> None:
    r, html = page
    p = Page(html)
    assert [f["class"].split()[1] for f in p.flags] == ["sev-warning", "sev-info", "sev-error"]
    for message in ("朝阳区 <is> not where it says", "no 第二条", "words differ"):
        assert message in p.aside
    by_field: dict[str, list[str]] = {}
    for m in r.marks:
        by_field.setdefault(m.field, []).append(m.id)
    assert [f.get("data-jump", "") for f in p.flags] == [
        " ".join(by_field["flags[1]"]),
        "",
        " ".join(by_field["flags[3]"]),
    ]


def test_every_field_jumps_to_its_evidence(page: tuple[review.Review, str]) -> None:
    r, html = page
    jumped = {i for j in Page(html).jumps for i in j.split()}
    assert jumped == {m.id for m in r.marks}


def test_evidence_outside_the_text_is_reported_not_dropped(page: tuple[review.Review, str]) -> None:
    r, html = page
    assert r.problems == [f"flags[3]: evidence [10000, 10004) lies outside the text ({len(RAW)} characters); not shown"]
    assert "lies outside the text" in html


def test_the_page_is_self_contained(page: tuple[review.Review, str]) -> None:
    html = page[1]
    p = Page(html)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:[a-z]+:)?//""", html, re.I)
    assert not re.search(r"<link|@import|url\(|<iframe|<img", html, re.I)
    assert all("src" not in s for s in p.scripts)
    assert len(p.scripts) == 2  # the data and the code: the <script> in the text stays text


# -- the command ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_review_of_a_file_and_of_the_database_agree(runner: CliRunner, tmp_path: Path) -> None:
    from_file = tmp_path / "file.html"
    result = runner.invoke(app, ["review", str(SAMPLE), "--html", str(from_file)])
    assert result.exit_code == 0, result.output
    db = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(db)]).exit_code == 0
    from_db = tmp_path / "db.html"
    prefix = sha256(SAMPLE.read_bytes())[:10]
    result = runner.invoke(app, ["review", "--db", str(db), "--sha256", prefix, "--html", str(from_db)])
    assert result.exit_code == 0, result.output
    assert from_db.read_text(encoding="utf-8") == from_file.read_text(encoding="utf-8")
    assert "highlights" in result.stderr


def test_review_by_source_name(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["review", "--db", str(db), "--source", "review.txt", "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert len(Page(out.read_text(encoding="utf-8")).flags) == 3


def test_a_source_name_shared_by_two_documents_is_ambiguous(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    other = document()
    other.sha256 = "f" * 64
    with storage.connect(db) as conn:
        storage.store_document(conn, other, storage.start_run(conn))
    result = runner.invoke(
        app, ["review", "--db", str(db), "--source", "review.txt", "--html", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 1
    assert "2 documents match" in result.stderr and "e" * 64 in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--db", "{db}", "--sha256", "0123"], 1, "no document"),
        (["--db", "{db}"], 2, "exactly one of --sha256 and --source"),
        (["--db", "{db}", "--sha256", "e", "--source", "review.txt"], 2, "exactly one"),
        ([], 2, "give a FILE"),
        (["{sample}", "--db", "{db}", "--sha256", "e"], 2, "not both"),
        (["--db", "{tmp}/missing.duckdb", "--sha256", "e"], 2, "no such database"),
        (["{tmp}/empty.txt"], 1, "empty"),
    ],
)
def test_review_errors(runner: CliRunner, db: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    values = {"db": db, "tmp": tmp_path, "sample": SAMPLE}
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["review", *[a.format(**values) for a in args], "--html", str(out)])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert not out.exists()


def test_a_document_imported_before_texts_is_read_from_its_file(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, copy)
    db = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", str(copy), "--db", str(db)]).exit_code == 0
    with duckdb.connect(str(db)) as conn:
        conn.execute("DELETE FROM texts")  # as if imported by schema version 2
    out = tmp_path / "r.html"
    args = ["review", "--db", str(db), "--source", SAMPLE.name, "--html", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    assert Page(out.read_text(encoding="utf-8")).text == SAMPLE.read_text(encoding="utf-8")
    copy.write_text("changed", encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "hetong ingest --force" in result.stderr


# -- in a real browser ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[review.Review, Path]:
    folder = tmp_path_factory.mktemp("browser")
    r = review.review_file(SAMPLE)
    path = folder / "review.html"
    path.write_text(review.render(r), encoding="utf-8")
    return r, path


@needs_chromium
def test_the_browser_shows_every_highlight_and_flag(sample_page: tuple[review.Review, Path], tmp_path: Path) -> None:
    r, path = sample_page
    dom = chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    p = Page(dom, dumped=True)
    assert p.text == r.raw_text
    assert {i for m in p.marks for i in m["ids"]} == {m.id for m in r.marks}
    for m in r.marks:
        assert p.pieces(m.id) == r.raw_text[m.start : m.end], m.field
    assert len(r.flags) >= 1 and len(p.flags) == len(r.flags)
    for flag in r.flags:
        assert flag.value in p.aside
    assert "--head:" in p.html_attrs.get("style", "")  # the page's script ran to its end


@needs_chromium
def test_the_browser_renders_a_screenshot(sample_page: tuple[review.Review, Path], tmp_path: Path) -> None:
    png = tmp_path / "review.png"
    chromium(tmp_path, "--window-size=1440,900", f"--screenshot={png}", sample_page[1].as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
