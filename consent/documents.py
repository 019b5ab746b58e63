"""Checks on an uploaded document: its size and what its bytes say it is."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# The first bytes of each accepted kind: the extension alone proves nothing.
SIGNATURES = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}


def document_kind(upload):
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((k for sig, k in SIGNATURES.items() if head.startswith(sig)), None)


def check_document(upload):
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than 10 MB; scan it at a lower resolution."),
            code="too_large",
        )
    if document_kind(upload) is None:
        raise ValidationError(
            _("The file must be a PDF or an image (JPEG, PNG, TIFF)."),
            code="wrong_type",
        )


def sha256_of(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
