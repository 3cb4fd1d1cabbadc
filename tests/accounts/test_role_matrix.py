"""The whole role x permission matrix against its snapshot: a change to what a role may do is a visible diff."""

import os
from pathlib import Path

from banten_dinsos.accounts.roles import ROLE_PERMISSIONS, Perm, Role, role_matrix

SNAPSHOT = Path(__file__).with_name("role_matrix.txt")


def test_role_permission_matrix_matches_its_snapshot():
    """To accept a deliberate change: UPDATE_SNAPSHOTS=1 pytest tests/accounts/test_role_matrix.py, then review the
    diff of role_matrix.txt in the commit."""
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(role_matrix())
    assert role_matrix() == SNAPSHOT.read_text()


def test_every_role_has_a_table_and_read_only_clients_write_nothing():
    assert set(ROLE_PERMISSIONS) == set(Role)
    writes = {perm for perm in Perm if not perm.value.endswith(".view")}
    assert not ROLE_PERMISSIONS[Role.API_CLIENT] & writes


def test_personal_data_stays_away_from_api_clients_and_coordinators():
    personal = {Perm.PMKS_VIEW, Perm.PMKS_VIEW_NIK, Perm.EVACUEE_VIEW_NIK, Perm.VOLUNTEER_VIEW_PERSONAL}
    assert not ROLE_PERMISSIONS[Role.API_CLIENT] & personal
    assert not ROLE_PERMISSIONS[Role.KOORDINATOR_KLASTER] & personal
