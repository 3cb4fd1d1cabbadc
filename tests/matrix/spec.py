"""The matrix's vocabulary: the six roles, what an expected answer looks like, and one row per URL pattern.

A row reads like a line of a table, one column per role in ``ROLES`` order::

    row("shelters:detail", kw=lambda w: {"pk": w.shelter.pk}, text=lambda w: w.shelter.name,
        GET="login 403 200 404 200 200")

Answers:
  ``200``    200, and the row's ``text`` (the object's name or id) is in the body: the positive control
  ``200x``   200, and the row's ``text`` is *not* in the body (a list that must leave the other kab/kota out)
  ``200.``   200, body not inspected (a file, a page without the object)
  ``login``  a redirect to the login page (anonymous on a page)
  ``admin``  a redirect to the admin login (the admin site is for Django staff only; no role is staff)
  ``3xx``    any redirect other than to a login page (a write that succeeded and moved on)
  a number   exactly that status (``401``/``403`` anonymous or refused on the API, ``404`` out of scope, ...)

Writes (POST/PUT/PATCH/DELETE) are sent with the row's ``body`` (default: empty). Every refused write
(``login``/``admin``/4xx) is also checked to have changed nothing in the database. A write a role is allowed to
do is sent too (it must get past the permission checks: a form/validation answer or a success), and the test
that proves the write itself is named in ``covered_by``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANON, API, IN, OUT, KOORD, STAF = "anonymous", "api_client", "petugas_in", "petugas_out", "koordinator", "staf"
# petugas_in: officer of the record's kabupaten/kota (Lebak, 36.02); petugas_out: officer of Kota Serang (36.73).
ROLES = (ANON, API, IN, OUT, KOORD, STAF)
# An optional seventh column, where a row needs it: the koordinator kab/kota of Lebak (first approval level of field
# reports). Rows written with six answers do not ask this role.
KABKOTA_KOORD = "koordinator_kabkota"
ALL_ROLES = (*ROLES, KABKOTA_KOORD)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WRITE_METHODS = METHODS[1:]
PAGE, API_KIND = "page", "api"
ANSWERS = {"200", "200x", "200.", "login", "admin", "3xx", "-"}
REFUSALS = {"login", "admin", "401", "403", "404", "405"}


@dataclass
class Row:
    name: str
    kind: str = PAGE
    kw: Callable | None = None  # world -> reverse() kwargs
    path: Callable | None = None  # world -> the path itself, for the few unnamed patterns (no reverse())
    text: Callable | None = None  # world -> the identifying text of the record the row is about
    query: Callable | str = ""  # query string for GETs, e.g. "?tahun=2026" (or world -> string)
    body: Callable | None = None  # world -> request body for writes
    answers: dict = field(default_factory=dict)  # method -> {role: answer}
    covered_by: str = ""  # tests that prove the allowed writes
    xfail: dict = field(default_factory=dict)  # (method, role) -> reason (a known bug; strict)
    note: str = ""


def _parse(line: str) -> dict:
    tokens = line.split()
    if len(tokens) not in (len(ROLES), len(ALL_ROLES)):
        raise ValueError(f"{line!r}: one answer per role ({', '.join(ROLES)}[, {KABKOTA_KOORD}])")
    for token in tokens:
        if token not in ANSWERS and not token.isdigit():
            raise ValueError(f"{line!r}: unknown answer {token!r}")
    return dict(zip(ALL_ROLES[: len(tokens)], tokens, strict=True))


def row(
    name,
    *,
    api=False,
    kw=None,
    path=None,
    text=None,
    query="",
    body=None,
    covered_by="",
    xfail=None,
    note="",
    **methods,
):
    """One URL pattern: ``GET="login 403 200 404 200 200"`` etc. (answers in ``ROLES`` order)."""
    unknown = set(methods) - set(METHODS)
    if unknown:
        raise TypeError(f"{name}: unknown methods {unknown}")
    if not methods:
        raise TypeError(f"{name}: no method given")
    answers = {method: _parse(line) for method, line in methods.items()}
    allowed_writes = [
        answer
        for method, line in answers.items()
        if method in WRITE_METHODS
        for answer in line.values()
        if answer not in REFUSALS and answer != "-"
    ]
    if allowed_writes and not covered_by:
        raise TypeError(f"{name}: an allowed write needs covered_by= naming the tests that prove it")
    return Row(
        name=name,
        kind=API_KIND if api else PAGE,
        kw=kw,
        path=path,
        text=text,
        query=query,
        body=body,
        answers=answers,
        covered_by=covered_by,
        xfail=dict(xfail or {}),
        note=note,
    )
