"""Stored period summaries: the province dashboard and the national home read each plan's
headline numbers from a table instead of classifying every task of every plan on each request.

A summary is exact, never approximate: it is stored with the plan's *data stamp*, a counter
that database triggers (migration tasks 0009, SQLite and PostgreSQL) raise in the same
transaction as any write that can change a plan's numbers — its tasks and their history, the
tasks' assignments and progress reports, its areas, the plan row itself, and the agencies of
its unit (a group's members follow the agencies' kinds). Triggers see every write, including
bulk inserts and the conditional UPDATEs of optimistic locking, which Django's signals miss.
A stored summary whose stamp differs from the plan's current stamp is recomputed.

The classification does not depend on the day it is computed (it is judged as of the period's
cut-off, `Plan.cutoff`), so a summary stays right until the data changes.

Imported by `tasks.models` so that Django finds the models in the `tasks` app.
"""

from django.db import models

from plans.models import Plan


class PlanStamp(models.Model):
    """The data stamp of one plan, written only by the database triggers. A plan without a
    row has stamp 0. `plan_id` is deliberately not a foreign key: triggers raise it while the
    plan's tasks are being deleted, before the plan itself goes."""

    plan_id = models.BigIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "dấu dữ liệu kế hoạch"
        verbose_name_plural = "dấu dữ liệu kế hoạch"

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.value}"


class StoredSummary(models.Model):
    """One plan's numbers for one period, as `tasks.reports.summaries.PlanSummary` computes
    them, valid while `stamp` equals the plan's `PlanStamp`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    stamp = models.BigIntegerField()
    as_of = models.DateField()
    by_class = models.JSONField()  # ReportClass value → number of counting units
    cancelled = models.PositiveIntegerField()
    overdue = models.PositiveIntegerField()
    reports_owed = models.PositiveIntegerField()
    reports_on_time = models.PositiveIntegerField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "số liệu tổng hợp đã lưu"
        verbose_name_plural = "số liệu tổng hợp đã lưu"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="tasks_storedsummary_plan_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year}-Q{self.quarter} @{self.stamp}"
