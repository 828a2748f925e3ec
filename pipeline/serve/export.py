"""The workbench as files (`hetong review --db DB --out DIR`), for reviewers
without Python: DIR/index.html lists every contract (with a find box), and
DIR/c/<sha256>.html is each contract's page — the same templates as
`hetong serve`, read-only (decisions already recorded are shown, none can be
made), previous/next in the list's order, the PDF pages beside the text as
DIR/pages/<sha256>-<n>.png when the original file is still there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hetong.pipeline.review import page as review_page
from hetong.pipeline.serve import i18n
from hetong.pipeline.serve.app import Renderer, contract_context
from hetong.pipeline.serve.contract import load_contract
from hetong.pipeline.serve.db import Database
from hetong.pipeline.serve.index import Filters, IndexPage, options
from hetong.pipeline.serve.pages import PageUnavailable, page_count, render_page

__all__ = ["ExportSummary", "export_site"]


@dataclass
class ExportSummary:
    contracts: int
    pages: int
    problems: list[str]


def export_site(db_path: str | Path, out: Path, *, lang: str = "zh", page_images: bool = True) -> ExportSummary:
    db = Database(db_path)
    renderer = Renderer()
    out = Path(out)
    (out / "c").mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with db.read() as conn:
        found = conn.execute(
            "SELECT source, title, party_a, party_b, total_amount, signed_on, region, status, n_flags, n_flags_open, "
            "flag_kinds, flag_severities, review_state, sha256 FROM v_contracts_reviewed ORDER BY source, sha256"
        )
        names = [d[0] for d in found.description]
        listing = [dict(zip(names, r)) for r in found.fetchall()]
        opts = options(conn)
    counts = {s: sum(1 for r in listing if r["review_state"] == s) for s in i18n.REVIEW_STATE}
    counts["open_flags"] = sum(r["n_flags_open"] for r in listing)
    index = IndexPage(Filters(), listing, len(listing), counts, 1, 1 if listing else 0, len(listing))
    (out / "index.html").write_text(
        renderer.render(
            "index.html", lang, static=True, page=index, f=Filters(), opts=opts,
            contract_url=lambda sha: f"c/{sha}.html", home_url="index.html",
        ),
        encoding="utf-8",
    )
    n_pages = 0
    shas = [r["sha256"] for r in listing]
    for i, sha in enumerate(shas):
        with db.read() as conn:
            try:
                cp = load_contract(conn, sha, lang)
            except review_page.ReviewError as exc:
                problems.append(f"{sha[:12]}: {exc}")
                continue
        pages_ok = False
        if cp.is_pdf and page_images:
            try:
                total = page_count(cp.path, sha)
                (out / "pages").mkdir(exist_ok=True)
                for n in range(1, total + 1):
                    (out / "pages" / f"{sha}-{n}.png").write_bytes(render_page(cp.path, sha, n))
                n_pages += total
                pages_ok = total > 0
            except PageUnavailable as exc:
                problems.append(f"{cp.review.source}: no page images: {exc}")
        nav = {
            "prev": shas[i - 1] if i > 0 else None,
            "next": shas[i + 1] if i + 1 < len(shas) else None,
            "position": i + 1,
            "total": len(shas),
        }
        nav["prev_url"] = f"{nav['prev']}.html" if nav["prev"] else None
        nav["next_url"] = f"{nav['next']}.html" if nav["next"] else None
        html = renderer.render(
            "contract.html", lang, static=True, nav=nav, index_url="../index.html", home_url="../index.html",
            decide_url="", page_url=lambda n, sha=sha: f"../pages/{sha}-{n}.png",
            page_url_pattern=f"../pages/{sha}-PAGE.png", pages_ok=pages_ok, **contract_context(cp, lang),
        )
        (out / "c" / f"{sha}.html").write_text(html, encoding="utf-8")
    return ExportSummary(len(shas), n_pages, problems)
