"""PDF beside Word: LibreOffice renders a .docx to PDF, so that a letter can be printed as it will look.

Each conversion runs its own `soffice --headless` with a private profile directory (two conversions at
once would otherwise fight over one profile and the second would fail), inside a temporary directory
that is removed afterwards, and is stopped after `PDF_TIMEOUT_SECONDS`. Where LibreOffice is not
installed, `pdf_available()` is False and the pages offer Word only.

The profile carries a font replacement table: where the office fonts the documents name (仿宋_GB2312,
方正小标宋, 黑体, 楷体, 宋体) are not installed, a serif (Noto Serif CJK) stands in for the 宋 and 仿宋 faces
and a sans (Noto Sans CJK) for 黑体, instead of the system's fallback (a sans for all of them). Only
missing fonts are listed: LibreOffice applies the table's "only when missing" entries to no font that
fontconfig can match approximately, so the entries are unconditional and a server that has the office
fonts keeps them.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from fanzha.core.gongwen import FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG

log = logging.getLogger(__name__)

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
STAND_INS = {
    name: SANS if face is HEITI else SERIF
    for face in (FANGSONG, XIAOBIAOSONG, KAITI, SONGTI, HEITI)
    for name in face.names
}


class PdfUnavailable(Exception):
    """LibreOffice is not installed (or SOFFICE names no program)."""


class PdfFailed(Exception):
    """LibreOffice ran but made no PDF, or took longer than PDF_TIMEOUT_SECONDS."""


def soffice() -> str | None:
    configured = getattr(settings, "SOFFICE", "")
    if configured:
        return configured if Path(configured).is_file() and os.access(configured, os.X_OK) else None
    return shutil.which("soffice")


def pdf_available() -> bool:
    return soffice() is not None


@cache
def installed_families() -> frozenset[str]:
    """The font families fontconfig knows (empty where fc-list is missing: every stand-in applies)."""
    program = shutil.which("fc-list")
    if program is None:
        return frozenset()
    listing = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
        [program, ":", "family"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def _profile(directory: Path) -> None:
    """A LibreOffice user profile with the font replacement table for the office fonts not installed."""
    installed = installed_families()
    missing = {name: stand_in for name, stand_in in STAND_INS.items() if name not in installed}
    pairs = "".join(
        f'<node oor:name="_{i}" oor:op="replace">'
        '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(name)}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(stand_in)}</value></prop>'
        "</node>"
        for i, (name, stand_in) in enumerate(missing.items())
    )
    user = directory / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
        f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">{pairs}</item>'
        "</oor:items>\n",
        encoding="utf-8",
    )


def docx_to_pdf(content: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF of a .docx, rendered by LibreOffice. PdfUnavailable without it, PdfFailed if it fails."""
    program = soffice()
    if program is None:
        raise PdfUnavailable
    limit = timeout if timeout is not None else settings.PDF_TIMEOUT_SECONDS
    with tempfile.TemporaryDirectory(prefix="fanzha-pdf-") as tmp:
        work = Path(tmp)
        _profile(work / "profile")
        source = work / "document.docx"
        source.write_bytes(content)
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        # Its own process group: soffice starts soffice.bin, and a timeout must stop both.
        process = subprocess.Popen(  # noqa: S603 - a fixed program and arguments, no shell
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise PdfFailed(f"LibreOffice took longer than {limit} s") from None
        target = work / "document.pdf"
        if process.returncode != 0 or not target.is_file():
            raise PdfFailed(f"LibreOffice exited with {process.returncode} and no PDF")
        return target.read_bytes()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_response(content: bytes, filename: str, *, fmt: str = "docx") -> HttpResponse:
    """A document as a download: the Word file, or (fmt "pdf") its PDF. Without LibreOffice, or when it
    fails, a 503 that says so and points to the Word file."""
    stem = filename.removesuffix(".docx")
    if fmt == "pdf":
        try:
            body, kind, name = docx_to_pdf(content), "application/pdf", f"{stem}.pdf"
        except PdfUnavailable:
            return HttpResponse(
                _("本服务器未安装 LibreOffice，无法生成 PDF，请下载 Word 版。"),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        except PdfFailed as exc:
            log.warning("PDF conversion failed: %s", exc)
            return HttpResponse(
                _("PDF 生成失败，请稍后重试或下载 Word 版。"), status=503, content_type="text/plain; charset=utf-8"
            )
    else:
        body, kind, name = content, DOCX, f"{stem}.docx"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
