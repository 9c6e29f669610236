"""Plain text (UTF-8, or GB18030 which covers GBK and GB2312): a line is a paragraph, or a table
row when it holds a tab or is a pipe-table row (`| 项目 | 预算数 |`, as Markdown and many text
renderings print tables; the rule under the header, `|---|---|`, is no row)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from sibudget.containers.model import ContainerError, Document, Line

FREQUENT_TRADITIONAL = set("會險預決結餘億萬滾補貼醫療養負擔撥")
"""Characters of a disclosure's vocabulary that only traditional Chinese writes so (會 for 会,
險 for 险 …): a text whose Big5 reading is full of them is Big5, not GB18030."""
FREQUENT_SIMPLIFIED = set("会险预决结余亿万滚补贴医疗养负担拨")
"""The same words in simplified characters, which a GB18030 text's own reading is full of."""


def decode_text(path: Path, raw: bytes) -> str:
    """The text: UTF-8 (with or without BOM), else GB18030; line ends made LF and the text
    NFC-normalised. This text is what the SHA-256 is taken of. A UTF-8 text with a byte that is
    not UTF-8 is named at that byte's line (GB18030 would read the whole text as nonsense), and a
    Big5 text is named Big5 (GB18030 reads it without an error, as nonsense)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        before = raw[: utf8_error.start]
        if any(byte >= 0x80 for byte in before):
            # Chinese text in UTF-8 before the bad byte: a UTF-8 text, damaged there
            line = before.count(b"\n") + 1
            raise ContainerError(
                path,
                "text",
                f"line {line}: byte 0x{raw[utf8_error.start]:02x} is not UTF-8, in a text that is "
                "UTF-8 before it: correct that line or save the text as UTF-8 again",
            ) from utf8_error
        if _is_big5(raw):
            raise ContainerError(
                path,
                "text",
                "the text is Big5 (traditional Chinese), not UTF-8 or GB18030: "
                "save it as UTF-8 in simplified Chinese",
            ) from None
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


def _is_big5(raw: bytes) -> bool:
    """True when `raw` reads as Big5 and that reading writes the disclosure vocabulary in
    traditional characters (at least three, and more than its GB18030 reading writes in
    simplified ones), which a GB18030 text read as Big5 does not."""
    try:
        text = raw.decode("big5")
    except UnicodeDecodeError:
        return False
    traditional = sum(1 for char in text if char in FREQUENT_TRADITIONAL)
    simplified = sum(
        1 for char in raw.decode("gb18030", errors="replace") if char in FREQUENT_SIMPLIFIED
    )
    return traditional >= 3 and traditional > simplified


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
