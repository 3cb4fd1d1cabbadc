import fcntl
import json
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Merge a JSON file {msgid: translation} into locale/<lang>/LC_MESSAGES/django.po and recompile. "
        "Takes a lock, so several people can merge at once without losing entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("json_file")
        parser.add_argument("--language", default="id")

    def handle(self, *args, json_file, language, **options):
        translations = json.loads(Path(json_file).read_text(encoding="utf-8"))
        if not isinstance(translations, dict):
            raise CommandError("The JSON file must hold one object: {msgid: translation}.")
        po_path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
        with open(po_path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            catalogue = polib.pofile(str(po_path))
            added = updated = 0
            for msgid, msgstr in translations.items():
                entry = catalogue.find(msgid)
                if entry is None:
                    catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
                    added += 1
                elif entry.msgstr != msgstr or "fuzzy" in entry.flags:
                    entry.msgstr = msgstr
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                    updated += 1
            catalogue.save()
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}: {added} added, {updated} updated.")
