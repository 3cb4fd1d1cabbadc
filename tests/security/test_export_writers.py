"""Every module that writes CSV or XLSX does it through banten_dinsos.core.exports: a new writer without it fails."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(")
# Files that write CSV no person opens in a spreadsheet, with the reason.
EXEMPT = {
    "banten_dinsos/core/exports.py": "the helper itself",
    "pmks_registry/services/import_rows.py": "a temporary error file read back by the import, then written safely",
}


def test_every_csv_and_xlsx_writer_uses_the_safe_export_helper():
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    offenders = []
    for name in files.stdout.split():
        if name.startswith(("tests/", "bench/")) or name in EXEMPT:
            continue
        text = (ROOT / name).read_text(encoding="utf-8")
        if WRITERS.search(text) and "banten_dinsos.core.exports" not in text:
            offenders.append(name)
    assert not offenders, f"CSV/XLSX writers not using banten_dinsos.core.exports: {offenders}"
