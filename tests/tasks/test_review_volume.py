"""The review page at volume: search without diacritics, filters, counts per state (one
query), 50 reports a page, bulk accept (each report version-checked), staying in place after
an action, the previous return note on a resubmitted report, and the report form's side of
the cycle (resubmission, withdrawing a sent report)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tasks.models import ProgressReport, ReviewState
from tests.factories import ProgressReportFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db

REVIEW = reverse("review")
PLACE = {"plan": "huyen-a-2022", "period": "2022-Q2"}


def _reports(s, count, *, title="Nhiệm vụ số {i}", agency="office", start=1, **fields):
    reports = []
    for i in range(start, start + count):
        task = TaskFactory(area=s["area"], code=str(i), order=i, title=title.format(i=i))
        TaskAssignmentFactory(task=task, agency=s[agency], role="lead", order=1)
        reports.append(ProgressReportFactory(task=task, agency=s[agency], **fields))
    return reports


def _bulk(client, reports, query="plan=huyen-a-2022&period=2022-Q2", versions=None):
    data = {"report": [r.pk for r in reports], "next": f"{REVIEW}?{query}"}
    for r in reports:
        data[f"version-{r.pk}"] = (versions or {}).get(r.pk, r.version)
    return client.post(f"{REVIEW}?{query}", data)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_bulk_accept_of_50_reports_accepts_each_with_its_version(client, district_setup):
    s = district_setup
    reports = _reports(s, 50)
    client.force_login(s["staff"])

    response = _bulk(client, reports)

    assert response.status_code == 302
    states = set(ProgressReport.objects.values_list("review_state", "version"))
    assert states == {(ReviewState.ACCEPTED, 2)}
    assert set(ProgressReport.objects.values_list("reviewed_by", flat=True)) == {s["staff"].pk}
    assert _messages(response) == ["Đã duyệt 50 báo cáo."]


def test_bulk_accept_lists_the_reports_it_could_not_accept_and_accepts_the_others(
    client, district_setup
):
    s = district_setup
    fresh, stale, returned = _reports(s, 3)
    returned.review_state = ReviewState.RETURNED
    returned.review_note = "Thiếu số liệu"
    returned.save()
    client.force_login(s["staff"])

    response = _bulk(client, [fresh, stale, returned], versions={stale.pk: stale.version - 1})

    states = dict(ProgressReport.objects.values_list("pk", "review_state"))
    assert states == {
        fresh.pk: ReviewState.ACCEPTED,
        stale.pk: ReviewState.SUBMITTED,
        returned.pk: ReviewState.RETURNED,
    }
    assert _messages(response) == [
        "Đã duyệt 1 báo cáo.",
        "Không duyệt được 2 báo cáo: Phòng Nội vụ — nhiệm vụ 2: báo cáo vừa được cập nhật "
        "hoặc đã được người khác xử lý; Phòng Nội vụ — nhiệm vụ 3: Chỉ duyệt hoặc trả lại "
        "được báo cáo đang chờ duyệt.",
    ]


def test_bulk_accept_without_a_selection_says_so(client, district_setup):
    s = district_setup
    client.force_login(s["staff"])

    response = _bulk(client, [])

    assert _messages(response) == ["Chưa chọn báo cáo nào để duyệt."]


def test_a_leader_cannot_bulk_accept(client, district_setup):
    s = district_setup
    [report] = _reports(s, 1)
    client.force_login(s["leader"])

    response = _bulk(client, [report])

    assert response.status_code == 403
    assert ProgressReport.objects.get().review_state == ReviewState.SUBMITTED


def test_bulk_accept_ignores_reports_of_another_district(client, district_setup):
    s = district_setup
    [report] = _reports(s, 1)
    client.force_login(s["outsider"])

    _bulk(client, [report])

    assert ProgressReport.objects.get().review_state == ReviewState.SUBMITTED


def test_accepting_goes_back_to_the_same_page_and_row(client, district_setup):
    s = district_setup
    reports = _reports(s, 60)
    target = reports[55]
    client.force_login(s["staff"])
    here = f"{REVIEW}?plan=huyen-a-2022&period=2022-Q2&q=nhiem+vu&page=2"

    response = client.post(
        reverse("review-accept", args=[target.pk]), {"version": target.version, "next": here}
    )

    assert response["Location"] == f"{here}&acted={target.pk}#report-{target.pk}"
    page = client.get(response["Location"].split("#")[0])
    shown = list(page.context["reports"])
    assert shown == reports[50:]
    assert shown[5].review_state == ReviewState.ACCEPTED
    assert f'id="report-{target.pk}"' in page.content.decode()


def test_an_unsafe_next_address_falls_back_to_the_reports_period(client, district_setup):
    s = district_setup
    [report] = _reports(s, 1)
    client.force_login(s["staff"])

    response = client.post(
        reverse("review-accept", args=[report.pk]),
        {"version": report.version, "next": "https://example.com/reports/review/"},
    )

    assert response["Location"] == (
        f"{REVIEW}?plan=huyen-a-2022&period=2022-Q2&acted={report.pk}#report-{report.pk}"
    )


@pytest.mark.parametrize("query", ["tuyen truyen", "TUYÊN TRUYỀN", "tuyên truyền"])
def test_review_search_ignores_diacritics_and_case(client, district_setup, query):
    s = district_setup
    [wanted] = _reports(s, 1, title="Tuyên truyền cải cách hành chính")
    _reports(s, 1, title="Tuyển dụng", start=2)
    client.force_login(s["staff"])

    response = client.get(REVIEW, {**PLACE, "q": query})

    assert list(response.context["reports"]) == [wanted]


def test_review_search_finds_reports_by_agency_without_diacritics(client, district_setup):
    s = district_setup
    _reports(s, 1)
    [wanted] = _reports(s, 1, agency="commune", start=2)
    client.force_login(s["staff"])

    response = client.get(REVIEW, {**PLACE, "q": "thanh cao"})

    assert list(response.context["reports"]) == [wanted]


def test_review_counts_reports_per_state_and_pages_them(client, district_setup):
    s = district_setup
    submitted = _reports(s, 70)
    _reports(s, 2, start=71, review_state=ReviewState.ACCEPTED)
    _reports(s, 1, start=73, review_state=ReviewState.DRAFT)
    client.force_login(s["staff"])

    first = client.get(REVIEW, PLACE)
    second = client.get(REVIEW, {**PLACE, "page": "2"})

    counts = {value: n for value, _, n in first.context["state_counts"]}
    assert counts == {"draft": 1, "submitted": 70, "returned": 0, "accepted": 2}
    assert list(first.context["reports"]) == submitted[:50]
    assert list(second.context["reports"]) == submitted[50:]
    assert first.context["report_count"] == 70


def test_review_filters_overdue_reports(client, district_setup):
    s = district_setup
    late, on_time = _reports(s, 2)
    for report, due in ((late, datetime.date(2022, 5, 31)), (on_time, datetime.date(2022, 6, 30))):
        report.task.due_date = due
        report.task.save()
    client.force_login(s["staff"])

    response = client.get(REVIEW, {**PLACE, "overdue": "1"})

    assert list(response.context["reports"]) == [late]


@pytest.mark.parametrize("count", [3, 60])
def test_review_query_count_is_fixed_with_search_and_paging(
    client, district_setup, django_assert_max_num_queries, count
):
    s = district_setup
    _reports(s, count, title="Tuyên truyền số {i}")
    client.force_login(s["staff"])

    with django_assert_max_num_queries(16):
        response = client.get(
            REVIEW, {**PLACE, "q": "tuyen", "page": "2", "agency": s["office"].pk}
        )

    assert response.context["report_count"] == count


def _form(client, task, **data):
    payload = {
        "status": "in_progress",
        "percent": "40",
        "completion_date": "",
        "result": "Đã xây dựng dự thảo",
        "product_issued": "",
        "difficulties": "",
        "proposals": "",
        "version": "",
    }
    payload.update(data)
    return client.post(reverse("report-edit", args=[task.pk, "2022-Q2"]), payload)


def test_report_return_resubmit_accept_cycle_shows_the_previous_note(client, district_setup):
    s = district_setup
    task = TaskFactory(area=s["area"], code="1", title="Rà soát thủ tục")
    TaskAssignmentFactory(task=task, agency=s["office"], role="lead", order=1)

    client.force_login(s["office_head"])
    _form(client, task, submit="1")
    report = ProgressReport.objects.get()
    client.force_login(s["staff"])
    client.post(
        reverse("review-return", args=[report.pk]),
        {"version": report.version, "note": "Bổ sung kết quả quý II"},
    )
    report.refresh_from_db()
    assert report.review_state == ReviewState.RETURNED

    client.force_login(s["office_head"])
    _form(client, task, submit="1", version=report.version, result="Đã ban hành kế hoạch")
    form_page = client.get(reverse("report-edit", args=[task.pk, "2022-Q2"])).content.decode()
    assert "chờ duyệt bởi" not in form_page
    assert "Đã gửi lại sau khi bị trả lại" in form_page
    assert "Ý kiến lần trước: Bổ sung kết quả quý II" in form_page

    client.force_login(s["staff"])
    review_page = client.get(REVIEW, PLACE).content.decode()
    assert "Gửi lại sau khi bị trả lại" in review_page
    assert "Bổ sung kết quả quý II" in review_page
    report.refresh_from_db()
    client.post(reverse("review-accept", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert (report.review_state, report.result) == (ReviewState.ACCEPTED, "Đã ban hành kế hoạch")
    assert report.review_note == ""


def test_saving_a_draft_of_a_sent_report_asks_before_withdrawing_it(client, district_setup):
    s = district_setup
    [report] = _reports(s, 1)
    client.force_login(s["office_head"])

    asked = _form(client, report.task, save="1", version=report.version, result="Sửa lại")

    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Báo cáo đã gửi sẽ được rút về nháp" in html
    assert 'name="withdraw"' in html
    assert "Sửa lại" in html  # what was typed is kept
    report.refresh_from_db()
    assert (report.review_state, report.result) == (ReviewState.SUBMITTED, "")

    confirmed = _form(
        client, report.task, save="1", withdraw="1", version=report.version, result="Sửa lại"
    )

    assert confirmed.status_code == 302
    report.refresh_from_db()
    assert (report.review_state, report.result) == (ReviewState.DRAFT, "Sửa lại")
    assert _messages(confirmed) == ["Đã rút báo cáo về nháp; hãy gửi lại khi xong."]


def test_saving_a_draft_of_a_draft_does_not_ask(client, district_setup):
    s = district_setup
    [report] = _reports(s, 1, review_state=ReviewState.DRAFT)
    client.force_login(s["office_head"])

    response = _form(client, report.task, save="1", version=report.version, result="Thêm")

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.review_state, report.result) == (ReviewState.DRAFT, "Thêm")
