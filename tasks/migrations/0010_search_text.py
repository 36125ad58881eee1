"""Task.search_text: the folded title and products (plans.search), filled for existing rows."""

import unicodedata

from django.db import migrations, models

BATCH = 1000


def fold(text):
    # A copy of plans.search.fold as of this migration (migrations do not follow later changes).
    decomposed = unicodedata.normalize("NFD", (text or "").casefold()).replace("đ", "d")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def fill(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    batch = []
    for task in Task.objects.only("id", "title", "products").iterator(chunk_size=BATCH):
        task.search_text = fold(" | ".join(t for t in (task.title, task.products) if t))
        batch.append(task)
        if len(batch) >= BATCH:
            Task.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Task.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("tasks", "0009_plan_summaries")]

    # The column is added with plain SQL (valid on SQLite and PostgreSQL): Django's AddField of
    # a NOT NULL column rebuilds the table on SQLite, which the plan-stamp triggers of
    # tasks 0009 (they name this table) forbid. The database keeps the default ''.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="task",
                    name="search_text",
                    field=models.TextField(
                        blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE tasks_task ADD COLUMN search_text text NOT NULL DEFAULT ''",
                    "ALTER TABLE tasks_task DROP COLUMN search_text",
                ),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
