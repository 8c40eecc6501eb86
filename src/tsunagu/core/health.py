"""The health check for load balancers and monitoring: ``GET /healthz``.

It answers without a login, names nothing but its own state, and asks the database one trivial
question; 200 when it answers, 503 when it does not, so a balancer takes a server whose database
is unreachable out of rotation."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tsunagu.accounts.decorators import otp_not_required


@never_cache
@require_GET
@otp_not_required
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
