"""The user admin: a user who acted is deactivated, never deleted.

Deleting a user would erase who submitted, reviewed, finalised or changed what: every
`submitted_by`, `reviewed_by`, `finalised_by`, `entered_by` and every history entry's
`history_user` points to the user with SET_NULL, and the admin's log entries cascade. So a user
that any such row refers to ("acted") cannot be deleted, one at a time or in bulk; the admin
offers deactivation instead (`is_active=False`: no login, no reminders), and histories keep
showing the name. A user who never acted may still be deleted.

Which relations count is read from the model graph (`acting_relations`): a new model with a
non-cascading foreign key to the user counts without a change here.

Interior Office staff manage the accounts of their own unit's agency heads here
(`managed_users`): they create them (choosing the agency among their unit's; the role is always
agency head, never staff, superuser or another group), edit and deactivate them, set a
temporary password the user must change at the next sign-in (`plans.first_login`), and unlock
an account the login throttle locked ("Mở khóa đăng nhập": clears django-axes' attempts for the
username). Every other account (superusers, staff, leaders, another unit's users) answers 404.
Office staff need no model permission for this: the role (`plans.access.role_of`) grants it.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as reset_login_attempts
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.fields.reverse_related import ManyToOneRel
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from plans.access import (
    GROUP_AGENCY,
    GROUP_LEADER,
    GROUP_OFFICE,
    GROUP_PROVINCE,
    ROLE_OFFICE,
    role_of,
    user_unit_id,
)
from plans.admin_params import CheckedFiltersAdmin
from plans.first_login import require_password_change
from plans.models import Agency, UserProfile


def acting_relations() -> list[ManyToOneRel]:
    """Foreign keys to User that record an action: those that do not cascade (the row outlives
    the user: SET_NULL, PROTECT…), and the admin's log entries."""
    return [
        rel
        for rel in User._meta.get_fields(include_hidden=True)  # related_name="+" included
        if isinstance(rel, ManyToOneRel)
        and (rel.on_delete is not models.CASCADE or rel.related_model is LogEntry)
    ]


def users_who_acted(user_ids) -> set[int]:
    """The ids among `user_ids` that some record of an action refers to: one query per
    relation, whatever the number of users."""
    user_ids = list(user_ids)
    acted: set[int] = set()
    for rel in acting_relations():
        field = rel.field
        acted.update(
            rel.related_model._base_manager.filter(**{f"{field.attname}__in": user_ids})
            .order_by()
            .values_list(field.attname, flat=True)
            .distinct()
        )
    return acted


def deactivate(users) -> int:
    return User.objects.filter(pk__in=[u.pk for u in users], is_active=True).update(is_active=False)


REFUSAL = (
    "Không xoá được {names}: tài khoản đã gửi, duyệt, chốt hoặc thay đổi dữ liệu, xoá sẽ làm "
    "mất tên người thực hiện trong lịch sử. Hãy vô hiệu hoá tài khoản thay vì xoá."
)


def _names(users) -> str:
    return ", ".join(f"“{u.username}”" for u in users)


@admin.action(description="Vô hiệu hoá các tài khoản đã chọn (giữ tên trong lịch sử)")
def deactivate_selected(modeladmin, request, queryset):
    users = [u for u in queryset if u.pk != request.user.pk]
    if len(users) < queryset.count():
        messages.error(request, "Không thể tự vô hiệu hoá tài khoản của chính mình.")
    count = deactivate(users)
    messages.success(request, f"Đã vô hiệu hoá {count} tài khoản.")


@admin.action(description="Xoá các tài khoản đã chọn (chỉ tài khoản chưa thao tác gì)")
def delete_unused_selected(modeladmin, request, queryset):
    """Django's delete_selected, refused when any chosen user acted."""
    acted = users_who_acted(queryset.values_list("pk", flat=True))
    if acted:
        users = queryset.filter(pk__in=acted).order_by("username")
        messages.error(request, REFUSAL.format(names=_names(users)))
        return None
    return delete_selected(modeladmin, request, queryset)


@admin.action(description="Mở khóa đăng nhập", permissions=["change"])
def unlock_selected(modeladmin, request, queryset):
    """Clears the login throttle's failed attempts of the chosen users (every address and
    browser): they may sign in again at once."""
    usernames = list(queryset.values_list("username", flat=True))
    cleared = AccessAttempt.objects.filter(username__in=usernames).delete()[0]
    messages.success(
        request, f"Đã mở khóa đăng nhập cho {len(usernames)} tài khoản ({cleared} lượt ghi nhận)."
    )


# --- Interior Office staff: their unit's agency heads ---------------------------------------

OTHER_ROLES = [GROUP_OFFICE, GROUP_LEADER, GROUP_PROVINCE]


def office_unit_id(request) -> int | None:
    """The unit of an Interior Office user (whose user pages are scoped), else None."""
    return user_unit_id(request.user) if role_of(request.user) == ROLE_OFFICE else None


def managed_users(unit_id: int):
    """The accounts Interior Office staff of `unit_id` manage: agency heads (no other role,
    never staff or superuser) whose profile is in the unit, with an agency of the unit or none."""
    in_group = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    return (
        User.objects.filter(is_superuser=False, is_staff=False, profile__unit_id=unit_id)
        .filter(Q(profile__agency__isnull=True) | Q(profile__agency__unit_id=unit_id))
        .filter(Exists(in_group.filter(group__name=GROUP_AGENCY)))
        .exclude(Exists(in_group.filter(group__name__in=OTHER_ROLES)))
    )


