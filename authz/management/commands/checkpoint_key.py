"""manage.py checkpoint_key: the public key that verifies the log's checkpoints, or a new signing key."""

import base64

from django.core.management.base import BaseCommand

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from authz import checkpoints


class Command(BaseCommand):
    help = (
        "Print the id and public key of DISCLOSURE_CHECKPOINT_KEY (give them to the auditors and to the store that "
        "keeps the checkpoints off the host), or with --generate a new private key for DISCLOSURE_CHECKPOINT_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true", help="Print a new private key (base64) and its id.")

    def handle(self, *args, generate=False, **options):
        if generate:
            key = Ed25519PrivateKey.generate()
            self.stdout.write(f"DISCLOSURE_CHECKPOINT_KEY={base64.b64encode(key.private_bytes_raw()).decode()}")
        else:
            key = checkpoints.signing_key()
        public = key.public_key()
        self.stdout.write(f"key id {checkpoints.key_id(public)}, public key {checkpoints.public_key_text(public)}")
