"""Signal receivers: catalog follows changes of stalls, which sits below it and never imports catalog."""

from backend.catalog import actions


def search_documents_refresh_on_rename(sender, *, stall, **_kwargs) -> None:
    """stalls.signals.stall_renamed: the products' search documents carry the stall name."""
    actions.products_search_document_refresh(stall=stall)
