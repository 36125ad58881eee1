"""Vietnamese formats for the whole site: dates as dd/mm/yyyy, as on official documents.

Django's own "vi" module writes DATE_FORMAT as "Ngày 31 tháng 3 năm 2022" and SHORT_DATE_FORMAT as
"31-03-2022"; every date on screen (templates' |date, the admin's lists and widgets) is 31/03/2022
here. Typed dates are read as dd/mm/yyyy first; ISO (yyyy-mm-dd) stays accepted for the browser's
<input type="date">, which always posts ISO.
"""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 31/03/2022
    "%d/%m/%y",  # 31/03/22
    "%d-%m-%Y",  # 31-03-2022
    "%d.%m.%Y",  # 31.03.2022
    "%Y-%m-%d",  # 2022-03-31 (the browser's date input)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
