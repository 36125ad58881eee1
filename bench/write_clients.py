"""The clients of bench/load_writes.py: what an agency head, an Interior Office reviewer, a task
editor and a reader do in one turn, through the real pages and forms (bench/browser.py), and
the tally of their answers and of the writes answered as successful (bench/write_checks.py)."""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import load
from browser import Browser, Form, Response, forms_of
from write_checks import REPORT, TASK, Write

CELL = ["head", "head", "reviewer", "reviewer", "editor", "editor"] + ["reader"] * 4
HEAD_TASKS = 4
EDIT_TASKS = 2
STALE_REPORT = "vừa được cập nhật ở nơi khác"  # the view report_edit's stale message
STALE_TASK = "Nhiệm vụ vừa được"  # tasks.forms.stale_task_message
# The review's success messages (the views review_accept and review_return).
REVIEWED = {"accept": "Đã duyệt báo cáo của", "return": "Đã trả lại báo cáo của"}
STALE_REVIEW = "đã được người khác xử lý"  # the review views' stale message
NOT_SUBMITTED = "Chỉ duyệt hoặc trả lại được báo cáo đang chờ duyệt"  # tasks.progress.services
UNIQUE = "đã tồn tại"  # model validation of the report's identity (another request created it)
LOCKED = "đã được duyệt nên không thể sửa"
BUSY = "đang bận"  # tasks.services.BUSY_MESSAGE: the database refused (deadlock, lock wait)
REVIEW_FORM = re.compile(r"^/reports/review/(\d+)/(accept|return)/$")


@dataclass
class Cell:
    """One busy commune: its plan, users and the objects its writers share."""

    plan: str
    year: int
    agency_id: int  # the commune's People's Committee, whose head reports
    offices: list[str]  # two Interior Office usernames
    head: str
    head_tasks: list[int]
    edit_tasks: list[int]


@dataclass
class Client:
    index: int
    role: str
    username: str
    cell: Cell
    user_id: int = 0
    session_key: str = ""


@dataclass
class Tally:
    """What the clients did, shared between their threads."""

    results: list = field(default_factory=list)  # load.Result
    writes: list = field(default_factory=list)  # write_checks.Write, answered as successful
    outcomes: Counter = field(default_factory=Counter)  # (action, outcome) → count
    samples: list = field(default_factory=list)
    budget: int = 100_000
    lock: threading.Lock = field(default_factory=threading.Lock)

    def log(self, kind, status, seconds, error=""):
        with self.lock:
            self.results.append(load.Result(kind, status, seconds, error))
            self.budget -= 1
            if status not in (200, 302) and len(self.samples) < 5:
                self.samples.append(f"{kind}: {status} {error}")

    def outcome(self, action: str, outcome: str, write: Write | None = None, page=None):
        with self.lock:
            self.outcomes[action, outcome] += 1
            if write is not None:
                self.writes.append(write)
            if page is not None and page.status < 500 and len(self.samples) < 10:
                self.samples.append(f"{action}: {outcome}: {form_errors(page.body)}")


def form_errors(html: str) -> str:
    """The error lists and error messages of a page, as text (to explain a refusal)."""
    pattern = r'<(ul|div|p) class="(?:errorlist|messages|errornote)[^"]*"[^>]*>(.*?)</\1>'
    found = [text for _, text in re.findall(pattern, html, re.S)]
    return " / ".join(re.sub(r"<[^>]+>|\s+", " ", x).strip() for x in found) or html[:200]


# --- the clients -----------------------------------------------------------------------


def post_form(page: Response | None, path: str, has: str) -> Form | None:
    """The page's POST form with a field named `has`; its action resolved to `path` if empty."""
    if page is None or page.status != 200:
        return None
    for form in forms_of(page.body):
        if form.method == "post" and form.get(has) is not None:
            form.action = form.action or path
            return form
    return None


