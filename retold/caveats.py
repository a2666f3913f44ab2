"""Verification caveats: "Newsweek was not able to independently verify Omer's testimony".

Why one module: the statements stage marks such a sentence as an ``unverified`` hedge on
the statements it bears on, and the mutations stage reports a copy that loses it as
``caveat_dropped``. Each kept its own list and they disagreed: mutations took "Baker said
he did not think," a senior official confirmed for a caveat (a negation within forty
characters of "confirmed") and missed none of them in "None of the claims have been
verified"; statements missed "There was no independent confirmation". Both now read
these patterns, so the caveat a statement carries is the caveat a copy is said to drop.
"""
from __future__ import annotations

__all__ = ["VERIFICATION_CAVEATS"]

_VERIFY = r"(?:verif(?:y|ied)|confirm(?:ed)?|corroborat(?:e|ed)|substantiat(?:e|ed)|authenticat(?:e|ed))"
VERIFICATION_CAVEATS: tuple[str, ...] = (
    rf"\b(?:(?:was|were|is|are|has|have|had|could|can|did|does|do)\s*(?:not|n[o’']t)|"
    rf"couldn[’']t|cannot|can[’']t|wasn[’']t|weren[’']t|isn[’']t|hasn[’']t|"
    rf"haven[’']t|didn[’']t|unable\s+to)\s+(?:be\s+|been\s+|yet\s+)?(?:(?:able|possible)\s+to\s+)?"
    rf"(?:immediately\s+|independently\s+|yet\s+|officially\s+)*(?:be\s+)?{_VERIFY}\b",
    r"\b(?:unverified|unconfirmed|unsubstantiated|uncorroborated|"
    r"not\s+(?:been\s+)?independently\s+(?:verified|confirmed))\b",
    r"\bno\s+independent\s+(?:confirmation|verification|corroboration)\b",
    rf"\bimpossible\s+to\s+(?:independently\s+)?{_VERIFY}\b",
    rf"\bnone\s+of\s+[^.]{{0,60}}?\b(?:has|have|had)\s+been\s+(?:independently\s+)?{_VERIFY}\b",
)
"""Patterns (case-insensitive) of a verification caveat."""
