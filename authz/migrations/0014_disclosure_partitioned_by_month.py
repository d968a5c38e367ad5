"""On PostgreSQL the disclosure log becomes a table partitioned by month (declarative range partitioning on
``occurred_at``, months in UTC); SQLite keeps a plain table. The auditor's search gets an index per filter.

What protected the log still holds on every partition:

- UPDATE and DELETE: the row trigger of migration authz/0004 sits on the partitioned table, and PostgreSQL clones it
  onto every partition, present and future, so a statement aimed at a partition itself is refused as well.
- TRUNCATE: a statement trigger does not reach the partitions, so ``authz_disclosure_add_partitions`` puts the same
  trigger (the test runner's ``portal.test_flush`` rule of migration authz/0011 included) on each partition it makes.
- Privileges: each new partition gets exactly the grants of the partitioned table (for the runtime role SELECT and
  INSERT, see manage.py create_database_roles), whatever the default privileges would have given it.
- The chain: ``authz_advance_chain_head`` now also takes the time of the last row written, so that its check that the
  row exists reads one partition only.

A unique index on a partitioned table must contain the partition key, so ``position`` is unique together with
``occurred_at`` and ``hash`` has no unique index of its own. Neither uniqueness carried the chain: the head, locked by
every writer, moves only forward onto the row just written, and the verification reports an entry that appears twice
or is missing (authz.chain). The primary key becomes (id, occurred_at); the id keeps its own sequence.

``authz_disclosure_add_partitions(first month, months)`` (SECURITY DEFINER: the runtime role may not create tables)
makes the monthly partitions that do not exist yet and the DEFAULT partition; the migration runs it from the month of
the oldest entry to the month after the current one, and the Celery beat task ``authz.add_disclosure_partitions``
keeps months ahead. Rows whose month has no partition (a clock far off, tests that travel in time) land in the
DEFAULT partition rather than being refused; a month that already has rows there gets no partition of its own.
"""

from datetime import UTC, date

from django.db import migrations, models
from django.utils import timezone

APPEND_ONLY_TRIGGERS = """
CREATE TRIGGER authz_disclosure_no_update_delete
    BEFORE UPDATE OR DELETE ON authz_disclosure
    FOR EACH ROW EXECUTE FUNCTION authz_disclosure_append_only();

CREATE TRIGGER authz_disclosure_no_truncate
    BEFORE TRUNCATE ON authz_disclosure
    FOR EACH STATEMENT EXECUTE FUNCTION authz_disclosure_append_only();
"""

PARTITION_FUNCTIONS = """
CREATE OR REPLACE FUNCTION authz_disclosure_protect_partition(part regclass) RETURNS void AS $$
DECLARE
    acl record;
BEGIN
    EXECUTE format(
        'CREATE OR REPLACE TRIGGER authz_disclosure_no_truncate BEFORE TRUNCATE ON %s '
        'FOR EACH STATEMENT EXECUTE FUNCTION authz_disclosure_append_only()', part);
    FOR acl IN
        SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
         WHERE c.oid = part AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM %s', part,
                       CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END);
    END LOOP;
    FOR acl IN
        SELECT a.grantee, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
         WHERE c.oid = 'authz_disclosure'::regclass AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('GRANT %s ON %s TO %s', acl.privilege_type, part,
                       CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END);
    END LOOP;
END;
$$ LANGUAGE plpgsql SET search_path = {schema}, pg_temp;

REVOKE ALL ON FUNCTION authz_disclosure_protect_partition(regclass) FROM PUBLIC;

CREATE OR REPLACE FUNCTION authz_disclosure_add_partitions(first_month date, months integer)
RETURNS SETOF text AS $$
DECLARE
    month_start timestamptz;
    part text;
BEGIN
    IF to_regclass('authz_disclosure_default') IS NULL THEN
        CREATE TABLE authz_disclosure_default PARTITION OF authz_disclosure DEFAULT;
        PERFORM authz_disclosure_protect_partition('authz_disclosure_default');
        RETURN NEXT 'authz_disclosure_default';
    END IF;
    FOR i IN 0 .. months - 1 LOOP
        month_start := date_trunc('month', first_month) + make_interval(months => i);
        part := 'authz_disclosure_' || to_char(month_start, '"y"YYYY"m"MM');
        CONTINUE WHEN to_regclass(part) IS NOT NULL;
        IF EXISTS (SELECT 1 FROM authz_disclosure_default
                    WHERE occurred_at >= month_start AND occurred_at < month_start + interval '1 month') THEN
            RAISE WARNING 'the disclosure log has entries of % in its default partition: that month gets no partition',
                to_char(month_start, 'YYYY-MM');
            CONTINUE;
        END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF authz_disclosure FOR VALUES FROM (%L) TO (%L)',
                       part, month_start, month_start + interval '1 month');
        PERFORM authz_disclosure_protect_partition(part::regclass);
        RETURN NEXT part;
    END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp SET timezone = 'UTC';

REVOKE ALL ON FUNCTION authz_disclosure_add_partitions(date, integer) FROM PUBLIC;
"""

