"""`fanzha <command>` is `manage.py <command>`: every Django command plus Fanzha's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fanzha", *sys.argv[1:]])


if __name__ == "__main__":
    main()
