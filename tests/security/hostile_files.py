"""Hostile spreadsheets built byte by byte, as an attacker would: small on the wire, huge once opened."""

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_with_sheet(sheet_data: str, *, dimension: str = "A1:XFD4000", extra: dict | None = None) -> bytes:
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def dimension_bomb() -> bytes:
    """The audit's file: claims A1:XFD4000 (65 million cells) and holds one cell, at A4000."""
    return xlsx_with_sheet(f'<row r="4000">{_cell("A4000", "x")}</row>')


def dimension_bomb_with_header(header: list[str], *, far_cell: str = "XFD4000") -> bytes:
    """A real header row, then one cell far out: a reader that pads rows to the claim or the cell explodes."""
    cells = "".join(_cell(f"{chr(65 + i)}1", name) for i, name in enumerate(header))
    row = far_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return xlsx_with_sheet(f'<row r="1">{cells}</row><row r="{row}">{_cell(far_cell, "x")}</row>')


def row_bomb(header: list[str]) -> bytes:
    """A header and one cell on the last row Excel allows: a million padded rows."""
    cells = "".join(_cell(f"{chr(65 + i)}1", name) for i, name in enumerate(header))
    return xlsx_with_sheet(
        f'<row r="1">{cells}</row><row r="1048576">{_cell("A1048576", "x")}</row>', dimension="A1:A1048576"
    )


def zip_bomb(header: list[str], *, megabytes: int = 50) -> bytes:
    """A shared-strings part of ``megabytes`` of one repeated character: compresses about a thousand times."""
    cells = "".join(_cell(f"{chr(65 + i)}1", name) for i, name in enumerate(header))
    return xlsx_with_sheet(
        f'<row r="1">{cells}</row>', dimension="A1:G1", extra={"xl/sharedStrings.xml": "a" * (megabytes << 20)}
    )
