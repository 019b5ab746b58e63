"""Sending SMS through a pluggable backend, the way Django sends email.

SMS_BACKEND names the class. The file backend appends one JSON line a
message to SMS_FILE_PATH, for development and for a first look.
"""

import json
import threading
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class BaseBackend(ABC):
    @abstractmethod
    def send(self, message: SmsMessage) -> str:
        """Send one message and return the provider's id for it."""


class FileBackend(BaseBackend):
    _lock = threading.Lock()

    def send(self, message):
        path = settings.SMS_FILE_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        sent_at = timezone.now().isoformat()
        line = json.dumps({**asdict(message), "sent_at": sent_at}, ensure_ascii=False)
        with self._lock, open(path, "a", encoding="utf-8") as outbox:
            outbox.write(line + "\n")
        return f"file-{sent_at}"


class MemoryBackend(BaseBackend):
    """Keeps messages in `outbox`, for tests."""

    outbox: list[SmsMessage] = []

    def send(self, message):
        MemoryBackend.outbox.append(message)
        return f"memory-{len(MemoryBackend.outbox)}"


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(to, text):
    return get_backend().send(SmsMessage(to=str(to), text=text))
