"""Year-end mutual evaluation (述职相互评): organisations rate their peers' debriefings.

Each organisation rates another once a year, 0-100 with at most two decimals, and never
itself; a correction is an explicit replacement, audited with the points before and after.
An organisation's result is the mean of its peers' ratings (exact, two places, half-up),
shown with how many peers rated it and a standard competition rank (1, 2, 2, 4).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, select

from alliance_cli.core.arena import GivenPoints, give_points, parse_points, points_of
from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.core.exact import mean_to_cent
from alliance_cli.core.lookup import find_organisation
from alliance_cli.core.periods import parse_period
from alliance_cli.core.ranking import rank_order
from alliance_cli.storage.models import mutual_rating, organisation

PEERS = GivenPoints(
    mutual_rating, "score_mutual", "rate", "rated_twice", "rating_nothing_to_replace"
)


def year_of(text: str | int) -> int:
    """The year of a mutual evaluation from `2023` or `2023年`; refuses quarters, halves and
    months, so that one evaluation is always one year."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = f"{text:04d}"
    period = parse_period(str(text))
    if period.kind != "year":
        raise InvalidInput("not_a_year", value=text)
    return period.year


def rate_peer(
    connection: Connection,
    year_text: str | int,
    *,
    rater: str,
    ratee: str,
    points: str | Decimal,
    replace: bool = False,
    actor: str,
) -> dict:
    """Record one organisation's rating of a peer for a year.

    Refused: a period that is not a year, an unknown organisation, a self-rating, points
    outside 0-100 or with more than two decimals, and rating the same peer twice in a year
    (naming the earlier points) unless `replace` asks to change them; `replace` with no
    earlier rating is refused too. Returns the year, rater, ratee, points and the points
    replaced (None for a first rating)."""
    year = year_of(year_text)
    hundredths = parse_points(points)
    rating = find_organisation(connection, rater)
    rated = find_organisation(connection, ratee)
    if rating.id == rated.id:
        raise RuleViolation("self_rating", name=rating.name)
    earlier = give_points(
        connection,
        PEERS,
        {"year": year, "rater_id": rating.id, "ratee_id": rated.id},
        hundredths,
        names={"rater": rating.name, "ratee": rated.name, "year": year},
        audit_key=f"{year:04d}/{rated.name}/rater {rating.name}",
        replace=replace,
        actor=actor,
    )
    return {
        "year": year,
        "rater": rating.name,
        "ratee": rated.name,
        "points": points_of(hundredths),
        "replaced": points_of(earlier) if earlier is not None else None,
    }


def peer_mean(ratings: list[int]) -> Decimal:
    """The mean of ratings given in hundredths, as points to two places, half-up."""
    return mean_to_cent([points_of(rating) for rating in ratings])


def mutual_results(connection: Connection, year: str | int) -> dict[int, tuple[Decimal, int]]:
    """organisation id -> (mean of its peers' ratings, how many peers rated it), for the
    organisations rated in that year. The annual evaluation reads this."""
    wanted = year_of(year)
    ratings: dict[int, list[int]] = {}
    for ratee_id, hundredths in connection.execute(
        select(mutual_rating.c.ratee_id, mutual_rating.c.points_hundredths).where(
            mutual_rating.c.year == wanted
        )
    ):
        ratings.setdefault(ratee_id, []).append(hundredths)
    return {ratee_id: (peer_mean(given), len(given)) for ratee_id, given in ratings.items()}


def mutual_standings(connection: Connection, year_text: str | int) -> list[dict]:
    """Every organisation taking part in a year's evaluation in published order: the rated
    ones by mean (competition ranks, ties listed by name), then those that only rated others,
    by name, with no mean and no rank."""
    year = year_of(year_text)
    results = mutual_results(connection, year)
    raters = set(
        connection.execute(
            select(mutual_rating.c.rater_id).where(mutual_rating.c.year == year)
        ).scalars()
    )
    names = dict(
        connection.execute(
            select(organisation.c.id, organisation.c.name).where(
                organisation.c.id.in_(raters | set(results))
            )
        ).all()
    )
    ranked = rank_order(
        list(results),
        total=lambda org_id: results[org_id][0],
        name=names.__getitem__,
    )
    rows = [
        {
            "rank": entry.rank,
            "organisation": names[entry.subject],
            "peer_count": results[entry.subject][1],
            "peer_mean": results[entry.subject][0],
        }
        for entry in ranked
    ]
    rows += [
        {"rank": None, "organisation": names[org_id], "peer_count": 0, "peer_mean": None}
        for org_id in sorted(raters - set(results), key=names.__getitem__)
    ]
    return rows


def mutual_ratings(
    connection: Connection, year_text: str | int, *, ratee: str | None = None
) -> list[dict]:
    """Every rating of a year (or every rating of one organisation), by ratee then rater."""
    year = year_of(year_text)
    rater_org = organisation.alias("rater_org")
    ratee_org = organisation.alias("ratee_org")
    query = (
        select(
            ratee_org.c.name.label("ratee"),
            rater_org.c.name.label("rater"),
            mutual_rating.c.points_hundredths,
        )
        .join(rater_org, rater_org.c.id == mutual_rating.c.rater_id)
        .join(ratee_org, ratee_org.c.id == mutual_rating.c.ratee_id)
        .where(mutual_rating.c.year == year)
    )
    if ratee is not None:
        query = query.where(mutual_rating.c.ratee_id == find_organisation(connection, ratee).id)
    rows = [
        {"ratee": row.ratee, "rater": row.rater, "peer_points": points_of(row.points_hundredths)}
        for row in connection.execute(query)
    ]
    return sorted(rows, key=lambda row: (row["ratee"], row["rater"]))
