"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""

from council import create_app

app = create_app()
