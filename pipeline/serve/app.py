"""`hetong serve`: the review workbench, a small Starlette app over one
database file. The pages are in their own modules (index.py, contract.py,
decisions.py); this module wires routes, language, the reviewer's name, the
CSRF token and the security headers, and renders the Jinja templates (the
same ones the static export uses, pipeline/serve/export.py).

Safe by construction:
- bound to 127.0.0.1 unless told otherwise, and answering only to the host
  names it is served under (no DNS rebinding);
- every query takes its values as parameters; sorts come from a fixed table;
- templates are autoescaped: the contract text, values and messages are
  always text, never markup (the highlighted text is built by
  review.highlighted_text, which escapes every piece);
- a script runs only with the page's nonce (Content-Security-Policy);
- a decision is accepted only with the CSRF token of the reviewer's cookie
  (double submit; the cookie is SameSite=Strict and HttpOnly).
"""

from __future__ import annotations

import hmac
import re
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from hetong.pipeline.review import page as review_page
from hetong.pipeline.serve import i18n
from hetong.pipeline.serve.contract import load_contract
from hetong.pipeline.serve.db import Database
from hetong.pipeline.serve.decisions import DecisionError, record
from hetong.pipeline.serve.index import (
    ORDER_BY,
    REVIEW_STATES,
    SEVERITIES,
    STATUSES,
    Filters,
    IndexCache,
    load_index,
    neighbours,
    options,
)
from hetong.pipeline.serve.pages import PageUnavailable, render_page

__all__ = ["Renderer", "create_app"]

TEMPLATES = Path(__file__).parent / "templates"
CSRF_COOKIE = "hetong_csrf"
REVIEWER_COOKIE = "hetong_reviewer"
LANG_COOKIE = "hetong_lang"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


class Renderer:
    """The Jinja environment (autoescaped) and what every page gets."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=False
        )

    def render(self, name: str, lang: str, **context: Any) -> str:
        def pick(table: dict[str, tuple[str, str]], code: str | None) -> str:
            return i18n.pick(table, code, lang)

        base = {
            "lang": lang,
            "ui": lambda key, **kw: i18n.ui(lang, key, **kw),
            "pick": pick,
            "decision_words": lambda d, corrected, kind: i18n.decision_words(d, corrected, kind or "value", lang),
            "fmt_amount": _fmt_amount,
            "STATUS": i18n.STATUS,
            "SEVERITY": i18n.SEVERITY,
            "REVIEW_STATE": i18n.REVIEW_STATE,
            "SORTS": i18n.SORTS,
            "FLAG_KINDS": i18n.FLAG_KINDS,
            "statuses": STATUSES,
            "severities": SEVERITIES,
            "review_states": REVIEW_STATES,
            "sorts": tuple(ORDER_BY),
            "groups": [(k, i18n.pick(i18n.GROUPS, k, lang)) for k, _, _ in review_page.GROUPS],
            "group_css": review_page.group_css(),
            "message": None,
            "error": False,
            "static": False,
            "csrf": "",
            "nonce": "",
            "here": "/",
            "reviewer": "",
            "lang_url": "",
            "home_url": "/",
        }
        base.update(context)
        return self.env.get_template(name).render(**base)


def _fmt_amount(value: Decimal | None, yuan: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if yuan else format(value.normalize(), "f")


def contract_context(page: Any, lang: str) -> dict[str, Any]:
    """What contract.html needs from load_contract's page, server or export."""
    return {"cp": page, "rv": page.review}


