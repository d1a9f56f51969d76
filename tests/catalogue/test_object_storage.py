"""Product photos on S3-compatible object storage, against moto's S3 emulator on 127.0.0.1.

The storage settings come from the environment as a deployment gives them (read in a fresh process), then serve
this test's process: upload through the catalogue service, read back, thumbnails, readiness, deletion.
"""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from PIL import Image

from marketplace.catalogue.services import add_product_media, delete_product_media
from tests.catalogue.imagefiles import encoded, two_tone, upload

PROJECT = Path(__file__).resolve().parents[2]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "xq-test", "AWS_SECRET_ACCESS_KEY": "xq-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def settings_from_environment(env: dict) -> dict:
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'STORAGES': settings.STORAGES, 'CSP': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']}))"
    )
    base = {key: value for key, value in os.environ.items() if not key.startswith(("XQ_", "AWS_"))}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT,
        env={
            **base,
            "XQ_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "marketplace.settings",
            # Never connected to: named so that the embedded database is not started for nothing.
            "DATABASE_URL": "postgresql://xq@127.0.0.1:5432/unused",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    name = f"xq-media-{uuid.uuid4().hex[:8]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **_lowercase(CREDENTIALS))
    client.create_bucket(Bucket=name)
    configured = settings_from_environment(
        {**CREDENTIALS, "XQ_S3_BUCKET": name, "XQ_S3_ENDPOINT_URL": s3_endpoint, "XQ_S3_REGION": "us-east-1"}
    )
    assert configured["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3_endpoint in configured["CSP"]["img-src"]
    settings.STORAGES = configured["STORAGES"]  # Django's setting_changed signal swaps default_storage
    return client, name


def _lowercase(credentials: dict) -> dict:
    return {key.lower(): value for key, value in credentials.items()}


def keys(client, bucket_name) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket_name).get("Contents", []))


def test_photos_and_thumbnails_live_in_the_bucket(
    client, bucket, published_product, django_capture_on_commit_callbacks
):
    s3, bucket_name = bucket
    media = add_product_media(product=published_product, uploaded_file=upload(encoded(two_tone(1200, 600), "JPEG")))
    assert keys(s3, bucket_name) == [f"media/{media.image.name}"]
    stored = s3.get_object(Bucket=bucket_name, Key=f"media/{media.image.name}")["Body"].read()
    with media.image.open("rb") as read_back:
        assert read_back.read() == stored
    assert Image.open(io.BytesIO(stored)).size == (1200, 600)

    response = client.get(f"/thumbnail/{media.pk}/256/", HTTP_ACCEPT="image/webp")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (256, 128)
    assert len(keys(s3, bucket_name)) == 2  # the original and its thumbnail

    assert client.get("/readyz").json()["checks"]["media_storage"] == "up"

    with django_capture_on_commit_callbacks(execute=True):
        delete_product_media(media=media)
    assert keys(s3, bucket_name) == []


def test_readyz_reports_a_missing_bucket(client, bucket, db):
    s3, bucket_name = bucket
    s3.delete_bucket(Bucket=bucket_name)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["media_storage"] == "down"
