"""Word lists the mutation typer relies on, kept in one place so they can be read and extended.

Why lists and not a model: the mutations we type (a verb that went from "said" to
"revealed", "told Newsweek" gone, "not able to independently verify" gone) are lexical by
nature, and a reader must be able to see exactly why a hop was called a hardening.
"""
from __future__ import annotations

import re

from retold.caveats import VERIFICATION_CAVEATS

# Reporting verbs by how sure they make the claim sound (certainty rank). A verb missing
# here is no verb at all to the typer: '"…," Ali Hassan stressed' then had no speaker,
# and a copy that wrote "stressed" for "said" was said to have dropped the speaker.
HEDGED_VERBS = {"claimed", "claims", "alleged", "alleges", "suggested", "suggests",
                "purported", "purports", "speculated", "speculates", "maintained",
                "maintains", "insisted", "insists", "contended", "contends", "hinted",
                "hints"}
NEUTRAL_VERBS = {"said", "says", "told", "tells", "added", "adds", "stated", "states",
                 "explained", "explains", "noted", "notes", "commented", "remarked",
                 "continued", "wrote", "writes", "argued", "argues", "warned", "warns",
                 "describes", "described", "recounts", "recounted", "details", "detailed",
                 "say", "claim", "reports", "reported", "stressed", "stresses",
                 "emphasised", "emphasized", "emphasises", "emphasizes", "declared",
                 "declares", "asserted", "asserts", "recalled", "recalls", "announced",
                 "announces", "observed", "observes", "replied", "replies", "responded",
                 "responds", "countered", "counters", "concluded", "concludes",
                 "predicted", "predicts", "cautioned", "cautions", "complained",
                 "complains", "reiterated", "reiterates", "mentioned", "mentions",
                 "testified", "testifies", "tweeted", "tweets", "asked", "asks",
                 "pointed out", "points out"}
BOOSTER_VERBS = {"revealed", "reveals", "confirmed", "confirms", "disclosed", "discloses",
                 "admitted", "admits", "proved", "proves", "showed", "shows", "exposed",
                 "acknowledged", "acknowledges", "conceded", "concedes", "affirmed",
                 "affirms"}
REPORTING_VERBS = HEDGED_VERBS | NEUTRAL_VERBS | BOOSTER_VERBS


def verb_certainty(verb: str | None) -> int:
    """-1 hedged ("claimed"), 0 neutral ("said"), +1 booster ("revealed")."""
    if not verb:
        return 0
    v = verb.lower()
    return -1 if v in HEDGED_VERBS else 1 if v in BOOSTER_VERBS else 0


# Hedge words inside narrative sentences: removing one weakens the hedge.
HEDGE_WORDS = {"alleged", "allegedly", "reportedly", "purportedly", "apparently",
               "claimed", "unconfirmed", "unverified", "possibly", "may", "might",
               "could", "suspected", "supposedly", "said to be", "believed"}
BOOSTER_WORDS = {"revealed", "confirmed", "proof", "proves", "proved", "proving",
                 "exposed", "definitely", "clearly", "undeniably", "certainly", "will",
                 "shocking", "reveals", "confirms", "exclusive"}

# Verification caveats: "Newsweek was not able to independently verify Omer's testimony",
# the statements stage's list too (its "unverified" hedge): retold/caveats.py.
CAVEAT_RE = re.compile("|".join(f"(?:{rx})" for rx in VERIFICATION_CAVEATS), re.I)

# Headline hardening: cues that make a headline sound surer, and hedges whose loss does.
HEADLINE_BOOSTERS = re.compile(
    r"\b(?:reveal(?:s|ed)?|confirm(?:s|ed)?|prove[sn]?|proof|exposed?|admits?|"
    r"evidence|fact|will|set to|definitely|truth|shows?|caught|busted)\b"
    r"|^(?:revealed|confirmed|proof|proven|exposed|shocking|truth|fact|busted|caught)\s*:",
    re.I,
)
HEADLINE_MODALS = re.compile(  # a hedge on the claim itself: losing one hardens it even
    # when the headline still says who claims it ("X may be Y, police say" -> "X was Y, ...")
    r"\b(?:may|might|could|possibly|likely|(?:expected|anticipated|forecast|predicted|"
    r"projected) to|seen|alleged(?:ly)?|reportedly|suggests?|suspected|feared|(?:believed|"
    r"thought) to)\b|\?", re.I,  # "gas leak suspected" -> "gas leak caused"
)
# A hedge on a narrative claim ("The blast may have been caused by a gas leak, police
# said" -> "The blast was caused by …"): losing one weakens the hedge, as "alleged" does.
# "could" only before "be"/"have": "could not be reached" is no hedge, and a bare "could"
# is often "can" put in the past.
CLAIM_MODALS = re.compile(
    r"\b(?:may|might|could)(?: well)? (?:have|be)\b|\b(?:possibly|probably|presumably|"
    r"suspected|believed to|thought to)\b", re.I,
)
HEADLINE_HEDGES = re.compile(
    r"\b(?:says?|said|claims?|claimed|alleged(?:ly)?|reportedly|may|might|could|possibly|sees|"
    r"expected to|seen|likely|suggests?|report|sources?|accused|accuses)\b|\?", re.I,
)

# Entity aliases: names that stand for the same organisation or country.
ALIASES = [
    ["IS", "ISIS", "ISIL", "Daesh", "Islamic State", "the Islamic State", "IS militants"],
    ["U.S.", "US", "United States", "America", "the United States", "USA", "Washington"],
    ["Soviet Union", "USSR", "Moscow", "the Soviet Union"],
    ["Russia", "Moscow", "the Kremlin", "Russian Federation"],
    ["Britain", "United Kingdom", "UK", "U.K.", "London", "Great Britain"],
    ["OPEC", "Organization of Petroleum Exporting Countries", "the oil cartel"],
    ["European Community", "EC", "Common Market", "EEC"],
    ["European Union", "EU", "Brussels"],
    ["Federal Reserve", "Fed", "the Fed"],
    ["Japan", "Tokyo"], ["West Germany", "Bonn", "Germany", "Berlin"],
    ["China", "Peking", "Beijing", "PRC"], ["France", "Paris"], ["Turkey", "Ankara", "Turkiye"],
    ["Syria", "Damascus"], ["Iran", "Tehran"], ["Iraq", "Baghdad"],
    ["International Monetary Fund", "IMF"], ["World Bank"],
    ["General Agreement on Tariffs and Trade", "GATT"], ["Treasury", "Treasury Department"],
    ["YPG", "People's Protection Units", "Kurdish militia", "Kurdish fighters"],
    ["NATO", "North Atlantic Treaty Organization", "the alliance"],
    ["United Nations", "UN", "U.N."],
]
ALIAS_GROUP: dict[str, int] = {}
for _i, _group in enumerate(ALIASES):
    for _name in _group:
        ALIAS_GROUP.setdefault(_name.casefold(), _i)

