"""An approved 2025 list with three honours, on top of the shared bureau (tests/conftest.py).

    赵文 OF001 office      优秀      honoured
    钱进 FI001 finance     称职      honoured
    孙会 AC001 accounting  称职      honoured
    李码 IT001 it          不称职    excluded, so no honour
The policy honours everyone eligible (100 %, at most two per department) as 数字化先进个人.
HR computed and submitted the list and leadership approved it; no certificate is issued yet.
"""

import shutil
from decimal import Decimal

import pytest

from incentives.models import IncentiveCycle
from incentives.services import cycles as services
from talent.access import Actor
from tests.helpers import job_outcome

HONOUR = "数字化先进个人"
POPPLER = ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo", "pdfimages")

needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER),
    reason="poppler-utils is not installed (pdftotext, pdffonts, pdftoppm, pdfinfo, pdfimages); "
           "apt-get install poppler-utils",
)
needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None,
                                reason="zbarimg is not installed; apt-get install zbar-tools")


def approved_cycle(bureau, *, name: str = "年度数字化激励", year: int = 2025) -> IncentiveCycle:
    hr, leader = Actor(bureau.users["hr_officer"]), Actor(bureau.users["leader"])
    for cadre, grade in ((bureau.office_clerk, "excellent"), (bureau.finance_officer, "competent"),
                         (bureau.accountant, "competent"), (bureau.it_engineer, "incompetent")):
        services.appraisal_grade_set(cadre=cadre, year=year, grade=grade)
    policy = services.policy_create(
        name=f"激励办法{year}{name}", weight_appraisal=Decimal("0.40"), weight_literacy=Decimal("0.30"),
        weight_contributions=Decimal("0.20"), weight_secondments=Decimal("0.10"), honour_title=HONOUR,
        honour_percent=Decimal("100"), honour_max_per_department=2,
    )
    cycle = services.cycle_create(actor=hr, name=name, year=year, budget=Decimal("90000.00"), policy=policy)
    services.cycle_compute(cycle=cycle, actor=hr)
    services.cycle_submit(cycle=cycle, actor=hr)
    return services.cycle_approve(cycle=cycle, actor=leader, comment="同意")


@pytest.fixture
def cycle(bureau) -> IncentiveCycle:
    return approved_cycle(bureau)


@pytest.fixture
def leader(bureau):
    return bureau.client("leader")


@pytest.fixture
def issued(bureau, cycle, hr) -> dict[str, dict]:
    """HR has issued the certificates: staff number -> the certificate as the API shows it."""
    response = job_outcome(hr, hr.post(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/"))
    assert response.status_code == 201, response.content
    listing = hr.get("/api/v1/certificates/", {"cycle": cycle.pk}).json()["results"]
    return {certificate["staff_number"]: certificate for certificate in listing}
