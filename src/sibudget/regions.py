"""The regions of seeds/regions.csv (the national administrative division codes): a `--region`
given as a code or a name checked before anything runs, with the closest names when it is not
known; and a document's region read from its title where the title names one unambiguously."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path

LEVELS = ("national", "province", "prefecture", "county")
NAMED_BY_SHORT_NAME = ("national", "province", "prefecture")
"""Levels whose short names are read in a title: a county's short name (城区, 郊区, 东城) is too
often a word or shared."""


class RegionError(Exception):
    """A region that seeds/regions.csv does not hold, or a document whose region cannot be told."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short_name: str
    level: str
    parent: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Regions:
    def __init__(self, regions: list[Region]) -> None:
        self.by_code = {region.code: region for region in regions}
        self.names: dict[str, set[str]] = {}
        for region in regions:
            names = {region.name}
            if region.short_name and region.level in NAMED_BY_SHORT_NAME:
                names.add(region.short_name)
            for name in names:
                if len(name) >= 2:
                    self.names.setdefault(name, set()).add(region.code)

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> Regions:
        with (seeds_dir / "regions.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return cls(
            [
                Region(
                    row["region_code"],
                    row["region_name_zh"],
                    row["region_short_name_zh"],
                    row["region_level"],
                    row["parent_region_code"],
                )
                for row in rows
            ]
        )

    def resolve(self, given: str) -> Region:
        """The region `given` names: its code, or a name or short name that only it has."""
        text = given.strip()
        if text in self.by_code:
            return self.by_code[text]
        codes = self.names.get(text, set())
        if len(codes) == 1:
            return self.by_code[next(iter(codes))]
        if len(codes) > 1:
            named = ", ".join(str(self.by_code[code]) for code in sorted(codes))
            raise RegionError(f"region {given!r} names several regions ({named}): give its code")
        raise RegionError(
            f"unknown region {given!r}: not in seeds/regions.csv (国家统计局 division codes); "
            f"closest: {', '.join(str(region) for region in self.closest(text))}"
        )

    def closest(self, text: str, count: int = 3) -> list[Region]:
        """The regions nearest to `text`: by code (the longest shared prefix, then the nearest
        number) when it is a code, else by name."""
        if text.isdigit():

            def distance(region: Region) -> tuple[int, int]:
                shared = 0
                for mine, theirs in zip(text, region.code, strict=False):
                    if mine != theirs:
                        break
                    shared += 1
                return (-shared, abs(int(region.code) - int(text.ljust(6, "0")[:6])))

            return sorted(self.by_code.values(), key=distance)[:count]
        names = difflib.get_close_matches(text, list(self.names), n=count, cutoff=0.0)
        return [self.by_code[sorted(self.names[name])[0]] for name in names]

    def infer(self, text: str) -> Region | None:
        """The region a title names, when exactly one does (the most specific of a chain: 新疆 and
        巴州 name 巴州); None when none or several unrelated regions are named."""
        present = [name for name in self.names if name in text]
        # a name inside a longer name found (东城 in 东城区) is not named on its own
        named = [
            name
            for name in present
            if not any(name != other and name in other for other in present)
        ]
        found: set[str] = set()
        for name in named:
            codes = self.names[name]
            if len(codes) > 1:
                return None  # a name several regions share (吉林: the province, the city)
            found |= codes
        deepest = [
            code for code in found if not any(self._is_ancestor(code, other) for other in found)
        ]
        if len(deepest) != 1:
            return None
        return self.by_code[deepest[0]]

    def _is_ancestor(self, ancestor: str, code: str) -> bool:
        parent = self.by_code[code].parent if code in self.by_code else ""
        while parent:
            if parent == ancestor:
                return True
            parent = self.by_code[parent].parent if parent in self.by_code else ""
        return False
