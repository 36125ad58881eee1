import pytest

from plans.agency_names import AgencyIndex, match_agency, normalize_agency_name

AGENCIES = [
    {"name": "Văn phòng HĐND và UBND huyện", "aliases": ["Văn phòng huyện"]},
    {"name": "Phòng Tài chính - Kế hoạch", "aliases": ["Phòng TC-KH"]},
    {"name": "Phòng Văn hóa và Thông tin", "aliases": []},
    {"name": "Phòng Nội vụ, Lao động - Thương binh và Xã hội huyện", "aliases": []},
    {"name": "UBND các xã, thị trấn", "aliases": ["các xã, thị trấn"]},
    {"name": "Các cơ quan, đơn vị", "aliases": []},
    {"name": "Ủy ban nhân dân huyện", "aliases": []},
]


@pytest.mark.parametrize(
    ("written", "expected", "via"),
    [
        # Every variant listed in docs/domain.md, "Agency names".
        ("Văn phòng HĐND và UBND huyện", "Văn phòng HĐND và UBND huyện", "canonical"),
        ("Văn phòng HĐND & UBND huyện", "Văn phòng HĐND và UBND huyện", "canonical"),
        ("Văn phòng HĐND&UBND huyện", "Văn phòng HĐND và UBND huyện", "canonical"),
        ("Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND huyện", "canonical"),
        ("Văn phòng huyện", "Văn phòng HĐND và UBND huyện", "alias"),
        ("Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch", "canonical"),
        ("Phòng Tài chính – Kế hoạch", "Phòng Tài chính - Kế hoạch", "canonical"),
        ("Phòng Tài chính-Kế hoạch", "Phòng Tài chính - Kế hoạch", "canonical"),
        ("Phòng Tài chính kế hoạch", "Phòng Tài chính - Kế hoạch", "canonical"),
        ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch", "alias"),
        ("Phòng Văn hóa và Thông tin", "Phòng Văn hóa và Thông tin", "canonical"),
        ("Phòng Văn hoá và Thông tin", "Phòng Văn hóa và Thông tin", "canonical"),
        ("phòng văn hoá và thông tin huyện", "Phòng Văn hóa và Thông tin", "canonical"),
        ("  Phòng  Văn hóa   và Thông tin. ", "Phòng Văn hóa và Thông tin", "canonical"),
        (
            "Phòng Nội vụ, Lao động - Thương binh và Xã hội huyện",
            "Phòng Nội vụ, Lao động - Thương binh và Xã hội huyện",
            "canonical",
        ),
        (
            "Phòng Nội vụ, Lao động – Thương binh và Xã hội",
            "Phòng Nội vụ, Lao động - Thương binh và Xã hội huyện",
            "canonical",
        ),
        ("UBND các xã, thị trấn", "UBND các xã, thị trấn", "canonical"),
        ("các xã, thị trấn", "UBND các xã, thị trấn", "alias"),
        ("Các cơ quan, đơn vị", "Các cơ quan, đơn vị", "canonical"),
        ("Uỷ ban nhân dân huyện", "Ủy ban nhân dân huyện", "canonical"),
    ],
)
def test_match_agency_accepts_written_variant(written, expected, via):
    match = match_agency(written, AGENCIES)

    assert match is not None
    assert match.agency["name"] == expected
    assert match.via == via
    assert match.through_alias is (via == "alias")


@pytest.mark.parametrize(
    "written",
    [
        "Phòng Nội vụ",
        "Phòng Tài chính",
        "Văn phòng HĐND",
        "",
        "   ",
        "Các cơ quan, đơn vị liên quan",
    ],
)
def test_match_agency_rejects_different_agency(written):
    assert match_agency(written, AGENCIES) is None


def test_normalize_agency_name_decomposed_input_equals_composed():
    decomposed = "Pho\u0300ng Va\u0306n ho\u0301a"  # NFD: marks as separate code points
    assert normalize_agency_name(decomposed) == normalize_agency_name("Phòng Văn hoá")


def test_normalize_agency_name_keeps_huyen_when_it_is_the_whole_name():
    assert normalize_agency_name("huyện") == normalize_agency_name("Huyện.")
    assert normalize_agency_name("huyện") != ""


def test_closest_names_the_nearest_agencies():
    index = AgencyIndex(AGENCIES)
    assert index.closest("Phòng Tài chánh Kế hoạch", n=1) == ["Phòng Tài chính - Kế hoạch"]
