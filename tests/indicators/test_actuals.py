"""Indicator actuals: the selector, the save service, the targets page and the save URL."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from indicators.models import Comparator, IndicatorActual, Unit
from indicators.selectors import agency_indicator_rows, indicator_rows
from indicators.services import actual_save
from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE
from plans.models import Plan, PlanKind, UserProfile
from plans.periods import Period
from tests.factories import AgencyFactory, IndicatorFactory, PlanFactory

pytestmark = pytest.mark.django_db

Q1, Q2, Q3 = Period(2022, 1), Period(2022, 2), Period(2022, 3)


def make_user(django_user_model, username, group=None, *, unit=None, agency=None):
    user = django_user_model.objects.create_user(username=username, password="mat-khau-123")
    if group:
        user.groups.add(Group.objects.get(name=group))
    UserProfile.objects.create(user=user, unit=unit, agency=agency)
    return user


def actual(indicator, period, value, **kwargs):
    return IndicatorActual.objects.create(
        indicator=indicator,
        year=period.year,
        quarter=period.quarter,
        value=Decimal(value),
        **kwargs,
    )


@pytest.fixture
def plan():
    return PlanFactory(slug="thanh-oai-2022", title="Kế hoạch CCHC huyện Mẫu năm 2022")


@pytest.fixture
def agency(plan):
    return AgencyFactory(unit=plan.unit, name="Văn phòng HĐND và UBND huyện")


@pytest.fixture
def sipas(plan, agency):
    return IndicatorFactory(plan=plan, code="1", order=1, responsible=agency)


@pytest.fixture
def office(django_user_model, plan):
    return make_user(django_user_model, "noivu", GROUP_OFFICE, unit=plan.unit)


@pytest.fixture
def leader(django_user_model, plan):
    return make_user(django_user_model, "lanhdao", GROUP_LEADER, unit=plan.unit)


@pytest.fixture
def agency_head(django_user_model, agency):
    return make_user(django_user_model, "vanphong", GROUP_AGENCY, unit=agency.unit, agency=agency)


@pytest.fixture
def other_agency_head(django_user_model, plan):
    other = AgencyFactory(unit=plan.unit, name="Phòng Tư pháp")
    return make_user(django_user_model, "tuphap", GROUP_AGENCY, unit=plan.unit, agency=other)


@pytest.fixture
def outside_office(django_user_model):
    return make_user(django_user_model, "noivu-khac", GROUP_OFFICE, unit=PlanFactory().unit)


def targets_url(plan, period="2022-Q2"):
    return reverse("plan-targets", args=[plan.slug, period])


def save_url(plan, indicator, period="2022-Q2"):
    return reverse("plan-target-save", args=[plan.slug, period, indicator.pk])


@pytest.fixture
def scenario(plan):
    """Six targets of a 2022 plan with actuals in several quarters."""
    gte = IndicatorFactory(plan=plan, code="1", order=1, subject="SIPAS")
    gt = IndicatorFactory(
        plan=plan, code="2", order=2, subject="Hài lòng", comparator=Comparator.GT, target_value=86
    )
    eq = IndicatorFactory(
        plan=plan,
        code="3",
        order=3,
        subject="PAR Index",
        unit=Unit.POINTS,
        comparator=Comparator.EQ,
        target_value=Decimal("9.5"),
        max_value=Decimal("9.5"),
    )
    top = IndicatorFactory(
        plan=plan,
        code="4",
        order=4,
        subject="Xếp hạng",
        unit=Unit.RANK,
        comparator=Comparator.TOP,
        target_value=5,
    )
    increase = IndicatorFactory(
        plan=plan,
        code="5",
        order=5,
        subject="Chỉ số CCHC",
        unit=Unit.POINTS,
        comparator=Comparator.INCREASE,
        target_value=None,
    )
    text = IndicatorFactory(
        plan=plan,
        code="6",
        order=6,
        statement="Nâng cao chất lượng phục vụ",
        subject="",
        unit=Unit.TEXT,
        comparator=Comparator.TEXT,
        target_value=None,
    )
    actual(gte, Q1, "85", source="Báo cáo 15/BC-UBND")
    actual(gte, Q2, "92.5", source="Báo cáo 30/BC-UBND", note="Khảo sát 300 phiếu")
    actual(gt, Q1, "86")
    actual(top, Q3, "3")  # after Q2: not seen at Q2
    actual(increase, Q1, "80")
    actual(increase, Q2, "81.25")
    actual(text, Q2, "1")
    return [gte, gt, eq, top, increase, text]


def summary(rows):
    return [
        (
            r.indicator.display_code,
            r.target_label,
            r.latest_label,
            r.latest_period.slug if r.latest_period else None,
            r.met_label,
        )
        for r in rows
    ]


# --- selector ------------------------------------------------------------------------------


def test_indicator_rows_take_the_latest_actual_at_or_before_the_period(plan, scenario):
    assert summary(indicator_rows(plan, Q2)) == [
        ("1", "≥ 90%", "92,5%", "2022-Q2", "Đạt"),
        ("2", "> 86%", "86%", "2022-Q1", "Chưa đạt"),
        ("3", "9,5/9,5 điểm", "", None, "Chưa đánh giá được"),
        ("4", "Trong nhóm 5 đứng đầu", "", None, "Chưa đánh giá được"),
        ("5", "Tăng so với năm trước", "81,25 điểm", "2022-Q2", "Đạt"),
        ("6", "Nâng cao chất lượng phục vụ", "1", "2022-Q2", "Chưa đánh giá được"),
    ]


def test_indicator_rows_at_an_earlier_period_ignore_later_actuals(plan, scenario):
    rows = indicator_rows(plan, Q1)

    assert [(r.latest_label, r.met_label) for r in rows[:5]] == [
        ("85%", "Chưa đạt"),
        ("86%", "Chưa đạt"),
        ("", "Chưa đánh giá được"),
        ("", "Chưa đánh giá được"),
        ("80 điểm", "Chưa đánh giá được"),  # increase with no baseline and nothing before
    ]


def test_indicator_rows_previous_actual_and_period_actual(plan, scenario):
    rows = indicator_rows(plan, Q3)

    assert [
        (
            r.previous.value if r.previous else None,
            r.period_actual.value if r.period_actual else None,
        )
        for r in rows
    ] == [
        (Decimal("85"), None),
        (None, None),
        (None, None),
        (None, Decimal("3")),
        (Decimal("80"), None),
        (None, None),
    ]


def test_indicator_rows_count_an_earlier_year_of_a_multi_year_plan():
    plan = PlanFactory(kind=PlanKind.MULTI_YEAR, start_year=2023, end_year=2025)
    indicator = IndicatorFactory(plan=plan)
    actual(indicator, Period(2023, 4), "91")
    actual(indicator, Period(2024, 2), "88")

    rows = indicator_rows(plan, Period(2024, 1))

    assert (rows[0].latest_period, rows[0].latest_label, rows[0].met_label) == (
        Period(2023, 4),
        "91%",
        "Đạt",
    )


REDUCTION_STATEMENT = (
    "Đến năm 2025, giảm 10% chi trực tiếp ngân sách nhà nước cho các đơn vị sự nghiệp công lập "
    "của huyện so với năm 2021."
)


@pytest.fixture
def reduction():
    """Tuy Phước's 6.c target: a 2023–2025 plan, base year 2021 read from the statement."""
    plan = PlanFactory(kind=PlanKind.MULTI_YEAR, start_year=2023, end_year=2025)
    return IndicatorFactory(
        plan=plan,
        statement=REDUCTION_STATEMENT,
        subject="Tài chính công",
        unit=Unit.COUNT,
        comparator=Comparator.REDUCTION,
        target_value=10,
    )


