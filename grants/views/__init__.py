"""Grants pages: funding streams (streams.py), grants (grants.py), their decisions and budget
overrides (decisions.py), bulk award imports (imports.py)."""
