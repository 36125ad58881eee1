"""django-import-export resources of the plans app (admin exports)."""

from import_export import fields, resources

from plans.models import Agency


class AgencyResource(resources.ModelResource):
    """Agencies with their district, kind and other spellings, one row each."""

    district = fields.Field(column_name="Huyện")
    name = fields.Field(attribute="name", column_name="Tên cơ quan")
    short_name = fields.Field(attribute="short_name", column_name="Tên viết tắt")
    kind = fields.Field(column_name="Loại")
    aliases = fields.Field(column_name="Cách viết khác")

    class Meta:
        model = Agency
        fields = ("district", "name", "short_name", "kind", "aliases")
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("district")

    def dehydrate_district(self, agency):
        return agency.district.name

    def dehydrate_kind(self, agency):
        return agency.get_kind_display()

    def dehydrate_aliases(self, agency):
        return "\n".join(agency.aliases or [])
