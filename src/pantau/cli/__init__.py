"""Typer commands: thin adapters that parse options, call the core, and render results or errors."""
