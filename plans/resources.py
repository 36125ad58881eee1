"""django-import-export resources of the plans app (admin exports)."""

from import_export import fields, resources

from plans.models import Agency


class AgencyResource(resources.ModelResource):
    """Agencies with their administrative unit, kind and other spellings, one row each."""

    unit = fields.Field(column_name="Đơn vị hành chính")
    name = fields.Field(attribute="name", column_name="Tên cơ quan")
    short_name = fields.Field(attribute="short_name", column_name="Tên viết tắt")
    kind = fields.Field(column_name="Loại")
    aliases = fields.Field(column_name="Cách viết khác")

    class Meta:
        model = Agency
        fields = ("unit", "name", "short_name", "kind", "aliases")
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("unit__parent")

    def dehydrate_unit(self, agency):
        return agency.unit.title_name

    def dehydrate_kind(self, agency):
        return agency.get_kind_display()

    def dehydrate_aliases(self, agency):
        return "\n".join(agency.aliases or [])
