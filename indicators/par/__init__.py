"""The PAR Index self-assessment (Chỉ số cải cách hành chính), docs/par-index.md.

One room per concern:

- data: `models` (criteria sets per province, year and level of unit, in versions; criteria;
  assessments, their items and evidence);
- rules: `rules` (which scores a criterion accepts; grades), `suggest` (the score and evidence
  a criterion's mapped plan tasks and targets suggest);
- criteria sets: `sets` (publish, new version), the `.xlsx` template both ways (`set_columns`,
  `workbook`, `set_checks`, `set_import`), `set_views`, `admin`;
- the unit's self-assessment: `services` (start, score, evidence, submit, answer),
  `unit_services` (the mapping to tasks and targets), `unit_selectors`, `home_views`,
  `assessment_views`, `evidence_views`, `forms`, `unit_export` (Biểu tự đánh giá);
- the province's appraisal: `appraisal` (appraise, return, finalise, publish the ranking),
  `appraisal_views`, `results_chart`, `results_export`;
- reads shared by all: `selectors` (an assessment's sheet, a set's results: totals computed,
  never stored), `access` (who may read, fill in and appraise what);
- `demo`: the demo data built from Tuy Phước's criteria tree (`manage.py load_par_demo`).

This package sits above `plans`, `indicators` and `tasks` (it reads tasks, reports and targets
as evidence); nothing outside it imports it but the URLs and `indicators.models`.
"""
