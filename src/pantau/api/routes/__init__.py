"""One router per resource; `pantau.api.router` assembles them."""
