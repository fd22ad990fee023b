"""The pytest plugin (options --b24-*, fixtures)."""
