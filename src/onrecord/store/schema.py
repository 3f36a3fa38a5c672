"""The corpus schema, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

Articles, attributions and mentions are written once and never change: an article's id
is a hash of its content, so storing it again is a no-op. Everything the cross-article
linker derives (people, organisations, statements and their reports, the ``person_id`` /
``organisation_id`` / ``statement_id`` columns of attributions and ``person_id`` of
mentions) is recomputed from them and from the analysts' ``corrections``, so it can
always be rebuilt.

JSON values (spans, comments, notes) are stored as compact JSON text, the same on both
databases, so an export is byte-identical whichever one holds the corpus.

Full-text search lives outside this metadata because it is database-specific: FTS5
virtual tables on SQLite, tsvector tables with GIN indexes on PostgreSQL (see
``onrecord.store.fts``); both are created by the migrations.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    # An integer key for the search index rows; the public key is ``id``.
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(80), nullable=False, unique=True),
    Column("origin_path", Text),
    Column("origin_url", Text),
    Column("origin_record_id", Text),
    Column("origin_line", Integer),
    Column("title", Text),
    Column("published", String(40), index=True),
    Column("dateline", Text),  # JSON {"place", "date_text"}
    Column("agency", Text),
    Column("outlet", Text, index=True),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("body", Text, nullable=False),  # JSON [[start, end], ...]
    Column("comments", Text, nullable=False),  # JSON [{"author", "text", "span"}, ...]
    Column("removed", Text, nullable=False),  # JSON [{"span", "reason"}, ...]
    Column("duplicate_of", String(80)),
    Column("input_id", Text),
    Column("ingested_at", String(40), nullable=False),
)

attributions = Table(
    "attributions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(100), nullable=False, unique=True),  # "<article id>:<seq>"
    Column(
        "article_id",
        String(80),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content", Text, nullable=False),  # JSON [[start, end], ...]
    Column("content_start", Integer),
    Column("content_end", Integer),
    # The quoted words, sliced from the article text at write time: what search and the
    # linker read, so neither has to load whole articles.
    Column("content_text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source_text", Text),
    Column("speaker", Text),
    Column("role", Text),
    Column("affiliation", Text),
    Column("confidence", Float, nullable=False),
    Column("method", Text, nullable=False),
    Column("person_id", String(40), index=True),
    Column("organisation_id", String(40), index=True),
    Column("statement_id", String(40), index=True),
    # What it is about (``onrecord.about``, migration 0005): the speaker's stance toward
    # the main target (-1, 0, 1) and the act (urge, concern, …). An attribution stored
    # before the about stage existed has no act: that is how the filters tell it apart.
    Column("stance", Integer),
    Column("stance_confidence", Float),
    Column("act", String(16), index=True),
)

# Who or what each attribution is about, main target first (``rank`` 0). ``folded`` is
# the text as the ``about`` filter compares it (``onrecord.store.about_rows.target_key``);
# ``entity_id`` is the record's ``Target.id`` as written (see ``about_filters`` for why
# the store resolves names to people at query time instead of storing that here).
attribution_targets = Table(
    "attribution_targets",
    metadata,
    Column(
        "attribution_id",
        String(100),
        ForeignKey("attributions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("rank", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("folded", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("entity_id", String(40)),
    PrimaryKeyConstraint("attribution_id", "rank", name="pk_attribution_targets"),
    # With the attribution id in the index, a filter reads the index alone.
    Index("ix_attribution_targets_folded", "folded", "attribution_id"),
    Index("ix_attribution_targets_entity_id", "entity_id", "attribution_id"),
)

# The topic labels of each attribution (``onrecord.about.topics``: taxonomy names).
attribution_topics = Table(
    "attribution_topics",
    metadata,
    Column(
        "attribution_id",
        String(100),
        ForeignKey("attributions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("topic", Text, nullable=False),
    PrimaryKeyConstraint("attribution_id", "topic", name="pk_attribution_topics"),
    Index("ix_attribution_topics_topic", "topic", "attribution_id"),
)

# The people each article names (``model.Mention``): one row per person per article,
# written with the article and never changed, except ``person_id``, which the linker
# assigns like an attribution's.
mentions = Table(
    "mentions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(100), nullable=False, unique=True),  # "<article id>:m<seq>"
    Column(
        "article_id",
        String(80),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("variants", Text, nullable=False),  # JSON ["Antony Blinken", "Blinken"]
    Column("role", Text),
    Column("affiliation", Text),
    Column("spans", Text, nullable=False),  # JSON [[start, end], ...]
    Column("person_id", String(40), index=True),
)

people = Table(
    "people",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False, index=True),
    Column("affiliation", Text),
    Column("mentions", Integer, nullable=False),
    Column("first_reported", String(40)),
    Column("last_reported", String(40)),
)

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False, index=True),
    Column("mentions", Integer, nullable=False),
    Column("first_reported", String(40)),
    Column("last_reported", String(40)),
)

# The names a person or organisation appeared under; ``owner_id`` is a people or
# organisations id (the two id spaces do not overlap: "P…" and "O…").
aliases = Table(
    "aliases",
    metadata,
    Column("owner_id", String(40), nullable=False),
    Column("alias", Text, nullable=False),
    Column("mentions", Integer, nullable=False),
    UniqueConstraint("owner_id", "alias", name="uq_aliases_owner_alias"),
    Index("ix_aliases_alias", "alias"),
)

person_roles = Table(
    "person_roles",
    metadata,
    Column("person_id", String(40), nullable=False),
    Column("role", Text, nullable=False),
    Column("affiliation", Text, nullable=False),
    Column("first_reported", String(40)),
    Column("last_reported", String(40)),
    Column("mentions", Integer, nullable=False),
    UniqueConstraint("person_id", "role", "affiliation", name="uq_person_roles"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("person_id", String(40), index=True),
    Column("organisation_id", String(40), index=True),
    Column("speaker", Text, nullable=False),
    Column("words", Text, nullable=False),
    Column("first_attribution_id", String(100), nullable=False),
    Column("first_article_id", String(80), nullable=False),
    Column("first_published", String(40)),
    Column("first_outlet", Text),
    Column("last_published", String(40)),
    Column("report_count", Integer, nullable=False),
    Column("outlet_count", Integer, nullable=False),
)

# Every article that reports a statement, in date order (``position`` 0 is the first
# report). ``quoted_by_*`` is set when a later speaker quotes the statement's words.
statement_reports = Table(
    "statement_reports",
    metadata,
    Column("statement_id", String(40), nullable=False),
    Column("attribution_id", String(100), nullable=False, index=True),
    Column("article_id", String(80), nullable=False),
    Column("position", Integer, nullable=False),
    Column("published", String(40)),
    Column("outlet", Text),
    Column("quoted_by_id", String(40)),
    Column("quoted_by_name", Text),
    UniqueConstraint("statement_id", "attribution_id", name="uq_statement_reports"),
)

problems = Table(
    "problems",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("input_id", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("seen_at", String(40), nullable=False),
    UniqueConstraint("input_id", "reason", name="uq_problems_input_reason"),
)

# Analysts' corrections: kept for ever and re-applied after every link, unless undone.
corrections = Table(
    "corrections",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("by", Text, nullable=False),
    # merge | split | rename (people), reject | reassign (an attribution), undo
    Column("action", String(16), nullable=False),
    Column("subject", Text, nullable=False),  # as typed: a name, an id, an attribution id
    Column("argument", Text, nullable=False),  # JSON, as typed
    Column("note", Text),
    Column("status", Text),  # how the last link applied it
    # JSON {"subject"|"other"|"speaker": {"id", "kind", "name"}}: what the names meant
    # when the correction was made (``onrecord.store.correcting``).
    Column("resolved", Text),
    Column("undone_by", Integer),  # the pk of the ``undo`` that withdrew it
)

# One row per input already handled (stored, duplicate or problem): a re-run skips them.
inputs = Table(
    "inputs",
    metadata,
    Column("input_id", Text, primary_key=True),
    Column("article_id", String(80)),
    Column("status", String(16), nullable=False),
    Column("done_at", String(40), nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# The incremental linker's index (``onrecord.store.linkindex``), rebuilt by a full
# relink. Each attribution and name mention that has been indexed, with its blocking key
# (``onrecord.link.blocking``) and, for an attribution, the id of its words.
link_items = Table(
    "link_items",
    metadata,
    Column("item_id", String(100), primary_key=True),
    Column("kind", String(1), nullable=False),  # "a" attribution | "m" name mention
    Column("block", Text, index=True),
    Column("text_id", String(20), index=True),
)

# Distinct quoted words; ``node`` is 1 once they are related to some other quote (or to
# themselves said by two speakers), which makes them a node of the link groups.
link_texts = Table(
    "link_texts",
    metadata,
    Column("text_id", String(20), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("words", Text, nullable=False),
    Column("node", Integer, nullable=False),
)

link_keys = Table(
    "link_keys",
    metadata,
    Column("key", BigInteger, nullable=False),
    Column("text_id", String(20), nullable=False),
    PrimaryKeyConstraint("key", "text_id", name="pk_link_keys"),
)

# Union-find over blocks ("b:p:miller") and related texts ("t:<text id>"): every node
# of a group carries the group's smallest node as ``grp``. A group is linked as a whole.
link_nodes = Table(
    "link_nodes",
    metadata,
    Column("node", Text, primary_key=True),
    Column("grp", Text, nullable=False, index=True),
)

# The blocks each people correction concerns, found when it was made.
link_correction_blocks = Table(
    "link_correction_blocks",
    metadata,
    Column("correction_pk", Integer, nullable=False),
    Column("block", Text, nullable=False, index=True),
    PrimaryKeyConstraint("correction_pk", "block", name="pk_link_correction_blocks"),
)

# Near-duplicate detection (``onrecord.store.dedupstore``): the exact content hash and
# the MinHash LSH bands of each canonical article body, and its signature to verify.
dedup_signatures = Table(
    "dedup_signatures",
    metadata,
    Column("article_id", String(80), primary_key=True),
    Column("seen", Integer, nullable=False),  # order first seen, for ties
    Column("signature", LargeBinary, nullable=False),
)

dedup_bands = Table(
    "dedup_bands",
    metadata,
    Column("band", BigInteger, nullable=False),
    Column("article_id", String(80), nullable=False),
    PrimaryKeyConstraint("band", "article_id", name="pk_dedup_bands"),
)

# Tables whose content the linker owns and rewrites.
DERIVED_TABLES = (people, organisations, aliases, person_roles, statements, statement_reports)
