"""Peewee migrations -- 016_questions.py: questions, events and answers; their reminders."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add questions and answers, and the question a reminder is about."""

    @migrator.create_model
    class Question(pw.Model):
        id = pw.AutoField()
        number = pw.IntegerField(null=True, unique=True)
        kind = pw.CharField(max_length=255, default="question")
        group = pw.ForeignKeyField(column_name="group_id", field="id",
                                   model=migrator.orm["group"], on_delete="CASCADE")
        asker = pw.ForeignKeyField(column_name="asker_id", field="id",
                                   model=migrator.orm["member"])
        text = pw.TextField()
        options = pw.TextField(default="[]")
        starts_at = pw.DateTimeField(null=True)
        closes_at = pw.DateTimeField(index=True)
        status = pw.CharField(max_length=255, default="open")
        message = pw.ForeignKeyField(column_name="message_id", field="id", null=True,
                                     model=migrator.orm["message"])
        all_told_at = pw.DateTimeField(null=True)
        inbound = pw.ForeignKeyField(column_name="inbound_id", field="id", null=True,
                                     model=migrator.orm["inbound"])
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "question"

    @migrator.create_model
    class Answer(pw.Model):
        id = pw.AutoField()
        question = pw.ForeignKeyField(column_name="question_id", field="id",
                                      model=migrator.orm["question"], on_delete="CASCADE")
        member = pw.ForeignKeyField(column_name="member_id", field="id",
                                    model=migrator.orm["member"], on_delete="CASCADE")
        choice = pw.CharField(max_length=255)
        inbound = pw.ForeignKeyField(column_name="inbound_id", field="id", null=True,
                                     model=migrator.orm["inbound"])
        answered_at = pw.DateTimeField()

        class Meta:
            table_name = "answer"
            indexes = [(("question", "member"), True)]

    migrator.add_fields(
        "reminder",
        question=pw.ForeignKeyField(column_name="question_id", field="id", null=True,
                                    model=migrator.orm["question"], on_delete="CASCADE"),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remove them again."""
    migrator.remove_fields("reminder", "question")
    migrator.remove_model("answer")
    migrator.remove_model("question")
