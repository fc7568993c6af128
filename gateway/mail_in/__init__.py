"""The email bridge: mail in by SMTP or Mailgun, cleaned, checked, and handled like a text."""
