"""gunicorn's entry point: building the app here loads the model before workers fork (--preload)."""

from service import create_app

app = create_app()
