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
    ForeignKeyConstraint,
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

# --- programme records (issue 4) -----------------------------------------------------------
# Each block below belongs to one feature; change a block only together with its migration.

# --- projects ---
# A common project belongs to an alliance (共性项目), an individual one to an organisation
# (个性项目), optionally within an alliance. Secretary-led (书记领办) projects are led by the
# organisation's secretary and appear on that secretary's task list.
project = Table(
    "project",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("scope", String(12), nullable=False),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT")),
    Column("organisation_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT")),
    Column("secretary_led", Boolean, nullable=False, server_default="0"),
    Column("owner", String(100)),
    Column("started_on", Date, nullable=False),
    Column("target_on", Date),
    Column("status", String(12), nullable=False, server_default="planned"),
    Column("finished_on", Date),  # the day it became done or dropped
    Column("description", Text),
    CheckConstraint("scope IN ('common', 'individual')", name="scope"),
    CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="status"),
    CheckConstraint(
        "(scope = 'common' AND alliance_id IS NOT NULL) OR "
        "(scope = 'individual' AND organisation_id IS NOT NULL)",
        name="owner_unit",
    ),
    CheckConstraint("(status IN ('done', 'dropped')) = (finished_on IS NOT NULL)", name="finished"),
)

project_note = Table(
    "project_note",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "project_id",
        Integer,
        ForeignKey("project.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("noted_on", Date, nullable=False),
    Column("percent", Integer, nullable=False),
    Column("note", Text, nullable=False),
    CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),
)

# --- people ---
# Personal data is kept minimal on purpose: a name, a home organisation (关系在支部), roles,
# optionally a phone. No ID numbers. Names are unique: the clerk tells namesakes apart in
# the name itself, e.g. 张伟（东村）.
person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column(
        "home_organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    Column("party_member", Boolean, nullable=False, server_default="1"),
    Column("phone", String(30)),
    Column("speciality", String(200)),  # for local experts (本土专家)
)

person_role = Table(
    "person_role",
    metadata,
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(12), primary_key=True),
    CheckConstraint("role IN ('secretary', 'mentor', 'expert', 'activist')", name="role"),
)

# People who took part in an activity (活动共参与), from any alliance.
activity_person = Table(
    "activity_person",
    metadata,
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "person_id",
        Integer,
        ForeignKey("person.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)

# 导师传帮带: a mentor and a mentee over a span (started_on <= day < ended_on).
mentoring = Table(
    "mentoring",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mentor_id", Integer, ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
    Column("mentee_id", Integer, ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("ended_on", Date),
    UniqueConstraint("mentor_id", "mentee_id", "started_on", name="uq_mentoring_pair"),
    CheckConstraint("mentor_id <> mentee_id", name="not_self"),
    CheckConstraint("ended_on IS NULL OR ended_on > started_on", name="ended_after_started"),
)

# --- quotas ---
# 发展指标: an alliance's yearly pool of party-member development quotas.
quota_pool = Table(
    "quota_pool",
    metadata,
    Column(
        "alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT"), primary_key=True
    ),
    Column("year", Integer, primary_key=True),
    Column("quota", Integer, nullable=False),
    CheckConstraint("quota >= 0", name="quota"),
)

# An activist (入党积极分子) recommended through an alliance by an organisation; a quota is
# allocated to at most one recommendation per person and year.
recommendation = Table(
    "recommendation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="RESTRICT"), nullable=False),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT"), nullable=False),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column("recommended_on", Date, nullable=False),
    Column("priority", Integer),  # lower first; NULL: after every set priority
    Column("allocated_year", Integer),
    UniqueConstraint("person_id", "alliance_id", "recommended_on", name="uq_recommendation"),
    CheckConstraint("priority IS NULL OR priority >= 1", name="priority"),
)

# --- bases and resources ---
# 产业基地, linked to organisations and to a (green) alliance.
industry_base = Table(
    "industry_base",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("product", String(100)),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT")),
    Column("notes", Text),
)

