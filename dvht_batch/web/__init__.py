"""`dvht giao-dien`: the office's local web app over the library (Starlette, Jinja2, uvicorn)."""