def head(b: Browser, c: Client, k: int, tally: Tally, run: str) -> None:
    """Submit (one in four: save as draft) a report, Q2 and Q3 in turn, over the cell's tasks."""
    cell = c.cell
    task = cell.head_tasks[(k // 2) % len(cell.head_tasks)]
    quarter = 2 + k % 2
    period = f"{cell.year}-Q{quarter}"
    b.get("portal", f"/tasks/mine/?plan={cell.plan}&period={period}")
    path = f"/tasks/{task}/report/{period}/"
    form = post_form(b.get("report form", path), path, "version")
    if form is None:
        tally.outcome("report", "no form (accepted)")
        return
    version = form.get("version") or ""
    marker = f"{run} c{c.index} k{k}"
    draft = k % 4 == 3
    form.set("status", "in_progress")
    form.set("percent", str(10 + k % 80))
    form.set("completion_date", "")
    form.set("result", marker)
    answer = b.submit("report save", form, ("save" if draft else "submit", ""))
    if answer is None:
        tally.outcome("report", "failed")
    elif answer.status == 302 and answer.location.startswith("/tasks/mine/"):
        # A draft keeps a returned report's state (tasks.progress.services.report_save).
        expected = {"result": marker} if draft else {"result": marker, "review_state": "submitted"}
        identity = (task, cell.agency_id, cell.year, quarter)
        label = f"client {c.index} ({c.username}) report {identity}"
        write = Write(REPORT, identity, int(version) if version else 0, expected, label)
        tally.outcome("report", "saved", write)
    elif answer.status == 200 and STALE_REPORT in answer.body:
        tally.outcome("report", "refused: stale version")
    elif answer.status == 200 and BUSY in answer.body:
        tally.outcome("report", "refused: database busy")
    elif answer.status == 200 and UNIQUE in answer.body:
        tally.outcome("report", "refused: created meanwhile (unique check)")
    elif answer.status == 302 or (answer.status == 200 and LOCKED in answer.body):
        tally.outcome("report", "refused: accepted meanwhile")
    else:
        tally.outcome("report", f"other answer {answer.status}", page=answer)
    b.follow("portal", answer)


def reviewer(b: Browser, c: Client, k: int, tally: Tally, run: str) -> None:
    """Return (one in five: accept) the first submitted report of the head's agency."""
    cell = c.cell
    period = f"{cell.year}-Q{2 + k % 2}"
    path = f"/reports/review/?plan={cell.plan}&period={period}&agency={cell.agency_id}"
    page = b.get("review", path)
    accept = k % 5 == 4
    action = "accept" if accept else "return"
    forms = [] if page is None or page.status != 200 else forms_of(page.body)
    form = next(
        (f for f in forms if (m := REVIEW_FORM.match(f.action)) and m.group(2) == action), None
    )
    if form is None:
        tally.outcome("review", "nothing to review")
        return
    report_id = int(REVIEW_FORM.match(form.action).group(1))
    marker = f"{run} c{c.index} k{k}"
    if accept:
        expected = {"review_state": "accepted", "reviewed_by_id": c.user_id}
    else:
        form.set("note", marker)
        expected = {"review_state": "returned", "review_note": marker}
    answer = b.submit(f"review {action}", form)
    shown = b.follow("review", answer)
    if answer is None or shown is None:
        tally.outcome("review", "failed")
    elif answer.status == 302 and REVIEWED[action] in shown.body:
        label = f"client {c.index} ({c.username}) {action} report {report_id}"
        write = Write(REPORT, report_id, int(form.get("version")), expected, label)
        tally.outcome("review", expected["review_state"], write)
    elif answer.status == 302 and BUSY in shown.body:
        tally.outcome("review", "refused: database busy")
    elif answer.status == 302 and STALE_REVIEW in shown.body:
        tally.outcome("review", "refused: stale version")
    elif answer.status == 302 and NOT_SUBMITTED in shown.body:
        tally.outcome("review", "refused: no longer submitted")
    else:
        tally.outcome("review", f"other answer {answer.status}", page=shown)


def editor(b: Browser, c: Client, k: int, tally: Tally, run: str) -> None:
    """Change the notes of one of the cell's two tasks in the admin's change form."""
    task = c.cell.edit_tasks[k % len(c.cell.edit_tasks)]
    path = f"/admin/tasks/task/{task}/change/"
    form = post_form(b.get("task form", path), path, "notes")
    if form is None:
        tally.outcome("task edit", "no form")
        return
    base = int(form.get("version"))
    marker = f"{run} c{c.index} k{k}"
    form.set("notes", marker)
    answer = b.submit("task save", form, ("_save", "Lưu"))
    if answer is None:
        tally.outcome("task edit", "failed")
    elif answer.status == 302:
        label = f"client {c.index} ({c.username}) edit task {task}"
        tally.outcome("task edit", "saved", Write(TASK, task, base, {"notes": marker}, label))
    elif answer.status == 200 and BUSY in answer.body:
        tally.outcome("task edit", "refused: database busy")
    elif answer.status == 200 and STALE_TASK in answer.body:
        tally.outcome("task edit", "refused: stale version")
    else:
        tally.outcome("task edit", f"other answer {answer.status}", page=answer)
    b.follow("admin tasks", answer)


def reader(b: Browser, c: Client, k: int, tally: Tally, run: str) -> None:
    cell = c.cell
    period = f"{cell.year}-Q2"
    if c.username == cell.head:
        pages = [("portal", f"/tasks/mine/?period={period}"), ("home", "/")]
    else:
        pages = [
            ("report page", f"/reports/{cell.plan}/{period}/"),
            ("review", f"/reports/review/?plan={cell.plan}&period={period}"),
            ("home", "/"),
        ]
    kind, path = pages[(c.index + k) % len(pages)]
    b.get(kind, path)


ACTIONS = {"head": head, "reviewer": reviewer, "editor": editor, "reader": reader}
