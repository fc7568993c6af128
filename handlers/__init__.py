"""The domain: one module per command family, all registered on import."""

from handlers import account, groups, messages  # noqa: F401 - importing registers the handlers
from handlers.dispatch import dispatch, handle_inbound

__all__ = ["dispatch", "handle_inbound"]
