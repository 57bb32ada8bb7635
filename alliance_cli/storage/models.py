"""The schema, as SQLAlchemy Core tables.

Core `Table` objects rather than declarative ORM classes: declaring a mapped class costs
about 3.5 ms at import against 0.3 ms for a table (measured here), and every command pays
that cost at start-up. Queries in `core/` are Core statements, which also keeps bulk paths
(imports, scoring) off the ORM's per-object machinery.
"""

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

alliance = Table(
    "alliance",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),
    Column("theme", String(20)),
    Column("theme_label", String(100)),
    Column("parent_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT")),
    Column("leader", String(100)),
    Column("goal", Text),
    Column("min_members", Integer, nullable=False, server_default="2"),
    Column("founded_on", Date),
    Column("dissolved_on", Date),
    CheckConstraint("kind IN ('core', 'area', 'task')", name="kind"),
    CheckConstraint("min_members >= 1", name="min_members"),
    CheckConstraint(
        "dissolved_on IS NULL OR founded_on IS NULL OR dissolved_on >= founded_on",
        name="dissolved_after_founded",
    ),
)

organisation = Table(
    "organisation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("category", String(20), nullable=False),
    Column("level", String(20), nullable=False, server_default="village"),
    Column("secretary", String(100)),
    Column("party_members", Integer, nullable=False, server_default="0"),
    CheckConstraint("party_members >= 0", name="party_members"),
    CheckConstraint(
        "category IN ('village', 'community', 'agency', 'enterprise', 'association', "
        "'school', 'other')",
        name="category",
    ),
    CheckConstraint("level IN ('county', 'township', 'village')", name="level"),
)

membership = Table(
    "membership",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    Column(
        "alliance_id",
        Integer,
        ForeignKey("alliance.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    Column("role", String(10), nullable=False, server_default="member"),
    Column("joined_on", Date, nullable=False),
    Column("left_on", Date),
    UniqueConstraint("organisation_id", "alliance_id", "joined_on", name="uq_membership_spell"),
    CheckConstraint("role IN ('lead', 'member')", name="role"),
    CheckConstraint("left_on IS NULL OR left_on > joined_on", name="left_after_joined"),
)

belt_link = Table(
    "belt_link",
    metadata,
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    UniqueConstraint("alliance_id", "organisation_id", name="uq_belt_link_org"),
)

activity_kind = Table(
    "activity_kind",
    metadata,
    Column("code", String(30), primary_key=True),
    Column("label_zh", String(50), nullable=False, unique=True),
    Column("label_en", String(50), nullable=False),
    Column("builtin", Boolean, nullable=False, server_default="0"),
)

# One activity. Its natural key — the same date, alliance, host and title — identifies it
# across imports, so re-importing a file (or an overlapping one) adds nothing twice.
activity = Table(
    "activity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("held_on", Date, nullable=False),
    Column(
        "kind", String(30), ForeignKey("activity_kind.code", ondelete="RESTRICT"), nullable=False
    ),
    Column("title", String(300), nullable=False),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT"), nullable=False),
    Column("host_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False),
    Column("attendees", Integer, nullable=False, server_default="0"),
    # Volunteer hours in hundredths of an hour: exact, never a binary float.
    Column("hours_hundredths", Integer, nullable=False, server_default="0"),
    Column("venue_id", Integer, ForeignKey("venue.id", ondelete="RESTRICT")),
    Column("notes", Text),
    UniqueConstraint("held_on", "alliance_id", "host_id", "title", name="uq_activity_natural"),
    CheckConstraint("attendees >= 0", name="attendees"),
    CheckConstraint("hours_hundredths >= 0", name="hours"),
    Index("ix_activity_alliance_held_on", "alliance_id", "held_on"),
    Index("ix_activity_held_on", "held_on"),
)

# Every organisation taking part in an activity, the host included (role 'host'). A guest
# is a member of another alliance taking part across alliances.
activity_org = Table(
    "activity_org",
    metadata,
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="RESTRICT"),
        primary_key=True,
    ),
    Column("role", String(12), nullable=False, server_default="participant"),
    Column("attendees", Integer),
    Column("guest", Boolean, nullable=False, server_default="0"),
    CheckConstraint("role IN ('host', 'cohost', 'participant')", name="role"),
    CheckConstraint("attendees IS NULL OR attendees >= 0", name="attendees"),
    Index("ix_activity_org_organisation_id", "organisation_id"),
)

venue = Table(
    "venue",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("owner_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False),
    Column("capacity", Integer),
    Column("notes", Text),
    CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity"),
)

venue_share = Table(
    "venue_share",
    metadata,
    Column("venue_id", Integer, ForeignKey("venue.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT"), primary_key=True
    ),
)

venue_booking = Table(
    "venue_booking",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("venue_id", Integer, ForeignKey("venue.id", ondelete="RESTRICT"), nullable=False),
    Column("booked_on", Date, nullable=False),
    Column("starts_at", String(5), nullable=False),  # "HH:MM", 24-hour
    Column("ends_at", String(5), nullable=False),
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="SET NULL")),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT")),
    Column("organisation_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT")),
    Column("purpose", Text),
    CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
    Index("ix_venue_booking_venue_day", "venue_id", "booked_on"),
)

# A saved host rotation (党建活动轮办): who is to host the alliance's activity each month.
rotation_plan = Table(
    "rotation_plan",
    metadata,
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="CASCADE"), primary_key=True),
    Column("month", String(7), primary_key=True),  # "YYYY-MM"
    Column("host_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False),
    Column("saved_at", DateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(50), nullable=False),
    Column("entity", String(50), nullable=False),
    Column("entity_key", String(200), nullable=False),
    Column("before", Text),
    Column("after", Text),
)

schema_migration = Table(
    "schema_migration",
    metadata,
    Column("revision", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime, nullable=False),
)
