"""Stored period summaries (tasks.reports.stored) and the triggers that keep them exact.

Every write that can change a plan's numbers raises the plan's stamp in tasks_planstamp, in the
same transaction: tasks and their history rows, assignments and progress reports (through their
task), plan areas, the plan row, and the agencies of the plan's unit. A stored summary is used
only while its stamp equals the plan's. SQLite and PostgreSQL; other databases would need their
own triggers (the project supports these two).
"""

import django.db.models.deletion
from django.db import migrations, models

# Per table: the plans a row touches, as a SELECT of one column `pid`; {r} is NEW or OLD.
PLANS_OF = {
    "tasks_task": "SELECT {r}.plan_id AS pid WHERE {r}.plan_id IS NOT NULL",
    "tasks_historicaltask": "SELECT {r}.plan_id AS pid WHERE {r}.plan_id IS NOT NULL",
    "tasks_taskassignment": "SELECT plan_id AS pid FROM tasks_task WHERE id = {r}.task_id",
    "tasks_progressreport": "SELECT plan_id AS pid FROM tasks_task WHERE id = {r}.task_id",
    "plans_planarea": "SELECT {r}.plan_id AS pid WHERE {r}.plan_id IS NOT NULL",
    "plans_plan": "SELECT {r}.id AS pid",
    "plans_agency": "SELECT id AS pid FROM plans_plan WHERE unit_id = {r}.unit_id",
}
# A new plan has no numbers yet (stamp 0, nothing stored): its insert needs no trigger.
EVENTS = dict.fromkeys(PLANS_OF, ("INSERT", "UPDATE", "DELETE"))
EVENTS["plans_plan"] = ("UPDATE", "DELETE")


def _sqlite_plans(table, event):
    rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}[event]
    return " UNION ".join(PLANS_OF[table].format(r=r) for r in rows)


SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER {table}_stamp_{event.lower()}
    AFTER {event} ON {table}
    FOR EACH ROW
    BEGIN
      INSERT OR IGNORE INTO tasks_planstamp (plan_id, value)
        SELECT pid, 0 FROM ({_sqlite_plans(table, event)});
      UPDATE tasks_planstamp SET value = value + 1
        WHERE plan_id IN (SELECT pid FROM ({_sqlite_plans(table, event)}));
    END;
    """  # noqa: S608 (table names and SQL fragments are this file's constants)
    for table, events in EVENTS.items()
    for event in events
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_stamp_{event.lower()};"
    for table, events in EVENTS.items()
    for event in events
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION tasks_bump_plan_stamps(ids bigint[]) RETURNS void AS $$
      INSERT INTO tasks_planstamp (plan_id, value)
        SELECT DISTINCT pid, 1 FROM unnest(ids) AS pid WHERE pid IS NOT NULL
      ON CONFLICT (plan_id) DO UPDATE SET value = tasks_planstamp.value + 1;
    $$ LANGUAGE sql;
    """,
    *(
        f"""
        CREATE FUNCTION {table}_stamp() RETURNS trigger AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            PERFORM tasks_bump_plan_stamps(ARRAY({PLANS_OF[table].format(r="OLD")}));
          END IF;
          IF TG_OP <> 'DELETE' THEN
            PERFORM tasks_bump_plan_stamps(ARRAY({PLANS_OF[table].format(r="NEW")}));
          END IF;
          RETURN NULL;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER {table}_stamp
        AFTER {" OR ".join(events)} ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_stamp();
        """
        for table, events in EVENTS.items()
    ),
]
POSTGRES_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}; DROP FUNCTION IF EXISTS {table}_stamp();"
        for table in EVENTS
    ),
    "DROP FUNCTION IF EXISTS tasks_bump_plan_stamps(bigint[]);",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_unit_constraints"),
        ("tasks", "0008_report_edition"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanStamp",
            fields=[
                ("plan_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "dấu dữ liệu kế hoạch",
                "verbose_name_plural": "dấu dữ liệu kế hoạch",
            },
        ),
        migrations.CreateModel(
            name="StoredSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("quarter", models.PositiveSmallIntegerField()),
                ("stamp", models.BigIntegerField()),
                ("as_of", models.DateField()),
                ("by_class", models.JSONField()),
                ("cancelled", models.PositiveIntegerField()),
                ("overdue", models.PositiveIntegerField()),
                ("reports_owed", models.PositiveIntegerField()),
                ("reports_on_time", models.PositiveIntegerField()),
                ("computed_at", models.DateTimeField(auto_now=True)),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="plans.plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "số liệu tổng hợp đã lưu",
                "verbose_name_plural": "số liệu tổng hợp đã lưu",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "year", "quarter"), name="tasks_storedsummary_plan_period"
                    )
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