class AgencyChoiceMixin(forms.Form):
    """The agency, among the unit's (`unit_id` is set on the class by UserAdmin.get_form)."""

    unit_id: int | None = None
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Cơ quan, đơn vị",
        help_text="Tài khoản là lãnh đạo của cơ quan, đơn vị này và báo cáo tiến độ của cơ quan.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(unit_id=self.unit_id)
        profile = getattr(self.instance, "profile", None) if self.instance.pk else None
        if profile is not None and profile.agency_id:
            self.fields["agency"].initial = profile.agency_id


class AgencyHeadCreationForm(AgencyChoiceMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Mật khẩu tạm thời"
        self.fields["password2"].label = "Nhập lại mật khẩu tạm thời"


class AgencyHeadChangeForm(AgencyChoiceMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        fields = ("username", "password", "first_name", "last_name", "email", "is_active")


OFFICE_ADD_FIELDSETS = [
    (
        None,
        {
            "fields": ["username", "agency", "first_name", "last_name", "email"],
            "description": "Tài khoản mới là lãnh đạo cơ quan, đơn vị của địa phương.",
        },
    ),
    (
        "Mật khẩu tạm thời",
        {
            "fields": ["password1", "password2"],
            "description": "Người dùng phải đổi mật khẩu này ở lần đăng nhập đầu tiên.",
        },
    ),
]
OFFICE_CHANGE_FIELDSETS = [
    (None, {"fields": ["username", "password"]}),
    ("Thông tin", {"fields": ["agency", "first_name", "last_name", "email"]}),
    ("Trạng thái", {"fields": ["is_active"]}),
]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(CheckedFiltersAdmin, DjangoUserAdmin):
    actions = [deactivate_selected, unlock_selected, delete_unused_selected]
    deactivate_template = "admin/auth/user/deactivate_instead.html"

    # Interior Office staff: their unit's agency heads only, by role (no model permission).
    def get_queryset(self, request):
        unit_id = office_unit_id(request)
        if unit_id is None:
            return super().get_queryset(request)
        return managed_users(unit_id).select_related("profile__agency")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and office_unit_id(request) is not None:
            raise Http404("Không tìm thấy tài khoản.")
        return obj

    def has_module_permission(self, request):
        return office_unit_id(request) is not None or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return office_unit_id(request) is not None or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return office_unit_id(request) is not None or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if office_unit_id(request) is not None:
            return True
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if office_unit_id(request) is not None:
            return False  # deactivation only
        return super().has_delete_permission(request, obj)

    def get_list_display(self, request):
        if office_unit_id(request) is None:
            return super().get_list_display(request)
        return ["username", "full_name", "agency_name", "email", "is_active"]

    def get_list_filter(self, request):
        return ["is_active"] if office_unit_id(request) is not None else self.list_filter

    def get_fieldsets(self, request, obj=None):
        if office_unit_id(request) is None:
            return super().get_fieldsets(request, obj)
        return OFFICE_ADD_FIELDSETS if obj is None else OFFICE_CHANGE_FIELDSETS

    def get_form(self, request, obj=None, **kwargs):
        unit_id = office_unit_id(request)
        if unit_id is None:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = AgencyHeadCreationForm if obj is None else AgencyHeadChangeForm
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"unit_id": unit_id})

    def save_model(self, request, obj, form, change):
        unit_id = office_unit_id(request)
        if unit_id is None:
            return super().save_model(request, obj, form, change)
        obj.is_staff = obj.is_superuser = False
        super().save_model(request, obj, form, change)
        defaults = {"unit_id": unit_id, "agency": form.cleaned_data["agency"]}
        if not change:
            defaults["must_change_password"] = True
            obj.groups.add(Group.objects.get(name=GROUP_AGENCY))
        UserProfile.objects.update_or_create(user=obj, defaults=defaults)
        return None

    @admin.display(description="họ và tên", ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name() or "—"

    @admin.display(description="cơ quan, đơn vị")
    def agency_name(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.agency.name if profile and profile.agency_id else "—"

    def user_change_password(self, request, id, form_url=""):
        """A password set here for someone else is temporary: changed at their next sign-in."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            if user.pk != request.user.pk:
                require_password_change(user)
        return response

    def get_urls(self):
        unlock = self.admin_site.admin_view(require_POST(self.unlock_view))
        own = [path("<id>/unlock/", unlock, name="auth_user_unlock")]
        return own + super().get_urls()

    def unlock_view(self, request, id):
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        reset_login_attempts(username=user.username)
        messages.success(request, f"Đã mở khóa đăng nhập cho tài khoản “{user.username}”.")
        return redirect("admin:auth_user_change", user.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, unquote(object_id))
        locked = user is not None and AccessAttempt.objects.filter(username=user.username).exists()
        extra_context = {"login_attempts_recorded": locked, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # replaced by delete_unused_selected
        if office_unit_id(request) is not None:
            actions.pop("delete_unused_selected", None)  # office staff deactivate, never delete
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """A user who acted: a page that refuses deletion and offers deactivation (POST
        "deactivate"), whatever was posted; anyone else: Django's delete."""
        user = self.get_object(request, unquote(object_id))
        if user is None or not users_who_acted([user.pk]):
            return super().delete_view(request, object_id, extra_context)
        if not self.has_change_permission(request, user):
            raise PermissionDenied  # may neither delete (acted) nor deactivate (no change)
        if request.method == "POST" and "deactivate" in request.POST:
            if user.pk == request.user.pk:
                messages.error(request, "Không thể tự vô hiệu hoá tài khoản của chính mình.")
            else:
                deactivate([user])
                messages.success(
                    request,
                    f"Đã vô hiệu hoá tài khoản “{user.username}”: không đăng nhập được nữa, "
                    "tên vẫn được giữ trong lịch sử.",
                )
            return redirect("admin:auth_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Không thể xoá tài khoản này",
            "opts": self.opts,
            "object": user,
            "refusal": REFUSAL.format(names=_names([user])),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.deactivate_template, context)
