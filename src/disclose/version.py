"""The version of disclose (one place: the package, the reports and the cache key read it)."""

__version__ = "0.1.0"
