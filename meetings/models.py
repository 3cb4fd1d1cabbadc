"""Models of this app arrive with its own issue; the app is installed so its migrations have a home."""
