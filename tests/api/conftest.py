import pytest
from django.core import signals
from django.db import close_old_connections

from talent.models import Cadre
from talent.services import pool as services


@pytest.fixture
def personal_data(bureau) -> set[str]:
    """Every cadre's real citizen ID and phone number, one of them also changed (so in the audit trail's diffs)."""
    services.cadre_update(cadre=bureau.it_engineer, mobile="13900001111")
    return {value for cadre in Cadre.objects.all() for value in (cadre.national_id, cadre.mobile)}


@pytest.fixture
def in_process(db):
    """Requests go through the real WSGI handler inside the test's transaction: keep the handler from closing
    the connection at each request's start and end, as Django's own test client does."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)
