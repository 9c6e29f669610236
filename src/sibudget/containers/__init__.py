"""Reading what publishers put online (plain text, HTML pages, Excel, Word and PDF files) into one
document form: lines in reading order, each a paragraph or a table row with its spans resolved,
each with its place in the container. The layout readers of sibudget.ingest work on that form,
whatever the container. The container is recognised from the file's content; a file whose name
says otherwise, an encrypted or damaged file, a scanned PDF or an unsupported container is
refused with one message that names the file, the container detected and what to do."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from sibudget.containers.detect import DESCRIPTIONS, detect
from sibudget.containers.model import ContainerError, Document, Line, LineOrigin

__all__ = [
    "DESCRIPTIONS",
    "ContainerError",
    "Document",
    "Line",
    "read_document",
    "read_documents",
]


def read_documents(paths: Sequence[Path]) -> Document:
    """One disclosure published as several files (a page and its attachments, each maybe of
    another container), read in the order given: one document whose lines follow each other,
    numbered through, each placed in its own file (附件2.xls: 附件2!B8, 附件1.txt: line 5); its
    text the files' texts in order; what a container states about itself (title, publisher,
    date) from the first file that states it."""
    if len(paths) == 1:
        return read_document(paths[0])
    documents = [(path, read_document(path)) for path in paths]
    lines: list[Line] = []
    for path, document in documents:
        for line in document.lines:
            places = tuple(f"{path.name}: {place}" if place else "" for place in line.cell_places)
            lines.append(
                dataclasses.replace(
                    line,
                    number=len(lines) + 1,
                    place=f"{path.name}: {line.place}",
                    cell_places=places,
                    origin=LineOrigin(path, line.number, line.place),
                )
            )

    def first(attribute: str) -> str:
        return next(
            (getattr(doc, attribute) for _, doc in documents if getattr(doc, attribute)), ""
        )

    return Document(
        " + ".join(document.container for _, document in documents),
        lines,
        "\n".join(document.text for _, document in documents),
        title=first("title"),
        publisher=first("publisher"),
        published_on=first("published_on"),
        notes=[f"{path.name}: {note}" for path, document in documents for note in document.notes],
    )


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
