"""The till's refusals: a page in Vietnamese for people, JSON for the till's script, no traceback in the log."""

from django.urls import reverse


def test_staff_of_another_kiosk_get_a_vietnamese_403_page_and_the_log_no_traceback(
    client, staff_tam_ky, hoi_an, log_lines
):
    client.force_login(staff_tam_ky)
    response = client.get(reverse("pos:till", args=["kiosk-hoi-an"]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không làm việc tại ki-ốt này." in page
    assert "Không có quyền truy cập" in page
    assert "storefront/css/storefront.css" in page
    assert f'href="{reverse("pos:home")}"' in page  # back to their own till
    logged = log_lines()
    assert any("WARNING" in line and "Forbidden (Permission denied): /pos/kiosk-hoi-an/" in line for line in logged)
    assert not any("Traceback" in line or "PermissionDenied" in line for line in logged)


def test_the_tills_json_endpoints_refuse_in_json(client, staff_tam_ky, hoi_an):
    client.force_login(staff_tam_ky)
    response = client.get(reverse("pos:search", args=["kiosk-hoi-an"]), {"q": "nuoc"})
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert error == {"field": None, "code": "forbidden", "message": "Bạn không làm việc tại ki-ốt này."}
    missing = client.get(reverse("pos:catalogue", args=["kiosk-khong-co"]))
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "not_found"


def test_a_missing_receipt_sends_the_staff_back_to_their_till_not_to_the_shop(client, staff_tam_ky):
    client.force_login(staff_tam_ky)
    response = client.get(reverse("pos:receipt", args=[999_999]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Hoá đơn hoặc phiếu này không có" in page
    assert f'href="{reverse("pos:home")}"' in page
    assert "Sản phẩm có thể đã ngừng bán" not in page
