"""The disclosure log's chain keys, and on PostgreSQL a chain head that only moves forward and a TRUNCATE that only
the test runner's flush gets through.

- ``key_id``: the chain key whose HMAC seals a row (authz.chain); rows written before carry none (empty) and keep
  their unkeyed SHA-256, which the verification still accepts at the start of the chain.
- ``authz_advance_chain_head(position, hash, written)``: the one way the runtime database role moves the head
  (SECURITY DEFINER, owned by the role that migrates; manage.py create_database_roles grants EXECUTE): only forward,
  by the number of rows just written, onto the last of them.
- A trigger on the head rejects moving it back, deleting it and TRUNCATE, whoever asks.
- TRUNCATE of the log and of the head passes only in a database the test runner created (named test_...) and only
  while the transaction sets ``portal.test_flush`` to on, which the suite's flush does (tests/conftest.py); before,
  any session in a test_... database could empty the log.
"""

from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION authz_disclosure_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_database() LIKE 'test\\_%'
       AND current_setting('portal.test_flush', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the disclosure log is append-only: % rejected', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

HEAD_FORWARD_ONLY = """
CREATE OR REPLACE FUNCTION authz_chainhead_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id
       AND (NEW.position > OLD.position OR (NEW.position = OLD.position AND NEW.hash = OLD.hash)) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'TRUNCATE' AND current_database() LIKE 'test\\_%'
       AND current_setting('portal.test_flush', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the chain head only moves forward: % rejected', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER authz_chainhead_forward_only
    BEFORE UPDATE OR DELETE ON authz_chainhead
    FOR EACH ROW EXECUTE FUNCTION authz_chainhead_forward_only();

CREATE TRIGGER authz_chainhead_no_truncate
    BEFORE TRUNCATE ON authz_chainhead
    FOR EACH STATEMENT EXECUTE FUNCTION authz_chainhead_forward_only();
"""

# The schema is fixed in the function (search_path) so that a caller's own objects cannot stand in for the tables.
ADVANCE = """
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

PREVIOUS_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION authz_disclosure_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_database() LIKE 'test\\_%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the disclosure log is append-only: % rejected', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS authz_advance_chain_head(bigint, varchar, bigint);
DROP TRIGGER IF EXISTS authz_chainhead_no_truncate ON authz_chainhead;
DROP TRIGGER IF EXISTS authz_chainhead_forward_only ON authz_chainhead;
DROP FUNCTION IF EXISTS authz_chainhead_forward_only();
"""


def forward_sql(schema: str) -> str:
    """The statements for a database whose tables are in ``schema`` (quoted)."""
    return APPEND_ONLY + HEAD_FORWARD_ONLY + ADVANCE.format(schema=schema)


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
    schema_editor.execute(forward_sql(connection.ops.quote_name(schema)), params=None)
    # The head row exists from the start: the runtime role may not insert it.
    schema_editor.execute(
        "INSERT INTO authz_chainhead (id, position, hash) VALUES (1, 0, %s) ON CONFLICT (id) DO NOTHING", ["0" * 64]
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD + PREVIOUS_APPEND_ONLY, params=None)


class Migration(migrations.Migration):
    dependencies = [("authz", "0010_disclosure_drop_redundant_fk_indexes")]

    operations = [
        migrations.AddField(
            model_name="disclosure",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="chain key"),
        ),
        migrations.RunPython(forward, backward),
    ]
