import pytest

from marketplace.core.text import nfc, plain_key, tone_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nước mắm Cửa Khe", "nuoc mam cua khe"),
        ("Đèn lồng Hội An", "den long hoi an"),
        ("SÂM NGỌC LINH", "sam ngoc linh"),
        ("  Mì   Cao Lầu\t", "mi cao lau"),
        ("Bánh tráng – Điện Bàn!", "banh trang dien ban"),
    ],
)
def test_plain_key_strips_every_diacritic_and_maps_d_bar(text, expected):
    assert plain_key(text) == expected


def test_tone_key_equates_old_and_new_tone_placement():
    assert tone_key("hoà") == tone_key("hòa") == tone_key("HÒA")
    assert tone_key("thuỷ") == tone_key("thủy")


def test_tone_key_keeps_tones_apart():
    keys = {tone_key(word) for word in ("ma", "má", "mà", "mả", "mã", "mạ")}
    assert len(keys) == 6
    assert tone_key("hoa") != tone_key("hòa")


def test_tone_key_keeps_vowel_quality_marks():
    # â, ă, ơ, ư change the vowel, not the tone: "mắm" and "mấm" are different words.
    assert tone_key("mắm") != tone_key("mấm")


def test_nfc_composes_decomposed_input():
    decomposed = "Qua\u0309ng Nam"  # a + combining hook above, as some keyboards send it
    assert nfc(decomposed) == "Quảng Nam"
    assert len(nfc(decomposed)) == len("Quảng Nam")
