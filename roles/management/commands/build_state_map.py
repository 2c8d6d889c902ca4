"""manage.py build_state_map: rewrite roles/wages/data/us-states.json from the npm us-atlas
package (see roles/wages/svg_map.py). Run after `make node-tools` when us-atlas is upgraded."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from roles.wages.svg_map import ATLAS, PATHS_FILE, build_state_paths


class Command(BaseCommand):
    help = "Rebuild the state outlines of the pay map from node_modules/us-atlas."

    def handle(self, *args, **options) -> None:
        if not ATLAS.exists():
            raise CommandError(f"{ATLAS} is missing: run `make node-tools` first.")
        paths = build_state_paths(json.loads(ATLAS.read_text(encoding="utf-8")))
        PATHS_FILE.parent.mkdir(exist_ok=True)
        PATHS_FILE.write_text(json.dumps(paths, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(paths)} states to {PATHS_FILE}.")
