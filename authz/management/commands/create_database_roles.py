"""manage.py create_database_roles: the PostgreSQL roles that keep the disclosure log out of the runtime's reach.

Two roles: the owner, which owns the schema's objects and runs the migrations, and the runtime role that the web
processes and workers connect as. The runtime role may read and write the application's tables, but on the log only
INSERT and SELECT, on the chain head only SELECT (and lock it), moving it through authz_advance_chain_head; not
being the owner, it cannot disable the log's triggers. Run it as a database superuser (or a role with CREATEROLE
that is a member of the owner), once before the first migration and again after each one; it is idempotent.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from authz.models import ChainHead, Disclosure

ADVANCE_FUNCTION = "authz_advance_chain_head(bigint, varchar, bigint, timestamptz)"
#: Makes the log's monthly partitions ahead (migration authz/0014); the beat task runs it as the runtime role.
PARTITIONS_FUNCTION = "authz_disclosure_add_partitions(date, integer)"


class Command(BaseCommand):
    help = (
        "Create (or update) the PostgreSQL owner role that migrates and the runtime role the portal runs as, with "
        "the runtime role limited to INSERT and SELECT on the disclosure log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="portal_owner", help="Role that owns the tables and migrates.")
        parser.add_argument("--runtime", default="portal_app", help="Role the web processes and workers log in as.")
        parser.add_argument(
            "--no-login", action="store_true", help="Create the roles without LOGIN (for SET ROLE, as the tests do)."
        )

    def handle(self, *args, owner, runtime, no_login=False, **options):
        if connection.vendor != "postgresql":
            raise CommandError("create_database_roles needs PostgreSQL (DATABASE_URL=postgres://...).")
        if owner == runtime:
            raise CommandError("The owner and the runtime role must be two roles.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = cursor.fetchone()[0]
            done = []
            for role in (owner, runtime):
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE ROLE {self.q(role)} {'NOLOGIN' if no_login else 'LOGIN'}")
                    done.append(f"created role {role}")
            # Neither role may administer the other; the runtime role holds no membership of the owner.
            cursor.execute(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u "
                "ON u.oid = m.member WHERE r.rolname = %s AND u.rolname = %s",
                [owner, runtime],
            )
            if cursor.fetchone() is not None:
                raise CommandError(f"{runtime} is a member of {owner}: it would own the log; revoke that first.")
            for statement in self.statements(cursor, schema, owner, runtime):
                cursor.execute(statement)
            done.append(f"{owner} owns the objects of schema {schema}; {runtime} has the runtime grants")
        for line in done:
            self.stdout.write(line)
        self.stdout.write(
            f"Set their passwords (ALTER ROLE ... PASSWORD), migrate as {owner} and run the portal as {runtime}; "
            "run this command again after each migration."
        )

    @staticmethod
    def q(name: str) -> str:
        return connection.ops.quote_name(name)

    def statements(self, cursor, schema: str, owner: str, runtime: str) -> list[str]:
        q, s, o, r = self.q, self.q(schema), self.q(owner), self.q(runtime)
        log, head = q(Disclosure._meta.db_table), q(ChainHead._meta.db_table)
        statements = [
            f"GRANT USAGE, CREATE ON SCHEMA {s} TO {o}",
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            f"REVOKE CREATE ON SCHEMA {s} FROM {r}",
        ]
        # The tables, views and free-standing sequences the migrations created under another role pass to the owner
        # (a sequence that belongs to a column follows its table; a partition depends on its table, yet keeps an
        # owner of its own; a partitioned table's key columns depend on the table itself, which is no owner).
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> %s "
            "AND (c.relispartition OR NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.objsubid = 0 "
            "AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))",
            [schema, owner],
        )
        kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
        statements += [f"ALTER {kinds[kind]} {s}.{q(name)} OWNER TO {o}" for name, kind in cursor.fetchall()]
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
            [schema, owner],
        )
        statements += [f"ALTER FUNCTION {signature} OWNER TO {o}" for (signature,) in cursor.fetchall()]
        statements += [
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
            f"REVOKE INSERT, UPDATE, DELETE ON {s}.{q('django_migrations')} FROM {r}",
        ]
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{schema}.{Disclosure._meta.db_table}"])
        if cursor.fetchone()[0]:
            statements += [
                # The log: read and append, nothing else (no UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES).
                f"REVOKE ALL ON {s}.{log} FROM {r}",
                f"GRANT SELECT, INSERT ON {s}.{log} TO {r}",
                # The head: read, and lock FOR UPDATE (which needs UPDATE on some column: the id, which a check
                # constraint keeps at 1); the position and hash move only through the function.
                f"REVOKE ALL ON {s}.{head} FROM {r}",
                f"GRANT SELECT, UPDATE (id) ON {s}.{head} TO {r}",
                f"GRANT EXECUTE ON FUNCTION {s}.{ADVANCE_FUNCTION} TO {r}",
                f"GRANT EXECUTE ON FUNCTION {s}.{PARTITIONS_FUNCTION} TO {r}",
            ]
            # On PostgreSQL the log is partitioned by month: a statement aimed at a partition itself is checked
            # against the partition's own grants, which are the log's (the partitions made later copy them).
            cursor.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
                [f"{schema}.{Disclosure._meta.db_table}"],
            )
            for (name,) in cursor.fetchall():
                statements += [f"REVOKE ALL ON {s}.{q(name)} FROM {r}", f"GRANT SELECT, INSERT ON {s}.{q(name)} TO {r}"]
        return statements
