"""Every router of the API, assembled in one list."""

from __future__ import annotations

from fastapi import APIRouter

from pantau.api.routes import audit, health, notices, platform

api_router = APIRouter()
for module in (health, notices, platform, audit):
    api_router.include_router(module.router)
