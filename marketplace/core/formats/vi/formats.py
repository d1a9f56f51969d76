# Dates as Vietnamese shoppers and staff write them, "26/11/2026" (Django's own Vietnamese default is
# "Ngày 26 tháng 11 năm 2026", shown by the admin's lists and pages). The other formats stay Django's.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