def test_reduction_takes_its_base_year_from_the_statement_when_saved(reduction):
    reduction.refresh_from_db()

    assert reduction.base_year == 2021


def test_reduction_keeps_a_base_year_set_by_hand_and_rejects_an_impossible_one(reduction):
    reduction.base_year = 2020
    reduction.save()
    reduction.refresh_from_db()
    assert reduction.base_year == 2020

    reduction.base_year = 202
    with pytest.raises(ValidationError, match=r"Năm gốc phải là một năm từ 1900 đến 2100\."):
        reduction.full_clean()


def test_reduction_without_a_base_year_value_is_not_judged_and_says_why(reduction):
    actual(reduction, Period(2025, 4), "850")

    row = indicator_rows(reduction.plan, Period(2025, 4))[0]

    assert (row.target_label, row.latest_label, row.met, row.met_label) == (
        "Giảm ≥ 10% so với năm 2021",
        "850",
        None,
        "Chưa đánh giá được (chưa có số liệu năm 2021 để so sánh)",
    )


@pytest.mark.parametrize(
    ("value", "met", "label"), [("900", True, "Đạt"), ("901", False, "Chưa đạt")]
)
def test_reduction_is_judged_against_the_base_years_actual(reduction, value, met, label):
    # A base-year value recorded outside the plan's years (e.g. in the admin).
    actual(reduction, Period(2021, 2), "1200")
    actual(reduction, Period(2021, 4), "1000")
    actual(reduction, Period(2025, 4), value)

    row = indicator_rows(reduction.plan, Period(2025, 4))[0]

    assert (row.met, row.met_label) == (met, label)


