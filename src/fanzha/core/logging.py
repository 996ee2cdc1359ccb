"""A logging filter that blanks phone and ID numbers, in case one slips into a message."""

from __future__ import annotations

import logging
import re

_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")


def redact(text: str) -> str:
    return _MOBILE.sub("[phone]", _ID.sub("[id]", text))


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # An exception's message can carry a number (a 500 on a resident); formatters reuse exc_text.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
