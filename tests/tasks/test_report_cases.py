"""The consolidated report on the five real plans: hand-checked cases, one per row of a table.

Each case names a task of a loaded plan, the reports its agencies filed (and any decision of
the Interior Office on the task), and the class the report must give the task at every quarter
of the plan's year. Every expected value was worked out by hand from the report rules
(docs/report-rules.md) and the plan as written (deadline text → due date), not copied from the
code's output. Agency names, commune names and deadlines are those of the fixtures; members
that have not reported are named in Vietnamese alphabetical order (Bích before Bình, Đ with D).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Agency, AgencyKind, DataCutoff, Plan
from plans.periods import Period
from tasks.models import (
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
    ReviewState,
    Task,
    TaskAssignment,
    TaskStatus,
)
from tasks.reports.builder import build_report
from tasks.reports.classification import ReportClass
from tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db

D = datetime.date

# The year each plan is checked in (Tuy Phước's plan runs 2023–2025: 2024 is checked).
PLAN_YEAR = {
    "thanh-oai-2022": 2022,
    "cat-hai-2023": 2023,
    "son-tay-2020": 2020,
    "thang-binh-2022": 2022,
    "tuy-phuoc-2023-2025": 2024,
}

# Expected (class, overdue) at one quarter.
ON_TIME = (ReportClass.DONE_ON_TIME, False)
DONE_LATE = (ReportClass.DONE_LATE, False)
RUNNING = (ReportClass.IN_PROGRESS_ON_TIME, False)
RUNNING_LATE = (ReportClass.IN_PROGRESS_OVERDUE, True)
NOT_STARTED = (ReportClass.NOT_STARTED, False)
NOT_STARTED_LATE = (ReportClass.NOT_STARTED, True)
UNDATED = (ReportClass.UNDATED, False)
CANCELLED = (ReportClass.CANCELLED, False)

# Agency names as loaded.
NOI_VU = "Phòng Nội vụ"
VP = "Văn phòng HĐND và UBND huyện"
VH_TT = "Phòng Văn hóa và Thông tin"
TU_PHAP = "Phòng Tư pháp"
TC_KH = "Phòng Tài chính - Kế hoạch"
OFFICES = "Các cơ quan, đơn vị"  # group of the district's offices
COMMUNES = "UBND các xã, thị trấn"  # group of the district's communes
CH_NOI_VU = "Phòng Nội vụ, Lao động - Thương binh và Xã hội"  # Cát Hải's merged office
CH_VH = "Phòng Văn hóa - Thông tin - Thể thao và Du lịch"
CH_KT_HT = "Phòng Kinh tế và Hạ tầng"
UBND_HUYEN = "UBND huyện"
ST_COMMUNES = "UBND các xã"  # Sơn Tây has no township
TP_ALL = "Các cơ quan, đơn vị, địa phương"  # Tuy Phước: offices and communes
TP_KT_HT = "Phòng Kinh tế và Hạ tầng"


@dataclass(frozen=True)
class Filed:
    """One agency's report (or, with `every_member`, one report from each member of a group)."""

    agency: str
    quarter: int
    status: str
    completed: datetime.date | None = None
    percent: int = 0
    review: str = ReviewState.SUBMITTED
    year: int | None = None  # default: the case's year
    on: tuple[str, str] | None = None  # (area numeral, display code) of another task
    on_nth: int | None = None  # which one, when the plan repeats a display code
    every_member: bool = False
    except_: tuple[str, ...] = ()  # members left out (named on the task in another role)
    product: str = ""  # the product issued ("Kế hoạch số 12/KH-UBND ngày 20/01/2022"), rule 9


def done(agency, quarter, day, **kw) -> Filed:
    return Filed(agency, quarter, ProgressStatus.DONE, day, 100, **kw)


def running(agency, quarter, percent, **kw) -> Filed:
    return Filed(agency, quarter, ProgressStatus.IN_PROGRESS, None, percent, **kw)


def every_done(group, quarter, day, **kw) -> Filed:
    return Filed(group, quarter, ProgressStatus.DONE, day, 100, every_member=True, **kw)


def every_running(group, quarter, percent, **kw) -> Filed:
    return Filed(group, quarter, ProgressStatus.IN_PROGRESS, None, percent, every_member=True, **kw)


@dataclass(frozen=True)
class Office:
    """A decision of the Interior Office recorded on the task, with its reason in history."""

    reason: str
    status: str | None = None
    completed_on: datetime.date | None = None
    due_date: datetime.date | None = None


@dataclass(frozen=True)
class Case:
    id: str
    plan: str
    task: tuple[str, str]  # (area numeral, display code)
    expected: tuple  # (class, overdue) at Q1, Q2, Q3, Q4
    filed: tuple[Filed, ...] = ()
    office: Office | None = None
    cutoff: str = DataCutoff.QUARTER_END
    reasons: dict[int, str] = field(default_factory=dict)  # quarter → the exact reason
    labels: dict[int, str] = field(default_factory=dict)  # quarter → the exact status label

    @property
    def year(self) -> int:
        return PLAN_YEAR[self.plan]


# --------------------------------------------------------------------------- the cases

# Status labels as printed.
L_ON_TIME = "Hoàn thành đúng hạn"
L_DONE_LATE = "Hoàn thành quá hạn"
L_RUNNING = "Đang thực hiện trong hạn"
L_RUNNING_LATE = "Đang thực hiện quá hạn"
L_NOT_STARTED = "Chưa thực hiện"
L_NOT_STARTED_LATE = "Chưa thực hiện (quá hạn)"
L_UNDATED = "Không có thời hạn cụ thể"
L_CANCELLED = "Không thực hiện"

# Thanh Oai's 21 communes in Vietnamese alphabetical order: UBND thị trấn Kim Bài, then the
# communes Bích Hòa, Bình Minh, Cao Dương, Cao Viên, Cự Khê, Dân Hòa, Đỗ Động, Hồng Dương, Kim An,
# Kim Thư, Liên Châu, Mỹ Hưng, Phương Trung, Tam Hưng, Tân Ước, Thanh Cao, Thanh Mai, Thanh Thùy,
# Thanh Văn, Xuân Dương.
TO_FIRST_FIVE = (
    "UBND thị trấn Kim Bài, UBND xã Bích Hòa, UBND xã Bình Minh, UBND xã Cao Dương, "
    "UBND xã Cao Viên"
)
TO_NO_COMMUNE = (
    "UBND các xã, thị trấn: 0/21 đơn vị đã báo cáo hoàn thành; "
    f"chưa báo cáo: {TO_FIRST_FIVE} và 16 đơn vị khác"
)
TO_ALL_COMMUNES = "UBND các xã, thị trấn: 21/21 đơn vị đã báo cáo hoàn thành"
# Sơn Tây's six offices: Đài Truyền thanh - Phát lại truyền hình, Phòng Nội vụ, Phòng Tài chính -
# Kế hoạch, Phòng Tư pháp, Phòng Văn hóa và Thông tin, Văn phòng HĐND và UBND huyện; its nine
# communes: Sơn Bua, Sơn Dung, Sơn Lập, Sơn Liên, Sơn Long, Sơn Màu, Sơn Mùa, Sơn Tân, Sơn Tinh.
ST_RADIO = "Đài Truyền thanh - Phát lại truyền hình"
# Tuy Phước: every criterion without a written date is a yearly target.
TP_DUE = "Hạn 31/12/2024 (chỉ tiêu hằng năm, không ghi thời hạn)"
TP_CENTRE = "Trung tâm Văn hóa - Thông tin - Thể thao"
CH_OUT_OF_PERIOD = (
    "Thời hạn ghi trong kế hoạch “Cả năm 2022” (31/12/2022) nằm ngoài thời kỳ kế hoạch 2023; "
    "chờ Phòng Nội vụ xác định lại hạn"
)

