"""Scheduled jobs run once however many beats start: only the beat holding the PostgreSQL advisory lock sends
due tasks; when it dies (its connection closes), a standby beat takes over."""

import pytest
from django_celery_beat.schedulers import DatabaseScheduler

from banten_dinsos.celery import app
from banten_dinsos.core.beat import LeaderDatabaseScheduler, LeaderLock

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_one_of_two_locks_is_held_and_the_other_takes_over_when_it_is_released():
    first, second = LeaderLock(key=0x7E57), LeaderLock(key=0x7E57)
    try:
        assert first.held() is True
        assert second.held() is False
        assert first.held() is True  # kept across ticks
        first.release()  # the leading beat died: PostgreSQL dropped its session lock
        assert second.held() is True
        assert first.held() is False
    finally:
        first.release()
        second.release()


def test_two_beats_tick_but_only_the_leader_sends_due_tasks(monkeypatch):
    sent = []
    monkeypatch.setattr(DatabaseScheduler, "tick", lambda self, *a, **k: sent.append(self) or 1.0)
    monkeypatch.setattr(DatabaseScheduler, "close", lambda self: None)
    beats = [LeaderDatabaseScheduler(app=app, lazy=True) for _index in range(2)]
    try:
        for _round in range(3):
            waits = [beat.tick() for beat in beats]
        assert len(sent) == 3 and len(set(map(id, sent))) == 1  # one beat sent, three times
        assert sorted(waits) == [1.0, 5.0]  # the standby asks again within 5 s
        leader = sent[0]
        leader.close()  # the leading beat stops
        standby = next(beat for beat in beats if beat is not leader)
        standby.tick()
        assert sent[-1] is standby
    finally:
        for beat in beats:
            beat.leader_lock.release()
