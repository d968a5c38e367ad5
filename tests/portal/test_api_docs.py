"""The API documentation page works without a CDN and under the Content Security Policy."""

import re


def test_the_api_docs_load_everything_from_the_portal(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not source.startswith(("http://", "https://", "//")) for source in sources), sources
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in source for source in sources)
    assert "<script>" not in html  # the start-up script comes as a file (no inline script for the CSP to allow)
    script = next(source for source in sources if "script" in source and "sidecar" not in source)
    started = client.get(script)
    assert started.status_code == 200 and "SwaggerUIBundle" in started.content.decode()


def test_the_schema_is_served(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/calculations/" in schema.content