base_org = Table(
    "base_org",
    metadata,
    Column(
        "base_id", Integer, ForeignKey("industry_base.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="RESTRICT"),
        primary_key=True,
    ),
)

# The base an expert service visit (an activity of kind expert_service) went to.
activity_base = Table(
    "activity_base",
    metadata,
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "base_id",
        Integer,
        ForeignKey("industry_base.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)

# The experts an expert service visit named, as it named them: someone who leaves the team
# later still served on it, and a participant who is an expert but came along is not one of
# its experts. A row is one of the visit's participants (taking them off removes it).
visit_expert = Table(
    "visit_expert",
    metadata,
    Column("activity_id", Integer, primary_key=True),
    Column("person_id", Integer, primary_key=True, index=True),
    ForeignKeyConstraint(
        ["activity_id", "person_id"],
        ["activity_person.activity_id", "activity_person.person_id"],
        ondelete="CASCADE",
    ),
)

# 要素流动: what one organisation provided to another. Quantity in hundredths of its unit and
# value in fen (分): exact, never binary floats.
resource_flow = Table(
    "resource_flow",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "provider_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False
    ),
    Column(
        "receiver_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False
    ),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("quantity_hundredths", Integer),
    Column("unit", String(20)),
    Column("value_fen", Integer),
    Column("notes", Text),
    CheckConstraint(
        "kind IN ('labour', 'produce', 'funds', 'technology', 'management', 'information')",
        name="kind",
    ),
    CheckConstraint("provider_id <> receiver_id", name="not_self"),
    CheckConstraint("quantity_hundredths IS NULL OR quantity_hundredths > 0", name="quantity"),
    CheckConstraint("value_fen IS NULL OR value_fen >= 0", name="value"),
    Index("ix_resource_flow_alliance_day", "alliance_id", "happened_on"),
)

# --- wishes and service list ---
# 微心愿: a resident's wish in an organisation's area, counted for an alliance.
wish = Table(
    "wish",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("resident", String(100), nullable=False),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT"), nullable=False),
    Column("content", Text, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("fulfilled_on", Date),
    Column("notes", Text),
)

# Every claim of a wish; a withdrawn claim keeps its row. At most one claim is live.
wish_claim = Table(
    "wish_claim",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "wish_id", Integer, ForeignKey("wish.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="RESTRICT")),
    Column("organisation_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT")),
    Column("claimed_on", Date, nullable=False),
    Column("withdrawn_on", Date),
    CheckConstraint("(person_id IS NULL) <> (organisation_id IS NULL)", name="one_claimant"),
    CheckConstraint("withdrawn_on IS NULL OR withdrawn_on >= claimed_on", name="withdrawn"),
)

# 活动服务清单 (选-送-定): proposed by a member or a resident, taken up by an organisation,
# approved by the alliance, delivered by an activity.
service_item = Table(
    "service_item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT"), nullable=False),
    Column("proposed_by", String(100), nullable=False),
    Column("proposer_kind", String(10), nullable=False),
    Column("proposed_on", Date, nullable=False),
    Column("taken_by_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT")),
    Column("taken_on", Date),
    Column("approved_on", Date),
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="RESTRICT")),
    Column("delivered_on", Date),
    Column("notes", Text),
    CheckConstraint("proposer_kind IN ('member', 'resident')", name="proposer_kind"),
    CheckConstraint("(taken_by_id IS NULL) = (taken_on IS NULL)", name="taken"),
    CheckConstraint("approved_on IS NULL OR taken_on IS NOT NULL", name="approved_after_taken"),
    CheckConstraint(
        "(activity_id IS NULL) = (delivered_on IS NULL) AND "
        "(delivered_on IS NULL OR approved_on IS NOT NULL)",
        name="delivered",
    ),
)

# --- cases and evidence ---
# 好经验好做法: a case written up for publicity, linked to activities.
good_case = Table(
    "good_case",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False, unique=True),
    Column("alliance_id", Integer, ForeignKey("alliance.id", ondelete="RESTRICT")),
    Column("organisation_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT")),
    Column("written_on", Date, nullable=False),
    Column("summary", Text),
)

