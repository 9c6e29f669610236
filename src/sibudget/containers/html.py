"""A web page (lxml): paragraphs, headings and line breaks in reading order as paragraphs; every
table without a table inside it as rows with their spans resolved (a table that holds tables
lays out the page, and is read as blocks); title, publication date and publisher where the page
states them (the meta tags of government sites, or "发布时间：…", "来源：…" in its text)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from sibudget.containers.model import ContainerError, Document, LineBuilder
from sibudget.containers.spans import GridCell, resolve_spans, row_cells

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "center", "form", "fieldset", "address", "figure", "figcaption", "caption", "hr",
    "table", "tr", "td", "th", "tbody", "thead", "tfoot", "body",
}  # fmt: skip
SKIPPED = {"script", "style", "noscript", "template", "head", "title", "select", "button"}
SPACE = re.compile(r"[\s\u00a0\u3000]+")
META_TITLE = ("articletitle", "og:title", "dc.title", "title")
META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "article:published_time")
META_PUBLISHER = ("contentsource", "source", "publisher", "dc.publisher", "author")
VISIBLE_DATE = re.compile(r"发布(?:时间|日期)\s*[:：]\s*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")
VISIBLE_PUBLISHER = re.compile(r"(?:信息)?来源\s*[:：]\s*([^\s|｜]+)")
DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")


def decode_html(path: Path, raw: bytes) -> str:
    """The page's text in the encoding its <meta> declares (GB2312 and GBK read as GB18030, their
    superset), else UTF-8."""
    declared = CHARSET.search(raw[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if encoding in GB_FAMILY:
        encoding = "gb18030"
    try:
        return raw.decode(encoding.replace("utf8", "utf-8"))
    except (UnicodeDecodeError, LookupError) as error:
        raise ContainerError(
            path,
            "html",
            f"the page declares the encoding {encoding!r}, but its bytes are not in it: "
            "save the page again from the browser",
        ) from error


def clean(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def read_html(path: Path, raw: bytes) -> Document:
    text = decode_html(path, raw)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ContainerError(path, "html", f"the page cannot be parsed: {error}") from error
    reader = _PageReader()
    body = root.find("body")
    reader.walk(body if body is not None else root)
    reader.flush()
    document = Document("html", reader.lines.lines, reader.lines.text())
    _metadata(root, document)
    return document


class _PageReader:
    def __init__(self) -> None:
        self.lines = LineBuilder()
        self.buffer: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def flush(self) -> None:
        for part in "".join(self.buffer).split("\n"):
            text = clean(part)
            if text:
                self.paragraphs += 1
                self.lines.paragraph(text, f"paragraph {self.paragraphs}")
        self.buffer.clear()

    def walk(self, element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in SKIPPED or not isinstance(element.tag, str):
            self.buffer.append(element.tail or "")
            return
        if tag == "table" and element.find(".//table") is None:
            self.flush()
            self.table(element)
            self.buffer.append(element.tail or "")
            return
        if tag == "br":
            self.buffer.append("\n")
            self.buffer.append(element.tail or "")
            return
        block = tag in BLOCKS
        if block:
            self.flush()
        self.buffer.append(element.text or "")
        for child in element:
            self.walk(child)
        if block:
            self.flush()
        self.buffer.append(element.tail or "")

    def table(self, table: etree._Element) -> None:
        self.tables += 1
        grid: list[list[GridCell]] = []
        caption = table.find("caption")
        if caption is not None and clean(caption.text_content()):
            self.paragraphs += 1
            self.lines.paragraph(clean(caption.text_content()), f"table {self.tables}, caption")
        for row in table.iter("tr"):
            grid.append(
                [
                    GridCell(_cell_text(cell), _span(cell, "rowspan"), _span(cell, "colspan"))
                    for cell in row
                    if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")
                ]
            )
        for number, cells in enumerate(resolve_spans(grid), start=1):
            texts = row_cells(cells)
            if any(texts):
                self.lines.row(texts, f"table {self.tables}, row {number}")


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(int(cell.get(name, "1")), 1)
    except ValueError:
        return 1


def _cell_text(cell: etree._Element) -> str:
    """A cell's text, its line breaks (<br>, paragraphs) joined without a space: a header that
    wraps inside its cell ("2020年<br>预算数") reads as printed on one line."""
    parts: list[str] = []

    def collect(element: etree._Element) -> None:
        if isinstance(element.tag, str) and element.tag.lower() in SKIPPED:
            parts.append(element.tail or "")
            return
        if isinstance(element.tag, str) and element.tag.lower() == "br":
            parts.append("\n")
        else:
            parts.append(element.text or "")
            for child in element:
                collect(child)
        if element is not cell:
            parts.append(element.tail or "")

    collect(cell)
    return "".join(clean(part) for part in "".join(parts).split("\n"))


def _metadata(root: etree._Element, document: Document) -> None:
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = clean(meta.get("content") or "")
        if name and content and name not in metas:
            metas[name] = content
    title = next((metas[name] for name in META_TITLE if name in metas), "")
    if not title:
        element = root.find(".//title")
        title = clean(element.text_content()) if element is not None else ""
    document.title = title
    date = next((metas[name] for name in META_DATE if name in metas), "")
    visible = "\n".join(line.text for line in document.lines[:80])
    if not date:
        match = VISIBLE_DATE.search(visible)
        date = "-".join(match.groups()) if match else ""
    found = DATE.search(date)
    if found:
        year, month, day = found.groups()
        document.published_on = f"{year}-{int(month):02d}-{int(day):02d}"
    publisher = next((metas[name] for name in META_PUBLISHER if name in metas), "")
    if not publisher:
        match = VISIBLE_PUBLISHER.search(visible)
        publisher = match.group(1) if match else ""
    document.publisher = publisher
