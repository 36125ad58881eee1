"""Signing in: login throttling (django-axes), the login form, and TOTP two-factor sign-in.

See docs/accounts.md.
"""
