"""The incentives' background job kinds (core.jobs): computing a cycle's list and issuing its certificates.
Each calls the same service the synchronous call did, whose writes are one transaction."""

from django.utils.translation import gettext as _

from core import bulk, jobs
from incentives.models import IncentiveCycle
from incentives.selectors import certificates as certificate_selectors
from incentives.selectors import cycles as selectors
from incentives.serializers.certificates import CycleCertificatesSerializer
from incentives.serializers.cycles import CycleDetailSerializer
from incentives.services import certificates as certificate_services
from incentives.services import cycles as services
from talent.access import Actor


def start_compute(*, cycle: IncentiveCycle, user, page: str = ""):
    """One computation of a cycle at a time: a second while one is queued or running is 409. `page`, where the
    list is shown, is offered on the job's page when it is done."""
    services.compute_allowed(cycle=cycle, actor=Actor(user))
    return jobs.start(kind="cycle-compute", title=_("Compute the incentive list of %(cycle)s") % {"cycle": cycle},
                      user=user, params={"cycle": cycle.pk, "page": page}, subject=f"incentive-cycle:{cycle.pk}")


def start_certificates(*, cycle: IncentiveCycle, user):
    return jobs.start(kind="certificates-issue", title=_("Issue the certificates of %(cycle)s") % {"cycle": cycle},
                      user=user, params={"cycle": cycle.pk}, subject=f"certificates:{cycle.pk}")


def _compute(job) -> dict:
    cycle = IncentiveCycle.objects.get(pk=job.params["cycle"])
    jobs.report_progress(0, 1, _("Computing the list"))
    with bulk.cycle_collector_paused():
        services.cycle_compute(cycle=cycle, actor=Actor(job.started_by))
    result = CycleDetailSerializer(selectors.cycle_list().get(pk=cycle.pk)).data
    return {**result, "page": job.params["page"]} if job.params.get("page") else result


def _issue(job) -> tuple[dict, int]:
    cycle = IncentiveCycle.objects.get(pk=job.params["cycle"])
    jobs.report_progress(0, 1, _("Issuing the certificates"))
    issued = certificate_services.certificates_issue(cycle=cycle, actor=Actor(job.started_by))
    summary = certificate_selectors.cycle_certificates(cycle=cycle)
    return {**CycleCertificatesSerializer(summary).data, "issued_now": len(issued)}, 201 if issued else 200


jobs.register("cycle-compute", _compute)
jobs.register("certificates-issue", _issue)
