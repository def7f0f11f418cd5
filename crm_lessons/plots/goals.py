"""Charts of lesson 01 (what CRM is for)."""

__all__: list[str] = []
