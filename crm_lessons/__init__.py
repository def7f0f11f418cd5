"""Helpers for the CRM Lessons course: data, analysis, charts, explorers and exercise checks.

Importing the package is cheap: the heavy libraries (scipy, scikit-learn, matplotlib,
ipywidgets) load only in the modules that use them.

>>> from crm_lessons import load_store        # doctest: +SKIP
>>> store = load_store()                      # doctest: +SKIP
"""

from crm_lessons.errors import CRMDataError

__version__ = "0.2.0"

__all__ = ["CRMDataError", "load_store", "load_cdnow", "load_hospital", "glossary", "__version__"]


def __getattr__(name: str):
    # Loaders are imported on first use so that `import crm_lessons` stays light.
    if name in {"load_store", "load_cdnow", "load_hospital"}:
        from crm_lessons import data

        return getattr(data, name)
    if name == "glossary":
        from crm_lessons.terms import glossary

        return glossary
    raise AttributeError(f"module 'crm_lessons' has no attribute {name!r}")
