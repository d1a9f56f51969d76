"""Shared fixtures. The locations and channels come from data migrations, so every test database has them."""
