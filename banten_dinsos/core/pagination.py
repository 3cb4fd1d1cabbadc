from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Numbered pages of 50 (``?page_size=`` up to 200) for lists of modest size."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class KeysetPagination(CursorPagination):
    """Keyset pages for large tables: no COUNT(*) and no OFFSET scan, however deep the page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
