"""A JSON response rendered with orjson (fast, and handles datetimes). FastAPI's ORJSONResponse is
deprecated, and rendering our dicts directly skips response-model validation on the hot paths
(the models still document the shapes in OpenAPI)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSONOut(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
