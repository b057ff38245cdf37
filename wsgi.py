"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`.

TECHFEST_ENV picks the configuration (development, production); default development.
"""
import os

from techfest import create_app

app = create_app(os.environ.get("TECHFEST_ENV", "development"))