def test_reduction_is_judged_against_its_baseline_first(reduction):
    reduction.baseline = Decimal("950")
    reduction.save()
    actual(reduction, Period(2021, 4), "1000")
    actual(reduction, Period(2024, 4), "900")

    row = indicator_rows(reduction.plan, Period(2024, 4))[0]

    assert (row.target_label, row.met_label) == (
        "Giảm ≥ 10% so với năm 2021 (cơ sở: 950)",
        "Chưa đạt",
    )


def test_reduction_with_only_the_base_years_value_is_not_judged(reduction):
    actual(reduction, Period(2021, 4), "1000")

    row = indicator_rows(reduction.plan, Period(2023, 1))[0]

    assert (row.latest_label, row.met_label) == ("1.000", "Chưa đánh giá được")


def test_indicator_rows_follow_the_plan_order(plan):
    IndicatorFactory(plan=plan, code="2", order=2)
    IndicatorFactory(plan=plan, code="1", order=1, part=2, clause="vế hai")
    IndicatorFactory(plan=plan, code="1", order=1, part=1, clause="vế một")

    assert [r.indicator.display_code for r in indicator_rows(plan, Q1)] == ["1.1", "1.2", "2"]


def test_agency_indicator_rows_list_only_the_agency_targets_in_the_period_year(plan, sipas, agency):
    IndicatorFactory(plan=plan, code="2", order=2)  # no responsible agency
    later = PlanFactory(unit=plan.unit, start_year=2023, end_year=2023)
    IndicatorFactory(plan=later, responsible=agency)

    rows = agency_indicator_rows(agency, Q2)

    assert [r.indicator for r in rows] == [sipas]


# --- service -------------------------------------------------------------------------------


def test_actual_save_by_office_creates_then_updates_one_row(office, sipas):
    first = actual_save(user=office, indicator=sipas, period=Q2, value="91", note="", source="")
    second = actual_save(
        user=office, indicator=sipas, period=Q2, value="9,5", note=" Ghi chú ", source="BC 1"
    )

    assert first.pk == second.pk
    assert list(
        IndicatorActual.objects.values_list("year", "quarter", "value", "note", "source")
    ) == [(2022, 2, Decimal("9.50"), "Ghi chú", "BC 1")]
    assert IndicatorActual.objects.get().entered_by == office


def test_actual_save_by_responsible_agency_head(agency_head, sipas):
    saved = actual_save(user=agency_head, indicator=sipas, period=Q1, value=95)

    assert (saved.value, saved.entered_by) == (Decimal("95"), agency_head)


def test_actual_save_by_superuser(admin_user, sipas):
    assert actual_save(user=admin_user, indicator=sipas, period=Q1, value="95").value == 95


