"""What a file is, from its content (its first bytes), whatever its name says; and whether its
name agrees."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sibudget.containers.model import ContainerError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
DESCRIPTIONS = {
    "text": "plain text",
    "html": "an HTML page",
    "xlsx": "an Excel workbook (.xlsx)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "docx": "a Word document (.docx)",
    "doc": "a Word 97-2003 document (.doc)",
    "pdf": "a PDF document",
    "encrypted": "a password-protected Office file",
    "zip": "a ZIP archive",
    "damaged": "a damaged ZIP-based file (an .xlsx or .docx cut short?)",
    "ole": "an Office 97-2003 file of another kind",
    "binary": "binary data",
}
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".htm": "html",
    ".html": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
}
HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<table",
    b"<meta ",
    b"<p>",
    b"<div",
)


def sniff(data: bytes) -> str:
    """The container kind of `data` (a key of DESCRIPTIONS)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(ZIP):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "damaged"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if data.startswith(OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted"
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "xls"
        return "ole"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in head[:2048] for marker in HTML_MARKERS) and head.startswith(b"<"):
        return "html"
    sample = data[:8192]
    if b"\x00" in sample.replace(b"\x00\x00", b"") or b"\x00" in sample[:2]:
        return "binary"
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    if sample and controls / len(sample) > 0.01:
        return "binary"
    return "text"


def detect(path: Path, data: bytes) -> str:
    """The container of the file at `path` (its bytes `data`): refused when it is not one that
    sibudget reads, or when its extension names another container than its content."""
    kind = sniff(data)
    if kind == "damaged":
        raise ContainerError(
            path,
            kind,
            "the file is damaged (its archive cannot be opened; a download cut short?): fetch "
            "it again",
        )
    if kind == "encrypted":
        raise ContainerError(
            path,
            kind,
            "the file is password-protected: sibudget cannot read it; save an unprotected copy "
            "(Excel/Word: File > Info > Protect > remove the password) and ingest that",
        )
    if kind == "doc":
        raise ContainerError(
            path,
            kind,
            "Word 97-2003 (.doc) files are not read: convert it to .docx, e.g. "
            "`libreoffice --headless --convert-to docx FILE.doc`, or save it as .docx in Word",
        )
    named = EXTENSIONS.get(path.suffix.lower())
    if named is not None and named != kind and (named, kind) != ("text", "html"):
        raise ContainerError(
            path,
            kind,
            f"the file is named {path.suffix} but its content is {DESCRIPTIONS[kind]}: the name "
            "lies about the content, so it is not read; fetch the file again, or rename it to "
            f"what it is{_rename_hint(kind)}",
        )
    if kind in ("zip", "ole", "binary"):
        raise ContainerError(
            path,
            kind,
            "not a disclosure container that sibudget reads (plain text, HTML, .xlsx, .xls, "
            ".docx, PDF with a text layer)",
        )
    return kind


def _rename_hint(kind: str) -> str:
    extension = {"text": ".txt", "html": ".html", "xlsx": ".xlsx", "xls": ".xls",
                 "docx": ".docx", "pdf": ".pdf"}.get(kind)  # fmt: skip
    return f" ({extension})" if extension else ""
