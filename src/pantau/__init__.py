"""pantau: find, take down and keep down listings of banned imported used clothing."""

__version__ = "0.1.0"
