"""GET /help-desk and its static files, without a browser."""

import re


def test_help_desk_page_has_the_form_and_only_local_files(client):
    response = client.get("/help-desk")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for name in ("where", "category", "affiliation", "specialty", "consortium"):
        assert f'id="{name}"' in html
    assert 'value="GENERAL_PUBLIC"' in html
    linked = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/help_desk.js" in linked and "/static/graphsvc.css" in linked
    assert not [url for url in linked if "//" in url]


def test_static_files_are_served(client):
    for name, kind in (("help_desk.js", "javascript"), ("graphsvc.css", "css")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and kind in response.mimetype
        response.close()


def test_pages_are_not_under_v1(client):
    assert client.get("/v1/help-desk").status_code == 404