CASES = [
    # ------------------------------------------------------------------ Thanh Oai 2022
    Case(
        # I/1 "Trước ngày 15/02/2022": 80 % in Q1 and nothing more; late by the days from 15/02
        # to each quarter's last day (44, 135, 227, 319), not "chưa hoàn thành trong năm".
        "thanh-oai-I.1-in-progress-late-all-year",
        "thanh-oai-2022",
        ("I", "1"),
        (RUNNING_LATE, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (running(NOI_VU, 1, 80),),
        reasons={
            1: "Hạn 15/02/2022 — Phòng Nội vụ báo cáo đang thực hiện (80%) — quá hạn 44 ngày",
            4: "Hạn 15/02/2022 — Phòng Nội vụ báo cáo đang thực hiện (80%) — quá hạn 319 ngày",
        },
        labels={1: L_RUNNING_LATE},
    ),
    Case(
        # The same task under decree 09: late counted to 14/03 (27 days); done on 10/05 in the
        # six-month report, 84 days after 15/02.
        "thanh-oai-I.1-decree-09-late-then-done-late",
        "thanh-oai-2022",
        ("I", "1"),
        (RUNNING_LATE, DONE_LATE, DONE_LATE, DONE_LATE),
        (running(NOI_VU, 1, 80), done(NOI_VU, 2, D(2022, 5, 10))),
        cutoff=DataCutoff.DECREE_09,
        reasons={
            1: "Hạn 15/02/2022 — Phòng Nội vụ báo cáo đang thực hiện (80%) — quá hạn 27 ngày",
            2: "Hạn 15/02/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 10/05/2022 — "
            "hoàn thành sau hạn 84 ngày",
        },
        labels={2: L_DONE_LATE},
    ),
    Case(
        # I/2 "Trước ngày 25/02/2022", led by the offices' group and the communes' group; Phòng
        # Nội vụ is the partner, so it is not a member of the offices' group here (5 members) and
        # its report does not count. Phòng Tư pháp's does: in progress, 34 days late in Q1.
        "thanh-oai-I.2-partner-report-ignored",
        "thanh-oai-2022",
        ("I", "2"),
        (RUNNING_LATE, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (done(NOI_VU, 1, D(2022, 2, 20)), done(TU_PHAP, 1, D(2022, 2, 22))),
        reasons={
            1: "Hạn 25/02/2022 — Các cơ quan, đơn vị: 1/5 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: Phòng Giáo dục và Đào tạo, Phòng Tài chính - Kế hoạch, "
            "Phòng Văn hóa và Thông tin, Văn phòng HĐND và UBND huyện; "
            f"{TO_NO_COMMUNE} — quá hạn 34 ngày",
            4: "Hạn 25/02/2022 — Các cơ quan, đơn vị: 1/5 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: Phòng Giáo dục và Đào tạo, Phòng Tài chính - Kế hoạch, "
            "Phòng Văn hóa và Thông tin, Văn phòng HĐND và UBND huyện; "
            f"{TO_NO_COMMUNE} — quá hạn 309 ngày",
        },
        labels={1: L_RUNNING_LATE},
    ),
    Case(
        # The five offices all done on 20/02 and two communes in Q1: in progress, late; the other
        # 19 communes report done on 15/04 in Q2: done 49 days late (the latest date).
        "thanh-oai-I.2-communes-partly-then-all-late",
        "thanh-oai-2022",
        ("I", "2"),
        (RUNNING_LATE, DONE_LATE, DONE_LATE, DONE_LATE),
        (
            every_done(OFFICES, 1, D(2022, 2, 20), except_=(NOI_VU,)),
            done("UBND thị trấn Kim Bài", 1, D(2022, 2, 24)),
            done("UBND xã Bích Hòa", 1, D(2022, 2, 24)),
            every_done(
                COMMUNES, 2, D(2022, 4, 15), except_=("UBND thị trấn Kim Bài", "UBND xã Bích Hòa")
            ),
        ),
        reasons={
            1: "Hạn 25/02/2022 — Các cơ quan, đơn vị: 5/5 đơn vị đã báo cáo hoàn thành; "
            "UBND các xã, thị trấn: 2/21 đơn vị đã báo cáo hoàn thành; chưa báo cáo: "
            "UBND xã Bình Minh, UBND xã Cao Dương, UBND xã Cao Viên, UBND xã Cự Khê, "
            "UBND xã Dân Hòa và 14 đơn vị khác — quá hạn 34 ngày",
            2: "Hạn 25/02/2022 — Các cơ quan, đơn vị: 5/5 đơn vị đã báo cáo hoàn thành; "
            f"{TO_ALL_COMMUNES} — hoàn thành sau hạn 49 ngày",
        },
    ),
    Case(
        # I/3 "Kiểm tra thường xuyên": recurring, never judged on time.
        "thanh-oai-I.3-recurring-undated",
        "thanh-oai-2022",
        ("I", "3"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (running(NOI_VU, 1, 30), done(NOI_VU, 4, D(2022, 12, 15))),
        reasons={
            1: "Thường xuyên, định kỳ — Phòng Nội vụ báo cáo đang thực hiện (30%) — "
            "không đánh giá đúng hạn",
            4: "Thường xuyên, định kỳ — Phòng Nội vụ báo cáo hoàn thành ngày 15/12/2022 — "
            "không đánh giá đúng hạn",
        },
        labels={4: L_UNDATED},
    ),
    Case(
        # I/4 "Quý I/2022" under decree 09: done on 20/03, after the Q1 cut-off 14/03, so in
        # progress in Q1; done on time from the six-month report.
        "thanh-oai-I.4-decree-09-done-after-the-14th",
        "thanh-oai-2022",
        ("I", "4"),
        (RUNNING, ON_TIME, ON_TIME, ON_TIME),
        (done(VH_TT, 1, D(2022, 3, 20)),),
        cutoff=DataCutoff.DECREE_09,
        reasons={
            1: "Hạn 31/03/2022 — Phòng Văn hóa và Thông tin báo cáo hoàn thành ngày 20/03/2022, "
            "sau ngày chốt số liệu 14/03/2022, nên chưa tính hoàn thành ở kỳ này — chưa đến hạn",
            2: "Hạn 31/03/2022 — Phòng Văn hóa và Thông tin báo cáo hoàn thành ngày 20/03/2022 — "
            "hoàn thành đúng hạn",
        },
        labels={1: L_RUNNING, 2: L_ON_TIME},
    ),
    Case(
        # Rule 2's example: I/5 "Quý I/2022", 18 communes done in Q1 (the partner's report does
        # not count), Thanh Cao in progress in Q2, Cự Khê and Tam Hưng silent.
        "thanh-oai-I.5-communes-partly-in-progress",
        "thanh-oai-2022",
        ("I", "5"),
        (RUNNING, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (
            every_done(
                COMMUNES,
                1,
                D(2022, 3, 20),
                except_=("UBND xã Cự Khê", "UBND xã Tam Hưng", "UBND xã Thanh Cao"),
            ),
            done(VH_TT, 1, D(2022, 3, 15)),
            running("UBND xã Thanh Cao", 2, 70),
        ),
        reasons={
            1: "Hạn 31/03/2022 — UBND các xã, thị trấn: 18/21 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: UBND xã Cự Khê, UBND xã Tam Hưng, UBND xã Thanh Cao — chưa đến hạn",
            2: "Hạn 31/03/2022 — UBND các xã, thị trấn: 18/21 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: UBND xã Cự Khê, UBND xã Tam Hưng — quá hạn 91 ngày",
            4: "Hạn 31/03/2022 — UBND các xã, thị trấn: 18/21 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: UBND xã Cự Khê, UBND xã Tam Hưng — quá hạn 275 ngày",
        },
        labels={1: L_RUNNING, 2: L_RUNNING_LATE},
    ),
    Case(
        # Xuân Dương's Q1 report is a draft: it has not reported; its done of 20/07 (Q3) makes
        # the group done, 111 days late.
        "thanh-oai-I.5-member-draft-not-counted",
        "thanh-oai-2022",
        ("I", "5"),
        (RUNNING, RUNNING_LATE, DONE_LATE, DONE_LATE),
        (
            every_done(COMMUNES, 1, D(2022, 3, 25), except_=("UBND xã Xuân Dương",)),
            done("UBND xã Xuân Dương", 1, D(2022, 3, 25), review=ReviewState.DRAFT),
            done("UBND xã Xuân Dương", 3, D(2022, 7, 20)),
        ),
        reasons={
            1: "Hạn 31/03/2022 — UBND các xã, thị trấn: 20/21 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: UBND xã Xuân Dương — chưa đến hạn",
            3: f"Hạn 31/03/2022 — {TO_ALL_COMMUNES} — hoàn thành sau hạn 111 ngày",
        },
    ),
    Case(
        # I/7 "Quý II/2022" under decree 09: due 30/06 is after the six-month cut-off 14/06; in
        # the nine-month report it is 76 days late (to 14/09), in the year report 167 (to 14/12).
        "thanh-oai-I.7-decree-09-late-counted-to-the-14th",
        "thanh-oai-2022",
        ("I", "7"),
        (NOT_STARTED, RUNNING, RUNNING_LATE, RUNNING_LATE),
        (running(NOI_VU, 2, 50),),
        cutoff=DataCutoff.DECREE_09,
        reasons={
            2: "Hạn 30/06/2022 — Phòng Nội vụ báo cáo đang thực hiện (50%) — chưa đến hạn",
            3: "Hạn 30/06/2022 — Phòng Nội vụ báo cáo đang thực hiện (50%) — quá hạn 76 ngày",
            4: "Hạn 30/06/2022 — Phòng Nội vụ báo cáo đang thực hiện (50%) — quá hạn 167 ngày",
        },
    ),
    Case(
        # I/8 "Quý II/2022": done on 10/07/2022 but reported in Q2 (cut-off 30/06): in progress
        # in the six-month report, done 10 days late from the nine-month one.
        "thanh-oai-I.8-done-after-cutoff-counts-next-quarter",
        "thanh-oai-2022",
        ("I", "8"),
        (NOT_STARTED, RUNNING, DONE_LATE, DONE_LATE),
        (done(NOI_VU, 2, D(2022, 7, 10)),),
        reasons={
            1: "Hạn 30/06/2022 — Phòng Nội vụ chưa báo cáo — chưa đến hạn",
            2: "Hạn 30/06/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 10/07/2022, sau ngày chốt "
            "số liệu 30/06/2022, nên chưa tính hoàn thành ở kỳ này — chưa đến hạn",
            3: "Hạn 30/06/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 10/07/2022 — "
            "hoàn thành sau hạn 10 ngày",
        },
        labels={1: L_NOT_STARTED, 2: L_RUNNING, 3: L_DONE_LATE},
    ),
    Case(
        # I/11 "Quý III/2022", communes lead: one in progress, one done; due on the Q3 cut-off
        # day is not late; 92 days late in the year report.
        "thanh-oai-I.11-communes-partly-in-progress",
        "thanh-oai-2022",
        ("I", "11"),
        (NOT_STARTED, RUNNING, RUNNING, RUNNING_LATE),
        (running("UBND xã Kim An", 2, 40), done("UBND xã Phương Trung", 2, D(2022, 6, 1))),
        reasons={
            1: f"Hạn 30/09/2022 — {TO_NO_COMMUNE} — chưa đến hạn",
            2: "Hạn 30/09/2022 — UBND các xã, thị trấn: 1/21 đơn vị đã báo cáo hoàn thành; "
            f"chưa báo cáo: {TO_FIRST_FIVE} và 14 đơn vị khác — chưa đến hạn",
            4: "Hạn 30/09/2022 — UBND các xã, thị trấn: 1/21 đơn vị đã báo cáo hoàn thành; "
            f"chưa báo cáo: {TO_FIRST_FIVE} và 14 đơn vị khác — quá hạn 92 ngày",
        },
    ),
    Case(
        # I/12 "Quý IV/2022": due on the year's cut-off day, in progress: late in the year report.
        "thanh-oai-I.12-year-report-in-progress-late",
        "thanh-oai-2022",
        ("I", "12"),
        (NOT_STARTED, NOT_STARTED, RUNNING, RUNNING_LATE),
        (running(NOI_VU, 3, 60),),
        reasons={
            3: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo đang thực hiện (60%) — chưa đến hạn",
            4: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo đang thực hiện (60%) — "
            "chưa hoàn thành trong năm 2022",
        },
        labels={4: L_RUNNING_LATE},
    ),
    Case(
        # Under decree 09 the year report stops at 14/12: a done of 20/12 is not counted and the
        # task, due 31/12, is late as not done within the year.
        "thanh-oai-I.12-decree-09-year-report",
        "thanh-oai-2022",
        ("I", "12"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, RUNNING_LATE),
        (done(NOI_VU, 4, D(2022, 12, 20)),),
        cutoff=DataCutoff.DECREE_09,
        reasons={
            3: "Hạn 31/12/2022 — Phòng Nội vụ chưa báo cáo — chưa đến hạn",
            4: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 20/12/2022, sau ngày chốt "
            "số liệu 14/12/2022, nên chưa tính hoàn thành ở kỳ này — "
            "chưa hoàn thành trong năm 2022",
        },
        labels={3: L_NOT_STARTED, 4: L_RUNNING_LATE},
    ),
    Case(
        # I/14 "Ngay sau khi có Kế hoạch và văn bản chỉ đạo của huyện": conditional, undated;
        # the communes' progress is still reported.
        "thanh-oai-I.14-conditional-communes-undated",
        "thanh-oai-2022",
        ("I", "14"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (every_done(COMMUNES, 3, D(2022, 8, 1)),),
        reasons={
            1: f"Theo văn bản khác — {TO_NO_COMMUNE} — không đánh giá đúng hạn",
            3: f"Theo văn bản khác — {TO_ALL_COMMUNES} — không đánh giá đúng hạn",
        },
    ),
    Case(
        # II/16 "Cả năm" without a year: 31/12/2022.
        "thanh-oai-II.16-bare-whole-year-year-report",
        "thanh-oai-2022",
        ("II", "16"),
        (RUNNING, RUNNING, RUNNING, RUNNING_LATE),
        (running(TU_PHAP, 1, 25),),
        reasons={
            1: "Hạn 31/12/2022 — Phòng Tư pháp báo cáo đang thực hiện (25%) — chưa đến hạn",
            4: "Hạn 31/12/2022 — Phòng Tư pháp báo cáo đang thực hiện (25%) — "
            "chưa hoàn thành trong năm 2022",
        },
    ),
    Case(
        # III/17 "Quý I/2022" (Văn phòng) with its led sub-row "17." (Phòng Văn hóa, no date):
        # the parent waits for the sub-row; done when the sub-row is done on 15/08, 137 days late.
        "thanh-oai-III.17-parent-waits-for-led-sub-row",
        "thanh-oai-2022",
        ("III", "17"),
        (RUNNING, RUNNING_LATE, DONE_LATE, DONE_LATE),
        (done(VP, 1, D(2022, 3, 20)), done(VH_TT, 3, D(2022, 8, 15), on=("III", "17."))),
        reasons={
            1: "Hạn 31/03/2022 — Gồm 1 nội dung: 1 chưa thực hiện; Văn phòng HĐND và UBND huyện "
            "báo cáo hoàn thành ngày 20/03/2022 — chưa đến hạn",
            2: "Hạn 31/03/2022 — Gồm 1 nội dung: 1 chưa thực hiện; Văn phòng HĐND và UBND huyện "
            "báo cáo hoàn thành ngày 20/03/2022 — quá hạn 91 ngày",
            3: "Hạn 31/03/2022 — Gồm 1 nội dung: 1 hoàn thành; Văn phòng HĐND và UBND huyện "
            "báo cáo hoàn thành ngày 20/03/2022 — hoàn thành sau hạn 137 ngày",
        },
    ),
    Case(
        # The Interior Office declares III/17 done on 25/03: that wins over its open sub-row.
        "thanh-oai-III.17-office-done-wins-over-sub-row",
        "thanh-oai-2022",
        ("III", "17"),
        (ON_TIME, ON_TIME, ON_TIME, ON_TIME),
        (running(VH_TT, 1, 20, on=("III", "17.")),),
        office=Office(
            "Văn phòng đã ban hành các kế hoạch",
            status=TaskStatus.DONE,
            completed_on=D(2022, 3, 25),
        ),
        reasons={
            1: "Hạn 31/03/2022 — Phòng Nội vụ xác định hoàn thành ngày 25/03/2022 — "
            "hoàn thành đúng hạn"
        },
        labels={1: L_ON_TIME},
    ),
    Case(
        # The sub-row "17." itself: led by Phòng Văn hóa, no date written.
        "thanh-oai-III.17.-led-sub-row-undated",
        "thanh-oai-2022",
        ("III", "17."),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (running(VH_TT, 2, 50),),
        reasons={
            1: "Không ghi thời hạn — Phòng Văn hóa và Thông tin chưa báo cáo — "
            "không đánh giá đúng hạn",
            2: "Không ghi thời hạn — Phòng Văn hóa và Thông tin báo cáo đang thực hiện (50%) — "
            "không đánh giá đúng hạn",
        },
        labels={2: L_UNDATED},
    ),
    Case(
        # Rule 3's example: III/18 done by all 21 communes on 25/03; the lead-less sub-row "18."
        # (Phòng Văn hóa only as partner) never holds it back.
        "thanh-oai-III.18-sub-row-without-lead-ignored",
        "thanh-oai-2022",
        ("III", "18"),
        (ON_TIME, ON_TIME, ON_TIME, ON_TIME),
        (
            every_done(COMMUNES, 1, D(2022, 3, 25)),
            done(VH_TT, 1, D(2022, 3, 15), on=("III", "18.")),
        ),
        reasons={1: f"Hạn 31/03/2022 — {TO_ALL_COMMUNES} — hoàn thành đúng hạn"},
        labels={1: L_ON_TIME},
    ),
    Case(
        "thanh-oai-III.18.-sub-row-without-lead-shown-apart",
        "thanh-oai-2022",
        ("III", "18."),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, NOT_STARTED),
        (done(VH_TT, 1, D(2022, 3, 15)),),
        reasons={
            1: "Chưa có cơ quan chủ trì — không tính vào kết quả của nhiệm vụ 18",
            4: "Chưa có cơ quan chủ trì — không tính vào kết quả của nhiệm vụ 18",
        },
        labels={
            1: "Chưa xác định (không có cơ quan chủ trì)",
            4: "Chưa xác định (không có cơ quan chủ trì)",
        },
    ),
    Case(
        # IV/20 "Theo hướng dẫn của Thành phố": the office sets 30/09/2022 with its reason.
        "thanh-oai-IV.20-conditional-given-due-date",
        "thanh-oai-2022",
        ("IV", "20"),
        (NOT_STARTED, RUNNING, RUNNING, RUNNING_LATE),
        (running(NOI_VU, 2, 50),),
        office=Office("Thành phố ban hành hướng dẫn ngày 15/06/2022", due_date=D(2022, 9, 30)),
        reasons={
            1: "Hạn 30/09/2022 (hạn do Phòng Nội vụ xác định: Thành phố ban hành hướng dẫn ngày "
            "15/06/2022) — Phòng Nội vụ chưa báo cáo — chưa đến hạn",
            4: "Hạn 30/09/2022 (hạn do Phòng Nội vụ xác định: Thành phố ban hành hướng dẫn ngày "
            "15/06/2022) — Phòng Nội vụ báo cáo đang thực hiện (50%) — quá hạn 92 ngày",
        },
    ),
    Case(
        # IV/21, the same conditional text without a date set: undated.
        "thanh-oai-IV.21-conditional-undated",
        "thanh-oai-2022",
        ("IV", "21"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (done(NOI_VU, 3, D(2022, 9, 1)),),
        reasons={
            2: "Theo văn bản khác — Phòng Nội vụ chưa báo cáo — không đánh giá đúng hạn",
            3: "Theo văn bản khác — Phòng Nội vụ báo cáo hoàn thành ngày 01/09/2022 — "
            "không đánh giá đúng hạn",
        },
    ),
    Case(
        # V/23 "Quý I/2022": a draft "done" never counts.
        "thanh-oai-V.23-draft-never-counts",
        "thanh-oai-2022",
        ("V", "23"),
        (NOT_STARTED, NOT_STARTED_LATE, NOT_STARTED_LATE, NOT_STARTED_LATE),
        (done(NOI_VU, 1, D(2022, 3, 10), review=ReviewState.DRAFT),),
        reasons={
            1: "Hạn 31/03/2022 — Phòng Nội vụ chưa báo cáo — chưa đến hạn",
            2: "Hạn 31/03/2022 — Phòng Nội vụ chưa báo cáo — quá hạn 91 ngày",
        },
        labels={1: L_NOT_STARTED, 2: L_NOT_STARTED_LATE},
    ),
    Case(
        # VI/25 "Quý I, II/2022" (due 30/06), lead Phòng Tài chính - Kế hoạch: the partners'
        # reports (Phòng Nội vụ, Phòng Giáo dục và Đào tạo) never count.
        "thanh-oai-VI.25-two-quarters-partner-report-ignored",
        "thanh-oai-2022",
        ("VI", "25"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED_LATE, NOT_STARTED_LATE),
        (
            done(NOI_VU, 1, D(2022, 3, 1)),
            done("Phòng Giáo dục và Đào tạo", 2, D(2022, 5, 1)),
        ),
        reasons={
            2: "Hạn 30/06/2022 — Phòng Tài chính - Kế hoạch chưa báo cáo — chưa đến hạn",
            3: "Hạn 30/06/2022 — Phòng Tài chính - Kế hoạch chưa báo cáo — quá hạn 92 ngày",
            4: "Hạn 30/06/2022 — Phòng Tài chính - Kế hoạch chưa báo cáo — quá hạn 184 ngày",
        },
        labels={3: L_NOT_STARTED_LATE},
    ),
    Case(
        # VII/30 names "UBND các xã, thị trấn" as lead and as partner: the group itself is named
        # otherwise, not its members, who all still stand for it.
        "thanh-oai-VII.30-group-named-lead-and-partner",
        "thanh-oai-2022",
        ("VII", "30"),
        (ON_TIME, ON_TIME, ON_TIME, ON_TIME),
        (every_done(COMMUNES, 1, D(2022, 3, 30)),),
        reasons={1: f"Hạn 31/03/2022 — {TO_ALL_COMMUNES} — hoàn thành đúng hạn"},
    ),
    Case(
        "thanh-oai-VII.31-cancelled-by-office",
        "thanh-oai-2022",
        ("VII", "31"),
        (CANCELLED, CANCELLED, CANCELLED, CANCELLED),
        (running(VP, 1, 30),),
        office=Office("Thành phố đã triển khai hệ thống dùng chung", status=TaskStatus.CANCELLED),
        reasons={
            1: "Phòng Nội vụ quyết định không thực hiện: Thành phố đã triển khai hệ thống dùng "
            "chung",
            4: "Phòng Nội vụ quyết định không thực hiện: Thành phố đã triển khai hệ thống dùng "
            "chung",
        },
        labels={1: L_CANCELLED, 4: L_CANCELLED},
    ),
    Case(
        # VII/32 "Quý I/2022": the office declares it done on 15/05 (45 days late); the Q1 report
        # still comes from Văn phòng's own report.
        "thanh-oai-VII.32-office-declares-done-late",
        "thanh-oai-2022",
        ("VII", "32"),
        (RUNNING, DONE_LATE, DONE_LATE, DONE_LATE),
        (running(VP, 1, 50),),
        office=Office(
            "Quy chế đã ban hành, Văn phòng chưa báo cáo",
            status=TaskStatus.DONE,
            completed_on=D(2022, 5, 15),
        ),
        reasons={
            1: "Hạn 31/03/2022 — Văn phòng HĐND và UBND huyện báo cáo đang thực hiện (50%) — "
            "chưa đến hạn",
            2: "Hạn 31/03/2022 — Phòng Nội vụ xác định hoàn thành ngày 15/05/2022 — "
            "hoàn thành sau hạn 45 ngày",
        },
        labels={2: L_DONE_LATE},
    ),
    Case(
        # VII/34 "Quý II/2022": the Q2 "done" is returned, so Q1's 40 % stands; a new "done"
        # filed for Q3 (dated 20/06) is on time.
        "thanh-oai-VII.34-returned-report-not-counted",
        "thanh-oai-2022",
        ("VII", "34"),
        (RUNNING, RUNNING, ON_TIME, ON_TIME),
        (
            running(VP, 1, 40),
            done(VP, 2, D(2022, 6, 20), review=ReviewState.RETURNED),
            done(VP, 3, D(2022, 6, 20)),
        ),
        reasons={
            2: "Hạn 30/06/2022 — Văn phòng HĐND và UBND huyện báo cáo đang thực hiện (40%) — "
            "chưa đến hạn",
            3: "Hạn 30/06/2022 — Văn phòng HĐND và UBND huyện báo cáo hoàn thành ngày 20/06/2022 "
            "— hoàn thành đúng hạn",
        },
    ),
    # ------------------------------------------------------------------ Cát Hải 2023
    Case(
        # Rule 4's example: task 1 (no lead, no date) from 1.b "15/01/2023" done 12/01 and 1.c
        # "Trong tháng 01/2023" (12 communes) done 20/01, Việt Hải 06/02: 6 days late.
        "cat-hai-I.1-rolled-up-from-b-and-c",
        "cat-hai-2023",
        ("I", "1"),
        (DONE_LATE, DONE_LATE, DONE_LATE, DONE_LATE),
        (
            done(CH_NOI_VU, 1, D(2023, 1, 12), on=("I", "1.b")),
            every_done(COMMUNES, 1, D(2023, 1, 20), on=("I", "1.c"), except_=("UBND xã Việt Hải",)),
            done("UBND xã Việt Hải", 1, D(2023, 2, 6), on=("I", "1.c")),
        ),
        reasons={
            1: "Hạn 31/01/2023 (theo hạn của các nội dung) — Gồm 2 nội dung: 2 hoàn thành — "
            "hoàn thành sau hạn 6 ngày"
        },
        labels={1: L_DONE_LATE},
    ),
    Case(
        # Only 1.b done: task 1 is in progress and late from 31/01 (59, 150, 242, 334 days).
        "cat-hai-I.1-one-sub-task-done-parent-late",
        "cat-hai-2023",
        ("I", "1"),
        (RUNNING_LATE, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (done(CH_NOI_VU, 1, D(2023, 1, 12), on=("I", "1.b")),),
        reasons={
            1: "Hạn 31/01/2023 (theo hạn của các nội dung) — Gồm 2 nội dung: 1 hoàn thành, "
            "1 chưa thực hiện — quá hạn 59 ngày",
            4: "Hạn 31/01/2023 (theo hạn của các nội dung) — Gồm 2 nội dung: 1 hoàn thành, "
            "1 chưa thực hiện — quá hạn 334 ngày",
        },
    ),
    Case(
        # 1.b "15/01/2023" under decree 09: 58 days late at 14/03; done 20/03, 64 days late.
        "cat-hai-I.1.b-decree-09-late-then-done",
        "cat-hai-2023",
        ("I", "1.b"),
        (RUNNING_LATE, DONE_LATE, DONE_LATE, DONE_LATE),
        (running(CH_NOI_VU, 1, 50), done(CH_NOI_VU, 2, D(2023, 3, 20))),
        cutoff=DataCutoff.DECREE_09,
        reasons={
            1: "Hạn 15/01/2023 — Phòng Nội vụ, Lao động - Thương binh và Xã hội báo cáo đang thực "
            "hiện (50%) — quá hạn 58 ngày",
            2: "Hạn 15/01/2023 — Phòng Nội vụ, Lao động - Thương binh và Xã hội báo cáo hoàn "
            "thành ngày 20/03/2023 — hoàn thành sau hạn 64 ngày",
        },
    ),
    Case(
        # 1.c: 11 communes done in Q1, Việt Hải in progress (every member has reported, so no
        # "chưa báo cáo"); Việt Hải done on 06/02 in Q2.
        "cat-hai-I.1.c-communes-every-member-reported",
        "cat-hai-2023",
        ("I", "1.c"),
        (RUNNING_LATE, DONE_LATE, DONE_LATE, DONE_LATE),
        (
            every_done(COMMUNES, 1, D(2023, 1, 20), except_=("UBND xã Việt Hải",)),
            running("UBND xã Việt Hải", 1, 90),
            done("UBND xã Việt Hải", 2, D(2023, 2, 6)),
        ),
        reasons={
            1: "Hạn 31/01/2023 — UBND các xã, thị trấn: 11/12 đơn vị đã báo cáo hoàn thành — "
            "quá hạn 59 ngày",
            2: "Hạn 31/01/2023 — UBND các xã, thị trấn: 12/12 đơn vị đã báo cáo hoàn thành — "
            "hoàn thành sau hạn 6 ngày",
        },
    ),
    Case(
        # I/2 "Từ Quý IV/2023 đến Quý I/2024": due 31/03/2024; in progress at the year's end it
        # is carried over, not late.
        "cat-hai-I.2-range-into-2024-carried-over",
        "cat-hai-2023",
        ("I", "2"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, RUNNING),
        (running(UBND_HUYEN, 4, 40),),
        reasons={
            1: "Hạn 31/03/2024 — UBND huyện chưa báo cáo — chưa đến hạn",
            4: "Hạn 31/03/2024 — UBND huyện báo cáo đang thực hiện (40%) — chuyển tiếp sang năm "
            "2024",
        },
        labels={4: "Đang thực hiện trong hạn (chuyển tiếp)"},
    ),
    Case(
        "cat-hai-I.2-not-started-carried-over",
        "cat-hai-2023",
        ("I", "2"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, NOT_STARTED),
        reasons={4: "Hạn 31/03/2024 — UBND huyện chưa báo cáo — chuyển tiếp sang năm 2024"},
        labels={3: L_NOT_STARTED, 4: "Chưa thực hiện (chuyển tiếp)"},
    ),
    Case(
        # I/3 "Cả năm 2023": a partner commune's report does not count; done on the due day.
        "cat-hai-I.3-partner-commune-report-ignored",
        "cat-hai-2023",
        ("I", "3"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, ON_TIME),
        (done("UBND xã Gia Luận", 1, D(2023, 2, 1)), done(CH_NOI_VU, 4, D(2023, 12, 31))),
        reasons={
            1: "Hạn 31/12/2023 — Phòng Nội vụ, Lao động - Thương binh và Xã hội chưa báo cáo — "
            "chưa đến hạn",
            4: "Hạn 31/12/2023 — Phòng Nội vụ, Lao động - Thương binh và Xã hội báo cáo hoàn "
            "thành ngày 31/12/2023 — hoàn thành đúng hạn",
        },
    ),
    Case(
        # Rule 8's example: task 4 (no lead, no date) from 4.a and 4.b, both "Cả năm 2023".
        "cat-hai-I.4-rolled-up-from-a-and-b",
        "cat-hai-2023",
        ("I", "4"),
        (NOT_STARTED, RUNNING, RUNNING, RUNNING_LATE),
        (running(CH_NOI_VU, 2, 40, on=("I", "4.a")),),
        reasons={
            1: "Hạn 31/12/2023 (theo hạn của các nội dung) — Gồm 2 nội dung: 2 chưa thực hiện — "
            "chưa đến hạn",
            2: "Hạn 31/12/2023 (theo hạn của các nội dung) — Gồm 2 nội dung: 1 đang thực hiện, "
            "1 chưa thực hiện — chưa đến hạn",
            4: "Hạn 31/12/2023 (theo hạn của các nội dung) — Gồm 2 nội dung: 1 đang thực hiện, "
            "1 chưa thực hiện — chưa hoàn thành trong năm 2023",
        },
    ),
    Case(
        # 4.b, led by UBND huyện (partner: the communes, whose report does not count).
        "cat-hai-I.4.b-other-lead-not-reported",
        "cat-hai-2023",
        ("I", "4.b"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, NOT_STARTED_LATE),
        (done("UBND thị trấn Cát Bà", 2, D(2023, 5, 1)),),
        reasons={
            2: "Hạn 31/12/2023 — UBND huyện chưa báo cáo — chưa đến hạn",
            4: "Hạn 31/12/2023 — UBND huyện chưa báo cáo — chưa hoàn thành trong năm 2023",
        },
        labels={4: L_NOT_STARTED_LATE},
    ),
    Case(
        # I/6 "Cả năm 2023": the office's done of 20/12 counts from the year report only.
        "cat-hai-I.6-office-declares-done-at-year-end",
        "cat-hai-2023",
        ("I", "6"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, ON_TIME),
        office=Office(
            "Đã tổ chức Hội nghị chuyên đề", status=TaskStatus.DONE, completed_on=D(2023, 12, 20)
        ),
        reasons={
            3: "Hạn 31/12/2023 — Phòng Nội vụ, Lao động - Thương binh và Xã hội chưa báo cáo — "
            "chưa đến hạn",
            4: "Hạn 31/12/2023 — Phòng Nội vụ xác định hoàn thành ngày 20/12/2023 — "
            "hoàn thành đúng hạn",
        },
        labels={4: L_ON_TIME},
    ),
    Case(
        # III/11 "Cả năm 2023": UBND huyện and the communes' group lead; two communes never
        # report, so the task is not done within the year.
        "cat-hai-III.11-office-and-communes-year-report",
        "cat-hai-2023",
        ("III", "11"),
        (NOT_STARTED, RUNNING, RUNNING, RUNNING_LATE),
        (
            done(UBND_HUYEN, 2, D(2023, 6, 1)),
            every_done(
                COMMUNES, 3, D(2023, 9, 1), except_=("UBND xã Xuân Đám", "UBND xã Trân Châu")
            ),
        ),
        reasons={
            1: "Hạn 31/12/2023 — UBND huyện chưa báo cáo; UBND các xã, thị trấn: 0/12 đơn vị đã "
            "báo cáo hoàn thành; chưa báo cáo: UBND thị trấn Cát Bà, UBND thị trấn Cát Hải, "
            "UBND xã Đồng Bài, UBND xã Gia Luận, UBND xã Hiền Hào và 7 đơn vị khác — chưa đến hạn",
            3: "Hạn 31/12/2023 — UBND huyện báo cáo hoàn thành ngày 01/06/2023; UBND các xã, thị "
            "trấn: 10/12 đơn vị đã báo cáo hoàn thành; chưa báo cáo: UBND xã Trân Châu, UBND xã "
            "Xuân Đám — chưa đến hạn",
            4: "Hạn 31/12/2023 — UBND huyện báo cáo hoàn thành ngày 01/06/2023; UBND các xã, thị "
            "trấn: 10/12 đơn vị đã báo cáo hoàn thành; chưa báo cáo: UBND xã Trân Châu, UBND xã "
            "Xuân Đám — chưa hoàn thành trong năm 2023",
        },
    ),
    Case(
        # III/13: two offices lead; done when both are done (the later date).
        "cat-hai-III.13-two-offices-lead",
        "cat-hai-2023",
        ("III", "13"),
        (RUNNING, RUNNING, ON_TIME, ON_TIME),
        (
            done(VP, 1, D(2023, 3, 15)),
            running(CH_VH, 2, 60),
            done(CH_VH, 3, D(2023, 9, 10)),
        ),
        reasons={
            1: "Hạn 31/12/2023 — Văn phòng HĐND và UBND huyện báo cáo hoàn thành ngày 15/03/2023; "
            "Phòng Văn hóa - Thông tin - Thể thao và Du lịch chưa báo cáo — chưa đến hạn",
            2: "Hạn 31/12/2023 — Văn phòng HĐND và UBND huyện báo cáo hoàn thành ngày 15/03/2023; "
            "Phòng Văn hóa - Thông tin - Thể thao và Du lịch báo cáo đang thực hiện (60%) — "
            "chưa đến hạn",
            3: "Hạn 31/12/2023 — Văn phòng HĐND và UBND huyện báo cáo hoàn thành ngày 15/03/2023; "
            "Phòng Văn hóa - Thông tin - Thể thao và Du lịch báo cáo hoàn thành ngày 10/09/2023 — "
            "hoàn thành đúng hạn",
        },
    ),
    Case(
        # III/14: accepted reports count like submitted ones.
        "cat-hai-III.14-accepted-reports-count",
        "cat-hai-2023",
        ("III", "14"),
        (RUNNING, ON_TIME, ON_TIME, ON_TIME),
        (
            done(CH_VH, 1, D(2023, 2, 1), review=ReviewState.ACCEPTED),
            done(VP, 2, D(2023, 6, 1), review=ReviewState.ACCEPTED),
        ),
        reasons={
            2: "Hạn 31/12/2023 — Phòng Văn hóa - Thông tin - Thể thao và Du lịch báo cáo hoàn "
            "thành ngày 01/02/2023; Văn phòng HĐND và UBND huyện báo cáo hoàn thành ngày "
            "01/06/2023 — hoàn thành đúng hạn"
        },
    ),
    Case(
        # VI/22 "Cả năm 2022" in the 2023 plan: not judged until the office corrects it.
        "cat-hai-VI.22-deadline-before-plan-not-judged",
        "cat-hai-2023",
        ("VI", "22"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (running(TC_KH, 2, 50),),
        reasons={
            2: f"{CH_OUT_OF_PERIOD} — Phòng Tài chính - Kế hoạch báo cáo đang thực hiện (50%) — "
            "không đánh giá đúng hạn"
        },
        labels={2: L_UNDATED},
    ),
    Case(
        # VI/23, the same text, corrected by the office to 31/12/2023.
        "cat-hai-VI.23-office-corrects-the-year",
        "cat-hai-2023",
        ("VI", "23"),
        (NOT_STARTED, NOT_STARTED, RUNNING, RUNNING_LATE),
        (running(TC_KH, 3, 70),),
        office=Office("Sửa năm theo kế hoạch 2023", due_date=D(2023, 12, 31)),
        reasons={
            4: "Hạn 31/12/2023 (hạn do Phòng Nội vụ xác định: Sửa năm theo kế hoạch 2023) — "
            "Phòng Tài chính - Kế hoạch báo cáo đang thực hiện (70%) — "
            "chưa hoàn thành trong năm 2023"
        },
    ),
    Case(
        # VII/25 "Cả năm 2022": even a "done" is not judged on time.
        "cat-hai-VII.25-out-of-period-done-still-undated",
        "cat-hai-2023",
        ("VII", "25"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (done(CH_KT_HT, 2, D(2023, 5, 5)),),
        reasons={
            3: f"{CH_OUT_OF_PERIOD} — Phòng Kinh tế và Hạ tầng báo cáo hoàn thành ngày "
            "05/05/2023 — không đánh giá đúng hạn"
        },
    ),
    # ------------------------------------------------------------------ Sơn Tây 2020
    Case(
        # 1.c "Quý I năm 2020 ban hành Kế hoạch định kỳ …": milestone 31/03/2020, due 31/12/2020.
        # A partner office's product does not meet the milestone: late from Q2.
        "son-tay-1.c-milestone-missed",
        "son-tay-2020",
        ("1", "c"),
        (RUNNING, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (
            running(TU_PHAP, 1, 20),
            running(NOI_VU, 1, 50, product="Kế hoạch số 15/KH-UBND ngày 20/03/2020"),
        ),
        reasons={
            1: "Hạn 31/12/2020 — Phòng Tư pháp báo cáo đang thực hiện (20%) — chưa đến hạn",
            2: "Hạn 31/12/2020 — Phòng Tư pháp báo cáo đang thực hiện (20%) — đã qua mốc "
            "31/03/2020 mà chưa báo cáo sản phẩm của mốc này",
            4: "Hạn 31/12/2020 — Phòng Tư pháp báo cáo đang thực hiện (20%) — "
            "chưa hoàn thành trong năm 2020",
        },
        labels={2: L_RUNNING_LATE},
    ),
    Case(
        # The lead reports its product in Q1: the milestone is met; done on 20/12.
        "son-tay-1.c-milestone-met-by-product",
        "son-tay-2020",
        ("1", "c"),
        (RUNNING, RUNNING, RUNNING, ON_TIME),
        (
            running(TU_PHAP, 1, 30, product="Kế hoạch số 15/KH-UBND"),
            done(TU_PHAP, 4, D(2020, 12, 20)),
        ),
        reasons={
            2: "Hạn 31/12/2020 — Phòng Tư pháp báo cáo đang thực hiện (30%) — chưa đến hạn",
            4: "Hạn 31/12/2020 — Phòng Tư pháp báo cáo hoàn thành ngày 20/12/2020 — "
            "hoàn thành đúng hạn",
        },
        labels={2: L_RUNNING},
    ),
    Case(
        # 1.d: the product, reported only in Q2, is dated 25/03/2020, before the milestone.
        "son-tay-1.d-milestone-met-by-dated-product-reported-later",
        "son-tay-2020",
        ("1", "d"),
        (NOT_STARTED, RUNNING, RUNNING, RUNNING_LATE),
        (running(TU_PHAP, 2, 40, product="Quyết định số 30/QĐ-UBND ngày 25/03/2020"),),
        reasons={
            1: "Hạn 31/12/2020 — Phòng Tư pháp chưa báo cáo — chưa đến hạn",
            2: "Hạn 31/12/2020 — Phòng Tư pháp báo cáo đang thực hiện (40%) — chưa đến hạn",
        },
    ),
    Case(
        # 6.a "Quý I năm 2020 ban hành kế hoạch; định kỳ …": a product dated 10/04/2020, reported
        # in Q2, is after the milestone: still missed.
        "son-tay-6.a-product-dated-after-milestone-missed",
        "son-tay-2020",
        ("6", "a"),
        (NOT_STARTED, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (running(VH_TT, 2, 40, product="Kế hoạch số 20/KH-UBND ngày 10/04/2020"),),
        reasons={
            2: "Hạn 31/12/2020 — Phòng Văn hóa và Thông tin báo cáo đang thực hiện (40%) — đã qua "
            "mốc 31/03/2020 mà chưa báo cáo sản phẩm của mốc này",
        },
    ),
    Case(
        # 1.đ, led by "Các cơ quan, đơn vị" (Phòng Tư pháp, a partner, left out: 5 members): one
        # member's product in Q1 meets the milestone for the group.
        "son-tay-1.đ-group-member-product-meets-milestone",
        "son-tay-2020",
        ("1", "đ"),
        (RUNNING, RUNNING, RUNNING, RUNNING_LATE),
        (running(NOI_VU, 1, 50, product="Kế hoạch số 05/KH-PNV ngày 15/03/2020"),),
        reasons={
            2: "Hạn 31/12/2020 — Các cơ quan, đơn vị: 0/5 đơn vị đã báo cáo hoàn thành; chưa báo "
            f"cáo: {ST_RADIO}, Phòng Tài chính - Kế hoạch, Phòng Văn hóa và Thông tin, "
            "Văn phòng HĐND và UBND huyện — chưa đến hạn",
        },
    ),
    Case(
        # 2.a "… trước ngày 31/01/2020; định kỳ hàng năm …": milestone 31/01/2020 missed from Q1;
        # the product in a returned report does not count.
        "son-tay-2.a-milestone-missed-returned-product-not-counted",
        "son-tay-2020",
        ("2", "a"),
        (NOT_STARTED_LATE, NOT_STARTED_LATE, NOT_STARTED_LATE, NOT_STARTED_LATE),
        (
            running(
                VP,
                1,
                30,
                product="Kế hoạch số 05/KH-UBND ngày 20/01/2020",
                review=ReviewState.RETURNED,
            ),
        ),
        reasons={
            1: "Hạn 31/12/2020 — Văn phòng HĐND và UBND huyện chưa báo cáo — đã qua mốc "
            "31/01/2020 mà chưa báo cáo sản phẩm của mốc này",
            4: "Hạn 31/12/2020 — Văn phòng HĐND và UBND huyện chưa báo cáo — "
            "chưa hoàn thành trong năm 2020",
        },
        labels={1: L_NOT_STARTED_LATE},
    ),
    Case(
        # 2.e (no lead, recurring) from its two unnumbered sub-rows: the first led by the offices
        # (Văn phòng, named as partner and monitor, left out) and the communes, the second by
        # Văn phòng.
        "son-tay-2.e-two-unnumbered-sub-rows",
        "son-tay-2020",
        ("2", "e"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (
            every_done(OFFICES, 1, D(2020, 3, 1), except_=(VP,), on=("2", "e."), on_nth=0),
            every_done(ST_COMMUNES, 1, D(2020, 3, 1), on=("2", "e."), on_nth=0),
            running(VP, 1, 50, on=("2", "e."), on_nth=1),
            done(VP, 2, D(2020, 6, 1), on=("2", "e."), on_nth=1),
        ),
        reasons={
            1: "Thường xuyên, định kỳ — Gồm 2 nội dung: 1 hoàn thành, 1 đang thực hiện — "
            "không đánh giá đúng hạn",
            2: "Thường xuyên, định kỳ — Gồm 2 nội dung: 2 hoàn thành — không đánh giá đúng hạn",
        },
    ),
    Case(
        # Rule 11's example: 2.f "Quý III năm 2019." in the 2020 plan.
        "son-tay-2.f-deadline-before-plan-not-judged",
        "son-tay-2020",
        ("2", "f"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (running(VP, 2, 60),),
        reasons={
            2: "Thời hạn ghi trong kế hoạch “Quý III năm 2019.” (30/09/2019) nằm ngoài thời kỳ "
            "kế hoạch 2020; chờ Phòng Nội vụ xác định lại hạn — Văn phòng HĐND và UBND huyện "
            "báo cáo đang thực hiện (60%) — không đánh giá đúng hạn"
        },
    ),
    Case(
        "son-tay-2.f-office-corrects-to-2020",
        "son-tay-2020",
        ("2", "f"),
        (NOT_STARTED, RUNNING, RUNNING, RUNNING_LATE),
        (running(VP, 2, 60),),
        office=Office("Xác định lại theo thời kỳ kế hoạch năm 2020", due_date=D(2020, 9, 30)),
        reasons={
            2: "Hạn 30/09/2020 (hạn do Phòng Nội vụ xác định: Xác định lại theo thời kỳ kế hoạch "
            "năm 2020) — Văn phòng HĐND và UBND huyện báo cáo đang thực hiện (60%) — chưa đến hạn",
            4: "Hạn 30/09/2020 (hạn do Phòng Nội vụ xác định: Xác định lại theo thời kỳ kế hoạch "
            "năm 2020) — Văn phòng HĐND và UBND huyện báo cáo đang thực hiện (60%) — "
            "quá hạn 92 ngày",
        },
    ),
    Case(
        "son-tay-3.c-cancelled-by-office",
        "son-tay-2020",
        ("3", "c"),
        (CANCELLED, CANCELLED, CANCELLED, CANCELLED),
        office=Office("UBND huyện cho lùi sang năm 2021", status=TaskStatus.CANCELLED),
        reasons={4: "Phòng Nội vụ quyết định không thực hiện: UBND huyện cho lùi sang năm 2021"},
        labels={4: L_CANCELLED},
    ),
    Case(
        # 4.c "Quý III năm 2020.": Phòng Nội vụ, the offices and the communes lead; Phòng Nội vụ
        # is also a partner, so the offices' group has 5 members here.
        "son-tay-4.c-three-leads-office-named-twice",
        "son-tay-2020",
        ("4", "c"),
        (NOT_STARTED, RUNNING, ON_TIME, ON_TIME),
        (
            done(NOI_VU, 2, D(2020, 6, 15)),
            every_done(OFFICES, 3, D(2020, 9, 20), except_=(NOI_VU,)),
            every_done(ST_COMMUNES, 3, D(2020, 9, 25)),
        ),
        reasons={
            2: "Hạn 30/09/2020 — Phòng Nội vụ báo cáo hoàn thành ngày 15/06/2020; Các cơ quan, "
            f"đơn vị: 0/5 đơn vị đã báo cáo hoàn thành; chưa báo cáo: {ST_RADIO}, Phòng Tài "
            "chính - Kế hoạch, Phòng Tư pháp, Phòng Văn hóa và Thông tin, Văn phòng HĐND và UBND "
            "huyện; UBND các xã: 0/9 đơn vị đã báo cáo hoàn thành; chưa báo cáo: UBND xã Sơn Bua, "
            "UBND xã Sơn Dung, UBND xã Sơn Lập, UBND xã Sơn Liên, UBND xã Sơn Long và 4 đơn vị "
            "khác — chưa đến hạn",
            3: "Hạn 30/09/2020 — Phòng Nội vụ báo cáo hoàn thành ngày 15/06/2020; Các cơ quan, "
            "đơn vị: 5/5 đơn vị đã báo cáo hoàn thành; UBND các xã: 9/9 đơn vị đã báo cáo hoàn "
            "thành — hoàn thành đúng hạn",
        },
    ),
    Case(
        # Area 5's single unlettered task, "Quý II năm 2020.": done 15 days late.
        "son-tay-5-unlettered-task-done-late",
        "son-tay-2020",
        ("5", ""),
        (NOT_STARTED, NOT_STARTED, DONE_LATE, DONE_LATE),
        (done(TC_KH, 3, D(2020, 7, 15)),),
        reasons={
            2: "Hạn 30/06/2020 — Phòng Tài chính - Kế hoạch chưa báo cáo — chưa đến hạn",
            3: "Hạn 30/06/2020 — Phòng Tài chính - Kế hoạch báo cáo hoàn thành ngày 15/07/2020 — "
            "hoàn thành sau hạn 15 ngày",
        },
        labels={2: L_NOT_STARTED, 3: L_DONE_LATE},
    ),
    Case(
        # 8.b "Quý I năm 2020." under decree 09: everyone done by 12/03, before the 14th.
        "son-tay-8.b-decree-09-done-before-the-14th",
        "son-tay-2020",
        ("8", "b"),
        (ON_TIME, ON_TIME, ON_TIME, ON_TIME),
        (done(NOI_VU, 1, D(2020, 3, 10)), every_done(ST_COMMUNES, 1, D(2020, 3, 12))),
        cutoff=DataCutoff.DECREE_09,
        reasons={
            1: "Hạn 31/03/2020 — Phòng Nội vụ báo cáo hoàn thành ngày 10/03/2020; UBND các xã: "
            "9/9 đơn vị đã báo cáo hoàn thành — hoàn thành đúng hạn"
        },
    ),
    Case(
        # Rule 7's example: 8.c "Tháng 12 năm 2020.", declared done by the office on 25/12.
        "son-tay-8.c-office-declares-done",
        "son-tay-2020",
        ("8", "c"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, ON_TIME),
        office=Office(
            "Kế hoạch CCHC năm 2021 đã ban hành",
            status=TaskStatus.DONE,
            completed_on=D(2020, 12, 25),
        ),
        reasons={
            3: "Hạn 31/12/2020 — Phòng Nội vụ chưa báo cáo — chưa đến hạn",
            4: "Hạn 31/12/2020 — Phòng Nội vụ xác định hoàn thành ngày 25/12/2020 — "
            "hoàn thành đúng hạn",
        },
    ),
    Case(
        # 8.d "Tháng 01/2021;": due in the next year, carried over in the year report.
        "son-tay-8.d-due-january-2021-carried-over",
        "son-tay-2020",
        ("8", "d"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, NOT_STARTED),
        reasons={
            3: "Hạn 31/01/2021 — Phòng Nội vụ chưa báo cáo — chưa đến hạn",
            4: "Hạn 31/01/2021 — Phòng Nội vụ chưa báo cáo — chuyển tiếp sang năm 2021",
        },
        labels={4: "Chưa thực hiện (chuyển tiếp)"},
    ),
    # ------------------------------------------------------------------ Thăng Bình 2022
    Case(
        # I/1 "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022 và các năm tiếp theo": the
        # milestone 31/01 is missed in Q1; the Q2 report names a plan dated 18/01: met.
        "thang-binh-I.1-milestone-met-by-dated-product",
        "thang-binh-2022",
        ("I", "1"),
        (NOT_STARTED_LATE, RUNNING, RUNNING, ON_TIME),
        (
            running(NOI_VU, 2, 50, product="Kế hoạch số 10/KH-UBND ngày 18/01/2022"),
            done(NOI_VU, 4, D(2022, 12, 28)),
        ),
        reasons={
            1: "Hạn 31/12/2022 — Phòng Nội vụ chưa báo cáo — đã qua mốc 31/01/2022 mà chưa báo "
            "cáo sản phẩm của mốc này",
            2: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo đang thực hiện (50%) — chưa đến hạn",
        },
        labels={1: L_NOT_STARTED_LATE, 2: L_RUNNING},
    ),
    Case(
        "thang-binh-I.2-january-milestone-missed",
        "thang-binh-2022",
        ("I", "2"),
        (RUNNING_LATE, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (running(NOI_VU, 1, 20),),
        reasons={
            1: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo đang thực hiện (20%) — đã qua mốc "
            "31/01/2022 mà chưa báo cáo sản phẩm của mốc này",
            4: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo đang thực hiện (20%) — "
            "chưa hoàn thành trong năm 2022",
        },
        labels={1: L_RUNNING_LATE},
    ),
    Case(
        # I/5 "… trong tháng 01 và hoàn thành … trong tháng 02/2022": due 28/02 has passed, which
        # is said before any milestone.
        "thang-binh-I.5-due-date-passed-before-milestone",
        "thang-binh-2022",
        ("I", "5"),
        (NOT_STARTED_LATE, NOT_STARTED_LATE, NOT_STARTED_LATE, NOT_STARTED_LATE),
        reasons={
            1: "Hạn 28/02/2022 — Phòng Nội vụ chưa báo cáo — quá hạn 31 ngày",
            4: "Hạn 28/02/2022 — Phòng Nội vụ chưa báo cáo — quá hạn 306 ngày",
        },
    ),
    Case(
        # I/7 "Tháng 01/2022", led by the district's assessment council: the partner land-registry
        # branch's report does not count.
        "thang-binh-I.7-partner-branch-report-ignored",
        "thang-binh-2022",
        ("I", "7"),
        (NOT_STARTED_LATE, NOT_STARTED_LATE, NOT_STARTED_LATE, NOT_STARTED_LATE),
        (done("Chi nhánh Văn phòng đăng ký đất đai Thăng Bình", 1, D(2022, 1, 20)),),
        reasons={
            1: "Hạn 31/01/2022 — Hội đồng đánh giá kết quả CCHC huyện chưa báo cáo — "
            "quá hạn 59 ngày",
            3: "Hạn 31/01/2022 — Hội đồng đánh giá kết quả CCHC huyện chưa báo cáo — "
            "quá hạn 242 ngày",
        },
    ),
    Case(
        # I/18: milestone 30/11, due 31/12; in the year report "not done within the year" wins.
        "thang-binh-I.18-year-report-before-november-milestone",
        "thang-binh-2022",
        ("I", "18"),
        (NOT_STARTED, NOT_STARTED, RUNNING, RUNNING_LATE),
        (running(NOI_VU, 3, 10),),
        reasons={
            3: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo đang thực hiện (10%) — chưa đến hạn",
            4: "Hạn 31/12/2022 — Phòng Nội vụ báo cáo đang thực hiện (10%) — "
            "chưa hoàn thành trong năm 2022",
        },
    ),
    Case(
        # II/1 "Ban hành Kế hoạch trong Quý I, thực hiện năm 2022": the milestone 31/03 is the
        # Q1 cut-off day, so it is missed from the six-month report.
        "thang-binh-II.1-quarter-milestone-missed-from-q2",
        "thang-binh-2022",
        ("II", "1"),
        (RUNNING, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (running(TU_PHAP, 1, 30),),
        reasons={
            1: "Hạn 31/12/2022 — Phòng Tư pháp báo cáo đang thực hiện (30%) — chưa đến hạn",
            3: "Hạn 31/12/2022 — Phòng Tư pháp báo cáo đang thực hiện (30%) — đã qua mốc "
            "31/03/2022 mà chưa báo cáo sản phẩm của mốc này",
        },
    ),
    Case(
        # IV/4 "Thường xuyên", led by "Các phòng, ban, đơn vị sự nghiệp huyện" less its partner
        # Phòng Nội vụ: 10 offices, 2 of them reported.
        "thang-binh-IV.4-group-minus-partner-recurring",
        "thang-binh-2022",
        ("IV", "4"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (running("Thanh tra huyện", 1, 50), done(TU_PHAP, 1, D(2022, 3, 1))),
        reasons={
            1: "Thường xuyên, định kỳ — Các phòng, ban, đơn vị sự nghiệp huyện: 1/10 đơn vị đã "
            "báo cáo hoàn thành; chưa báo cáo: Ban tiếp công dân huyện, Phòng Kinh tế và Hạ "
            "tầng, Phòng Tài chính - Kế hoạch, Phòng Tài nguyên và Môi trường, Phòng Văn hóa và "
            "Thông tin và 3 đơn vị khác — không đánh giá đúng hạn"
        },
    ),
    Case(
        # Rule 9's example: V/3 "Ban hành Kế hoạch trong tháng 02, hoàn thành tháng 4/2022".
        "thang-binh-V.3-milestone-missed-then-done-on-time",
        "thang-binh-2022",
        ("V", "3"),
        (RUNNING_LATE, ON_TIME, ON_TIME, ON_TIME),
        (running(NOI_VU, 1, 30), done(NOI_VU, 2, D(2022, 4, 25))),
        reasons={
            1: "Hạn 30/04/2022 — Phòng Nội vụ báo cáo đang thực hiện (30%) — đã qua mốc "
            "28/02/2022 mà chưa báo cáo sản phẩm của mốc này",
            2: "Hạn 30/04/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 25/04/2022 — "
            "hoàn thành đúng hạn",
        },
        labels={1: L_RUNNING_LATE, 2: L_ON_TIME},
    ),
    Case(
        # The plan issued in February (reported in Q1): on time in Q1, late after 30/04.
        "thang-binh-V.3-milestone-met-then-late",
        "thang-binh-2022",
        ("V", "3"),
        (RUNNING, RUNNING_LATE, RUNNING_LATE, RUNNING_LATE),
        (running(NOI_VU, 1, 40, product="Kế hoạch số 25/KH-UBND ngày 20/02/2022"),),
        reasons={
            1: "Hạn 30/04/2022 — Phòng Nội vụ báo cáo đang thực hiện (40%) — chưa đến hạn",
            2: "Hạn 30/04/2022 — Phòng Nội vụ báo cáo đang thực hiện (40%) — quá hạn 61 ngày",
            4: "Hạn 30/04/2022 — Phòng Nội vụ báo cáo đang thực hiện (40%) — quá hạn 245 ngày",
        },
    ),
    Case(
        # Rule 5's example: V/4 "Quý II/2022" under decree 09, done on 20/06 reported for Q2.
        "thang-binh-V.4-decree-09-done-after-the-14th",
        "thang-binh-2022",
        ("V", "4"),
        (NOT_STARTED, RUNNING, ON_TIME, ON_TIME),
        (done(NOI_VU, 2, D(2022, 6, 20)),),
        cutoff=DataCutoff.DECREE_09,
        reasons={
            2: "Hạn 30/06/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 20/06/2022, sau ngày chốt "
            "số liệu 14/06/2022, nên chưa tính hoàn thành ở kỳ này — chưa đến hạn",
            3: "Hạn 30/06/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 20/06/2022 — "
            "hoàn thành đúng hạn",
        },
    ),
    Case(
        "thang-binh-V.6-ad-hoc-undated",
        "thang-binh-2022",
        ("V", "6"),
        (UNDATED, UNDATED, UNDATED, UNDATED),
        (running("Tổ kiểm tra", 2, 50),),
        reasons={
            2: "Đột xuất — Tổ kiểm tra báo cáo đang thực hiện (50%) — không đánh giá đúng hạn"
        },
        labels={2: L_UNDATED},
    ),
    # ------------------------------------------------------------------ Tuy Phước 2024
    Case(
        # Rule 12's example in 2024: 1.1's lead group less its monitor Phòng Nội vụ (19 members),
        # 17 of them in progress; Phòng Nội vụ's report does not count.
        "tuy-phuoc-1.1-group-minus-monitor",
        "tuy-phuoc-2023-2025",
        ("1", "1.1"),
        (RUNNING, RUNNING, RUNNING, RUNNING_LATE),
        (
            every_running(
                TP_ALL, 1, 25, except_=(NOI_VU, "UBND xã Phước Hòa", "UBND xã Phước Sơn")
            ),
            running(NOI_VU, 1, 25),
        ),
        reasons={
            1: f"{TP_DUE} — Các cơ quan, đơn vị, địa phương: 0/19 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: UBND xã Phước Hòa, UBND xã Phước Sơn — chưa đến hạn",
            4: f"{TP_DUE} — Các cơ quan, đơn vị, địa phương: 0/19 đơn vị đã báo cáo hoàn thành; "
            "chưa báo cáo: UBND xã Phước Hòa, UBND xã Phước Sơn — chưa hoàn thành trong năm 2024",
        },
    ),
    Case(
        # Reports of 2023 do not count in 2024.
        "tuy-phuoc-1.2-last-years-report-does-not-count",
        "tuy-phuoc-2023-2025",
        ("1", "1.2"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, NOT_STARTED_LATE),
        (done(NOI_VU, 4, D(2023, 12, 20), year=2023),),
        reasons={
            1: f"{TP_DUE} — Phòng Nội vụ chưa báo cáo — chưa đến hạn",
            4: f"{TP_DUE} — Phòng Nội vụ chưa báo cáo — chưa hoàn thành trong năm 2024",
        },
        labels={4: L_NOT_STARTED_LATE},
    ),
    Case(
        # 1.3 (no lead) from 1.3.1 (Phòng Nội vụ and Văn phòng) and 1.3.2 (the group less Phòng
        # Nội vụ and Văn phòng, named as partners: 18 members).
        "tuy-phuoc-1.3-rolled-up-from-sub-criteria",
        "tuy-phuoc-2023-2025",
        ("1", "1.3"),
        (RUNNING, RUNNING, ON_TIME, ON_TIME),
        (
            done(NOI_VU, 1, D(2024, 3, 10), on=("1", "1.3.1")),
            done(VP, 2, D(2024, 5, 10), on=("1", "1.3.1")),
            every_done(TP_ALL, 3, D(2024, 9, 15), on=("1", "1.3.2"), except_=(NOI_VU, VP)),
        ),
        reasons={
            1: f"{TP_DUE} — Gồm 2 nội dung: 1 đang thực hiện, 1 chưa thực hiện — chưa đến hạn",
            2: f"{TP_DUE} — Gồm 2 nội dung: 1 hoàn thành, 1 chưa thực hiện — chưa đến hạn",
            3: f"{TP_DUE} — Gồm 2 nội dung: 2 hoàn thành — hoàn thành đúng hạn",
        },
    ),
    Case(
        # The office declares 1.3 done on 15/06/2024: it wins over the sub-criteria although 1.3
        # has no lead.
        "tuy-phuoc-1.3-office-done-without-lead",
        "tuy-phuoc-2023-2025",
        ("1", "1.3"),
        (NOT_STARTED, ON_TIME, ON_TIME, ON_TIME),
        office=Office(
            "Đã kiểm tra đủ tỷ lệ năm 2024", status=TaskStatus.DONE, completed_on=D(2024, 6, 15)
        ),
        reasons={
            1: f"{TP_DUE} — Gồm 2 nội dung: 2 chưa thực hiện — chưa đến hạn",
            2: f"{TP_DUE} — Phòng Nội vụ xác định hoàn thành ngày 15/06/2024 — hoàn thành đúng hạn",
        },
    ),
    Case(
        # 1.4: three leads; the monitor's (Phòng Văn hóa và Thông tin) report does not count.
        "tuy-phuoc-1.4-three-leads",
        "tuy-phuoc-2023-2025",
        ("1", "1.4"),
        (RUNNING, RUNNING, RUNNING, ON_TIME),
        (
            done(NOI_VU, 1, D(2024, 2, 1)),
            done(VH_TT, 1, D(2024, 2, 1)),
            done(VP, 2, D(2024, 5, 1)),
            running(TP_CENTRE, 2, 70),
            done(TP_CENTRE, 4, D(2024, 12, 10)),
        ),
        reasons={
            1: f"{TP_DUE} — Phòng Nội vụ báo cáo hoàn thành ngày 01/02/2024; Văn phòng HĐND và "
            f"UBND huyện chưa báo cáo; {TP_CENTRE} chưa báo cáo — chưa đến hạn",
            2: f"{TP_DUE} — Phòng Nội vụ báo cáo hoàn thành ngày 01/02/2024; Văn phòng HĐND và "
            "UBND huyện báo cáo hoàn thành ngày 01/05/2024; "
            f"{TP_CENTRE} báo cáo đang thực hiện (70%) — chưa đến hạn",
            4: f"{TP_DUE} — Phòng Nội vụ báo cáo hoàn thành ngày 01/02/2024; Văn phòng HĐND và "
            "UBND huyện báo cáo hoàn thành ngày 01/05/2024; "
            f"{TP_CENTRE} báo cáo hoàn thành ngày 10/12/2024 — hoàn thành đúng hạn",
        },
    ),
    Case(
        # 2.1 (no lead) from 2.1.1 and 2.1.2 (Phòng Tư pháp): not done within 2024.
        "tuy-phuoc-2.1-rolled-up-year-report",
        "tuy-phuoc-2023-2025",
        ("2", "2.1"),
        (NOT_STARTED, RUNNING, RUNNING, RUNNING_LATE),
        (
            running(TU_PHAP, 2, 50, on=("2", "2.1.1")),
            done(TU_PHAP, 3, D(2024, 9, 1), on=("2", "2.1.2")),
        ),
        reasons={
            1: f"{TP_DUE} — Gồm 2 nội dung: 2 chưa thực hiện — chưa đến hạn",
            2: f"{TP_DUE} — Gồm 2 nội dung: 1 đang thực hiện, 1 chưa thực hiện — chưa đến hạn",
            4: f"{TP_DUE} — Gồm 2 nội dung: 1 hoàn thành, 1 đang thực hiện — "
            "chưa hoàn thành trong năm 2024",
        },
        labels={4: L_RUNNING_LATE},
    ),
    Case(
        # Rule 10's example: 2.3's 80 % of Q4/2023 is not counted in 2024; done on 30/11/2024.
        "tuy-phuoc-2.3-yearly-target-done",
        "tuy-phuoc-2023-2025",
        ("2", "2.3"),
        (NOT_STARTED, RUNNING, RUNNING, ON_TIME),
        (
            running(TU_PHAP, 4, 80, year=2023),
            running(TU_PHAP, 2, 50),
            done(TU_PHAP, 4, D(2024, 11, 30)),
        ),
        reasons={
            1: f"{TP_DUE} — Phòng Tư pháp chưa báo cáo — chưa đến hạn",
            4: f"{TP_DUE} — Phòng Tư pháp báo cáo hoàn thành ngày 30/11/2024 — hoàn thành đúng hạn",
        },
    ),
    Case(
        # 3.5 has a lead of its own (the group less Văn phòng, its monitor: 19 members): the
        # roll-up adds the group's standing to its sub-criteria's.
        "tuy-phuoc-3.5-parent-with-own-lead",
        "tuy-phuoc-2023-2025",
        ("3", "3.5"),
        (RUNNING, RUNNING, RUNNING, RUNNING_LATE),
        (done(VP, 1, D(2024, 3, 15), on=("3", "3.5.2")),),
        reasons={
            1: f"{TP_DUE} — Gồm 2 nội dung: 1 hoàn thành, 1 chưa thực hiện; Các cơ quan, đơn vị, "
            "địa phương: 0/19 đơn vị đã báo cáo hoàn thành; chưa báo cáo: Phòng Kinh tế và Hạ "
            "tầng, Phòng Nội vụ, Phòng Tài chính - Kế hoạch, Phòng Tư pháp, Phòng Văn hóa và "
            "Thông tin và 14 đơn vị khác — chưa đến hạn",
        },
    ),
    Case(
        # 5.6: the offices' group (less Phòng Nội vụ, its monitor: 6) and the communes' group (13).
        "tuy-phuoc-5.6-two-groups-all-members-done",
        "tuy-phuoc-2023-2025",
        ("5", "5.6"),
        (NOT_STARTED, RUNNING, ON_TIME, ON_TIME),
        (
            every_done(OFFICES, 2, D(2024, 6, 10), except_=(NOI_VU,)),
            every_done(COMMUNES, 3, D(2024, 9, 20)),
        ),
        reasons={
            2: f"{TP_DUE} — Các cơ quan, đơn vị: 6/6 đơn vị đã báo cáo hoàn thành; UBND các xã, "
            "thị trấn: 0/13 đơn vị đã báo cáo hoàn thành; chưa báo cáo: UBND thị trấn Diêu Trì, "
            "UBND thị trấn Tuy Phước, UBND xã Phước An, UBND xã Phước Hiệp, UBND xã Phước Hòa và "
            "8 đơn vị khác — chưa đến hạn",
            3: f"{TP_DUE} — Các cơ quan, đơn vị: 6/6 đơn vị đã báo cáo hoàn thành; UBND các xã, "
            "thị trấn: 13/13 đơn vị đã báo cáo hoàn thành — hoàn thành đúng hạn",
        },
    ),
    Case(
        # 8.2: done on 05/10/2024 reported for Q3 (cut-off 30/09).
        "tuy-phuoc-8.2-done-after-q3-cutoff",
        "tuy-phuoc-2023-2025",
        ("8", "8.2"),
        (NOT_STARTED, NOT_STARTED, RUNNING, ON_TIME),
        (done(TP_KT_HT, 3, D(2024, 10, 5)),),
        reasons={
            3: f"{TP_DUE} — Phòng Kinh tế và Hạ tầng báo cáo hoàn thành ngày 05/10/2024, sau ngày "
            "chốt số liệu 30/09/2024, nên chưa tính hoàn thành ở kỳ này — chưa đến hạn",
            4: f"{TP_DUE} — Phòng Kinh tế và Hạ tầng báo cáo hoàn thành ngày 05/10/2024 — "
            "hoàn thành đúng hạn",
        },
    ),
    Case(
        # The office's done of 15/11/2023 meets 2023's target, not 2024's.
        "tuy-phuoc-8.3.1-office-done-last-year-not-counted",
        "tuy-phuoc-2023-2025",
        ("8", "8.3.1"),
        (NOT_STARTED, NOT_STARTED, NOT_STARTED, NOT_STARTED_LATE),
        office=Office(
            "Đạt chỉ tiêu năm 2023", status=TaskStatus.DONE, completed_on=D(2023, 11, 15)
        ),
        reasons={
            1: f"{TP_DUE} — Phòng Tài chính - Kế hoạch chưa báo cáo — chưa đến hạn",
            4: f"{TP_DUE} — Phòng Tài chính - Kế hoạch chưa báo cáo — "
            "chưa hoàn thành trong năm 2024",
        },
    ),
]


# --------------------------------------------------------------------------- arranging


def find_task(plan: Plan, numeral: str, code: str, nth: int | None = None) -> Task:
    """The task of `plan` under area `numeral` shown as `code` ("1.b", "17.", "3.5.1" …); `nth`
    picks one when the plan shows the code more than once (Sơn Tây's two "e." sub-rows)."""
    found = [
        t
        for t in Task.objects.filter(plan=plan, area__numeral=numeral)
        .select_related("parent")
        .order_by("order")
        if t.display_code == code
    ]
    if nth is None:
        assert len(found) == 1, f"{plan.slug}: {len(found)} tasks {numeral}/{code}"
        return found[0]
    return found[nth]


def agency(plan: Plan, name: str) -> Agency:
    return Agency.objects.get(unit=plan.unit, name=name)


def members(plan: Plan, group_name: str, leaving_out=()) -> list[Agency]:
    group = agency(plan, group_name)
    return list(
        Agency.objects.filter(unit=plan.unit, kind__in=group.includes)
        .exclude(kind=AgencyKind.GROUP)
        .exclude(name__in=leaving_out)
    )


def file_reports(plan: Plan, default_task: Task, filings, year: int) -> None:
    for f in filings:
        task = find_task(plan, *f.on, f.on_nth) if f.on else default_task
        agencies = (
            members(plan, f.agency, f.except_) if f.every_member else [agency(plan, f.agency)]
        )
        for reporter in agencies:
            ProgressReportFactory(
                task=task,
                agency=reporter,
                year=f.year or year,
                quarter=f.quarter,
                status=f.status,
                completion_date=f.completed,
                percent=f.percent,
                review_state=f.review,
                review_note="Thiếu minh chứng" if f.review == ReviewState.RETURNED else "",
                product_issued=f.product,
            )


def decide(task: Task, office: Office) -> None:
    """The Interior Office's decision, saved with its reason in the task's history."""
    if office.status:
        task.status = office.status
    if office.completed_on:
        task.completed_on = office.completed_on
    if office.due_date:
        task.due_date = office.due_date
    task._change_reason = office.reason
    task.save()


def arrange(case: Case) -> tuple[Plan, Task]:
    plan = Plan.objects.get(slug=case.plan)
    if case.cutoff != plan.data_cutoff:
        plan.data_cutoff = case.cutoff
        plan.save(update_fields=["data_cutoff"])
    task = find_task(plan, *case.task)
    file_reports(plan, task, case.filed, case.year)
    if case.office:
        decide(task, case.office)
    return plan, task


def row_of(report, task: Task):
    return next(r for r in report.rows if r.task.pk == task.pk)


def expected_cutoff(rule: str, year: int, quarter: int) -> datetime.date:
    if rule == DataCutoff.DECREE_09:
        return D(year, 3 * quarter, 14)
    return {1: D(year, 3, 31), 2: D(year, 6, 30), 3: D(year, 9, 30), 4: D(year, 12, 31)}[quarter]


# --------------------------------------------------------------------------- the tests


def load_plan(slug: str) -> None:
    """Only the case's plan: loading all five for each case would triple the run time."""
    call_command("load_plans", slug, stdout=io.StringIO())


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_class_and_reason_at_every_quarter(db, case):
    """The class at Q1..Q4 and, where the case gives them, the reason and label in words (one
    test per case: loading the plans costs more than building the four reports)."""
    load_plan(case.plan)
    plan, task = arrange(case)

    rows = {}
    for quarter in (1, 2, 3, 4):
        report = build_report(plan, Period(case.year, quarter))
        assert report.as_of == expected_cutoff(case.cutoff, case.year, quarter)
        rows[quarter] = row_of(report, task).classified

    got = [(rows[q].report_class, rows[q].overdue) for q in (1, 2, 3, 4)]
    assert got == list(case.expected)
    assert {q: rows[q].reason for q in case.reasons} == case.reasons
    assert {q: rows[q].status_label for q in case.labels} == case.labels


@dataclass(frozen=True)
class AgencyCase:
    id: str
    plan: str
    quarter: int
    filed: tuple[tuple[tuple[str, str], Filed], ...]  # ((area numeral, code), report)
    expected: dict[str, dict[str, int]]  # agency → its non-zero class counts
    complete: bool = False  # `expected` lists every agency of the table


AGENCY_CASES = [
    AgencyCase(
        # Task 1 has no lead: Phòng Nội vụ answers for 1.b only, the communes' group for 1.c
        # (in progress, overdue) — nobody for task 1's rolled-up class.
        "cat-hai-no-lead-parent-credits-nobody",
        "cat-hai-2023",
        1,
        (
            (("I", "1.b"), done(CH_NOI_VU, 1, D(2023, 1, 10))),
            (("I", "1.c"), done("UBND thị trấn Cát Bà", 1, D(2023, 1, 20))),
            (("I", "1.c"), done("UBND thị trấn Cát Hải", 1, D(2023, 1, 20))),
            (("I", "1.c"), done("UBND xã Gia Luận", 1, D(2023, 1, 20))),
        ),
        {
            # 1.b, 3, 4.a, 6, 18, 19, 20, 21
            CH_NOI_VU: {ReportClass.DONE_ON_TIME: 1, ReportClass.NOT_STARTED: 7},
            # 1.c, 11
            COMMUNES: {ReportClass.IN_PROGRESS_OVERDUE: 1, ReportClass.NOT_STARTED: 1},
            UBND_HUYEN: {ReportClass.NOT_STARTED: 3},  # 2, 4.b, 11
            CH_VH: {ReportClass.NOT_STARTED: 7},  # 5, 13–17, 24
            VP: {ReportClass.NOT_STARTED: 6},  # 12–17
            TU_PHAP: {ReportClass.NOT_STARTED: 4},  # 7–10
            TC_KH: {ReportClass.UNDATED: 2},  # 22, 23 ("Cả năm 2022")
            CH_KT_HT: {ReportClass.UNDATED: 1},  # 25 ("Cả năm 2022")
        },
        complete=True,
    ),
    AgencyCase(
        # Row 17: Văn phòng answers for its own row (done on time), not for the rolled-up class
        # (in progress while the sub-row is open); Phòng Văn hóa for the sub-row (undated); the
        # sub-row of 18 has no lead and credits nobody.
        "thanh-oai-parent-lead-counted-with-own-class",
        "thanh-oai-2022",
        1,
        ((("III", "17"), done(VP, 1, D(2022, 3, 20))),),
        {
            # 17 done; 31, 32, 34 not started; 33, 35, 36 undated
            VP: {
                ReportClass.DONE_ON_TIME: 1,
                ReportClass.NOT_STARTED: 3,
                ReportClass.UNDATED: 3,
            },
            VH_TT: {ReportClass.NOT_STARTED: 1, ReportClass.UNDATED: 2},  # 4; 17., 29
            COMMUNES: {ReportClass.NOT_STARTED: 5, ReportClass.UNDATED: 1},  # 2, 5, 11, 18, 30; 14
            OFFICES: {ReportClass.NOT_STARTED: 1},  # 2
            # 1, 6, 7, 8, 9, 10, 12, 19, 23 not started; 3, 13, 20, 21, 22, 24 undated
            NOI_VU: {ReportClass.NOT_STARTED: 9, ReportClass.UNDATED: 6},
            TU_PHAP: {ReportClass.NOT_STARTED: 2},  # 15, 16
            TC_KH: {ReportClass.NOT_STARTED: 3, ReportClass.UNDATED: 1},  # 25, 26, 27; 28
        },
        complete=True,
    ),
    AgencyCase(
        # 3.5's own lead (the group) answers for 3.5's own class (not started), not for the
        # roll-up (in progress since Văn phòng finished 3.5.2).
        "tuy-phuoc-parent-own-lead-not-credited-with-roll-up",
        "tuy-phuoc-2023-2025",
        1,
        ((("3", "3.5.2"), done(VP, 1, D(2024, 3, 15))),),
        {
            # 1.3.1, 1.4, 3.5.2, 7.2.3, 7.3.1, 7.3.2
            VP: {ReportClass.DONE_ON_TIME: 1, ReportClass.NOT_STARTED: 5},
            TP_ALL: {ReportClass.NOT_STARTED: 34},  # 34 criteria, 3.5 among them
        },
    ),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in AGENCY_CASES])
def test_by_agency_counts(db, case):
    """Rule 8: each lead is counted under the class of the (sub-)task it leads itself."""
    load_plan(case.plan)
    plan = Plan.objects.get(slug=case.plan)
    year = PLAN_YEAR[case.plan]
    for address, filing in case.filed:
        file_reports(plan, find_task(plan, *address), [filing], year)

    report = build_report(plan, Period(year, case.quarter))

    got = {
        a.name: {c: n for c, n in counts.by_class.items() if n} for a, counts in report.by_agency
    }
    if case.complete:
        assert got == case.expected
    else:
        assert {name: got[name] for name in case.expected} == case.expected


def _report_on_everything(plan: Plan, year: int) -> int:
    """Every lead (every member of a lead group) reports on every task in Q1 and Q2."""
    created = 0
    groups = {}
    for assignment in TaskAssignment.objects.filter(
        task__plan=plan, role=AssignmentRole.LEAD
    ).select_related("agency", "task"):
        lead = assignment.agency
        if lead.kind == AgencyKind.GROUP:
            reporters = groups.setdefault(lead.pk, members(plan, lead.name))
        else:
            reporters = [lead]
        for reporter in reporters:
            for quarter, status in ((1, ProgressStatus.IN_PROGRESS), (2, ProgressStatus.DONE)):
                _, new = ProgressReport.objects.get_or_create(
                    task=assignment.task,
                    agency=reporter,
                    year=year,
                    quarter=quarter,
                    defaults={
                        "status": status,
                        "percent": 100 if status == ProgressStatus.DONE else 50,
                        "completion_date": D(year, 5, 1) if status == ProgressStatus.DONE else None,
                        "review_state": ReviewState.SUBMITTED,
                    },
                )
                created += new
    return created


def test_query_count_does_not_grow_with_reports(db, django_assert_num_queries):
    """build_report reads Thanh Oai in as many queries with one report as with several hundred."""
    load_plan("thanh-oai-2022")
    plan = Plan.objects.get(slug="thanh-oai-2022")
    period = Period(2022, 2)
    file_reports(plan, find_task(plan, "I", "1"), [done(NOI_VU, 1, D(2022, 2, 10))], 2022)
    build_report(plan, period)  # warm caches (content types and the like)
    with CaptureQueriesContext(connection) as few:
        build_report(plan, period)

    assert _report_on_everything(plan, 2022) > 300

    with django_assert_num_queries(len(few.captured_queries)):
        build_report(plan, period)
