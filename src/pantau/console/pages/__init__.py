"""One module per console page (or small group of pages), each with its own `router`."""
