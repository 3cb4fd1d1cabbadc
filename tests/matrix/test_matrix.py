"""Every URL pattern × method × role answers as its row in the table says (see spec.py for the words used)."""

import pytest

from .exercise import answer_of, body_text, client_for, contains, send, url_of, writes_so_far
from .spec import REFUSALS
from .world import all_rows

pytestmark = pytest.mark.django_db


def _cases():
    for row in all_rows():
        for method, answers in row.answers.items():
            for role, expected in answers.items():
                if expected == "-":
                    continue
                marks = []
                if (method, role) in row.xfail:
                    marks.append(pytest.mark.xfail(strict=True, reason=row.xfail[(method, role)]))
                yield pytest.param(row, method, role, expected, id=f"{row.name}|{method}|{role}", marks=marks)


@pytest.mark.parametrize(("row", "method", "role", "expected"), list(_cases()))
def test_url_role_matrix(world, fresh_cache, row, method, role, expected):
    client = client_for(row, role, world)
    url = url_of(row, world, method)
    refused_write = method != "GET" and expected in REFUSALS
    before = writes_so_far() if refused_write else None
    response = send(client, row, method, url, world)
    answer = answer_of(response)
    status_expected = "200" if expected.startswith("200") else expected
    assert answer == status_expected, f"{method} {url} as {role}: {answer}, the table says {expected}"
    if refused_write:
        assert writes_so_far() == before, f"{method} {url} as {role} was refused ({answer}) but wrote to the database"
    if expected in ("200", "200x"):
        assert row.text, f"{row.name}: answer {expected} needs the row's text= (or say 200. for no positive control)"
        text = str(row.text(world))
        found = contains(text, body_text(response))
        if expected == "200":
            assert found, f"{method} {url} as {role}: 200 but {text!r} is not in the answer (positive control)"
        else:
            assert not found, f"{method} {url} as {role}: {text!r} of another kabupaten/kota is in the answer"
