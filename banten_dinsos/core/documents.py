"""The register of every document the portal produces (PDF and XLSX): each renderer is marked with ``@document``,
so the layout tests render all of them from this one list, and a test that reads the source refuses a renderer
(a function that calls ``render_pdf`` or builds an openpyxl ``Workbook``) without the mark."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One kind of file people download: its stable name, its format and the function that draws it."""

    name: str
    format: str
    renderer: Callable
    signed: bool = False
    # An input template whose example row is text on purpose (a birth date typed as people type it).
    typed_text: bool = False


REGISTRY: dict[str, Document] = {}


def document(name: str, *, format: str, signed: bool = False, typed_text: bool = False):  # noqa: A002
    """Register the decorated renderer under ``name`` ("minutes-pdf", "situation-report-xlsx", …)."""
    if format not in ("pdf", "xlsx"):
        raise ValueError(f"unknown document format {format!r}")

    def mark(renderer: Callable) -> Callable:
        existing = REGISTRY.get(name)
        if existing is not None and existing.renderer.__qualname__ != renderer.__qualname__:
            raise ValueError(f"document {name!r} is registered twice")
        REGISTRY[name] = Document(name=name, format=format, renderer=renderer, signed=signed, typed_text=typed_text)
        renderer.document_name = name
        return renderer

    return mark


def documents() -> dict[str, Document]:
    """Every registered document, after importing the modules that hold renderers."""
    from django.utils.module_loading import autodiscover_modules

    for module in ("pdf", "xlsx", "exports", "render"):
        autodiscover_modules(module)
    return dict(REGISTRY)
