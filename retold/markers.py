"""Re-issue markers: what a wire puts before a headline it sends again.

Why here: two stages read them. Lineage (:mod:`retold.lineage.reissues`) takes a marked
page for a new version of its outlet's earlier page; stories label a story with a
headline, and "CORRECTED - REXNORD TO SELL RAILWAY UNIT" names the correction, not the
story. One pattern, so both agree on what a marker is.
"""
from __future__ import annotations

import re

# a marker at the headline's start, with the separator the wires use after it
MARKER = re.compile(
    r"^\s*(?P<m>CORRECTED|CORRECTION|CORRECTS|CLARIFICATION|RPT|REPEAT|REFILE|REFILED"
    r"|REISSUE|UPDATE\s*\d+|UPDATED)\b(?:\s*\([^)]*\))?\s*(?:[-:–—]|\s-\s)\s*", re.I)


def marker(title: str | None) -> str | None:
    """The re-issue marker a headline opens with ("CORRECTED", "RPT", "UPDATE 2"), upper
    case, or None."""
    m = MARKER.match(title or "")
    return " ".join(m.group("m").upper().split()) if m else None


def unmarked(title: str | None) -> str:
    """The headline without the re-issue markers it opens with (a repeat of a correction
    has two), otherwise as written: "RPT-CORRECTED - GM TO IDLE SIX PLANTS" -> "GM TO
    IDLE SIX PLANTS"."""
    t = title or ""
    while (m := MARKER.match(t)):
        t = t[m.end():]
    return t
