"""The annotations a type checker reads on each model say what peewee really adds, no more."""

from __future__ import annotations

from peewee import AutoField, ForeignKeyField

import store.carrier
import store.cooperation
import store.reminders
import store.search  # noqa: F401  (each module's models become BaseModel's subclasses)
from store.models import BaseModel


def models() -> list[type[BaseModel]]:
    """Return every model of Commons, found as BaseModel's subclasses."""
    found, todo = [], [BaseModel]
    while todo:
        for model in todo.pop().__subclasses__():
            found.append(model)
            todo.append(model)
    return found


def added(model: type[BaseModel]) -> dict[str, str]:
    """Return what each column peewee adds unseen must be declared as."""
    columns = {}
    key = model._meta.primary_key
    if isinstance(key, AutoField) and key.name == "id":
        columns["id"] = "AutoField[int]"
    for field in model._meta.sorted_fields:
        if isinstance(field, ForeignKeyField):
            value = "int | None" if field.null else "int"
            columns[field.object_id_name] = f"ForeignKeyField[{value}]"
    return columns


def test_each_model_declares_the_id_and_foreign_keys_peewee_adds_as_they_are():
    assert len(models()) >= 20
    for model in models():
        declared = vars(model).get("__annotations__", {})
        ids = {name: kind for name, kind in declared.items()
               if name == "id" or name.endswith("_id")}
        assert ids == added(model), model.__name__
