"""WSGI entry point for gunicorn: ``gunicorn api.wsgi:app``.

Here the embedded database is started, on purpose, when ``GRAPHSVC_NEO4J_URI`` names none
(``graphsvc serve`` starts it before it runs gunicorn and passes its URI on).
"""

from api import create_app
from api.config import for_database
from graphsvc.settings import read_settings
from graphsvc.store.connect import start_database

app = create_app(for_database(start_database(read_settings())))
