"""`conditional_page` that answers HEAD as it answers GET.

Django's ConditionalGetMiddleware (behind its `conditional_page`) skips HEAD, on the grounds
that a HEAD response has no body to hash. Here it has: our views render HEAD in full and only
the server drops the body, so the ETag is the GET's. HTTP asks HEAD to carry the same headers
as GET (RFC 9110, 9.3.2), and crawlers and link checkers revalidate with HEAD.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.decorators import decorator_from_middleware
from django.utils.http import parse_http_date_safe


class ConditionalGetOrHeadMiddleware(ConditionalGetMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified") or "")
        if etag or last_modified:
            return (
                get_conditional_response(
                    request,
                    etag=etag,
                    last_modified=last_modified,
                    # The stubs want an HttpResponse; Django's own middleware passes any response.
                    response=response,  # type: ignore[arg-type]
                )
                or response
            )
        return response


conditional_page = decorator_from_middleware(ConditionalGetOrHeadMiddleware)
