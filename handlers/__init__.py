"""The domain: one module per command family, all registered on import."""

# Importing registers each module's handlers, help lines and reply templates.
from handlers import account, board, follows, groups, karma, messages, task_steps, tasks  # noqa: F401
from handlers.dispatch import dispatch
from handlers.inbound import handle_inbound

__all__ = ["dispatch", "handle_inbound"]
