"""The course's data sets: the store (synthetic), CDNOW (real), the hospital case."""

from crm_lessons.datasets import (  # noqa: F401  (moved here piece by piece)
    COMPANY,
    DEFAULT_SEED,
    Store,
    generate_hospital,
    generate_store,
    load_cdnow,
    load_hospital,
    load_store,
    write_store,
)
