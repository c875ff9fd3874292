"""JSON API of reminders: a manager's inbox, its transitions and the iCalendar feed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from tenantcrm.auth.enums import Role
from tenantcrm.auth.identity import Identity
from tenantcrm.auth.middleware import identity_for_bearer
from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import AppSettings, Limit, Offset, query_choice
from tenantcrm.core.schemas import Page
from tenantcrm.reminders import service
from tenantcrm.reminders.enums import ReminderState
from tenantcrm.reminders.schemas import ReminderOut, ReminderTransitionIn

CALENDAR_TYPE = "text/calendar; charset=utf-8"


class ReminderController(Controller):
    path = "/api/reminders"
    tags = ["reminders"]

    @get(operation_id="listReminders")
    async def list_reminders(
        self,
        request: Request[Any, Any, Any],
        limit: Limit = 50,
        offset: Offset = 0,
        recipient: FromQuery[UUID | None] = None,
        mine: Annotated[
            bool, QueryParameter(description="The caller's own inbox (instead of recipient)")
        ] = False,
        unassigned: Annotated[
            bool,
            QueryParameter(description="With recipient: include reminders nobody is assigned"),
        ] = True,
        in_state: Annotated[
            str | None,
            QueryParameter(
                name="state",
                description="Reminder state",
                schema_extra={"enum": [s.value for s in ReminderState]},
            ),
        ] = None,
        due_before: FromQuery[date | None] = None,
        kind: Annotated[str | None, QueryParameter(max_length=60)] = None,
    ) -> Page[ReminderOut]:
        """A manager's inbox (mine=true, or recipient=<user id>): reminders by due day."""
        state = query_choice(in_state, "state", ReminderState)
        if mine:
            if recipient is not None:
                raise InvalidInputError([FieldError("mine", "send mine or recipient, not both")])
            recipient = request.user.id
        return await service.list_reminders(
            limit, offset, recipient, unassigned, state, due_before, kind
        )

    @get("/{reminder_id:uuid}", operation_id="getReminder")
    async def get_reminder(self, reminder_id: FromPath[UUID]) -> ReminderOut:
        """One reminder."""
        return await service.get_reminder(reminder_id)

    @post(
        "/{reminder_id:uuid}/transitions",
        operation_id="transitionReminder",
        status_code=HTTP_200_OK,
    )
    async def transition(
        self,
        settings: AppSettings,
        reminder_id: FromPath[UUID],
        data: JSONBody[ReminderTransitionIn],
    ) -> ReminderOut:
        """Acknowledge, snooze (until a later day) or close a reminder (409 if not allowed)."""
        return await service.transition(reminder_id, data, settings.clock_today())

    @get(
        "/feed/{feed_name:str}",
        operation_id="reminderCalendarFeed",
        media_type=CALENDAR_TYPE,
        opt={"public": True},
    )
    async def feed(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        feed_name: FromPath[str],
        key: Annotated[
            str | None,
            QueryParameter(
                description=(
                    "A bearer token of the feed's user, for calendar clients that cannot "
                    "send a header (tenantcrm token create USER --name calendar)"
                ),
                max_length=200,
            ),
        ] = None,
        unassigned: Annotated[
            bool, QueryParameter(description="Include reminders nobody is assigned")
        ] = True,
    ) -> Response[bytes]:
        """A user's reminders as an iCalendar feed: /api/reminders/feed/<user id>.ics."""
        user_id = _feed_user(feed_name)
        reader = request.scope.get("user")
        if not isinstance(reader, Identity) and key:
            reader = await identity_for_bearer(request, key)  # counted like a bad header
        if not isinstance(reader, Identity):
            raise NotAuthorizedException("send a bearer token, or the feed's key")
        if reader.id != user_id and reader.role is not Role.ADMIN:
            raise PermissionDeniedException("a feed is for its own user (or an admin)")
        user_id = _feed_user(feed_name)
        body = await service.calendar_feed(user_id, settings.clock_today(), unassigned)
        return Response(
            body,
            media_type=CALENDAR_TYPE,
            headers={"Content-Disposition": f'inline; filename="{user_id}.ics"'},
        )


def _feed_user(name: str) -> UUID:
    stem = name.removesuffix(".ics")
    try:
        if stem == name:
            raise ValueError(name)
        return UUID(stem)
    except ValueError as error:
        raise InvalidInputError(
            [FieldError("feed_name", "must be <user id>.ics, e.g. 1b4e…-….ics")]
        ) from error
