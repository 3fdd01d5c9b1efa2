"""HR keeps the pool of cadres: registering them, correcting them, and finding them again."""

import pytest
from django.db import connection

from talent.models import Cadre
from talent.validators import national_id_check_char
from tests.factories import CadreFactory, cadre_payload, national_id
from tests.helpers import assert_error


def with_check_char(first17: str) -> str:
    return first17 + national_id_check_char(first17)


def with_wrong_check_char(first17: str) -> str:
    right = national_id_check_char(first17)
    return first17 + ("0" if right != "0" else "1")


def id_ending_in_x() -> str:
    return next(number for serial in range(100)
                if (number := national_id(gender="M", serial=serial)).endswith("X"))


def test_hr_registers_a_cadre(bureau, hr):
    body = cadre_payload(bureau.accounting)

    response = hr.post("/api/v1/cadres/", body, format="json")

    assert response.status_code == 201
    cadre = Cadre.objects.get(staff_number="NEW001")
    assert cadre.department == bureau.accounting
    assert (cadre.national_id, cadre.mobile) == (body["national_id"], body["mobile"])
    assert response.json()["department_name"] == "会计科"


def test_id_and_phone_are_stored_encrypted(bureau, hr):
    body = cadre_payload(bureau.it)
    cadre_id = hr.post("/api/v1/cadres/", body, format="json").json()["id"]

    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id, mobile FROM talent_cadre WHERE id = %s", [cadre_id])
        stored_id, stored_mobile = cursor.fetchone()

    assert body["national_id"] not in stored_id
    assert body["mobile"] not in stored_mobile


MALE_ID = national_id(gender="M", serial=77)

INVALID = {
    "ID check digit wrong": ({"national_id": with_wrong_check_char(MALE_ID[:17])}, "national_id"),
    "ID birth date 30 February": ({"national_id": with_check_char("11010519880230771")}, "national_id"),
    "ID birth month 13": ({"national_id": with_check_char("11010519881301771")}, "national_id"),
    "ID one character short": ({"national_id": MALE_ID[:17]}, "national_id"),
    "ID with a letter inside": ({"national_id": "1101051988A5170771"}, "national_id"),
    "phone with 10 digits": ({"mobile": "1391234567"}, "mobile"),
    "phone starting 12": ({"mobile": "12912345678"}, "mobile"),
    "landline number": ({"mobile": "010-6234567"}, "mobile"),
    "woman with a man's ID": ({"gender": "F"}, "gender"),
    "man with a woman's ID": ({"national_id": national_id(gender="F", serial=5)}, "gender"),
    "unknown tier": ({"tier": "boss"}, "tier"),
    "no hire date": ({"hire_date": None}, "hire_date"),
}


@pytest.mark.parametrize("case", INVALID)
def test_an_invalid_cadre_is_refused_naming_the_field(bureau, hr, case):
    overrides, field = INVALID[case]

    response = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, **overrides), format="json")

    assert_error(response, 400, field=field)
    assert not Cadre.objects.filter(staff_number="NEW001").exists()


def test_a_lowercase_x_in_the_id_is_accepted_and_stored_uppercase(bureau, hr):
    number = id_ending_in_x()

    response = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, national_id=number.lower()), format="json")

    assert response.status_code == 201, response.content
    assert Cadre.objects.get(staff_number="NEW001").national_id == number
    assert hr.get(f"/api/v1/cadres/{response.json()['id']}/").json()["national_id"] == number


def test_changing_only_the_gender_is_checked_against_the_stored_id(bureau, hr):
    woman = bureau.finance_officer

    response = hr.patch(f"/api/v1/cadres/{woman.pk}/", {"gender": "M"}, format="json")

    assert_error(response, 400, field="gender")
    woman.refresh_from_db()
    assert woman.gender == "F"


def test_a_correction_of_the_id_is_validated_too(bureau, hr):
    cadre = bureau.finance_officer
    before = cadre.national_id

    response = hr.patch(f"/api/v1/cadres/{cadre.pk}/",
                        {"national_id": with_wrong_check_char(before[:17])}, format="json")

    assert_error(response, 400, field="national_id")
    cadre.refresh_from_db()
    assert cadre.national_id == before


def test_staff_numbers_are_unique(bureau, hr):
    response = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, staff_number="AC001"), format="json")

    assert_error(response, 400, field="staff_number")
    assert Cadre.objects.filter(staff_number="AC001").count() == 1