case_activity = Table(
    "case_activity",
    metadata,
    Column("case_id", Integer, ForeignKey("good_case.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "activity_id",
        Integer,
        ForeignKey("activity.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)

# Where a case was publicised: broadcast, TV, newspaper, WeChat official account, other.
case_publicity = Table(
    "case_publicity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "case_id",
        Integer,
        ForeignKey("good_case.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("channel", String(12), nullable=False),
    Column("published_on", Date, nullable=False),
    Column("title", String(300), nullable=False),
    Column("link", String(1000)),
    CheckConstraint(
        "channel IN ('broadcast', 'tv', 'newspaper', 'wechat', 'other')", name="channel"
    ),
)

# 佐证: a file attached to an activity, a case or a score entry. The copy lives in a folder
# beside the database, named by its SHA-256, so a swapped or damaged file shows up.
evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("target", String(12), nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", Integer, nullable=False),
    Column("original_name", String(500), nullable=False),
    Column("attached_at", DateTime, nullable=False),
    Column("attached_by", String(100), nullable=False),
    UniqueConstraint("target", "target_id", "sha256", name="uq_evidence_file"),
    CheckConstraint("target IN ('activity', 'case', 'score_entry')", name="target"),
    CheckConstraint("size >= 0", name="size"),
    Index("ix_evidence_target", "target", "target_id"),
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

# --- scoring, airing and evaluation (issue 5) -----------------------------------------------
# Points are stored in hundredths (Integer): exact on every engine, never binary floats.
# Periods are stored as their labels ("2025Q3", "2025H1", "2025"), which sort in time order
# within one kind.

# A loaded scheme (评分方案), kept whole with its hash. A period is computed with the newest
# scheme whose `effective_from` quarter is not after it.
score_scheme = Table(
    "score_scheme",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("version", String(50), nullable=False),
    Column("effective_from", String(7), nullable=False),  # a quarter label, e.g. 2025Q1
    Column("sha256", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Column("loaded_at", DateTime, nullable=False),
    Column("loaded_by", String(100), nullable=False),
)

# One indicator's points for one subject and quarter, as self-assessed and as reviewed; the
# computation uses the reviewed value where there is one. For per-item indicators the value
# is a count of items (in hundredths, like every value here).
score_entry = Table(
    "score_entry",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("period", String(7), nullable=False),
    Column("subject_type", String(12), nullable=False),
    Column("subject_id", Integer, nullable=False),
    Column("indicator", String(40), nullable=False),
    Column("self_hundredths", Integer),
    Column("self_note", Text),
    Column("reviewed_hundredths", Integer),
    Column("reviewed_note", Text),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(100), nullable=False),
    UniqueConstraint("period", "subject_type", "subject_id", "indicator", name="uq_score_entry"),
    CheckConstraint("subject_type IN ('organisation', 'alliance')", name="subject_type"),
    CheckConstraint(
        "self_hundredths IS NOT NULL OR reviewed_hundredths IS NOT NULL", name="has_value"
    ),
)

# 一票否决: the subject's total is zero and it has no stars for that quarter.
score_veto = Table(
    "score_veto",
    metadata,
    Column("period", String(7), primary_key=True),
    Column("subject_type", String(12), primary_key=True),
    Column("subject_id", Integer, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("entered_at", DateTime, nullable=False),
    Column("entered_by", String(100), nullable=False),
    CheckConstraint("subject_type IN ('organisation', 'alliance')", name="subject_type"),
)

# The computed results of a quarter (replaced by each `score compute` of an open quarter).
score_result = Table(
    "score_result",
    metadata,
    Column("period", String(7), primary_key=True),
    Column("subject_type", String(12), primary_key=True),
    Column("subject_id", Integer, primary_key=True),
    Column(
        "scheme_id", Integer, ForeignKey("score_scheme.id", ondelete="RESTRICT"), nullable=False
    ),
    Column("category", String(20), nullable=False),
    Column("total_hundredths", Integer, nullable=False),
    Column("rank", Integer, nullable=False),
    Column("category_rank", Integer, nullable=False),
    Column("stars", Integer, nullable=False),
    Column("rank_change", Integer),
    Column("stars_change", Integer),
    Column("vetoed", Boolean, nullable=False, server_default="0"),
    Column("computed_at", DateTime, nullable=False),
)

score_point = Table(
    "score_point",
    metadata,
    Column("period", String(7), primary_key=True),
    Column("subject_type", String(12), primary_key=True),
    Column("subject_id", Integer, primary_key=True),
    Column("indicator", String(40), primary_key=True),
    Column("points_hundredths", Integer, nullable=False),
)

# A published airing (晾晒): the canonical snapshot and its SHA-256. The live lock of a
# quarter is its publication without `unlocked_at`; unlocking keeps the row and its reason.
score_publication = Table(
    "score_publication",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("period", String(7), nullable=False, index=True),
    Column(
        "scheme_id", Integer, ForeignKey("score_scheme.id", ondelete="RESTRICT"), nullable=False
    ),
    Column("snapshot", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("published_at", DateTime, nullable=False),
    Column("published_by", String(100), nullable=False),
    Column("unlocked_at", DateTime),
    Column("unlocked_by", String(100)),
    Column("unlock_reason", Text),
)

# 擂台赛, half-yearly: contestants and each judge's points for each contestant.
arena_contestant = Table(
    "arena_contestant",
    metadata,
    Column("period", String(7), primary_key=True),  # a half, e.g. 2025H1
    Column("subject_type", String(12), primary_key=True),
    Column("subject_id", Integer, primary_key=True),
    CheckConstraint("subject_type IN ('organisation', 'alliance')", name="subject_type"),
)

arena_score = Table(
    "arena_score",
    metadata,
    Column("period", String(7), primary_key=True),
    Column("judge", String(100), primary_key=True),
    Column("subject_type", String(12), primary_key=True),
    Column("subject_id", Integer, primary_key=True),
    Column("points_hundredths", Integer, nullable=False),
    CheckConstraint("points_hundredths BETWEEN 0 AND 10000", name="points"),
)

# 交叉检查: who inspects whom in a round, the points given and the findings to rectify.
inspection = Table(
    "inspection",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("period", String(7), nullable=False),
    Column("subject_type", String(12), nullable=False),
    Column("inspector_id", Integer, nullable=False),
    Column("inspected_id", Integer, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("points_hundredths", Integer),
    Column("inspected_on", Date),
    UniqueConstraint("period", "subject_type", "inspector_id", name="uq_inspection_inspector"),
    CheckConstraint("inspector_id <> inspected_id", name="not_self"),
    CheckConstraint("subject_type IN ('organisation', 'alliance')", name="subject_type"),
)

inspection_finding = Table(
    "inspection_finding",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "inspection_id",
        Integer,
        ForeignKey("inspection.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("finding", Text, nullable=False),
    Column("status", String(12), nullable=False, server_default="open"),  # 整改
    Column("due_on", Date),
    Column("closed_on", Date),
    CheckConstraint("status IN ('open', 'rectifying', 'closed')", name="status"),
    CheckConstraint("(status = 'closed') = (closed_on IS NOT NULL)", name="closed"),
    # The clerk writes finding numbers down: one deleted by `inspect record --replace` must
    # never be given to a new finding.
    sqlite_autoincrement=True,
)

# 述职相互评: peers rate an organisation once a year; never themselves.
mutual_rating = Table(
    "mutual_rating",
    metadata,
    Column("year", Integer, primary_key=True),
    Column(
        "rater_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True
    ),
    Column(
        "ratee_id", Integer, ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True
    ),
    Column("points_hundredths", Integer, nullable=False),
    CheckConstraint("rater_id <> ratee_id", name="not_self"),
    CheckConstraint("points_hundredths BETWEEN 0 AND 10000", name="points"),
)
