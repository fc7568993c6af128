"""The domain: one module per command family, all registered on import."""

# Importing registers each module's handlers, help lines and reply templates.
from handlers import (  # noqa: F401
    account,
    board,
    email_link,
    follows,
    groups,
    karma,
    login,
    messages,
    recap,
    search,
    sizes,
    task_steps,
    tasks,
)
from handlers.dispatch import dispatch
from handlers.inbound import handle_inbound

__all__ = ["dispatch", "handle_inbound"]
