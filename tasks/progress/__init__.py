"""Agencies' quarterly progress reports, in one room.

- `views.py`: the agency head's portal ("Nhiệm vụ của đơn vị"), the report form, the agency's
  own workbook (`exports.py`) and the permission-checked evidence download;
- `review.py`: the Interior Office's review page, accept and return;
- `services.py`: every state change of a report (save, send, accept, return), version-checked;
- `selectors.py`: the portal's and the review page's reads; `forms.py`: the report form;
- `evidence.py`: evidence files (checked by content, cleaned up when nothing refers to them);
- `reminders.py`: the daily e-mail digests of `send_reminders`;
- `notices.py`, `notice_views.py`, `models.py`: notices about reports (in-app and e-mail).

The report models (`ProgressReport`, `ReminderLog`) stay in `tasks.models`; who owes a report
(rule 12) is shared with the consolidated report in `tasks.selectors`.
"""
