"""Legacy word-processor files (.doc, .wps, .rtf) → .docx through LibreOffice.

Why LibreOffice: it is the maintained reader of Word 97–2003 binaries, WPS
Office's .wps (the same binary format under another name) and RTF, with
tracked changes and auto-numbers intact in what it writes; antiword and
catdoc are unmaintained and lose both. The converted .docx is then read by
pipeline/read/docx.py like any other, so a .doc and its .docx extract alike.

Each conversion runs `soffice --headless --convert-to docx` in a private
temporary profile (so conversions can run side by side) with a hard time
limit on its whole process group. Without LibreOffice the file fails with
the command that installs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = "install LibreOffice to read it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui), or save it as .docx or PDF"
_SOFFICE_NAMES = ("soffice", "libreoffice")


class LegacyOfficeError(ValueError):
    """The file cannot be converted; the message says why."""


def word_kind(data: bytes) -> str | None:
    """'doc' for an OLE2 compound file holding a Word/WPS text stream, 'rtf'
    for RTF, None otherwise (a spreadsheet or a presentation)."""
    if data.startswith(b"{\\rtf"):
        return "rtf"
    head = data[: 1 << 20]
    if "WordDocument".encode("utf-16-le") in head or "WpsDocument".encode("utf-16-le") in head:
        return "doc"
    return None


def soffice_path() -> str | None:
    explicit = os.environ.get("HETONG_SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in _SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_docx(data: bytes, suffix: str, timeout: float = 60.0) -> bytes:
    """The .docx LibreOffice writes for `data` (a .doc/.wps/.rtf file's bytes)."""
    soffice = soffice_path()
    if soffice is None:
        raise LegacyOfficeError(f"legacy word-processor file ({suffix}): LibreOffice not found; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="hetong-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix if suffix in ('.doc', '.wps', '.rtf') else '.doc'}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise LegacyOfficeError(f"LibreOffice did not convert the {suffix} file within {timeout:.0f} s") from None
        finally:
            if process.poll() is None:  # interrupted while waiting: leave no converter behind
                os.killpg(process.pid, signal.SIGKILL)
        produced = work / "out" / (source.stem + ".docx")
        if process.returncode != 0 or not produced.exists():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            reason = next((line for line in detail if "javaldx" not in line), "no output")
            raise LegacyOfficeError(f"LibreOffice could not convert the {suffix} file: {reason}")
        return produced.read_bytes()
