"""Plain text (UTF-8, or GB18030 which covers GBK and GB2312): a line is a paragraph, or a table
row when it holds a tab or is a pipe-table row (`| 项目 | 预算数 |`, as Markdown and many text
renderings print tables; the rule under the header, `|---|---|`, is no row)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from sibudget.containers.model import ContainerError, Document, Line


def decode_text(path: Path, raw: bytes) -> str:
    """The text: UTF-8 (with or without BOM), else GB18030; line ends made LF and the text
    NFC-normalised. This text is what the SHA-256 is taken of."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise ContainerError(
                path,
                "text",
                f"line {line}: the text is neither UTF-8 nor GB18030: save it as UTF-8",
            ) from error
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
PIPE_RULE = re.compile(r"^[\s|:：\-－—]*$")


def text_line(number: int, line: str) -> Line:
    """Line `number` of a text: a pipe-table row's cells (its rule under the header: an empty
    row), a tab-separated row's cells, or a paragraph."""
    pipe = PIPE_ROW.match(line)
    if pipe is not None:
        if PIPE_RULE.match(line):
            return Line(number, ("",), f"line {number}")
        cells = tuple(cell.strip() for cell in pipe.group(1).split("|"))
        return Line(number, cells, f"line {number}", in_table=True)
    return Line(number, tuple(line.split("\t")), f"line {number}", in_table="\t" in line)


def read_text(path: Path, raw: bytes) -> Document:
    text = decode_text(path, raw)
    lines = [text_line(number, line) for number, line in enumerate(text.split("\n"), start=1)]
    return Document("text", lines, text)
