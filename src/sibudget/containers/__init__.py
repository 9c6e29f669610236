"""Reading what publishers put online (plain text, HTML pages, Excel, Word and PDF files) into one
document form: lines in reading order, each a paragraph or a table row with its spans resolved,
each with its place in the container. The layout readers of sibudget.ingest work on that form,
whatever the container. The container is recognised from the file's content; a file whose name
says otherwise, an encrypted or damaged file, a scanned PDF or an unsupported container is
refused with one message that names the file, the container detected and what to do."""

from __future__ import annotations

from pathlib import Path

from sibudget.containers.detect import DESCRIPTIONS, detect
from sibudget.containers.model import ContainerError, Document, Line

__all__ = ["DESCRIPTIONS", "ContainerError", "Document", "Line", "read_document"]


def read_document(path: Path) -> Document:
    """The document in the file at `path`, whatever its container."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContainerError(
            path, "unreadable", f"the file cannot be read: {error.strerror}"
        ) from error
    container = detect(path, raw)
    if container == "text":
        from sibudget.containers.text import read_text

        return read_text(path, raw)
    if container == "html":
        from sibudget.containers.html import read_html

        return read_html(path, raw)
    if container in ("xlsx", "xls"):
        from sibudget.containers.spreadsheet import read_workbook

        return read_workbook(path, raw, container)
    if container == "docx":
        from sibudget.containers.word import read_docx

        return read_docx(path, raw)
    from sibudget.containers.pdf import read_pdf

    return read_pdf(path, raw)
