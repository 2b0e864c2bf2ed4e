"""Double clicks at the same moment (PostgreSQL: row locks and the request key's unique index):
a project moves on once, starts once, and a notice is ticked off once."""

import threading
import uuid
from datetime import date

import pytest
from django.db import connection

from audit.selectors import history_for
from commissioning.errors import CommissioningError
from commissioning.models import CommissioningProject, NoticeKind, ProjectStage
from commissioning.notice_services import record_notice_published
from commissioning.project_services import UnderstandDetails, move_project_on, start_project
from tests.commissioning.project_factories import project_in_understand, regulated_project_in_do


def _race(*calls):
    barrier = threading.Barrier(len(calls), timeout=10)
    done, refused = [], []

    def run(call):
        try:
            barrier.wait()
            done.append(call())
        except CommissioningError as error:
            refused.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_move_moves_once(postgres, officer):
    project = project_in_understand(officer)

    def move():
        return move_project_on(project=project, actor=officer, from_stage="understand")

    done, refused = _race(move, move)
    assert refused == [] and len(done) == 2
    project.refresh_from_db()
    assert project.stage == ProjectStage.PLAN
    moves = [e for e in history_for(project) if "stage" in (e.changes_dict or {})]
    assert len(moves) == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_start_makes_one_project(postgres, officer):
    key = uuid.uuid4()

    def start():
        return start_project(details=UnderstandDetails(title="A"), officer=officer, request_key=key)

    done, refused = _race(start, start)
    assert refused == [] and done[0].pk == done[1].pk
    assert CommissioningProject.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_notice_ticked_off_twice_at_once_is_recorded_once(postgres, officer):
    notice = regulated_project_in_do(officer).notices.get(kind=NoticeKind.TENDER)

    def tick(reference):
        return lambda: record_notice_published(
            notice=notice, reference=reference, published_on=date(2026, 6, 1), recorded_by=officer
        )

    done, refused = _race(tick("FTS-1"), tick("FTS-2"))
    assert len(done) == 1 and len(refused) == 1
    assert "was published on 1 June 2026" in refused[0]
    notice.refresh_from_db()
    assert notice.reference == done[0].reference
