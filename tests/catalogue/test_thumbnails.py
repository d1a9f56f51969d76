import io

import pytest
from django.template import Context, Template
from PIL import Image

from marketplace.catalogue import images
from marketplace.catalogue.models import Thumbnail
from marketplace.catalogue.services import add_product_media, delete_product_media
from marketplace.catalogue.tasks import render_thumbnails
from tests.catalogue.imagefiles import encoded, jpeg_with_exif, two_tone, upload
from tests.jobs import run_deferred_jobs


@pytest.fixture
def media(published_product):
    return add_product_media(product=published_product, uploaded_file=upload(encoded(two_tone(1600, 800), "JPEG")))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_webp_by_default_with_long_cache_headers(client, media):
    response = client.get(f"/thumbnail/{media.pk}/256/", HTTP_ACCEPT="image/webp,*/*")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    # The locale middleware adds Accept-Language to every response; Accept is the one this view varies on.
    assert "Accept" in [part.strip() for part in response["Vary"].split(",")]
    assert response["ETag"]
    image = Image.open(io.BytesIO(body(response)))
    assert image.format == "WEBP"
    assert image.size == (256, 128)
    assert Thumbnail.objects.filter(media=media, size=256, format="webp").count() == 1


@pytest.mark.skipif(not images.AVIF_SUPPORTED, reason="Pillow built without AVIF")
def test_avif_when_the_browser_accepts_it(client, media):
    response = client.get(f"/thumbnail/{media.pk}/256/", HTTP_ACCEPT="image/avif,image/webp,*/*")
    assert response["Content-Type"] == "image/avif"
    assert Image.open(io.BytesIO(body(response))).format == "AVIF"
    webp = client.get(f"/thumbnail/{media.pk}/256/", HTTP_ACCEPT="image/webp")
    assert webp["ETag"] != response["ETag"]
    assert Thumbnail.objects.filter(media=media, size=256).count() == 2


def test_second_request_is_served_from_the_cache(client, media, django_assert_num_queries):
    first = client.get(f"/thumbnail/{media.pk}/512/")
    first_bytes = body(first)
    with django_assert_num_queries(1):
        second = client.get(f"/thumbnail/{media.pk}/512/")
        assert body(second) == first_bytes
    assert Thumbnail.objects.count() == 1


def test_conditional_request_gets_304(client, media):
    etag = client.get(f"/thumbnail/{media.pk}/128/")["ETag"]
    response = client.get(f"/thumbnail/{media.pk}/128/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_unknown_size_snaps_up_and_never_enlarges(client, published_product, media):
    response = client.get(f"/thumbnail/{media.pk}/300/")
    assert Image.open(io.BytesIO(body(response))).size == (512, 256)
    assert list(Thumbnail.objects.values_list("size", flat=True)) == [512]

    small = add_product_media(product=published_product, uploaded_file=upload(jpeg_with_exif(1)))  # 60 × 30
    response = client.get(f"/thumbnail/{small.pk}/5000/")
    assert Image.open(io.BytesIO(body(response))).size == (60, 30)


def test_missing_media_is_404(client, db):
    assert client.get("/thumbnail/999999/256/").status_code == 404


def test_photos_of_a_product_not_yet_published_are_not_served(client, product):
    # A draft's photo stays private until the product is approved, even if its id is guessed.
    photo = add_product_media(product=product, uploaded_file=upload(encoded(two_tone(400, 400), "JPEG")))
    assert client.get(f"/thumbnail/{photo.pk}/256/").status_code == 404
    assert not Thumbnail.objects.exists()
    assert not Thumbnail.objects.exists()


def test_template_tag_gives_the_snapped_url(media):
    html = Template("{% load catalogue_images %}{% thumbnail_url media 200 %}").render(Context({"media": media}))
    assert html == f"/thumbnail/{media.pk}/256/"


def test_deleting_a_photo_removes_its_files_after_commit(client, media, media_root, django_capture_on_commit_callbacks):
    client.get(f"/thumbnail/{media.pk}/256/")
    files = [media_root / media.image.name, media_root / Thumbnail.objects.get().image.name]
    assert all(path.exists() for path in files)

    with django_capture_on_commit_callbacks(execute=True):
        delete_product_media(media=media)

    assert not any(path.exists() for path in files)
    assert not Thumbnail.objects.exists()


def test_an_upload_defers_the_rendering_of_every_thumbnail(media, media_root):
    assert not Thumbnail.objects.exists()  # nothing rendered while the uploader waits

    assert run_deferred_jobs() == ["marketplace.catalogue.tasks.render_thumbnails"]

    formats = {"webp", "avif"} if images.AVIF_SUPPORTED else {"webp"}
    made = {(thumbnail.size, thumbnail.format): thumbnail for thumbnail in Thumbnail.objects.filter(media=media)}
    assert set(made) == {(size, image_format) for size in images.THUMBNAIL_SIZES for image_format in formats}
    for (size, _format), thumbnail in made.items():
        with Image.open(media_root / thumbnail.image.name) as image:
            assert image.size == (min(size, 1600), min(size, 1600) // 2)
    # A second run (a retry, a duplicate) renders nothing new.
    assert render_thumbnails(media_id=media.pk) == len(made)
    assert Thumbnail.objects.filter(media=media).count() == len(made)


def test_the_thumbnail_job_of_a_photo_deleted_meanwhile_does_nothing(media, media_root):
    delete_product_media(media=media)
    assert run_deferred_jobs() == ["marketplace.catalogue.tasks.render_thumbnails"]
    assert not Thumbnail.objects.exists()
