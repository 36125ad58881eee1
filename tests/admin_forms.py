"""Helpers for posting admin change forms as a browser would: the loaded values, then edits."""

from __future__ import annotations


def _post_value(bound_field):
    value = bound_field.value()  # already prepared for the widget
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def _add_form(data: dict, form) -> None:
    for name in form.fields:
        bound = form[name]
        value = _post_value(bound)
        if value is not None:
            data[bound.html_name] = value


def admin_form_data(response, **changes) -> dict:
    """The POST data of an admin add/change page as loaded (main form, inlines and their
    management forms), with `changes` applied to the main form."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        existing = [form for form in formset.forms if form.instance.pk is not None]
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(existing))
        for form in existing:
            _add_form(data, form)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
