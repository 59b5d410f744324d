"""WSGI entry point for gunicorn: ``gunicorn api.wsgi:app``.

Here the embedded database is started, on purpose, when ``GRAPHSVC_NEO4J_URI`` names none
(``graphsvc serve`` starts it before it runs gunicorn and passes its URI on). The app connects
as the embedded server's service user, which reads and writes records only.
"""

from api import create_app
from api.config import config_from
from graphsvc.settings import read_settings
from graphsvc.store.connect import start_database

settings = read_settings()
app = create_app(config_from(settings, start_database(settings, service=True)))
