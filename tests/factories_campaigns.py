"""An assessment campaign built through the services: the bureau's finance people rated by themselves, the
head of finance and three peers with logins; open, with nothing answered yet."""

from decimal import Decimal

from talent import roles
from talent.literacy import CAPACITIES
from talent.services import campaigns as services
from tests.factories import CadreFactory, UserFactory

ITEMS = [*[{"capacity": capacity, "text_zh": f"题目：{capacity} 第{n}题", "text_en": f"{capacity} item {n}"}
           for capacity in CAPACITIES for n in (1, 2)],
         {"capacity": "execution", "text_zh": "实操题得分", "scale": "scored", "max_score": 10}]


def finance_campaign(bureau, *, opened: bool = True, min_peers: int = 2):
    for n in range(3):
        user = UserFactory(username=f"peer{n}", first_name=f"同事{n}", groups=[roles.CADRE])
        bureau.users[f"peer{n}"] = user
        CadreFactory(name=f"同事{n}", department=bureau.finance, user=user)
    campaign = services.campaign_create(
        by=bureau.users["hr_officer"], items=ITEMS, name="2026年度数字素养测评", period="2026", tier="general",
        self_weight=Decimal("0.2"), supervisor_weight=Decimal("0.5"), peer_weight=Decimal("0.3"), min_peers=min_peers)
    services.raters_suggest(campaign=campaign)
    if opened:
        services.campaign_open(campaign=campaign)
    return campaign
