"""Every table module, imported here so Base.metadata knows them all (Alembic autogenerates from it).

One module per capability; add yours to the list below.
"""

from pantau.store.tables import (
    listings,  # noqa: F401
    notices,  # noqa: F401
    photos,  # noqa: F401
    sellers,  # noqa: F401
    terms,  # noqa: F401
)
