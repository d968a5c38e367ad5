"""On PostgreSQL, the database itself rejects UPDATE, DELETE and TRUNCATE of the disclosure log.

TRUNCATE is let through only in databases the test runner creates (named test_...), which it empties between
tests; UPDATE and DELETE are rejected everywhere.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION authz_disclosure_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_database() LIKE 'test\\_%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the disclosure log is append-only: % rejected', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER authz_disclosure_no_update_delete
    BEFORE UPDATE OR DELETE ON authz_disclosure
    FOR EACH ROW EXECUTE FUNCTION authz_disclosure_append_only();

CREATE TRIGGER authz_disclosure_no_truncate
    BEFORE TRUNCATE ON authz_disclosure
    FOR EACH STATEMENT EXECUTE FUNCTION authz_disclosure_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS authz_disclosure_no_truncate ON authz_disclosure;
DROP TRIGGER IF EXISTS authz_disclosure_no_update_delete ON authz_disclosure;
DROP FUNCTION IF EXISTS authz_disclosure_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("authz", "0003_seed_register")]

    operations = [migrations.RunPython(forward, backward)]