def test_a_cadre_cannot_take_another_cadres_staff_number(bureau, hr):
    response = hr.patch(f"/api/v1/cadres/{bureau.it_engineer.pk}/", {"staff_number": "AC001"}, format="json")

    assert_error(response, 400, field="staff_number")


def test_a_cadre_is_never_deleted(bureau, hr):
    response = hr.delete(f"/api/v1/cadres/{bureau.accountant.pk}/")

    assert_error(response, 405)
    assert Cadre.objects.filter(pk=bureau.accountant.pk).exists()


def test_a_cadre_who_leaves_stays_on_record_with_status_left(bureau, hr):
    response = hr.patch(f"/api/v1/cadres/{bureau.accountant.pk}/", {"status": "left"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "left"
    left = hr.get("/api/v1/cadres/?status=left").json()["results"]
    assert [c["staff_number"] for c in left] == ["AC001"]
    active = hr.get("/api/v1/cadres/?status=active").json()["results"]
    assert "AC001" not in [c["staff_number"] for c in active]


def test_hr_moves_a_cadre_to_another_department(bureau, hr):
    response = hr.patch(f"/api/v1/cadres/{bureau.accountant.pk}/", {"department": bureau.it.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["department_name"] == "信息中心"
    listed = bureau.client("it_head").get("/api/v1/cadres/").json()["results"]
    assert {c["staff_number"]: c["department_name"] for c in listed}["AC001"] == "信息中心"


def staff_numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(c["staff_number"] for c in response.json()["results"])


def test_filtering_by_a_department_includes_its_sub_units(bureau, hr):
    assert staff_numbers(hr.get(f"/api/v1/cadres/?department={bureau.finance.pk}")) == ["AC001", "FI001"]
    assert staff_numbers(hr.get(f"/api/v1/cadres/?department={bureau.accounting.pk}")) == ["AC001"]
    assert staff_numbers(hr.get(f"/api/v1/cadres/?department={bureau.archive.pk}")) == []


def test_a_cadres_detail_answers_with_or_without_filters_as_its_list_would(bureau, hr):
    accountant = f"/api/v1/cadres/{bureau.accountant.pk}/"

    assert hr.get(accountant).json()["staff_number"] == "AC001"
    assert hr.get(accountant, {"department": bureau.finance.pk}).status_code == 200  # a sub-unit of finance
    assert hr.get(accountant, {"department": bureau.it.pk}).status_code == 404


def test_filtering_by_tier_and_hire_date(bureau, hr):
    CadreFactory(staff_number="OF002", department=bureau.office, hire_date="2023-03-01")

    assert staff_numbers(hr.get("/api/v1/cadres/?tier=specialist")) == ["IT001"]
    assert staff_numbers(hr.get("/api/v1/cadres/?hired_after=2023-01-01")) == ["OF002"]


@pytest.mark.parametrize("term, found", [("孙会", ["AC001"]), ("钱", ["FI001"]), ("IT001", ["IT001"]),
                                         ("it00", ["IT001"]), ("没有此人", [])])
def test_search_by_name_or_staff_number(bureau, hr, term, found):
    assert staff_numbers(hr.get("/api/v1/cadres/", {"search": term})) == found


def test_personal_data_cannot_be_searched(bureau, hr):
    assert staff_numbers(hr.get("/api/v1/cadres/", {"search": bureau.accountant.national_id})) == []
    assert staff_numbers(hr.get("/api/v1/cadres/", {"search": bureau.accountant.mobile})) == []


def test_a_page_holds_50_cadres_by_default_and_at_most_200(bureau, hr):
    CadreFactory.create_batch(205, department=bureau.office)

    default = hr.get("/api/v1/cadres/").json()
    largest = hr.get("/api/v1/cadres/?page_size=1000").json()

    assert default["count"] == 209
    assert len(default["results"]) == 50
    assert len(largest["results"]) == 200
    assert largest["next"] is not None


@pytest.mark.parametrize("query, field", [("tier=boss", "tier"), ("status=retired", "status"),
                                          ("rank=general", "rank"), ("gender=X", "gender"),
                                          ("department=finance", "department"),
                                          ("hired_after=last-year", "hired_after")])
def test_an_unknown_filter_value_is_refused_naming_the_filter(bureau, hr, query, field):
    assert_error(hr.get(f"/api/v1/cadres/?{query}"), 400, field=field)
