"""Scheduled work of the register: destruction after withdrawals, and the
purge of acts past their keeping term."""

import logging

from ediary.celery import retryable_task

from .destruction import (
    expired_acts_purge,
    withdrawal_data_destroy,
    withdrawals_awaiting_destruction,
)

logger = logging.getLogger(__name__)


@retryable_task
def destroy_after_withdrawals():
    """Hand each withdrawal not yet dealt with to its own task."""
    ids = list(withdrawals_awaiting_destruction().values_list("pk", flat=True))
    for withdrawal_id in ids:
        destroy_withdrawn_data.delay(withdrawal_id)
    logger.info("Destruction queued for %d withdrawals", len(ids))
    return len(ids)


@retryable_task
def destroy_withdrawn_data(withdrawal_id):
    act = withdrawal_data_destroy(withdrawal_id=withdrawal_id)
    if act is None:
        logger.info("Withdrawal %s already dealt with", withdrawal_id)
        return None
    logger.info("Act of destruction %s written", act.pk)
    return act.pk


@retryable_task
def purge_expired_acts():
    count = expired_acts_purge()
    logger.info("%d acts of destruction past their term deleted", count)
    return count
