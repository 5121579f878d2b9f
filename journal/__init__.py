"""Skin Recovery Journal."""

__version__ = "0.1.0"
APP_NAME = "Skin Recovery Journal"