@pytest.mark.parametrize(
    ("user_fixture", "error"),
    [
        ("leader", PermissionDenied),
        ("other_agency_head", Http404),
        ("outside_office", Http404),
    ],
)
def test_actual_save_refused(request, sipas, user_fixture, error):
    user = request.getfixturevalue(user_fixture)

    with pytest.raises(error):
        actual_save(user=user, indicator=sipas, period=Q1, value="95")

    assert IndicatorActual.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"value": ""}, {"value": ["Vui lòng nhập giá trị đạt được."]}),
        ({"value": None}, {"value": ["Vui lòng nhập giá trị đạt được."]}),
        ({"value": "-1"}, {"value": ["Giá trị không được là số âm."]}),
        ({"value": "100.01"}, {"value": ["Tỷ lệ phần trăm không được lớn hơn 100%."]}),
        ({"value": "khoảng 90"}, {"value": ["Giá trị phải là một số, ví dụ 95 hoặc 9,5."]}),
        ({"value": "NaN"}, {"value": ["Giá trị phải là một số, ví dụ 95 hoặc 9,5."]}),
        ({"value": "90.125"}, {"value": ["Giá trị chỉ được có tối đa 2 chữ số thập phân."]}),
        ({"note": "x" * 2001}, {"note": ["Ghi chú tối đa 2000 ký tự (hiện có 2001)."]}),
        ({"source": "x" * 256}, {"source": ["Nguồn số liệu tối đa 255 ký tự (hiện có 256)."]}),
        (
            {"period": Period(2023, 1)},
            {"__all__": ["Kỳ báo cáo phải thuộc thời gian của kế hoạch (2022)."]},
        ),
    ],
)
def test_actual_save_rejects_bad_input_and_saves_nothing(office, sipas, values, errors):
    arguments = {"value": "90", "note": "", "source": "", "period": Q1} | values

    with pytest.raises(ValidationError) as exc:
        actual_save(user=office, indicator=sipas, **arguments)

    assert exc.value.message_dict == errors
    assert IndicatorActual.objects.count() == 0


def test_actual_save_allows_more_than_100_for_counts(office, plan):
    count = IndicatorFactory(plan=plan, unit=Unit.COUNT, target_value=30)

    assert actual_save(user=office, indicator=count, period=Q1, value="120").value == 120


def test_actual_save_keeps_the_previous_value_on_error(office, sipas):
    actual(sipas, Q1, "80")

    with pytest.raises(ValidationError):
        actual_save(user=office, indicator=sipas, period=Q1, value="-5")

    assert IndicatorActual.objects.get().value == Decimal("80")


# --- pages ---------------------------------------------------------------------------------


def test_targets_page_shows_exact_values_for_staff(client, office, plan, scenario):
    client.force_login(office)

    response = client.get(targets_url(plan))

    assert response.status_code == 200
    rows = [row for row, _ in response.context["entries"]]
    assert summary(rows)[0] == ("1", "≥ 90%", "92,5%", "2022-Q2", "Đạt")
    assert (
        response.context["met_count"],
        response.context["unmet_count"],
        response.context["unknown_count"],
    ) == (2, 1, 3)
    assert [p.slug for p in response.context["periods"]] == [
        "2022-Q1",
        "2022-Q2",
        "2022-Q3",
        "2022-Q4",
    ]
    html = response.text
    assert "<strong>92,5%</strong> <small>(Quý II/2022)</small>" in html
    assert "Nguồn: Báo cáo 30/BC-UBND" in html
    assert '<span class="badge unmet">Chưa đạt</span>' in html
    assert "9,5/9,5 điểm" in html
    # the entry form of row 1 starts from the Q2 value, as typed
    assert 'name="value" value="92,5"' in html
    assert f'action="{save_url(plan, scenario[0])}"' in html


def test_targets_page_is_read_only_for_leaders(client, leader, plan, scenario):
    client.force_login(leader)

    response = client.get(targets_url(plan))

    assert response.status_code == 200
    assert response.context["editable"] is False
    assert 'name="value"' not in response.text


