"""Parsing the target values of a performance-target table (绩效目标表): "≥99%", "≥72965人",
"≥95%或≤105%" (a range), "12日内" / "每季度结束后的，12日内" (within N days), "<0.1%", "100%",
"≤0", and qualitative targets such as "基金运行平稳"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NUMBER = r"(-?\d+(?:\.\d+)?)"
UNIT = r"(%|人次|人|日|天|个|项|次|万元|元|月)?"
OPERATORS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "<": "<", ">": ">", "=": "="}
COMPARISON = re.compile(rf"^(≥|>=|≤|<=|<|>|=)?\s*{NUMBER}\s*{UNIT}$")
RANGE = re.compile(
    rf"^(?:≥|>=)\s*{NUMBER}\s*{UNIT}\s*(?:或|且|至|-|~|～)\s*(?:≤|<=)\s*{NUMBER}\s*{UNIT}$"
)
WITHIN = re.compile(rf"{NUMBER}\s*(日|天|个工作日|工作日|小时|个月|月)内")


@dataclass(frozen=True)
class Target:
    """A parsed target: operator (>=, <=, <, >, =, range, within, qualitative), the value or the
    low and high ends of a range, and the unit; numbers as printed (text, exact)."""

    operator: str
    low: str = ""
    high: str = ""
    unit: str = ""


def parse_target(printed: str) -> Target:
    text = unicodedata.normalize("NFKC", printed).replace(" ", "").replace("，", ",")
    text = text.replace("％", "%")
    ranged = RANGE.match(text)
    if ranged:
        low, low_unit, high, high_unit = ranged.groups()
        return Target("range", low, high, low_unit or high_unit or "")
    compared = COMPARISON.match(text)
    if compared:
        operator, value, unit = compared.groups()
        symbol = OPERATORS[operator] if operator else "="
        low = value if symbol in (">=", ">", "=") else ""
        high = value if symbol in ("<=", "<", "=") else ""
        return Target(symbol, low, high, unit or "")
    within = WITHIN.search(text)
    if within:
        value, unit = within.groups()
        return Target("within", "", value, "日" if unit in ("天", "日") else unit)
    return Target("qualitative")
