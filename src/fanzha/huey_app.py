"""The Huey instance, configured from settings.HUEY by huey.contrib.djhuey.

Tasks import `huey` from here (or use djhuey's decorators) so that the storage — SQLite by default,
Redis with REDIS_URL — is chosen in one place.
"""

from huey.contrib.djhuey import HUEY as huey

__all__ = ["huey"]
