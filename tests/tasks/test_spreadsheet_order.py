"""Where an import puts new tasks of a partial file, and the history of tasks it moves."""

import pytest

from tasks.models import Task
from tasks.spreadsheet import import_plan_file
from tasks.spreadsheet.apply import _moved, _stt_key
from tests.tasks.test_spreadsheet import ROWS, xlsx


@pytest.fixture
def plan(district_setup):
    return district_setup["plan"]


def _codes(plan):
    return [t.display_code for t in Task.objects.filter(plan=plan).order_by("order")]


def test_a_file_of_new_rows_only_places_them_by_stt_not_before_task_1(plan):
    import_plan_file(plan, xlsx(ROWS), "a.xlsx", dry_run=False)

    # Task 1 is repeated so that "1.b" finds its parent; 1.a and 2 are not in the file.
    rows = [ROWS[0], ROWS[1], ["1.b", "Mới dưới 1"], ["3", "Mới thứ ba"]]
    preview = import_plan_file(plan, xlsx(rows), "b.xlsx", dry_run=False)

    assert preview.errors == []
    assert _codes(plan) == ["1", "1.a", "1.b", "2", "3"]


def test_only_moved_tasks_get_a_history_entry_for_the_new_place(plan):
    import_plan_file(plan, xlsx(ROWS), "a.xlsx", dry_run=False)
    first, sub, second = Task.objects.filter(plan=plan).order_by("order")
    before = {t.pk: t.history.count() for t in (first, sub, second)}

    # Task 2 is moved above task 1 in Excel, nothing else changes.
    import_plan_file(plan, xlsx([ROWS[0], ROWS[3], ROWS[1], ROWS[2]]), "b.xlsx", dry_run=False)

    assert _codes(plan) == ["2", "1", "1.a"]
    after = {t.pk: t.history.count() for t in (first, sub, second)}
    assert after == {first.pk: before[first.pk], sub.pk: before[sub.pk], second.pk: 2}
    latest = second.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Nhập từ bảng tính b.xlsx (đổi vị trí)"
    assert latest.order == 1


def test_inserting_new_tasks_moves_no_existing_task_in_the_history(plan):
    import_plan_file(plan, xlsx(ROWS), "a.xlsx", dry_run=False)
    counts = sorted(t.history.count() for t in Task.objects.filter(plan=plan))

    rows = [ROWS[0], ROWS[1], ["1.b", "Mới dưới 1"]]
    import_plan_file(plan, xlsx(rows), "b.xlsx", dry_run=False)

    assert _codes(plan) == ["1", "1.a", "1.b", "2"]
    old = Task.objects.filter(plan=plan).exclude(title="Mới dưới 1")
    assert sorted(t.history.count() for t in old) == counts


def test_stt_key_orders_numbers_letters_and_unnumbered_rows():
    codes = ["10", "2.", "2.b", "1.3.1", "2", "1.3", "2.a", "1"]
    assert sorted(codes, key=_stt_key) == ["1", "1.3", "1.3.1", "2", "2.a", "2.b", "2.", "10"]


def test_moved_is_the_fewest_tasks_outside_the_kept_order():
    assert _moved([1, 2, 3, 4], [1, 2, 3, 4]) == set()
    assert _moved([1, 2, 3, 4], [4, 1, 2, 3]) == {4}
    assert _moved([1, 2, 3, 4], [2, 1, 4, 3]) in ({1, 3}, {1, 4}, {2, 3}, {2, 4})
