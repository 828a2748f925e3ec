"""Screenshots of the review workbench for the README (docs/workbench-*.png).

    python scripts/workbench_screenshots.py --db contracts.duckdb --source r24_eia_service_tianjin_scan.pdf

Works on a copy of DB: serves it on 127.0.0.1, and with Playwright driving
Debian's Chromium (/usr/bin/chromium) shows the index filtered to contracts
with an error flag, then opens SOURCE, dismisses its first flag, corrects
its total (--total) and shoots the page.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--source", required=True, help="file name of the contract to shoot")
    parser.add_argument("--total", default=None, help="corrected total to record (default: none)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()

    import duckdb
    import uvicorn
    from playwright.sync_api import sync_playwright

    from hetong.pipeline.serve.app import create_app

    work = Path(tempfile.mkdtemp(prefix="hetong-shots-"))
    db = work / "contracts.duckdb"
    shutil.copy(args.db, db)
    with duckdb.connect(str(db), read_only=True) as conn:
        sha = conn.execute("SELECT sha256 FROM documents WHERE source = ?", [args.source]).fetchall()[0][0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, reviewer="王审"), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(work / "profile"), executable_path="/usr/bin/chromium", headless=True, args=ARGS,
                viewport={"width": 1440, "height": 860}, device_scale_factor=1)
            page = context.new_page()
            page.goto(base + "/?severity=error")
            page.screenshot(path=str(args.out / "workbench-index.png"))
            page.goto(f"{base}/c/{sha}?severity=error")
            flag = page.locator(".item[data-target^='flags.']").first
            flag.locator("summary").click()
            flag.locator("input[name=note]").fill("以小写金额为准")
            flag.locator("button.act-dismiss").click()
            page.wait_for_url("**saved=1**")
            if args.total:
                total = page.locator(".item[data-target='contract.total_amount']")
                total.locator("summary.act-correct").click()
                total.locator("input.corrected").fill(args.total)
                total.locator("button.act-save").click()
                page.wait_for_load_state()
            page.locator(".item[data-target='contract.total_amount'] .row").click()
            time.sleep(0.5)
            page.screenshot(path=str(args.out / "workbench-contract.png"))
            context.close()
    finally:
        server.should_exit = True
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.out / 'workbench-index.png'} and {args.out / 'workbench-contract.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
