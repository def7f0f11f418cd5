"""The blank ``____`` a student replaces with code, and the error it raises when used as a value."""

from __future__ import annotations

from typing import Any

__all__ = ["____", "Blank", "BlankError", "holds_blank"]

class BlankError(TypeError):
    """Raised when the blank is used where Python needs a real value (e.g. ``float(____)``)."""


class Blank:
    """The blank ``____`` a student replaces with code.

    Arithmetic, attribute access, calls and indexing on the blank give the blank back, so a
    cell like ``answer = ____ / len(store.customers)`` still runs, and its check then says
    which blank to fill in.

    >>> (____ * 100 + 1).sum() is ____
    True
    """

    _instance: Blank | None = None
    # numpy and pandas hand binary operations over to the blank instead of broadcasting it.
    __array_ufunc__ = None
    __array_priority__ = 10_000
    __pandas_priority__ = 10_000

    def __new__(cls) -> Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____ (a blank: replace it with your code)"

    def _repr_html_(self) -> str:
        return "<code>____</code> <em>(a blank: replace it with your code)</em>"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Blank:
        return self

    def __getitem__(self, key: Any) -> Blank:
        return self

    def __iter__(self):
        return iter(())

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return id(self)

    def _fail(self, *args: Any) -> Any:
        raise BlankError("This line still holds the blank ____: replace ____ with your code "
                         "first, then run the cell again.")

    __float__ = __int__ = __index__ = __complex__ = __len__ = _fail

    def _same(self, *args: Any) -> Blank:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _same
    __mod__ = __rmod__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _same
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _same
    __neg__ = __pos__ = __abs__ = __invert__ = __round__ = _same
    __lt__ = __le__ = __gt__ = __ge__ = _same

    def __reduce__(self) -> str:
        return "____"


____ = Blank()


def holds_blank(answer: Any) -> bool:
    if answer is ____:
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(item is ____ for item in answer)
    if isinstance(answer, dict):
        return any(v is ____ for v in answer.values())
    return False
