"""The table-export writer's fast path: the CSV holds exactly what the formula-safe cell helper gives for every kind
of cell, and the id tracker's batches give the same first, last, digest and kept ids as one id at a time."""

import csv
import datetime
import decimal
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest

from banten_dinsos.core import table_exports
from banten_dinsos.core.table_exports import _csv_cell, _IdTracker, write_table

WIB = ZoneInfo("Asia/Jakarta")
CELLS = [
    "Siti Aminah",
    "",
    "=SUM(A1:A2)",
    "+62812",
    "-5",
    "@cmd",
    "3600********0001",
    None,
    0,
    17,
    2.5,
    True,
    datetime.date(2026, 1, 5),
    datetime.datetime(2026, 1, 5, 1, 30, tzinfo=datetime.UTC),
    decimal.Decimal("1E+2"),
]


def test_every_cell_is_written_as_the_formula_safe_helper_gives_it(tmp_path):
    path = tmp_path / "out.csv"
    rows = [tuple(CELLS), tuple(reversed(CELLS))]
    assert write_table(str(path), fmt="csv", header=["h"] * len(CELLS), rows=iter(rows)) == 2
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(["h"] * len(CELLS))
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    written = path.read_bytes().decode("utf-8-sig")
    assert written == expected.getvalue()
    first = next(csv.reader(io.StringIO(written.splitlines()[1])))
    assert first[2] == "'=SUM(A1:A2)" and first[5] == "'@cmd" and first[7] == ""
    assert first[13] == "2026-01-05 08:30" and first[14] == "100"  # WIB wall time; a plain decimal


@pytest.mark.parametrize("count", [0, 1, 4999, 5000, 12345])
def test_the_id_tracker_in_batches_equals_one_id_at_a_time(count, monkeypatch):
    monkeypatch.setattr(table_exports, "NAMED_RECORDS_MAX", 10_000)
    ids = list(range(count * 3, 0, -3))
    tracker = _IdTracker()
    rows = list(tracker.follow((record_id, f"row {record_id}") for record_id in ids))
    assert rows == [(f"row {record_id}",) for record_id in ids]
    assert (tracker.first, tracker.last) == ((ids[0], ids[-1]) if ids else (None, None))
    assert tracker.digest() == hashlib.sha256(b"".join(b"%d," % record_id for record_id in ids)).hexdigest()
    if count > 10_000:
        assert tracker.ids is None  # more than can be named one by one: count, range and digest only
    else:
        assert list(tracker.ids) == ids