def create_app(
    db_path: str | Path,
    *,
    reviewer: str = "",
    allowed_hosts: list[str] | None = None,
) -> Starlette:
    db = Database(db_path)
    db.prepare()
    renderer = Renderer()
    cache = IndexCache()
    with db.read() as conn:
        cache.sync(conn)  # the first page is as fast as the others

    def lang_of(request: Request) -> str:
        return i18n.lang_of(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))

    def reviewer_of(request: Request) -> str:
        return unquote(request.cookies.get(REVIEWER_COOKIE, "")) or reviewer

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = lang_of(request)
        token = request.cookies.get(CSRF_COOKIE, "")
        new_token = not _TOKEN.match(token)
        if new_token:
            token = secrets.token_hex(32)
        nonce = secrets.token_urlsafe(16)
        params = dict(request.query_params)
        params["lang"] = "zh" if lang == "en" else "en"
        here = request.url.path + (("?" + request.url.query) if request.url.query else "")
        html = renderer.render(
            name,
            lang,
            csrf=token,
            nonce=nonce,
            here=here,
            reviewer=reviewer_of(request),
            lang_url=request.url.path + "?" + urlencode(params),
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        _secure(response, nonce)
        if new_token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        if request.query_params.get("lang") in i18n.LANGS:
            response.set_cookie(LANG_COOKIE, lang, samesite="strict", max_age=365 * 86400)
        return response

    def problem(request: Request, status: int, text: str) -> HTMLResponse:
        return page(request, "error.html", status=status, message=text, error=True)

    async def index(request: Request) -> Response:
        filters, _ = Filters.from_params(request.query_params)

        def work() -> tuple[Any, Any]:
            with db.read() as conn:
                cache.sync(conn)
                return load_index(cache.mem, filters, "idx"), options(cache.mem, "idx")

        found, opts = await run_in_threadpool(work)
        return page(
            request,
            "index.html",
            page=found,
            f=filters,
            opts=opts,
            contract_url=lambda sha: f"/c/{sha}{filters.query(page=1)}",
        )

    def contract_response(request: Request, sha: str, filters: Filters, status: int = 200, **extra: Any) -> HTMLResponse:
        lang = lang_of(request)

        def work() -> tuple[Any, dict[str, Any]]:
            with db.read() as conn:
                cache.sync(conn)
                return load_contract(conn, sha, lang), neighbours(cache.mem, filters, sha, "idx")

        cp, nav = work()
        query = filters.query(page=1)
        nav["prev_url"] = f"/c/{nav['prev']}{query}" if nav["prev"] else None
        nav["next_url"] = f"/c/{nav['next']}{query}" if nav["next"] else None
        pages_ok = False
        if cp.is_pdf and cp.pages:
            try:
                from hetong.pipeline.serve.pages import page_count

                pages_ok = page_count(cp.path, sha) > 0
            except PageUnavailable:
                pages_ok = False
        return page(
            request,
            "contract.html",
            status=status,
            nav=nav,
            index_url="/" + query,
            decide_url=f"/c/{sha}/decide{query}",
            page_url=lambda n: f"/c/{sha}/page/{n}.png",
            page_url_pattern=f"/c/{sha}/page/PAGE.png",
            pages_ok=pages_ok,
            **contract_context(cp, lang),
            **extra,
        )

    async def contract(request: Request) -> Response:
        sha = request.path_params["sha"]
        if not _SHA.match(sha):
            return problem(request, 404, i18n.ui(lang_of(request), "not_found"))
        filters, _ = Filters.from_params(request.query_params)
        message = i18n.ui(lang_of(request), "saved") if request.query_params.get("saved") else None
        try:
            return await run_in_threadpool(contract_response, request, sha, filters, message=message)
        except review_page.ReviewError:
            return problem(request, 404, i18n.ui(lang_of(request), "not_found"))

    async def decide(request: Request) -> Response:
        sha = request.path_params["sha"]
        lang = lang_of(request)
        if not _SHA.match(sha):
            return problem(request, 404, i18n.ui(lang, "not_found"))
        form = await request.form()
        if not _csrf_ok(request, str(form.get("csrf", ""))):
            return problem(request, 403, i18n.ui(lang, "csrf"))
        filters, _ = Filters.from_params(request.query_params)

        def work() -> int:
            with db.write() as conn:
                return record(
                    conn,
                    sha256=sha,
                    target=str(form.get("target", "")),
                    evidence_key=str(form.get("evidence_key", "")),
                    decision=str(form.get("decision", "")),
                    reviewer=reviewer_of(request),
                    corrected_value=str(form.get("corrected_value", "")) or None,
                    note=str(form.get("note", "")) or None,
                )

        try:
            await run_in_threadpool(work)
        except DecisionError as exc:
            try:
                return await run_in_threadpool(
                    contract_response, request, sha, filters, 400, message=exc.text(lang), error=True
                )
            except review_page.ReviewError:
                return problem(request, 404, i18n.ui(lang, "not_found"))
        item = re.sub(r"[^a-z0-9-]", "", str(form.get("item", "")))[:20]
        query = filters.params(page=1)
        query["saved"] = "1"
        return RedirectResponse(f"/c/{sha}?{urlencode(query)}" + (f"#{item}" if item else ""), status_code=303)

    async def settings(request: Request) -> Response:
        form = await request.form()
        lang = lang_of(request)
        if not _csrf_ok(request, str(form.get("csrf", ""))):
            return problem(request, 403, i18n.ui(lang, "csrf"))
        back = str(form.get("back", "/"))
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = RedirectResponse(back, status_code=303)
        name = " ".join(str(form.get("reviewer", "")).split())[:100]
        response.set_cookie(REVIEWER_COOKIE, quote(name), samesite="strict", max_age=365 * 86400)
        return response

    async def page_image(request: Request) -> Response:
        sha = request.path_params["sha"]
        number = request.path_params["n"]
        if not _SHA.match(sha):
            return Response("no such document", status_code=404, media_type="text/plain")

        def work() -> bytes:
            with db.read() as conn:
                found = conn.execute("SELECT path FROM documents WHERE sha256 = ?", [sha]).fetchall()
            if not found:
                raise PageUnavailable("no such document")
            return render_page(found[0][0], sha, number)

        try:
            png = await run_in_threadpool(work)
        except PageUnavailable as exc:
            return Response(str(exc), status_code=404, media_type="text/plain; charset=utf-8")
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    def _csrf_ok(request: Request, submitted: str) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if not _TOKEN.match(cookie) or not hmac.compare_digest(cookie, submitted):
            return False
        origin = request.headers.get("origin")
        if origin and origin != "null":
            return origin.split("://", 1)[-1] == request.headers.get("host", "")
        return True

    routes = [
        Route("/", index),
        Route("/c/{sha}", contract),
        Route("/c/{sha}/decide", decide, methods=["POST"]),
        Route("/c/{sha}/page/{n:int}.png", page_image),
        Route("/settings", settings, methods=["POST"]),
    ]
    hosts = allowed_hosts or ["127.0.0.1", "localhost", "[::1]", "::1"]
    app = Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)])
    app.state.db = db
    app.state.index = cache
    return app


def _secure(response: Response, nonce: str) -> None:
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"

