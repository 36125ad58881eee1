"""The PAR Index part of the permission matrix (docs/permissions.md, "PAR Index pages"), one test
per cell: role × URL → status code.

The world: province "tinh-mau" with districts A and B (conftest's `district_setup`) and a
published 2022 district-level criteria set with one area and two criteria; A's self-assessment
is a draft with an evidence file; B's is submitted (appraisal in progress); a draft set of the
same province waits for publication. Province "tinh-khac" has district C, its own published set
and C's submitted assessment. Roles: those of test_permissions.py, plus the Home Affairs staff
of the other province (`other_province`) and the head of a department of tinh-mau
(`department`, a province-level agency).

Status codes: 200 read, 302 after a write (or to the login page for anonymous visitors), 403 a
reader's write, 404 outside the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from indicators.par.models import (
    Assessment,
    AssessmentItem,
    AssessmentState,
    CriteriaSet,
    Criterion,
    Evidence,
    EvidenceKind,
    SetStatus,
)
from plans.access import GROUP_AGENCY, GROUP_PROVINCE
from plans.models import AgencyKind
from tests.factories import AgencyFactory, ProvinceFactory, UnitFactory, make_user

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "superuser",
    "staff",
    "leader",
    "office_head",
    "outsider",
    "province",
    "other_province",
    "department",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def expect(anonymous, superuser, staff, leader, office_head, outsider, province, other, dept):
    values = [anonymous, superuser, staff, leader, office_head, outsider, province, other, dept]
    return dict(zip(ROLES, values, strict=True))


@dataclass
class World:
    users: dict
    published: CriteriaSet
    draft: CriteriaSet
    other_set: CriteriaSet
    assessment_a: Assessment
    assessment_b: Assessment
    assessment_c: Assessment
    evidence_a: Evidence


def _set(province, *, published=True, version=1):
    criteria_set = CriteriaSet.objects.create(
        province=province, year=2022, level="district", version=version, title="Bộ tiêu chí 2022"
    )
    area = Criterion.objects.create(
        criteria_set=criteria_set, code="1", title="Lĩnh vực 1", level="area", order=1,
        rule="sum",
    )  # fmt: skip
    for order, code in enumerate(("1.1", "1.2"), start=2):
        Criterion.objects.create(
            criteria_set=criteria_set, parent=area, code=code, title=f"Tiêu chí {code}",
            level="criterion", order=order, max_score=Decimal(1), rule="yes_no",
        )  # fmt: skip
    if published:
        CriteriaSet.objects.filter(pk=criteria_set.pk).update(status=SetStatus.PUBLISHED)
        criteria_set.refresh_from_db()
    return criteria_set


def _assessment(criteria_set, unit, state):
    assessment = Assessment.objects.create(criteria_set=criteria_set, unit=unit, state=state)
    for criterion in criteria_set.criteria.exclude(rule="sum"):
        AssessmentItem.objects.create(
            assessment=assessment,
            criterion=criterion,
            self_score=None if state == AssessmentState.DRAFT else Decimal(1),
        )
    return assessment


@pytest.fixture
def world(district_setup, settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path
    s = district_setup
    province = s["unit"].parent
    district_b = UnitFactory(slug="huyen-b")
    published = _set(province)
    draft = _set(province, published=False, version=2)
    other_province = ProvinceFactory(slug="tinh-khac", name="Khác")
    district_c = UnitFactory(slug="huyen-c", name="C", parent=other_province)
    other_set = _set(other_province)
    assessment_a = _assessment(published, s["unit"], AssessmentState.DRAFT)
    item = assessment_a.items.first()
    evidence = Evidence(item=item, kind=EvidenceKind.FILE, title="Kế hoạch CCHC.pdf")
    evidence.file.save("ke-hoach.pdf", ContentFile(PDF), save=True)
    department = AgencyFactory(unit=province, name="Sở Tư pháp", kind=AgencyKind.OFFICE)
    users = {role: s.get(role) for role in ROLES if role in s}
    users["anonymous"] = None
    users["superuser"] = django_user_model.objects.create_superuser("quan-tri", password="x-S-1")
    users["province"] = make_user("tinh-mau-sonoivu", group=GROUP_PROVINCE, unit=province)
    users["other_province"] = make_user(
        "tinh-khac-sonoivu", group=GROUP_PROVINCE, unit=other_province
    )
    users["department"] = make_user("tinh-mau-so-tu-phap", group=GROUP_AGENCY, agency=department)
    return World(
        users=users,
        published=published,
        draft=draft,
        other_set=other_set,
        assessment_a=assessment_a,
        assessment_b=_assessment(published, district_b, AssessmentState.SUBMITTED),
        assessment_c=_assessment(other_set, district_c, AssessmentState.SUBMITTED),
        evidence_a=evidence,
    )


GET, POST = "get", "post"
NOBODY = lambda w: {}  # noqa: E731
# Everyone signed in.
SIGNED_IN = expect(302, 200, 200, 200, 200, 200, 200, 200, 200)
# A's assessment: its office staff and leaders, the province's Home Affairs staff.
A_READERS = expect(302, 200, 200, 200, 404, 404, 200, 404, 404)
# Writes on A's assessment: its office staff only; its leaders and the province read.
A_WRITERS = expect(302, 302, 302, 403, 404, 404, 403, 404, 404)
# The province's managers: its Home Affairs staff and superusers.
MANAGERS = expect(302, 200, 404, 404, 404, 404, 200, 404, 404)
MANAGERS_WRITE = expect(302, 302, 404, 404, 404, 404, 302, 404, 404)
# A published set of tinh-mau: read by the units of the province at its level.
SET_READERS = expect(302, 200, 200, 200, 404, 200, 200, 404, 404)


def _item_a(w):
    return w.assessment_a.items.order_by("criterion__order").first()


def _area(w):
    return w.published.criteria.get(code="1")


CASES = {
    # A district agency head has no PAR Index work (the district's office fills it in).
    "home": (
        GET,
        lambda w: reverse("par-home"),
        None,
        expect(302, 200, 200, 200, 403, 200, 200, 200, 200),
    ),
    "set": (GET, lambda w: reverse("par-set", args=[w.published.pk]), None, SET_READERS),
    "set-draft": (GET, lambda w: reverse("par-set", args=[w.draft.pk]), None, MANAGERS),
    "set-xlsx": (
        GET,
        lambda w: reverse("par-set-export", args=[w.published.pk]),
        None,
        SET_READERS,
    ),
    "set-template": (GET, lambda w: reverse("par-set-template"), None, SIGNED_IN),
    "set-import": (
        GET,
        lambda w: reverse("par-set-import"),
        None,
        expect(302, 200, 403, 403, 403, 403, 200, 200, 403),
    ),
    "set-publish": (
        POST,
        lambda w: reverse("par-set-publish", args=[w.draft.pk]),
        NOBODY,
        MANAGERS_WRITE,
    ),
    "set-new-version-of-published": (
        POST,
        lambda w: reverse("par-set-new-version", args=[w.other_set.pk]),
        NOBODY,
        expect(302, 302, 404, 404, 404, 404, 404, 302, 404),
    ),
    "assessment": (
        GET,
        lambda w: reverse("par-assessment", args=[w.assessment_a.pk]),
        None,
        A_READERS,
    ),
    "assessment-save": (
        POST,
        lambda w: reverse("par-assessment-save", args=[w.assessment_a.pk, _area(w).pk]),
        lambda w: {
            "version": str(w.assessment_a.version),
            f"item-{_item_a(w).pk}-self_score": "1",
            f"item-{_item_a(w).pk}-explanation": "Đã ban hành",
        },
        A_WRITERS,
    ),
    "accept-suggestions": (
        POST,
        lambda w: reverse("par-accept-suggestions", args=[w.assessment_a.pk]),
        lambda w: {"version": str(w.assessment_a.version)},
        A_WRITERS,
    ),
    "submit": (
        POST,
        lambda w: reverse("par-submit", args=[w.assessment_a.pk]),
        lambda w: {"version": str(w.assessment_a.version)},
        A_WRITERS,
    ),
    "assessment-xlsx": (
        GET,
        lambda w: reverse("par-assessment-xlsx", args=[w.assessment_a.pk]),
        None,
        A_READERS,
    ),
    "evidence-download": (
        GET,
        lambda w: reverse("par-evidence-download", args=[w.evidence_a.pk]),
        None,
        A_READERS,
    ),
    "evidence-remove": (
        POST,
        lambda w: reverse("par-evidence-remove", args=[w.evidence_a.pk]),
        NOBODY,
        A_WRITERS,
    ),
    "appraise": (
        GET,
        lambda w: reverse("par-appraise", args=[w.assessment_b.pk]),
        None,
        MANAGERS,
    ),
    "appraise-other-province": (
        GET,
        lambda w: reverse("par-appraise", args=[w.assessment_c.pk]),
        None,
        expect(302, 200, 404, 404, 404, 404, 404, 200, 404),
    ),
    "return": (
        POST,
        lambda w: reverse("par-return", args=[w.assessment_b.pk]),
        lambda w: {"version": str(w.assessment_b.version), "note": "Bổ sung minh chứng"},
        MANAGERS_WRITE,
    ),
    "results-before-publication": (
        GET,
        lambda w: reverse("par-results", args=[w.published.pk]),
        None,
        MANAGERS,
    ),
    "results-xlsx-before-publication": (
        GET,
        lambda w: reverse("par-results-xlsx", args=[w.published.pk]),
        None,
        MANAGERS,
    ),
    "ranking-publish": (
        POST,
        lambda w: reverse("par-ranking-publish", args=[w.published.pk]),
        NOBODY,
        MANAGERS_WRITE,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(CASES))
def test_par_permission_matrix(client, world, case, role):
    method, url, data, expected = CASES[case]
    target = url(world)
    user = world.users[role]
    if user is not None:
        client.force_login(user)

    response = client.get(target) if method == GET else client.post(target, data(world))
    response.close()

    assert response.status_code == expected[role]
    if role == "anonymous":
        assert "login/?next=" in response.url