DROP_PARTITION_FUNCTIONS = """
DROP FUNCTION IF EXISTS authz_disclosure_add_partitions(date, integer);
DROP FUNCTION IF EXISTS authz_disclosure_protect_partition(regclass);
"""

# As in migration authz/0011, with the time of the last row: the check that it exists prunes to its partition.
ADVANCE = """
DROP FUNCTION IF EXISTS authz_advance_chain_head(bigint, varchar, bigint);

CREATE OR REPLACE FUNCTION authz_advance_chain_head(
    new_position bigint, new_hash varchar, written bigint, new_occurred_at timestamptz
) RETURNS void AS $$
DECLARE
    moved integer;
BEGIN
    UPDATE authz_chainhead SET position = new_position, hash = new_hash
     WHERE id = 1 AND written > 0 AND position + written = new_position
       AND EXISTS (SELECT 1 FROM authz_disclosure
                    WHERE position = new_position AND occurred_at = new_occurred_at AND hash = new_hash);
    GET DIAGNOSTICS moved = ROW_COUNT;
    IF moved <> 1 THEN
        RAISE EXCEPTION 'the chain head moves only forward, onto the last entry just written'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp;

REVOKE ALL ON FUNCTION authz_advance_chain_head(bigint, varchar, bigint, timestamptz) FROM PUBLIC;
"""

# Migration authz/0011's function, for the way back.
ADVANCE_BEFORE = """
DROP FUNCTION IF EXISTS authz_advance_chain_head(bigint, varchar, bigint, timestamptz);

CREATE OR REPLACE FUNCTION authz_advance_chain_head(new_position bigint, new_hash varchar, written bigint)
RETURNS void AS $$
DECLARE
    moved integer;
BEGIN
    UPDATE authz_chainhead SET position = new_position, hash = new_hash
     WHERE id = 1 AND written > 0 AND position + written = new_position
       AND EXISTS (SELECT 1 FROM authz_disclosure WHERE position = new_position AND hash = new_hash);
    GET DIAGNOSTICS moved = ROW_COUNT;
    IF moved <> 1 THEN
        RAISE EXCEPTION 'the chain head moves only forward, onto the last entry just written'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp;

REVOKE ALL ON FUNCTION authz_advance_chain_head(bigint, varchar, bigint) FROM PUBLIC;
"""


