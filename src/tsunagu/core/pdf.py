"""PDF documents (A4) rendered from Django templates with WeasyPrint (docs/decisions/0007).

Rules this module follows:

* A document is a template that extends ``pdf/base.html`` and fills ``{% block body %}``. The
  base template puts the title and the municipality in the page header, 取扱注意（個人情報）
  on every page, and the page number (x / y) and the print date in 和暦 in the footer.
* Nothing is fetched from the network. The URL fetcher serves the app's own static files
  (``{% static %}`` paths, found by the staticfiles finders) and ``data:`` URLs; every other
  URL (``http``, ``https``, other files on disk …) is refused and logged by scheme and host
  only, and the document is rendered without that resource.
* Fonts come from fontconfig by family name (Noto Sans CJK JP, Noto Serif CJK JP from Debian's
  ``fonts-noto-cjk``); none is downloaded.
* This module neither checks access nor writes audit entries: ``core`` imports no other app.
  The view gets what it prints through the owning app's selectors (which apply the access
  policy and audit the read) and records the export with that app's audit action.
"""

import logging
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from tsunagu.core.wareki import format_wareki

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

__all__ = ["PdfResourceRefused", "render_pdf", "pdf_response"]

logger = logging.getLogger(__name__)

# Relative URLs in a template ({% static %} gives /static/…) are resolved against this base,
# so they reach the fetcher as file: URLs under the static prefix and nothing else.
BASE_URL = "file:///"


class _WithoutResourceUrls(logging.Filter):
    """Drops WeasyPrint's "Failed to load … at <url>" records: a URL may carry personal data.

    The fetcher has already logged each refusal with the scheme and host only.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Failed to") and " at " in message)


if not any(isinstance(f, _WithoutResourceUrls) for f in logging.getLogger("weasyprint").filters):
    logging.getLogger("weasyprint").addFilter(_WithoutResourceUrls())


class PdfResourceRefused(ValueError):
    """A template referred to a resource outside the app's static files; it is not fetched."""


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    title: str,
) -> bytes:
    """Render a template that extends ``pdf/base.html`` to an A4 PDF and return its bytes.

    The template gets ``context`` and, from this function, ``pdf_title``,
    ``pdf_municipality`` and ``pdf_printed_on`` (today in 和暦). With ``request``, the
    context processors run as for a page (``user`` …). Inline SVG is drawn; images and
    stylesheets may come only from the app's static files (see the module docstring).
    """
    # Imported here: loading Pango and HarfBuzz takes a second that no other request should pay.
    from weasyprint import HTML

    html = render_to_string(
        template_name,
        {
            **context,
            "pdf_title": title,
            "pdf_municipality": settings.TSUNAGU_MUNICIPALITY_NAME,
            "pdf_printed_on": format_wareki(timezone.localdate()),
        },
        request=request,
    )
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_static_files_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF attachment (the name percent-encoded per RFC 6266), never cached."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def static_file_for(url: str) -> Path | None:
    """The file on disk a ``file:///static/…`` URL stands for, or None if it is not one."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.scheme != "file" or parts.netloc or not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path.removeprefix(prefix))
    if not relative or ".." in relative.split("/"):
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def _static_files_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]
        """Serves static files and data: URLs; refuses everything else, the network above all."""

        def fetch(self, url: str, headers: object = None) -> "URLFetcherResponse":
            if urlsplit(url).scheme == "data":
                return super().fetch(url, headers)
            path = static_file_for(url)
            if path is None:
                # The scheme and host only: a URL's path or query may carry personal data.
                parts = urlsplit(url)
                logger.warning("PDF resource refused: %s://%s", parts.scheme, parts.netloc)
                raise PdfResourceRefused(f"not fetched: {parts.scheme}://{parts.netloc}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesFetcher(allowed_protocols={"file", "data"})
