"""The domain: one module per command family, all registered on import."""

# Importing registers each module's handlers and reply templates.
from handlers import (  # noqa: F401
    account,
    answers,
    board,
    email_link,
    follows,
    groups,
    karma,
    language,
    login,
    messages,
    question_steps,
    questions,
    recap,
    rotation,
    search,
    sizes,
    task_steps,
    tasks,
)
from handlers.dispatch import dispatch
from handlers.inbound import handle_inbound
from handlers.registry import require_handlers

require_handlers()  # every action parsers.commands declares has a handler, or nothing imports

__all__ = ["dispatch", "handle_inbound"]
