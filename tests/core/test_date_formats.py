"""Dates read "26/11/2026" in Vietnamese wherever Django formats them by default (the admin's lists and pages)."""

from datetime import date, datetime

from django.utils import translation
from django.utils.formats import date_format


def test_vietnamese_dates_are_day_month_year_with_slashes():
    with translation.override("vi"):
        assert date_format(date(2026, 11, 26)) == "26/11/2026"
        assert date_format(datetime(2026, 11, 26, 14, 5), "DATETIME_FORMAT") == "26/11/2026 14:05"
        assert date_format(date(2026, 11, 26), "SHORT_DATE_FORMAT") == "26/11/2026"
        assert date_format(datetime(2026, 11, 26, 14, 5), "SHORT_DATETIME_FORMAT") == "26/11/2026 14:05"