@pytest.mark.parametrize("user_fixture", ["agency_head", "outside_office"])
def test_targets_page_is_404_outside_staff_and_leaders(request, client, plan, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    assert client.get(targets_url(plan)).status_code == 404


def test_targets_page_requires_login(client, plan):
    response = client.get(targets_url(plan))

    assert (response.status_code, response.url) == (
        302,
        f"/accounts/login/?next={targets_url(plan)}",
    )


@pytest.mark.parametrize(
    ("slug", "period"),
    [("khong-co", "2022-Q2"), ("thanh-oai-2022", "2022-Q5"), ("thanh-oai-2022", "2023-Q1")],
)
def test_targets_page_404_for_unknown_plan_or_period(client, office, plan, slug, period):
    client.force_login(office)

    assert client.get(f"/plans/{slug}/targets/{period}/").status_code == 404


def test_targets_current_redirects_to_a_plan_period(client, office, plan):
    client.force_login(office)

    response = client.get(reverse("plan-targets-current", args=[plan.slug]))

    assert response.status_code == 302
    assert response.url in [targets_url(plan, p) for p in ("2022-Q1", "2022-Q4")]


@pytest.mark.parametrize("count", [1, 8])
def test_targets_page_query_count_does_not_grow(
    client, office, plan, django_assert_max_num_queries, count
):
    for n in range(count):
        indicator = IndicatorFactory(plan=plan, responsible=AgencyFactory(unit=plan.unit))
        actual(indicator, Q1, str(80 + n))
        actual(indicator, Q2, str(81 + n))
    client.force_login(office)

    with django_assert_max_num_queries(8):
        response = client.get(targets_url(plan))

    assert len(response.context["entries"]) == count


# --- saving through the URL ----------------------------------------------------------------


def test_staff_save_redirects_back_with_message(client, office, plan, sipas):
    client.force_login(office)

    response = client.post(
        save_url(plan, sipas), {"value": "92,5", "note": "Khảo sát", "source": "BC 30"}
    )

    assert response.status_code == 302
    assert response.url == f"{targets_url(plan)}#chi-tieu-{sipas.pk}"
    assert list(
        IndicatorActual.objects.values_list("year", "quarter", "value", "note", "source")
    ) == [(2022, 2, Decimal("92.50"), "Khảo sát", "BC 30")]
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [
        "Đã lưu kết quả chỉ tiêu 1 kỳ Quý II/2022: 92,5%."
    ]


def test_leader_save_is_403(client, leader, plan, sipas):
    client.force_login(leader)

    response = client.post(save_url(plan, sipas), {"value": "92"})

    assert response.status_code == 403
    assert IndicatorActual.objects.count() == 0


@pytest.mark.parametrize("user_fixture", ["other_agency_head", "outside_office"])
def test_save_outside_scope_is_404(request, client, plan, sipas, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.post(save_url(plan, sipas), {"value": "92"})

    assert response.status_code == 404
    assert IndicatorActual.objects.count() == 0


def test_responsible_agency_head_saves_and_returns_to_next(client, agency_head, plan, sipas):
    client.force_login(agency_head)

    response = client.post(
        save_url(plan, sipas), {"value": "95", "note": "", "source": "", "next": "/portal/?k=1"}
    )

    assert (response.status_code, response.url) == (302, f"/portal/?k=1#chi-tieu-{sipas.pk}")
    assert IndicatorActual.objects.get().entered_by == agency_head


def test_agency_head_save_ignores_an_offsite_next(client, agency_head, plan, sipas):
    client.force_login(agency_head)

    response = client.post(save_url(plan, sipas), {"value": "95", "next": "https://evil.example/"})

    assert response.url == "/"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-3", "Giá trị không được là số âm."),
        ("120", "Tỷ lệ phần trăm không được lớn hơn 100%."),
        ("chín mươi", "Giá trị phải là một số, ví dụ 95 hoặc 9,5."),
        ("", "Vui lòng nhập giá trị đạt được."),
    ],
)
def test_staff_bad_input_rerenders_with_error_and_keeps_input(
    client, office, plan, sipas, value, message
):
    client.force_login(office)

    response = client.post(
        save_url(plan, sipas), {"value": value, "note": "Ghi chú giữ lại", "source": "BC 9"}
    )

    assert response.status_code == 200
    if value:
        assert f'name="value" value="{value}"' in response.text
    form = next(f for row, f in response.context["entries"] if row.indicator == sipas)
    assert form.errors == {"value": [message]}
    assert form["value"].value() == value
    assert f'<span class="error">{message}</span>' in response.text
    assert "Ghi chú giữ lại</textarea>" in response.text
    assert 'value="BC 9"' in response.text
    assert IndicatorActual.objects.count() == 0


