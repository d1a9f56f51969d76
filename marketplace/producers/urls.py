from django.urls import path

from marketplace.producers import views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dang-nhap/", views.PortalLoginView.as_view(), name="login"),
    path("dang-xuat/", views.PortalLogoutView.as_view(), name="logout"),
    path("loi-moi/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("ho-so/", views.profile, name="profile"),
    path("ban-hang/", views.sales, name="sales"),
    path("bang-ke/", views.statement, name="statement"),
    path("bang-ke.pdf", views.statement_download, {"file_format": "pdf"}, name="statement_pdf"),
    path("bang-ke.xlsx", views.statement_download, {"file_format": "xlsx"}, name="statement_xlsx"),
    path("bang-ke/xuat-tep/", views.statement_export_request, name="statement_export"),
    path("bang-ke/tep/<int:pk>/", views.statement_export_download, name="statement_export_download"),
    path("nhap-tu-tep/", views.bulk_import, name="bulk_import"),
    path("xuat-tep.csv", views.bulk_export, {"file_format": "csv"}, name="bulk_export"),
    path("xuat-tep.xlsx", views.bulk_export, {"file_format": "xlsx"}, name="bulk_export_xlsx"),
    path("san-pham/them/", views.product_create, name="product_create"),
    path("san-pham/<int:pk>/", views.product_detail, name="product"),
    path("san-pham/<int:pk>/quy-cach/them/", views.variant_create, name="variant_create"),
    path("san-pham/<int:pk>/quy-cach/<int:variant_pk>/", views.variant_detail, name="variant"),
    path("san-pham/<int:pk>/anh/tai-len/", views.photo_upload, name="photo_upload"),
    path("san-pham/<int:pk>/anh/sap-xep/", views.photos_arrange, name="photos_arrange"),
    path("san-pham/<int:pk>/chung-nhan/them/", views.certificate_add, name="certificate_add"),
    path("san-pham/<int:pk>/gui-duyet/", views.submit, name="submit"),
    path("anh/<int:media_pk>/xoa/", views.photo_delete, name="photo_delete"),
    path("anh/<int:media_pk>/<int:size>/", views.photo_preview, name="photo_preview"),
    path("chung-nhan/<int:certificate_pk>/tep/", views.certificate_document, name="certificate_document"),
    path("chung-nhan/<int:certificate_pk>/xoa/", views.certificate_delete, name="certificate_delete"),
    path("san-pham/<int:pk>/cnnt/them/", views.rural_industry_add, name="rural_industry_add"),
    path(
        "cnnt/<int:certificate_pk>/tep/", views.certificate_document, {"kind": "cnnt"}, name="rural_industry_document"
    ),
    path("cnnt/<int:certificate_pk>/xoa/", views.certificate_delete, {"kind": "cnnt"}, name="rural_industry_delete"),
    path("khoi-nghiep/", views.startup, name="startup"),
    path("quan-ly/moi-thanh-vien/", views.invite, name="invite"),
    path("quan-ly/duyet/", views.review_queue, name="review_queue"),
    path("quan-ly/duyet/<int:revision_pk>/", views.review_detail, name="review"),
]
