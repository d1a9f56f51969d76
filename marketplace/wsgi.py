"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

application = get_wsgi_application()

# Django, the apps and their modules are ≈ 200,000 objects that live as long as the process. Without this, every
# full (oldest-generation) garbage collection walks all of them: 360–620 ms in one request on this 2-core machine
# under load, every few uncached storefront pages (docs/performance.md, "Storefront pages"). Frozen, a collection
# walks only what requests made. With --preload this runs in the master before the fork, which also keeps those
# pages shared between the workers.
gc.freeze()
