"""Reading a members spreadsheet as people save one: any common CSV layout, or a clear refusal.

Excel writes UTF-8 with a BOM, Windows' own code page (cp1252) or UTF-16 ("Unicode text",
tab-separated); European locales separate with semicolons; headers say "Phone Number",
"Mobile" or "Phone 1 - Value" (Google Contacts). A workbook or any other binary file is
refused in one line. A quote opened and never closed would swallow every row after it into
one cell: such a record is read again line by line, and the table says so.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import click

DELIMITERS = ",;\t|"
SAMPLE = 64 * 1024  # bytes looked at to tell a binary file and to guess the separator
# Headers naming the phone column, compared in lower case with letters and digits only,
# best first: "Phone Number", "phone_number" and "PHONE NUMBER" are all "phonenumber".
PHONE_HEADERS = ("phone", "phonenumber", "mobile", "mobilephone", "mobilenumber", "cell",
                 "cellphone", "cellnumber", "telephone", "tel", "phone1value", "primaryphone",
                 "number", "sms", "whatsapp")
PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]+$")
MIN_DIGITS = 7  # a first cell with this many digits is a number: the file has no header
BINARY = ((b"PK\x03\x04", "a zipped file (an Excel .xlsx or other workbook)"),
          (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook"), (b"%PDF", "a PDF"))


@dataclass
class Sheet:
    """The phone cell of every row, by its line in the file, and what the reader noticed."""

    rows: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_sheet(path: Path) -> Sheet:
    """Read `path`'s phone column, or stop with one line saying what to do instead."""
    text = decode(path.read_bytes(), path.name)
    lines = list(io.StringIO(text, newline=""))
    if not lines:
        raise click.ClickException(f"{path.name} is empty.")
    delimiter, column, header = layout(lines[0], text[:SAMPLE], path.name)
    if not header:
        return rows(lines, delimiter, column, first=1, width=None)
    return rows(lines[1:], delimiter, column, first=2,
                width=len(parse_line(lines[0], delimiter)))


def decode(data: bytes, name: str) -> str:
    """Return the file's text: UTF-16 with its BOM, UTF-8 (BOM or not), else cp1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    kind = next((kind for magic, kind in BINARY if data.startswith(magic)), None)
    if kind is None and b"\x00" in data[:SAMPLE]:
        kind = "not text (a binary file)"
    if kind is not None:
        raise click.ClickException(
            f"{name} is {kind}, not a CSV file: save it as CSV (Excel: File > Save As > CSV "
            "UTF-8; Google Sheets: File > Download > CSV) and import that.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # Excel on Windows saves in the Windows code page
        return data.decode("cp1252", errors="replace")


def layout(first: str, sample: str, name: str) -> tuple[str, int, bool]:
    """Return the separator, the phone column and whether the first line is a header."""
    try:
        sniffed = [csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter]
    except csv.Error:  # one column, or too little to tell
        sniffed = []
    candidates = sniffed + [d for d in DELIMITERS if d not in sniffed]
    for delimiter in candidates:
        cells = parse_line(first, delimiter)
        names = [re.sub(r"[^a-z0-9]", "", cell.lower()) for cell in cells]
        for header in PHONE_HEADERS:
            if header in names:
                return delimiter, names.index(header), True
    for delimiter in candidates:  # no header: a plain list of numbers
        cells = parse_line(first, delimiter)
        if cells and looks_like_number(cells[0]):
            return delimiter, 0, False
    found = ", ".join(cell for cell in parse_line(first, candidates[0]) if cell.strip())[:80]
    raise click.ClickException(
        f"{name} has no phone column: its first line must name the columns, e.g. "
        f"phone,name,email,tags" + (f" (it has: {found})" if found else ""))


def rows(lines: list[str], delimiter: str, column: int, first: int,
         width: int | None) -> Sheet:
    """Read the phone cell of each record of `lines` (line `first` of the file onwards).

    `width` is the header's number of columns (None: the first record's).
    """
    sheet = Sheet()
    reader = csv.reader(iter(lines), delimiter=delimiter)
    start = 0
    for record in reader:
        end = reader.line_num  # physical lines read so far: a quoted cell may span several
        width = width or len(record)
        if end - start > 1 and swallowed(lines[start + 1:end], record, width, delimiter,
                                         column):
            sheet.notes.append(f"line {first + start}: a quote (\") opens and never closes; "
                               f"lines {first + start}-{first + end - 1} were read one by one")
            for at in range(start, end):
                add(sheet, first + at, parse_line(lines[at], delimiter), column)
        else:
            add(sheet, first + start, record, column)
        start = end
    return sheet


def swallowed(more: list[str], record: list[str], width: int, delimiter: str,
              column: int) -> bool:
    """Tell whether a record read over several lines is a quote that never closed.

    A cell may hold line breaks (a note, an address); but a record with the wrong number of
    cells, or whose later lines read alone start a row with a number in the phone column,
    is rows swallowed by a stray quote.
    """
    if len(record) != width:
        return True
    for line in more:
        cells = parse_line(line, delimiter)
        if column < len(cells) and looks_like_number(cells[column]):
            return True
    return False


def add(sheet: Sheet, line: int, cells: list[str], column: int) -> None:
    """Keep the row's phone cell; a row with nothing in it at all is skipped."""
    if any(cell.strip() for cell in cells):
        sheet.rows.append((line, cells[column] if column < len(cells) else ""))


def parse_line(line: str, delimiter: str) -> list[str]:
    """Split one physical line on its own: an open quote ends with the line."""
    return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])


def looks_like_number(cell: str) -> bool:
    """Tell whether a cell is a phone number rather than a column name."""
    return bool(PHONE_LIKE.match(cell.strip())) and sum(c.isdigit() for c in cell) >= MIN_DIGITS
