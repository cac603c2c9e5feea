#!/usr/bin/env bash
# Fails when a UI string has no Swedish translation.
#
# Regenerates the Swedish catalog (as `manage.py makemessages -l sv` would) from the current code into a
# temporary copy of locale/, so the real locale/ folder is never touched, and then lists every entry that is
# untranslated or fuzzy. It also runs `msgfmt --check`, which catches a translation whose placeholders
# (%(name)s, %d ...) do not match the English msgid.
#
# Usage: scripts/check-translations.sh      (from any directory; PYTHON=... picks another interpreter)
# To fix a failure:
#   .venv/bin/python manage.py makemessages -l sv -l en --ignore=.venv --ignore=staticfiles --ignore=var --ignore=test-artifacts
#   translate the listed entries in locale/sv/LC_MESSAGES/django.po (and remove their "fuzzy" flag),
#   .venv/bin/python manage.py compilemessages --ignore=.venv
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"
python="${PYTHON:-$root/.venv/bin/python}"

for program in msgattrib msgfmt xgettext msgmerge msguniq; do
  command -v "$program" > /dev/null || { echo "check-translations: $program is missing (install GNU gettext)" >&2; exit 2; }
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-translations.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cp -R "$root/locale" "$tmp/locale"

# makemessages writes next to the files it scans (the project's locale/); point every file at the copy instead.
CHECK_LOCALE_DIR="$tmp/locale" DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}" \
  "$python" - <<'PY'
import os

import django

django.setup()

from django.core.management import call_command
from django.core.management.commands.makemessages import Command as MakeMessages

target = os.environ["CHECK_LOCALE_DIR"]


class MakeMessagesIntoCopy(MakeMessages):
    def find_files(self, root):
        files = super().find_files(root)
        self.locale_paths = [target]
        self.default_locale_path = target
        for translatable in files:
            translatable.locale_dir = target
        return files


call_command(
    MakeMessagesIntoCopy(),
    locale=["sv"],
    ignore_patterns=[".venv", "staticfiles", "var", "test-artifacts"],
    verbosity=0,
)
PY

po="$tmp/locale/sv/LC_MESSAGES/django.po"
failed=0

list() {
  # Header block dropped; each entry shown as its "#:" locations and msgid lines.
  awk 'BEGIN { RS = ""; ORS = "\n\n" } NR > 1 {
         out = ""; n = split($0, line, "\n"); keep = 1
         for (i = 1; i <= n; i++) {
           if (line[i] ~ /^msgstr/) keep = 0
           else if (line[i] ~ /^(msgid|msgctxt|#:)/) keep = 1
           else if (line[i] ~ /^#/) continue
           if (keep) out = out line[i] "\n"
         }
         printf "%s\n", out
       }'
}

untranslated="$(msgattrib --untranslated --no-obsolete "$po" | list)"
fuzzy="$(msgattrib --only-fuzzy --no-obsolete "$po" | list)"

if [ -n "$untranslated" ]; then
  failed=1
  echo "Untranslated Swedish entries (translate them in locale/sv/LC_MESSAGES/django.po):"
  echo
  echo "$untranslated"
  echo
fi
if [ -n "$fuzzy" ]; then
  failed=1
  echo "Fuzzy Swedish entries (check the translation, then remove the \"fuzzy\" flag):"
  echo
  echo "$fuzzy"
  echo
fi
if awk 'BEGIN { RS = "" } NR == 1 { print; exit }' "$po" | grep -q '^#, fuzzy'; then
  failed=1
  echo "The header of locale/sv/LC_MESSAGES/django.po is marked fuzzy: remove the flag (else Plural-Forms is ignored)."
fi
if ! grep -q '^"Language: sv\\n"' "$po"; then
  failed=1
  echo "The header of locale/sv/LC_MESSAGES/django.po lacks \"Language: sv\"."
fi
if ! errors="$(msgfmt --check --output-file=/dev/null "$po" 2>&1)"; then
  failed=1
  echo "msgfmt --check found errors (usually a placeholder that differs from the msgid; line numbers are those of"
  echo "the catalog regenerated from the current code):"
  echo "${errors//$tmp\//}"
fi

if [ "$failed" -ne 0 ]; then
  echo "check-translations: FAILED. Run makemessages (see the top of scripts/check-translations.sh), translate, compilemessages."
  exit 1
fi
count=$(($(msgattrib --translated --no-obsolete "$po" | grep -c '^msgid ') - 1))
echo "check-translations: all $count Swedish entries are translated."
