"""Explorers of lesson 02 (customer identification)."""

__all__: list[str] = []
