"""The browsable API reads in one language: fields declared by hand on a serializer (for bounds, querysets or
validators) are labelled from their model's verbose names like the generated ones, and filter labels too."""

import re

import pytest

# DRF's own raw-data form ("Media type:", "Content:") is the library's, not a field of ours.
LIBRARY_LABELS = {"Media type:", "Content:"}


def english_labels(page) -> set[str]:
    labels = {re.sub(r"<[^>]+>|\s+", " ", label).strip()
              for label in re.findall(r"<label[^>]*>(.*?)</label>", page.content.decode(), flags=re.S)}
    return {label for label in labels if re.search(r"[A-Za-z]{3}", label)} - LIBRARY_LABELS


@pytest.mark.parametrize("url, chinese", [
    ("/api/v1/share-requests/", "开始日期"),
    ("/api/v1/incentive-cycles/", "预算"),
    ("/api/v1/contributions/", "部门"),
    ("/api/v1/appraisal-grades/", "部门"),
    ("/api/v1/vendor-staff/", "技能"),
    ("/api/v1/cadres/", "入职日期"),
    ("/api/v1/cadre-skills/", "熟练程度"),
])
def test_a_browsable_api_page_in_chinese_has_no_english_field_labels(bureau, url, chinese):
    page = bureau.client("hr_officer").get(url, HTTP_ACCEPT="text/html")

    assert page.status_code == 200
    assert english_labels(page) == set()
    assert chinese in page.content.decode()


def test_filter_labels_follow_each_requests_language(bureau):
    hr = bureau.client("hr_officer")

    def page(language):
        return hr.get("/api/v1/cadres/", {"tier": "leader"}, HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE=language)

    assert "greater than or equal to" in page("en").content.decode()  # a filter's label, worked out in English
    assert english_labels(page("zh-hans")) == set()
    assert "greater than or equal to" in page("en").content.decode()
