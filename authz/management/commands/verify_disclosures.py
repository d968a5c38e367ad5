"""manage.py verify_disclosures: recompute the disclosure log's chain (streamed), compare it with every checkpoint;
with --incremental only the entries after the latest checkpoint."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from authz import checkpoints as signed_checkpoints
from authz.services import record_verification


class Command(BaseCommand):
    help = (
        "Recompute the disclosure log's chain and compare it with every signed checkpoint; exit 0 when intact (a new "
        "checkpoint is then written), 1 naming the first entry that disagrees."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-record", action="store_true", help="Only read: store no verification and write no checkpoint."
        )
        parser.add_argument(
            "--checkpoints",
            type=Path,
            metavar="DIR",
            help="Compare with the checkpoints in DIR (for example a copy kept off the host) instead of "
            "DISCLOSURE_CHECKPOINT_DIR; a new checkpoint still goes to DISCLOSURE_CHECKPOINT_DIR.",
        )

        parser.add_argument(
            "--incremental",
            action="store_true",
            help="Recompute only the entries after the latest signed checkpoint, from the hash it signed (what the "
            "scheduled verification does); without it the whole chain is recomputed.",
        )

    def handle(self, *args, no_record=False, checkpoints=None, incremental=False, **options):
        if checkpoints is not None and not checkpoints.is_dir():
            raise CommandError(f"{checkpoints} is not a directory of checkpoints.")
        since = self.started_from(checkpoints) if incremental else 0
        try:
            result = record_verification(store=not no_record, folder=checkpoints, incremental=incremental)
        except OSError as exc:
            raise CommandError(
                f"The chain is intact, but no checkpoint could be written to {settings.DISCLOSURE_CHECKPOINT_DIR}: "
                f"{exc.strerror or exc}"
            ) from exc
        if result.intact:
            if incremental:
                if not since:
                    recomputed = "all recomputed (no checkpoint yet)"
                elif since == result.count:
                    recomputed = f"none after the checkpoint at entry {since}"
                else:
                    recomputed = (
                        f"entries {since + 1} to {result.count} recomputed from the checkpoint at entry {since}"
                    )
                self.stdout.write(f"intact: {result.count} entries, {recomputed}; head {result.head_hash}")
                return
            self.stdout.write(
                f"intact: {result.count} entries, head {result.head_hash}, "
                f"agrees with {result.checkpoints} checkpoint(s)"
            )
            return
        self.stderr.write(f"BROKEN at entry {result.first_broken_position}: {result.detail}")
        raise SystemExit(1)

    @staticmethod
    def started_from(folder) -> int:
        """The position of the checkpoint an incremental verification starts from (0: none, or none trusted, which
        the verification then reports)."""
        try:
            latest = signed_checkpoints.latest(folder)
        except signed_checkpoints.CheckpointError:
            return 0
        return latest.position if latest is not None else 0