def _rebuild(cursor, *, partitioned: bool) -> None:
    """Copy the log into a new table of the other kind (partitioned or plain) under the same name, with the same
    columns, rows, check constraints, foreign keys, plain indexes and triggers; the sequence of its id continues."""
    cursor.execute("SELECT current_schema()")
    schema = cursor.fetchone()[0]
    # The plain (non-unique) indexes and the foreign keys, to rebuild under their names; the unique ones differ
    # between the two kinds and are made below. The pattern-ops index of the hash went with its uniqueness.
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = 'authz_disclosure'::regclass "
        "AND NOT i.indisunique AND NOT i.indisprimary"
    )
    indexes = [row[0] for row in cursor.fetchall() if "(hash " not in row[0] and "(hash)" not in row[0]]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'authz_disclosure'::regclass AND contype = 'f'"
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT coalesce(max(occurred_at), now()), min(occurred_at), coalesce(max(id), 0) FROM authz_disclosure"
    )
    newest, oldest, last_id = cursor.fetchone()
    cursor.execute("ALTER TABLE authz_disclosure RENAME TO authz_disclosure_old")
    kind = " PARTITION BY RANGE (occurred_at)" if partitioned else ""
    cursor.execute(f"CREATE TABLE authz_disclosure (LIKE authz_disclosure_old INCLUDING CONSTRAINTS){kind}")
    if partitioned:
        cursor.execute(APPEND_ONLY_TRIGGERS)
        cursor.execute(PARTITION_FUNCTIONS.replace("{schema}", _quote(schema)))
        # From the month of the oldest entry (or the current one) to the month after the newest and the current.
        first = (oldest or timezone.now()).astimezone(UTC)
        last = max(newest, timezone.now()).astimezone(UTC)
        months = (last.year - first.year) * 12 + last.month - first.month + 2
        cursor.execute(
            "SELECT count(*) FROM authz_disclosure_add_partitions(%s, %s)", [date(first.year, first.month, 1), months]
        )
    cursor.execute("INSERT INTO authz_disclosure SELECT * FROM authz_disclosure_old")
    cursor.execute("DROP TABLE authz_disclosure_old")
    if partitioned:
        cursor.execute("CREATE SEQUENCE authz_disclosure_id_seq OWNED BY authz_disclosure.id")
        cursor.execute("ALTER TABLE authz_disclosure ALTER COLUMN id SET DEFAULT nextval('authz_disclosure_id_seq')")
        cursor.execute("SELECT setval('authz_disclosure_id_seq', %s, %s)", [max(last_id, 1), last_id > 0])
        cursor.execute(
            "ALTER TABLE authz_disclosure ADD CONSTRAINT authz_disclosure_pkey PRIMARY KEY (id, occurred_at)"
        )
        cursor.execute(
            "ALTER TABLE authz_disclosure ADD CONSTRAINT authz_disclosure_position_key UNIQUE (position, occurred_at)"
        )
    else:
        cursor.execute("ALTER TABLE authz_disclosure ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('authz_disclosure', 'id'), %s, %s)", [max(last_id, 1), last_id > 0]
        )
        cursor.execute("ALTER TABLE authz_disclosure ADD CONSTRAINT authz_disclosure_pkey PRIMARY KEY (id)")
        cursor.execute("ALTER TABLE authz_disclosure ADD CONSTRAINT authz_disclosure_position_key UNIQUE (position)")
        cursor.execute("ALTER TABLE authz_disclosure ADD CONSTRAINT authz_disclosure_hash_key UNIQUE (hash)")
        cursor.execute("CREATE INDEX authz_disclosure_hash_like ON authz_disclosure (hash varchar_pattern_ops)")
        cursor.execute(APPEND_ONLY_TRIGGERS)
    for definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign_keys:
        cursor.execute(f"ALTER TABLE authz_disclosure ADD CONSTRAINT {_quote(name)} {definition}")
    template = ADVANCE if partitioned else ADVANCE_BEFORE
    cursor.execute(template.replace("{schema}", _quote(schema)))
    if not partitioned:
        cursor.execute(DROP_PARTITION_FUNCTIONS)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def partition(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, partitioned=True)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("authz", "0013_merge_refusal_count")]

    operations = [
        migrations.RemoveIndex(
            model_name="disclosure",
            name="authz_discl_actor_i_f37cf9_idx",
        ),
        migrations.RemoveIndex(
            model_name="disclosure",
            name="authz_discl_activit_c57841_idx",
        ),
        migrations.AddField(
            model_name="chainverification",
            name="since_position",
            field=models.BigIntegerField(default=0, verbose_name="verified from the checkpoint at entry"),
        ),
        migrations.AlterField(
            model_name="disclosure",
            name="subject_pseudonym",
            field=models.CharField(max_length=64, verbose_name="subject (pseudonym)"),
        ),
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(fields=["subject_pseudonym", "position"], include=["occurred_at"], name="disclosure_subject_position"),
        ),
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(fields=["actor", "position"], include=["occurred_at"], name="disclosure_actor_position"),
        ),
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(fields=["activity", "position"], include=["occurred_at"], name="disclosure_activity_position"),
        ),
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(fields=["outcome", "position"], include=["occurred_at"], name="disclosure_outcome_position"),
        ),
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(
                fields=["activity", "outcome", "position"], include=["occurred_at"], name="disclosure_activity_outcome"
            ),
        ),
        migrations.RunPython(partition, unpartition),
    ]
