"""Request and response bodies. Limits here are the first line against hostile input."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator


class NoticeItem(BaseModel):
    platform: str | None = Field(None, max_length=32)
    listing_id: str | None = Field(None, max_length=512)
    url: str | None = Field(None, max_length=2048)

    @model_validator(mode="after")
    def _one_target(self) -> NoticeItem:
        if not ((self.platform and self.listing_id) or self.url):
            raise ValueError('each item needs "platform" and "listing_id", or "url"')
        return self


class CreateNotices(BaseModel):
    items: list[NoticeItem] = Field(min_length=1, max_length=1000)
    urgency: Literal["normal", "urgent"] = "normal"
    draft: bool = Field(False, description="keep as drafts for a supervisor to approve and send")


class OutcomeIn(BaseModel):
    outcome: Literal["removed", "rejected", "not_found"]
    reason: str | None = Field(None, max_length=2000, description="required when rejected")


class BulkOutcomeItem(OutcomeIn):
    id: int


class BulkOutcomes(BaseModel):
    items: list[BulkOutcomeItem] = Field(min_length=1, max_length=1000)


class WebhookIn(BaseModel):
    url: str | None = Field(None, max_length=2048, description="null removes the endpoint")


class Empty(BaseModel):
    pass


class NoticeOut(BaseModel):
    id: int
    platform: str
    listing_id: str
    url: str | None
    status: str
    urgency: str
    reason: str | None
    legal_basis: list[dict[str, Any]]
    evidence_hash: str
    observed_at: str | None
    created_at: str | None
    sent_at: str | None
    deadline_at: str | None
    outcome_at: str | None
    escalation_level: int
    version: int
    evidence: dict[str, Any] | None = None
    changed: bool | None = None


class NoticeList(BaseModel):
    notices: list[NoticeOut]
    next_after: int | None = Field(None, description="pass as ?after= for the next page")


class CreatedNotice(BaseModel):
    id: int
    platform: str
    listing_id: str
    status: str
    created: bool


class CreatedNotices(BaseModel):
    notices: list[CreatedNotice]


class BulkResult(BaseModel):
    results: list[dict[str, Any]]


class ErrorOut(BaseModel):
    error: dict[str, str]
