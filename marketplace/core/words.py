"""Amounts in Vietnamese words, as an accountant writes them on a statement or an invoice ("Bằng chữ: …").

The rules of the spoken number: groups of three digits named nghìn, triệu, tỷ (then nghìn tỷ, triệu tỷ, …);
"mười" for 10–19 and "mươi" after 2–9; "mốt" for a final 1 after mươi (21 → hai mươi mốt, but 11 → mười một);
"lăm" for a final 5 after a ten (15 → mười lăm, 25 → hai mươi lăm); "linh" for a zero ten before a unit
(105 → một trăm linh năm); a group after a larger one is read in full ("không trăm", "linh") when it is smaller
than 100 (1.005 → một nghìn không trăm linh năm); a group of zeros is skipped.
"""

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ"]


def _tens_and_units(number: int) -> list[str]:
    tens, units = divmod(number, 10)
    words = []
    if tens == 0:
        words = [DIGITS[units]] if units else []
    elif tens == 1:
        words = ["mười"]
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words = [DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    return words


def _group(number: int, full: bool) -> list[str]:
    """Words of 0–999; `full` reads the hundreds even when zero (a group after a larger one)."""
    hundreds, rest = divmod(number, 100)
    words = []
    if hundreds or full:
        words = [DIGITS[hundreds], "trăm"]
        if 0 < rest < 10:
            words.append("linh")
    return words + _tens_and_units(rest)


def _groups_of_thousand(number: int) -> list[int]:
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    return groups or [0]


def number_in_words(number: int) -> str:
    """0 → "không", 150000 → "một trăm năm mươi nghìn", -5 → "âm năm" (lower case)."""
    if number < 0:
        return "âm " + number_in_words(-number)
    if number == 0:
        return DIGITS[0]
    # Above 999 tỷ the scales repeat on top of tỷ: 10^12 is "một nghìn tỷ".
    billions, below = divmod(number, 10**9)
    words: list[str] = []
    if billions:
        words += [number_in_words(billions), "tỷ"]
    groups = _groups_of_thousand(below)
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _group(group, full=bool(words))
        if SCALES[index]:
            words.append(SCALES[index])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """An amount of đồng as written under a total: 150000 → "Một trăm năm mươi nghìn đồng"."""
    text = number_in_words(int(amount)) + " đồng"
    return text[0].upper() + text[1:]
