"""No double-booking, enforced by PostgreSQL: two transactions racing to book one member, exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction

from ksb_volunteers.models import Deployment, DeploymentRole, DeploymentStatus
from ksb_volunteers.services import deployment_create
from ksb_volunteers.services import deployments as deployment_services

from .conftest import at

RACE_TIMEOUT = 20


def _run_in_threads(*targets):
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RACE_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a transaction is still waiting"


@pytest.mark.django_db
def test_the_exclusion_constraint_exists_in_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'deployment_no_double_booking'"
        )
        definition = cursor.fetchone()[0]
    assert "EXCLUDE USING gist" in definition and "member_id WITH =" in definition and "&&" in definition


@pytest.mark.django_db
def test_the_database_refuses_an_overlapping_row_written_past_the_service(flood, member_lebak):
    values = {"disaster": flood, "member": member_lebak, "role": DeploymentRole.SHELTER, "kabkota_id": "36.02"}
    Deployment.objects.create(start_at=at(18), end_at=at(25), **values)
    with pytest.raises(IntegrityError, match="deployment_no_double_booking"), transaction.atomic():
        Deployment.objects.create(start_at=at(24), end_at=None, **values)
    # Cancelled rows and back-to-back windows are allowed.
    Deployment.objects.create(start_at=at(24), end_at=None, status=DeploymentStatus.CANCELLED, **values)
    Deployment.objects.create(start_at=at(25), end_at=at(26), **values)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_inserting_overlapping_rows_only_one_commits(flood, member_lebak):
    barrier = threading.Barrier(2, timeout=RACE_TIMEOUT)
    outcomes = []
    values = {"disaster": flood, "member": member_lebak, "role": DeploymentRole.SHELTER, "kabkota_id": "36.02"}

    def insert(start, end):
        def run():
            try:
                with transaction.atomic():
                    barrier.wait()  # both transactions are open before either writes
                    Deployment.objects.create(start_at=start, end_at=end, **values)
                outcomes.append("committed")
            except (IntegrityError, OperationalError) as error:
                outcomes.append(str(error))
            except Exception as error:  # noqa: BLE001 - anything else must show in the assertion, not vanish
                outcomes.append(repr(error))
            finally:
                connection.close()

        return run

    _run_in_threads(insert(at(18), at(25)), insert(at(20), at(28)))

    assert outcomes.count("committed") == 1
    [refusal] = [outcome for outcome in outcomes if outcome != "committed"]
    # Refused by the exclusion constraint, or, when both inserts were checking it against each other's
    # uncommitted row, aborted by PostgreSQL as a deadlock "while checking exclusion constraint".
    assert "deployment_no_double_booking" in refusal or "checking exclusion constraint" in refusal, refusal
    assert Deployment.objects.filter(member=member_lebak).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_booking_one_member_at_once_one_wins_the_other_gets_a_clear_message(
    staf, petugas_lebak, flood, member_lebak, monkeypatch
):
    """Both requests pass the service's own overlap check before either writes (a barrier holds them there), so
    only the exclusion constraint can stop the second; the service turns that into the usual message."""
    barrier = threading.Barrier(2, timeout=RACE_TIMEOUT)
    original = deployment_services.find_overlap

    def check_then_wait(**kwargs):
        found = original(**kwargs)
        barrier.wait()
        return found

    monkeypatch.setattr(deployment_services, "find_overlap", check_then_wait)
    outcomes = []

    def book(user, start, end):
        def run():
            try:
                deployment_create(
                    user=user,
                    disaster=flood,
                    member=member_lebak,
                    role=DeploymentRole.PUBLIC_KITCHEN,
                    start_at=start,
                    end_at=end,
                )
                outcomes.append("booked")
            except ValidationError as error:
                outcomes.append(error.message_dict["start_at"][0])
            except Exception as error:  # noqa: BLE001 - anything else must show in the assertion, not vanish
                outcomes.append(repr(error))
            finally:
                connection.close()

        return run

    _run_in_threads(book(staf, at(18), at(25)), book(petugas_lebak, at(19), None))

    assert outcomes.count("booked") == 1
    [message] = [outcome for outcome in outcomes if outcome != "booked"]
    assert "Ujang Hidayat" in message and "sudah ditugaskan" in message
    assert Deployment.objects.filter(member=member_lebak).count() == 1