def test_agency_head_bad_input_shows_the_single_form(client, agency_head, plan, sipas):
    client.force_login(agency_head)

    response = client.post(
        save_url(plan, sipas), {"value": "150", "source": "BC 9", "next": "/portal/"}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "indicators/actual_form.html"
    assert response.context["form"].errors == {
        "value": ["Tỷ lệ phần trăm không được lớn hơn 100%."]
    }
    assert 'value="150"' in response.text
    assert 'name="next" value="/portal/"' in response.text
    assert IndicatorActual.objects.count() == 0


def test_save_outside_the_plan_years_explains_why(client, office, plan, sipas):
    client.force_login(office)

    response = client.post(save_url(plan, sipas, "2023-Q1"), {"value": "90"})

    assert response.status_code == 200
    assert "Kỳ báo cáo phải thuộc thời gian của kế hoạch (2022)." in response.text
    assert IndicatorActual.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "/plans/thanh-oai-2022/targets/2022-Q5/{pk}/",
        "/plans/khong-co/targets/2022-Q2/{pk}/",
        "/plans/thanh-oai-2022/targets/2022-Q2/999999/",
    ],
)
def test_save_404_for_malformed_period_or_unknown_plan(client, office, plan, sipas, url):
    client.force_login(office)

    response = client.post(url.format(pk=sipas.pk), {"value": "90"})

    assert response.status_code == 404
    assert IndicatorActual.objects.count() == 0


def test_save_url_accepts_only_post(client, office, plan, sipas):
    client.force_login(office)

    assert client.get(save_url(plan, sipas)).status_code == 405


# --- portal partial and admin --------------------------------------------------------------


def test_agency_partial_renders_rows_with_their_forms(agency_head, agency, plan, sipas):
    actual(sipas, Q2, "88.5", source="BC 12", note="Đợt 1")
    request = RequestFactory().get("/portal/?period=2022-Q2")
    request.user = agency_head

    html = render_to_string(
        "indicators/_agency_targets.html",
        {"target_rows": agency_indicator_rows(agency, Q2), "period": Q2},
        request=request,
    )

    assert f'action="{save_url(plan, sipas)}"' in html
    assert 'name="next" value="/portal/?period=2022-Q2"' in html
    assert f'name="value" id="at-value-{sipas.pk}" value="88,5"' in html
    assert ">Đợt 1</textarea>" in html
    assert '<span class="badge unmet">Chưa đạt</span>' in html


def test_admin_actual_pages_render(admin_client, sipas):
    row = actual(sipas, Q1, "80")

    pages = [
        reverse("admin:indicators_indicatoractual_changelist"),
        reverse("admin:indicators_indicatoractual_add"),
        reverse("admin:indicators_indicatoractual_change", args=[row.pk]),
        reverse("admin:indicators_indicator_change", args=[sipas.pk]),
    ]

    assert [admin_client.get(url).status_code for url in pages] == [200, 200, 200, 200]


def test_admin_records_who_entered_an_actual(admin_client, admin_user, sipas):
    response = admin_client.post(
        reverse("admin:indicators_indicatoractual_add"),
        {
            "indicator": sipas.pk,
            "year": 2022,
            "quarter": 3,
            "value": "93",
            "note": "",
            "source": "",
        },
    )

    assert response.status_code == 302
    assert IndicatorActual.objects.get().entered_by == admin_user


def test_targets_page_renders_every_seed_plan(admin_client, loaded_plans):
    for seed in Plan.objects.all():
        response = admin_client.get(targets_url(seed, f"{seed.start_year}-Q4"))

        assert response.status_code == 200, seed.slug
        assert all(row.target_label for row, _ in response.context["entries"]), seed.slug
