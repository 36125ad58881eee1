"""The criteria-set workbook: export → import round trip, every error with its row and column,
the import target (draft replaced, new version after a published one, refused into an old
published one), confirm re-checks, and the import pages."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.par.models import PUBLISHED_SET_MESSAGE, CriteriaSet, Criterion, SetStatus
from indicators.par.set_columns import COLUMNS, SET_SHEET
from indicators.par.set_import import build_preview, confirm_import
from indicators.par.sets import CRITERION_FIELDS, new_version
from indicators.par.workbook import set_workbook
from tasks.spreadsheet import uploads
from tests.indicators.test_par_sets import CRITERIA, make_place, make_set

TITLES = [c.title for c in COLUMNS]
HEADER = [
    ("Tỉnh, thành phố", "tỉnh Mẫu"),
    ("Năm đánh giá", 2026),
    ("Cấp đơn vị được đánh giá", "Cấp xã"),
    ("Tên bộ tiêu chí", "Bộ tiêu chí cấp xã 2026"),
]
# STT, Nội dung, Cấp, Điểm tối đa, Cách chấm, Các mức điểm, Điểm trừ mỗi lần, …
ROWS = [
    ["1", "Công tác chỉ đạo, điều hành", "Lĩnh vực", 10],
    ["1.1", "Ban hành kế hoạch", "Tiêu chí", 4],
    ["1.2", "Thực hiện kế hoạch", "Tiêu chí", 6, None, "6; 3; 0"],
    ["1.2.1", "Báo cáo", None, None, "Trừ điểm theo số lần vi phạm", None, "0,5"],
]
FIRST_ROW = len(HEADER) + 3  # the header block, an empty row, the column titles


@pytest.fixture
def place(db):
    return make_place()


@pytest.fixture(autouse=True)
def upload_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx(rows=ROWS, header=HEADER, titles=TITLES) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = SET_SHEET
    for label, value in header:
        ws.append([label, value])
    ws.append([])
    ws.append(titles)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _values(criteria_set):
    rows = criteria_set.criteria.select_related("parent").order_by("order")
    return [
        {**{f: getattr(c, f) for f in CRITERION_FIELDS}, "parent": c.parent and c.parent.code}
        for c in rows
    ]


# --------------------------------------------------------------------------- round trip


def test_export_then_import_gives_the_same_criteria_field_by_field(place):
    rows = [
        *CRITERIA[:6],
        ("2.1", "=SUM(A1:A9) là văn bản", "criterion", "5", "percent", {"target": "+100%"}),
        ("2.2", "- Mức độ hài lòng", "criterion", "5", "survey", {"evidence_expected": "@a"}),
    ]
    published = make_set(
        place["province"],
        criteria=rows,
        status=SetStatus.PUBLISHED,
        source="Quyết định số 5/QĐ-UBND",
        grade_bands="Tốt: 80; Khá: 65; Yếu: 0",
        note="Áp dụng cho cấp xã",
    )
    Criterion.objects.filter(criteria_set=published, code="1.1").update(task_codes="1; 2.3")
    content = set_workbook(published)

    preview = build_preview(content, "bo.xlsx", place["province"], published)
    result = confirm_import(content, "bo.xlsx", place["province"], published, preview.fingerprint)

    assert preview.errors == []
    assert preview.counts == {"new": 0, "changed": 0, "unchanged": 8, "removed": 0}
    copy = result.result
    assert (copy.version, copy.status) == (2, SetStatus.DRAFT)
    assert _values(copy) == _values(published)
    header = ["title", "source", "grade_bands", "note", "year", "level", "province_id"]
    assert [getattr(copy, f) for f in header] == [getattr(published, f) for f in header]


def test_export_writes_formula_like_text_as_text_and_highlights_missing_maxima(place):
    rows = [
        ("1", "Lĩnh vực", "area", "", "sum", {}),
        ("1.1", "=1+1", "criterion", "", "yes_no", {}),
    ]
    content = set_workbook(make_set(place["province"], criteria=rows))

    ws = load_workbook(io.BytesIO(content))[SET_SHEET]
    title, maximum = ws.cell(row=FIRST_ROW + 4, column=2), ws.cell(row=FIRST_ROW + 4, column=4)
    assert (ws.cell(row=FIRST_ROW + 4, column=1).value, title.value) == ("1.1", "=1+1")
    assert (title.data_type, title.quotePrefix) == ("s", True)
    assert maximum.value is None
    assert maximum.fill.fgColor.rgb == "00FFE699"
    assert ws["A1"].value == "Tỉnh, thành phố"
    assert ws["B1"].value == "tỉnh Mẫu"


def test_the_empty_template_has_the_header_block_the_columns_and_a_guide(client, place):
    client.force_login(place["reader"])

    response = client.get(reverse("par-set-template"))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Bộ tiêu chí", "Hướng dẫn"]
    ws = workbook["Bộ tiêu chí"]
    assert [ws.cell(row=r, column=1).value for r in range(1, 8)] == [
        "Tỉnh, thành phố",
        "Năm đánh giá",
        "Cấp đơn vị được đánh giá",
        "Tên bộ tiêu chí",
        "Văn bản ban hành",
        "Xếp loại",
        "Ghi chú",
    ]
    assert [c.value for c in ws[9]] == TITLES
    assert response["Content-Disposition"] == (
        'attachment; filename="mau-bo-tieu-chi-chi-so-cchc.xlsx"'
    )


# --------------------------------------------------------------------------- target


def test_import_creates_the_first_version_when_there_is_no_set(place):
    content = xlsx()
    preview = build_preview(content, "a.xlsx", place["province"])

    done = confirm_import(content, "a.xlsx", place["province"], None, preview.fingerprint)

    created = done.result
    assert preview.action == "Tạo bộ tiêu chí mới (dự thảo)."
    assert (created.version, created.year, created.level, created.title) == (
        1,
        2026,
        "commune",
        "Bộ tiêu chí cấp xã 2026",
    )
    assert [
        (c["code"], c["parent"], c["level"], c["max_score"], c["rule"], c["steps"], c["deduction"])
        for c in _values(created)
    ] == [
        ("1", None, "area", Decimal("10.00"), "sum", "", None),
        ("1.1", "1", "criterion", Decimal("4.00"), "yes_no", "", None),
        ("1.2", "1", "criterion", Decimal("6.00"), "sum", "6; 3; 0", None),
        ("1.2.1", "1.2", "sub", None, "deduction", "", Decimal("0.50")),
    ]


def test_import_into_a_draft_replaces_its_criteria_and_counts_each_kind(place):
    draft = make_set(place["province"], title="Bộ cũ")
    rows = [
        ["1", "Công tác chỉ đạo, điều hành", "Lĩnh vực", 10, None, None, None, None, None, None,
         "Chỉ đạo, điều hành (gồm tuyên truyền, kiểm tra)"],
        ["1.1", "Ban hành kế hoạch CCHC năm", "Tiêu chí", 4],
        ["1.2", "Thực hiện kế hoạch", "Tiêu chí", 6],
        ["1.2.1", "Mức độ hoàn thành kế hoạch", "Tiêu chí thành phần", 3, "Theo mức điểm",
         "3; 1,5; 0"],
        ["1.2.2", "Báo cáo đúng hạn", "Tiêu chí thành phần", 3, "Đạt / không đạt"],
        ["1.3", "Tiêu chí mới", "Tiêu chí", None],
    ]  # fmt: skip

    preview = build_preview(xlsx(rows), "b.xlsx", place["province"])
    done = confirm_import(xlsx(rows), "b.xlsx", place["province"], None, preview.fingerprint)

    assert preview.errors == []
    assert preview.counts == {"new": 1, "changed": 1, "unchanged": 4, "removed": 3}
    changed = next(line for line in preview.lines if line.state == "changed")
    assert (changed.code, changed.changes) == (
        "1.2.2",
        [
            ("cách chấm", "Trừ điểm theo số lần vi phạm", "Đạt / không đạt (điểm tối đa hoặc 0)"),
            ("điểm trừ mỗi lần", "0,5", "—"),
        ],
    )
    assert [c.code for c in preview.removed] == ["2", "2.1", "2.2"]
    assert preview.header_changes == [("tên bộ tiêu chí", "Bộ cũ", "Bộ tiêu chí cấp xã 2026")]
    assert done.result.pk == draft.pk
    draft.refresh_from_db()
    assert draft.title == "Bộ tiêu chí cấp xã 2026"
    codes = list(draft.criteria.order_by("order").values_list("code", "max_score"))
    assert codes == [
        ("1", Decimal("10.00")),
        ("1.1", Decimal("4.00")),
        ("1.2", Decimal("6.00")),
        ("1.2.1", Decimal("3.00")),
        ("1.2.2", Decimal("3.00")),
        ("1.3", None),
    ]
    assert preview.publish_problems == ["Tiêu chí 1.3: chưa có điểm tối đa (cần bổ sung)."]


def test_import_after_a_published_version_makes_a_new_draft_version(place):
    published = make_set(place["province"], status=SetStatus.PUBLISHED)
    before = _values(published)
    content = xlsx()

    preview = build_preview(content, "c.xlsx", place["province"])
    done = confirm_import(content, "c.xlsx", place["province"], None, preview.fingerprint)

    assert preview.action == "Phiên bản 1 đã ban hành: tạo phiên bản mới 2 (dự thảo)."
    assert (done.result.version, done.result.status) == (2, SetStatus.DRAFT)
    assert _values(published) == before


def test_import_into_a_published_set_that_is_not_the_newest_is_refused(place):
    published = make_set(place["province"], status=SetStatus.PUBLISHED)
    new_version(published)

    preview = build_preview(xlsx(), "d.xlsx", place["province"], published)

    assert preview.errors == [f"{PUBLISHED_SET_MESSAGE} (Phiên bản mới nhất là 2.)"]
    assert CriteriaSet.objects.count() == 2


def test_confirm_writes_nothing_when_the_set_changed_after_the_preview(place):
    draft = make_set(place["province"])
    content = xlsx()
    preview = build_preview(content, "e.xlsx", place["province"])
    Criterion.objects.filter(criteria_set=draft, code="2.2").update(title="Sửa trong lúc chờ")

    done = confirm_import(content, "e.xlsx", place["province"], None, preview.fingerprint)

    assert done.stale is True
    assert done.result is None
    assert draft.criteria.count() == 8


def test_confirm_refuses_a_set_published_after_the_preview(place):
    from indicators.par.sets import publish_set

    draft = make_set(place["province"])
    content = xlsx()
    preview = build_preview(content, "f.xlsx", place["province"], draft)
    publish_set(draft)

    done = confirm_import(content, "f.xlsx", place["province"], draft, preview.fingerprint)

    assert done.stale is True  # a new preview: it would now make version 2
    assert done.result is None
    assert done.action == "Phiên bản 1 đã ban hành: tạo phiên bản mới 2 (dự thảo)."
    assert _values(draft)[7]["title"] == "Mức độ hài lòng của người dân"


# --------------------------------------------------------------------------- errors

ERROR_CASES = [
    (
        [["1", "A", None, 1], ["1", "B", None, 1]],
        [f"Dòng {FIRST_ROW + 1}, cột “STT”: số thứ tự 1 trùng với dòng {FIRST_ROW}."],
    ),
    (
        [["1", "A"], ["1.3.1", "B"]],
        [
            f"Dòng {FIRST_ROW + 1}, cột “STT”: không có dòng 1.3, dòng cha của tiêu chí 1.3.1 "
            "(dòng cha của “1.3.1” là “1.3”)."
        ],
    ),
    (
        [["1", "A", None, "mười"]],
        [f"Dòng {FIRST_ROW}, cột “Điểm tối đa”: “mười” không phải là số."],
    ),
    ([["1", "A", None, -2]], [f"Dòng {FIRST_ROW}, cột “Điểm tối đa”: -2 không được là số âm."]),
    (
        [["1", "A", None, "1,234"]],
        [f"Dòng {FIRST_ROW}, cột “Điểm tối đa”: 1,234 chỉ được lấy đến hai chữ số thập phân."],
    ),
    (
        [["1", "A", None, 1, "Tuỳ ý"]],
        [
            f"Dòng {FIRST_ROW}, cột “Cách chấm”: “Tuỳ ý” không phải là cách chấm (Cộng điểm các "
            "tiêu chí con; Đạt / không đạt (điểm tối đa hoặc 0); Theo tỷ lệ % đạt được; Theo mức "
            "điểm; Trừ điểm theo số lần vi phạm; Điều tra xã hội học (Sở Nội vụ nhập kết quả))."
        ],
    ),
    (
        [["1", "A", None, 1, "Theo mức điểm", "1; một nửa; 0"]],
        [f"Dòng {FIRST_ROW}, cột “Các mức điểm”: “1; một nửa; 0” có mức không phải là số."],
    ),
    (
        [["1", "A", None, 1, "Trừ điểm", None, 0]],
        [f"Dòng {FIRST_ROW}, cột “Điểm trừ mỗi lần”: phải lớn hơn 0."],
    ),
    (
        [["1", "A", "Nhóm"]],
        [
            f"Dòng {FIRST_ROW}, cột “Cấp”: “Nhóm” không phải là một cấp (Lĩnh vực, Tiêu chí, "
            "Tiêu chí thành phần)."
        ],
    ),
    (
        [["1", "A"], ["1.1", "B", "Lĩnh vực"]],
        [f"Dòng {FIRST_ROW + 1}, cột “Cấp”: 1.1 là lĩnh vực nên không được thuộc dòng 1."],
    ),
    (
        [["1", "A", None, 1, "Đạt / không đạt"], ["1.1", "B", None, 1]],
        [
            f"Dòng {FIRST_ROW}, cột “Cách chấm”: 1 có tiêu chí con nên được tính bằng tổng các "
            "tiêu chí con; để trống cột này."
        ],
    ),
    (
        [["1", "A", None, 1, "Cộng điểm các tiêu chí con"]],
        [
            f"Dòng {FIRST_ROW}, cột “Cách chấm”: 1 không có tiêu chí con nên không tính bằng "
            "tổng được."
        ],
    ),
    (
        [["1", "A", None, None, None, None, None, None, None, None, "Ngoại giao"]],
        [f"Dòng {FIRST_ROW}, cột “Lĩnh vực CCHC”: không có lĩnh vực CCHC “Ngoại giao”."],
    ),
    (
        [["1", "A"], ["1.1", "B", None, None, None, None, None, None, None, None, "the-che"]],
        [f"Dòng {FIRST_ROW + 1}, cột “Lĩnh vực CCHC”: chỉ ghi ở dòng lĩnh vực."],
    ),
    (
        [["1-2", "A"]],
        [f"Dòng {FIRST_ROW}, cột “STT”: số thứ tự “1-2” không đúng dạng (ví dụ 1, 1.3, 1.3.1)."],
    ),
    ([[None, "A"]], [f"Dòng {FIRST_ROW}, cột “STT”: thiếu số thứ tự."]),
    ([["1", None, None, 1]], [f"Dòng {FIRST_ROW}, cột “Nội dung”: thiếu nội dung của tiêu chí 1."]),
]


@pytest.mark.parametrize(("rows", "errors"), ERROR_CASES)
def test_every_row_error_names_its_row_and_column(place, rows, errors):
    preview = build_preview(xlsx(rows), "loi.xlsx", place["province"])

    assert preview.errors == errors


HEADER_CASES = [
    (
        [("Tỉnh, thành phố", "Hà Nội"), *HEADER[1:]],
        ["Dòng 1, mục “Tỉnh, thành phố”: tệp ghi “Hà Nội”, khác tỉnh đang nhập (tỉnh Mẫu)."],
    ),
    (
        [HEADER[0], ("Năm đánh giá", "năm nay"), *HEADER[2:]],
        ["Dòng 2, mục “Năm đánh giá”: “năm nay” không phải là năm (2000–2100)."],
    ),
    (
        [*HEADER[:2], ("Cấp đơn vị được đánh giá", "Cấp thôn"), HEADER[3]],
        [
            "Dòng 3, mục “Cấp đơn vị được đánh giá”: “Cấp thôn” không phải là một cấp (Sở, ban, "
            "ngành cấp tỉnh, Cấp huyện, Cấp xã)."
        ],
    ),
    (HEADER[:3], ["Mục “Tên bộ tiêu chí”: thiếu tên bộ tiêu chí."]),
    (
        [*HEADER, ("Xếp loại", "Tốt: 120")],
        ["Dòng 5, mục “Xếp loại”: Tỷ lệ của mức “Tốt” phải là số từ 0 đến 100."],
    ),
]


@pytest.mark.parametrize(("header", "errors"), HEADER_CASES)
def test_every_header_error_names_its_row(place, header, errors):
    preview = build_preview(xlsx(header=header), "loi.xlsx", place["province"])

    assert preview.errors == errors


def test_file_level_problems_are_refused_before_any_row(place):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Năm đánh giá", "=2020+6"])
    ws.append(["STT", "Nội dung"])
    ws.append(["1", "A"])
    ws.merge_cells("B3:C3")
    buffer = io.BytesIO()
    workbook.save(buffer)

    formula_and_merge = build_preview(buffer.getvalue(), "x.xlsx", place["province"])
    no_title = build_preview(xlsx(titles=["STT", "Điểm"]), "y.xlsx", place["province"])
    not_xlsx = build_preview(b"STT;Noi dung\n1;A\n", "z.csv", place["province"])

    assert formula_and_merge.errors == [
        "Ô gộp B3:C3: hãy bỏ gộp ô (Merge & Center) và ghi nội dung vào từng ô.",
        "Dòng 1, cột B: ô chứa công thức. Hãy dán giá trị (Paste Values) thay cho công thức.",
    ]
    assert no_title.errors == ["Dòng 6: thiếu cột bắt buộc “Nội dung”."]
    assert not_xlsx.errors[0].startswith("Tệp không phải là bảng tính Excel (.xlsx)")


def test_a_file_with_more_criteria_than_the_limit_is_refused(place):
    rows = [[str(n), f"Tiêu chí {n}", None, 1] for n in range(1, 1031)]

    preview = build_preview(xlsx(rows), "lon.xlsx", place["province"])

    assert preview.errors == ["Tệp có 1030 dòng tiêu chí, vượt giới hạn 1000 dòng."]


def test_a_file_with_any_error_writes_nothing(place):
    draft = make_set(place["province"])
    before = _values(draft)
    rows = [*ROWS, ["2", "Lĩnh vực mới", None, "x"]]
    preview = build_preview(xlsx(rows), "g.xlsx", place["province"])

    done = confirm_import(xlsx(rows), "g.xlsx", place["province"], None, preview.fingerprint)

    assert done.errors == [f"Dòng {FIRST_ROW + 4}, cột “Điểm tối đa”: “x” không phải là số."]
    assert done.result is None
    assert _values(draft) == before
    assert CriteriaSet.objects.count() == 1


# --------------------------------------------------------------------------- pages


def _upload(client, content, **data):
    upload = io.BytesIO(content)
    upload.name = "bo-tieu-chi.xlsx"
    return client.post(reverse("par-set-import"), {"import_file": upload, **data})


def test_import_page_preview_then_confirm(client, place):
    client.force_login(place["staff"])

    preview = _upload(client, xlsx(), province=place["other"].pk)  # fixed to their province
    token = preview.context["token"]
    done = client.post(reverse("par-set-import"), {"token": token})
    again = client.post(reverse("par-set-import"), {"token": token}, follow=True)

    created = CriteriaSet.objects.get()
    assert "Tạo bộ tiêu chí mới (dự thảo)." in preview.content.decode()
    assert preview.context["preview"].counts == {
        "new": 4,
        "changed": 0,
        "unchanged": 0,
        "removed": 0,
    }
    assert created.province == place["province"]
    assert done.url == reverse("par-set", args=[created.pk])
    assert [str(m) for m in again.context["messages"]] == [
        f"Đã nhập bo-tieu-chi.xlsx vào {created}: 4 tiêu chí mới, 0 thay đổi, 0 không đổi, "
        "0 bị bỏ.",
        uploads.GONE,
    ]
    assert created.criteria.count() == 4


def test_import_page_shows_errors_and_offers_no_confirm(client, place):
    client.force_login(place["superuser"])

    response = _upload(client, xlsx([["1", "A", None, "x"]]), province=place["province"].pk)

    page = response.content.decode()
    assert response.context["token"] == ""
    assert f"Dòng {FIRST_ROW}, cột “Điểm tối đa”: “x” không phải là số." in page
    assert 'name="token"' not in page
    assert CriteriaSet.objects.count() == 0


def test_import_of_a_chosen_set_of_another_year_is_refused(client, place):
    draft = make_set(place["province"], year=2025)
    client.force_login(place["staff"])

    response = _upload(client, xlsx(), criteria_set=draft.pk)

    assert response.context["preview"].errors == [
        f"Tệp là bộ tiêu chí năm 2026, cấp xã; không phải của bộ tiêu chí đang chọn ({draft}, "
        "năm 2025, cấp xã)."
    ]
