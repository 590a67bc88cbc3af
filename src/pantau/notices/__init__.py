"""Takedown notices: lifecycle (pure), deadlines and escalation, evidence and legal basis, access
(users, tokens, roles), the service that applies decisions, verification, webhooks and exports.

Never imports FastAPI or Typer: `pantau.api` and `pantau.cli.notices` are thin adapters over this.
"""

from pantau.notices.lifecycle import Actor, Command, Decision, Role, Status, Timing, decide
from pantau.notices.service import ALL, NoticeConfig, Scope, UnitOfWork

__all__ = ["ALL", "Actor", "Command", "Decision", "NoticeConfig", "Role", "Scope", "Status", "Timing",
           "UnitOfWork", "decide"]
