"""The reference data shipped with the project (see reference/README.md)."""

import csv
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
CALENDAR_YEAR = 2026


def _rows(name):
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def _grades(text):
    first, _, last = text.partition("-")
    return int(first), int(last or first)


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    name: str
    starts_on: date
    ends_on: date
    grade_from: int
    grade_to: int


@cache
def calendar():
    entries = []
    for row in _rows(f"calendar-{CALENDAR_YEAR}-{CALENDAR_YEAR + 1}.csv"):
        grade_from, grade_to = _grades(row["grades"])
        entries.append(
            CalendarEntry(
                kind=row["kind"],
                name=row["name"],
                starts_on=date.fromisoformat(row["start"]),
                ends_on=date.fromisoformat(row["end"]),
                grade_from=grade_from,
                grade_to=grade_to,
            )
        )
    return entries


@cache
def bells():
    return [
        (int(r["lesson"]), time.fromisoformat(r["start"]), time.fromisoformat(r["end"]))
        for r in _rows("bells.csv")
    ]


@dataclass(frozen=True)
class CurriculumLine:
    subject: str
    short: str
    weekly_hours: dict  # grade -> hours a week


@cache
def curriculum():
    lines = []
    for row in _rows("curriculum.csv"):
        hours = {g: int(row[f"g{g}"]) for g in range(1, 12) if row[f"g{g}"]}
        lines.append(CurriculumLine(row["subject"], row["short"], hours))
    return lines


@dataclass(frozen=True)
class Names:
    given_male: list
    given_female: list
    patronymic_male: list
    patronymic_female: list
    surname_male: list
    surname_female: list


@cache
def names():
    pools = {k: [] for k in Names.__dataclass_fields__}
    for row in _rows("names.csv"):
        kind = row["kind"]
        if row["masculine"]:
            pools[f"{kind}_male"].append(row["masculine"])
        if row["feminine"]:
            pools[f"{kind}_female"].append(row["feminine"])
    return Names(**pools)
