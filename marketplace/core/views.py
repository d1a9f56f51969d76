from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.utils import DatabaseError
from django.http import JsonResponse

DATABASE_DOWN = {"status": "unavailable", "database": "down"}


def healthz(request):
    """200 once the database answers a query; 503 while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse(DATABASE_DOWN, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def readyz(request):
    """200 when this process can serve: the database answers and holds every migration this code expects.

    A new release started before `migrate` has run answers 503 here, so the load balancer keeps its traffic on the
    processes already serving until the schema is there (docs/operations.md, "Upgrade"). Migrations of a newer
    release that this code does not know are no reason to wait: releases only add to the schema first.
    """
    try:
        loader = MigrationLoader(connection)
        pending = set(loader.graph.nodes) - set(loader.applied_migrations)
    except DatabaseError:
        return JsonResponse(DATABASE_DOWN, status=503)
    if pending:
        return JsonResponse({"status": "migrations pending", "database": "up", "pending": len(pending)}, status=503)
    return JsonResponse({"status": "ok", "database": "up", "pending": 0})
