"""Grants pages: funding streams (streams.py), grants (grants.py), bulk award imports (imports.py)."""
