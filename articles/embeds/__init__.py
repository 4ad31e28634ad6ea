"""Posts of other sites embedded in article bodies: the allow-list and the marker (providers.py)."""
