"""The database refuses a task whose area or parent belongs to another plan.

Django cannot express "this foreign key points into the same plan" as a constraint, so each
database gets a trigger on insert and update of tasks_task (SQLite and PostgreSQL; other
databases rely on Task.clean). Parent cycles are refused by Task.clean and the services.
"""

from django.db import migrations

MESSAGE = "task area and parent must belong to the same plan as the task"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER tasks_task_same_plan_{event}
    BEFORE {event} ON tasks_task
    FOR EACH ROW
    WHEN (SELECT plan_id FROM plans_planarea WHERE id = NEW.area_id) != NEW.plan_id
      OR (NEW.parent_id IS NOT NULL
          AND (SELECT plan_id FROM tasks_task WHERE id = NEW.parent_id) != NEW.plan_id)
    BEGIN
      SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """
    for event in ("INSERT", "UPDATE")
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS tasks_task_same_plan_{e};" for e in ("INSERT", "UPDATE")]

POSTGRES_FORWARD = [
    f"""
    CREATE FUNCTION tasks_task_same_plan() RETURNS trigger AS $$
    BEGIN
      IF (SELECT plan_id FROM plans_planarea WHERE id = NEW.area_id) <> NEW.plan_id
         OR (NEW.parent_id IS NOT NULL
             AND (SELECT plan_id FROM tasks_task WHERE id = NEW.parent_id) <> NEW.plan_id) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER tasks_task_same_plan
    BEFORE INSERT OR UPDATE OF plan_id, area_id, parent_id ON tasks_task
    FOR EACH ROW EXECUTE FUNCTION tasks_task_same_plan();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS tasks_task_same_plan ON tasks_task;",
    "DROP FUNCTION IF EXISTS tasks_task_same_plan();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tasks", "0006_task_completed_on")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
