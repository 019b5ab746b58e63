import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def sms_outbox():
    from notifications.sms import MemoryBackend

    MemoryBackend.outbox.clear()
    return MemoryBackend.outbox
