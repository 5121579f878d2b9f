"""The app's resource files, installed as the package ``journal._resources`` (see pyproject.toml).

Read them only through ``journal.resources``.
"""
