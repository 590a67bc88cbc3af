"""The HTTP API (FastAPI): `create_app()` builds it; routers per resource live in `routes/`."""
