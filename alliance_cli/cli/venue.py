"""`alliance venue ...`: shared venues (阵地共建共享), bookings and their use."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, warn, writing
from alliance_cli.cli.options import optional_day, period_option
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit

app = typer.Typer(
    help="Shared venues 阵地共建共享: add, share, book, cancel, list, bookings, usage.",
    no_args_is_help=True,
    add_completion=False,
)

PeriodOption = period_option("every booking")


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Venue name.")],
    owner: Annotated[str, typer.Option("--owner", help="The organisation that owns it.")],
    capacity: Annotated[
        int | None, typer.Option("--capacity", help="How many people it holds.")
    ] = None,
    shared_with: Annotated[
        list[str] | None,
        typer.Option("--shared-with", help="An alliance it is open to (repeatable)."),
    ] = None,
) -> None:
    """Add a venue owned by an organisation, optionally open to alliances at once.

    Example: alliance venue add 红岩村活动室 --owner 红岩村 --capacity 80 --shared-with 红色联盟
    """
    from alliance_cli.core.venues import add_venue

    with writing() as connection:
        add_venue(
            connection,
            name,
            owner=owner,
            capacity=capacity,
            shared_with=tuple(shared_with or ()),
            actor=settings.actor,
        )
    say("added_venue", name=name.strip())


@app.command("share")
def share(
    name: Annotated[str, typer.Argument(help="Venue name.")],
    alliances: Annotated[list[str], typer.Argument(help="Alliances to open it to.")],
) -> None:
    """Open a venue to one or more alliances: their members may then book it.

    Example: alliance venue share 红岩村活动室 蓝色联盟
    """
    from alliance_cli.core.venues import share_venue

    with writing() as connection:
        opened = share_venue(connection, name, alliances, actor=settings.actor)
    say("shared_venue", venue=name.strip(), alliances="、".join(opened))


@app.command("book")
def book(
    name: Annotated[str, typer.Argument(help="Venue name.")],
    starts: Annotated[str, typer.Option("--from", help="Start, HH:MM (24-hour).")],
    ends: Annotated[str, typer.Option("--to", help="End, HH:MM (24:00 for midnight).")],
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="2023-03-05, 2023/3/5 or 2023年3月5日 (default with --activity: its date).",
            show_default=False,
        ),
    ] = None,
    activity_id: Annotated[
        int | None, typer.Option("--activity", help="The activity it is for (its id).")
    ] = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help="What it is for, when not an activity.")
    ] = None,
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="With --purpose: the alliance booking.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="With --purpose: the organisation booking.")
    ] = None,
) -> None:
    """Book a venue for an activity or a purpose; an overlapping booking is refused.

    With --activity the date, alliance and host are the activity's; with --purpose name who
    books with --alliance and/or --org. The owner may always book its venue, others only for
    an alliance it is shared with. The window is [from, to): 9:00-10:00 and 10:00-11:00 do
    not clash.

    Example: alliance venue book 红岩村活动室 --activity 7 --from 9:00 --to 11:30
    """
    from alliance_cli.core.venues import book_venue

    with writing() as connection:
        booking = book_venue(
            connection,
            name,
            starts=starts,
            ends=ends,
            day=optional_day(day, "--date"),
            activity_id=activity_id,
            purpose=purpose,
            alliance_name=alliance,
            organisation_name=org,
            actor=settings.actor,
        )
    say(
        "booked_venue",
        id=booking["id"],
        venue=booking["venue"],
        day=booking["date"].isoformat(),
        start=booking["starts_at"],
        end=booking["ends_at"],
    )
    if booking["capacity"] is not None and (booking["attendees"] or 0) > booking["capacity"]:
        warn(
            "warn_over_capacity",
            venue=booking["venue"],
            capacity=booking["capacity"],
            attendees=booking["attendees"],
        )


@app.command("cancel")
def cancel(
    booking_id: Annotated[int, typer.Argument(help="Booking id (see venue bookings).")],
) -> None:
    """Cancel a booking; the audit log keeps what it was.

    Example: alliance venue cancel 12
    """
    from alliance_cli.core.venues import cancel_booking

    with writing() as connection:
        cancelled = cancel_booking(connection, booking_id, actor=settings.actor)
    say(
        "cancelled_booking",
        id=booking_id,
        venue=cancelled["venue"],
        day=cancelled["date"].isoformat(),
        start=cancelled["starts_at"],
        end=cancelled["ends_at"],
    )


@app.command("list")
def list_(
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="Only venues open to this alliance.")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List venues with their owner, capacity and the alliances they are open to.

    Example: alliance venue list --alliance 红色联盟 --format md
    """
    from alliance_cli.core.venues import list_venues

    with reading() as connection:
        rows = list_venues(connection, alliance_name=alliance)
    columns = [Column("name"), Column("owner"), Column("capacity"), Column("shared_with")]
    emit([Section("venues", translated("venues_title"), columns, rows)], fmt, output)


BOOKING_COLUMNS = [
    Column("id"),
    Column("date"),
    Column("starts_at"),
    Column("ends_at"),
    Column("venue"),
    Column("alliance"),
    Column("organisation"),
    Column("activity_id"),
    Column("title"),
    Column("purpose"),
]


@app.command("bookings")
def bookings(
    name: Annotated[str | None, typer.Argument(help="Only this venue.")] = None,
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List bookings in date and time order, of one venue or all, in a period or ever.

    Example: alliance venue bookings 红岩村活动室 --period 2023Q2
    """
    from alliance_cli.core.venues import list_bookings

    with reading() as connection:
        rows = list_bookings(connection, venue_name=name, period=period)
    emit([Section("bookings", translated("bookings_title"), BOOKING_COLUMNS, rows)], fmt, output)


def _alliance_or_none(value, lang):
    from alliance_cli.i18n import translate

    return value if value is not None else translate("no_alliance", lang)


@app.command("usage")
def usage(
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Use of the venues per venue, per alliance, and how often each owner served others.

    Per owner: bookings of its venues by itself (own use) and by others (served others), and
    how many other organisations its venues served (bookers and activity participants).

    Example: alliance venue usage --period 2023Q2 --format xlsx --output venues.xlsx
    """
    from alliance_cli.core.venues import venue_usage

    with reading() as connection:
        used = venue_usage(connection, period=period)
    span = used["period"] or translated("all_time")
    emit(
        [
            Section(
                "venues",
                translated("usage_by_venue", period=span),
                [Column("venue"), Column("owner"), Column("bookings"), Column("hours_booked")],
                used["venues"],
            ),
            Section(
                "alliances",
                translated("usage_by_alliance", period=span),
                [
                    Column("alliance", _alliance_or_none),
                    Column("venues_open"),
                    Column("bookings"),
                    Column("hours_booked"),
                ],
                used["alliances"],
            ),
            Section(
                "owners",
                translated("usage_by_owner", period=span),
                [
                    Column("owner"),
                    Column("venues"),
                    Column("bookings"),
                    Column("own_use"),
                    Column("served_others"),
                    Column("organisations_served"),
                ],
                used["owners"],
            ),
        ],
        fmt,
        output,
    )
