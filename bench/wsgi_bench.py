"""The app as gunicorn serves it, plus the benchmark's floor route (never in the real app)."""

from bench.floor import register_floor
from council import create_app

app = create_app()
register_floor(app)
