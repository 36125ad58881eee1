"""Agency.search_text: the folded names (plans.search), filled for existing rows."""

import unicodedata

from django.db import migrations, models

BATCH = 1000


def fold(text):
    # A copy of plans.search.fold as of this migration (migrations do not follow later changes).
    decomposed = unicodedata.normalize("NFD", (text or "").casefold()).replace("đ", "d")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def fill(apps, schema_editor):
    Agency = apps.get_model("plans", "Agency")
    batch = []
    for agency in Agency.objects.only("id", "name", "short_name", "aliases").iterator(
        chunk_size=BATCH
    ):
        sources = [agency.name, agency.short_name, *(str(a) for a in agency.aliases or [])]
        agency.search_text = fold(" | ".join(s for s in sources if s))
        batch.append(agency)
        if len(batch) >= BATCH:
            Agency.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Agency.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_unit_constraints")]

    # The column is added with plain SQL (valid on SQLite and PostgreSQL): Django's AddField of
    # a NOT NULL column rebuilds the table on SQLite, which the plan-stamp triggers of
    # tasks 0009 (they name this table) forbid. The database keeps the default ''.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="agency",
                    name="search_text",
                    field=models.TextField(
                        blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE plans_agency ADD COLUMN search_text text NOT NULL DEFAULT ''",
                    "ALTER TABLE plans_agency DROP COLUMN search_text",
                ),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
