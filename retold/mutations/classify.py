"""Typing the differences between two paired unit lists (see the package docstring)."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from retold.markers import unmarked
from retold.mutations._unit_match import UnitMatch, absorbed_quotes, read_together, split_bare
from retold.mutations.lexicon import (ALIAS_GROUP, ALIASES, CLAIM_MODALS, HEADLINE_BOOSTERS,
                                      HEADLINE_HEDGES, HEADLINE_MODALS, REPORTING_VERBS,
                                      verb_certainty)
from retold.mutations.units import Unit, channel_key, normalise, words
from retold.reuse.shingles import normalise_words
from retold.statements.introductions import content_words

Found = tuple[str, list[list[int]], list[list[int]], str]
_TOKEN = re.compile(r"[\w'’.&]+")
_NARRATIVE_HEDGES = {"alleged", "allegedly", "reportedly", "purportedly", "apparently",
                     "supposedly", "unconfirmed", "unverified", "claimed"}
_NARRATIVE_BOOSTERS = {"revealed", "confirmed", "proof", "proves", "proved", "definitely",
                       "undeniably", "clearly", "exposed"}


def type_differences(pu: list[Unit], cu: list[Unit], m: UnitMatch, ptitle: str | None,
                     ctitle: str | None, boilerplate: frozenset[str] | set[str] = frozenset()
                     ) -> list[Found]:
    out: list[Found] = []
    merged_into = _merged_quotes(pu, cu, m)
    bare = _merged_bare(pu, cu, m)
    later = {pc for group in bare for pc in group[1:]}
    split = split_bare(pu, cu, m)
    for p, c, _, _ in m.pairs:
        extra = merged_into.get(c, [])
        if extra:
            p, extra = _attribution_source(pu, cu[c], [p] + extra)
        child = read_together([cu[i] for i in sorted([c, *split[c]])]) if c in split else cu[c]
        found = _pair(pu[p], child, merged=[pu[i] for i in extra])
        if (p, c) in later:  # one claim stated as fact: its attribution was lost once
            found = [f for f in found if f[0] != "attribution_lost"]
        out.extend(found)
    for c, extra in merged_into.items():
        spans = [cu[c].span] if c is not None else []
        out.append(("quote_merged", [pu[i].span for i in extra] + _paired_parent(m, c, pu),
                    spans, f"{len(extra) + 1} quotations joined into one"))
    for group in bare:
        out.append(("quote_merged", [pu[p].span for p, _ in group],
                    [cu[c].span for _, c in group],
                    f"{len(group)} quotations of {pu[group[0][0]].speaker} joined into one "
                    "paragraph and stated as fact"))
    gone = {i for extra in merged_into.values() for i in extra}
    out.extend(_caveats(pu, cu, m))
    carried = {x for xs in split.values() for x in xs}
    out.extend(_content(pu, cu, m, gone, carried, boilerplate))
    h = headline_change(ptitle, ctitle)
    if h:
        out.append(h)
    return out


# ----------------------------------------------------------------- quotations


def _tokens(text: str, u: Unit) -> list[tuple[str, str, int, int]]:
    """(original, folded, start, end) for the quoted words of ``u`` (absolute offsets)."""
    toks = []
    for a, b in u.quoted:
        for mt in _TOKEN.finditer(text, a, b):
            w = mt.group(0).strip(".'’-")
            if w:
                toks.append((w, normalise(w).replace("’", "'"), mt.start(), mt.end()))
    return toks


def _quote_tokens(u: Unit) -> list[tuple[str, str, int, int]]:
    # Unit.text starts at u.start: shift so offsets stay absolute.
    shifted = Unit(u.start, u.end, u.text, u.norm, quoted=[(a - u.start, b - u.start)
                                                           for a, b in u.quoted])
    return [(w, f, s + u.start, e + u.start) for w, f, s, e in _tokens(u.text, shifted)]


# Acronyms ("IS", "US", "EC") only match in capitals: "Is" opening a sentence and the
# pronoun "us" are not names.
_ACRONYMS = {n.replace(".", "") for group in ALIASES for n in group
             if n.replace(".", "").isupper()}
_ALIAS_KEYS = {k.replace(".", ""): v for k, v in ALIAS_GROUP.items()}


def _alias(words: list[str]) -> int | None:
    raw = re.sub(r"['’]s$", "", re.sub(r"^the ", "", " ".join(words).replace(".", ""),
                                       flags=re.I))
    if raw.upper() in _ACRONYMS and raw not in _ACRONYMS:
        return None
    phrase = raw.casefold()
    return _ALIAS_KEYS.get(phrase, _ALIAS_KEYS.get("the " + phrase))


def _alias_in_context(pt: list, ct: list, i1: int, i2: int, j1: int, j2: int
                      ) -> tuple[int, int, int, int] | None:
    """A name lengthened or shortened into an alias ("Treasury" -> "Treasury Department",
    "the Islamic State" -> "Islamic State"): the edit plus up to two unchanged words on
    either side names the same entity on both sides. Returns the widened spans."""
    for left in range(3):
        for right in range(3):
            a1, a2, b1, b2 = i1 - left, i2 + right, j1 - left, j2 + right
            if a1 < 0 or b1 < 0 or a2 > len(pt) or b2 > len(ct) or a2 <= a1 or b2 <= b1:
                continue
            pw, cw = [t[0] for t in pt[a1:a2]], [t[0] for t in ct[b1:b2]]
            a = _alias(pw)
            if a is not None and a == _alias(cw) and pw != cw:
                return a1, a2, b1, b2
    return None


def _is_name(words: list[str]) -> bool:
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words
                               if w.lower() not in ("of", "the", "and", "for", "de"))


def _quote_diff(pu: Unit, cu: Unit, merged: list[Unit]) -> list[Found]:
    pt: list[tuple[str, str, int, int]] = []
    # compare with the parent quotations the child joined, in the parent's order (a join
    # keeps the text order whichever quotation the pairing matched first)
    for q in sorted([pu] + list(merged), key=lambda x: x.start):
        pt = pt + _quote_tokens(q)
    ct = _quote_tokens(cu)
    if not pt or not ct:
        return []
    sm = SequenceMatcher(None, [t[1] for t in pt], [t[1] for t in ct], autojunk=False)
    swapped, reworded, trimmed = [], [], []
    ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
    for tag, i1, i2, j1, j2 in ops:
        pw, cw = [t[0] for t in pt[i1:i2]], [t[0] for t in ct[j1:j2]]
        pspan = [[pt[i1][2], pt[i2 - 1][3]]] if i2 > i1 else []
        cspan = [[ct[j1][2], ct[j2 - 1][3]]] if j2 > j1 else []
        widened = _alias_in_context(pt, ct, i1, i2, j1, j2) if tag != "replace" or (
            len(pw) != len(cw)) else None
        if widened:
            a1, a2, b1, b2 = widened
            swapped.append(([[pt[a1][2], pt[a2 - 1][3]]], [[ct[b1][2], ct[b2 - 1][3]]],
                            f"{' '.join(t[0] for t in pt[a1:a2])} -> "
                            f"{' '.join(t[0] for t in ct[b1:b2])}"))
            continue
        if tag == "delete":
            trimmed.append((pspan, pw))
            continue
        if tag == "replace" and len(pw) == len(cw) > 1:  # "USSR is" -> "Moscow was"
            rest_p, rest_c = [], []
            for k in range(len(pw)):
                if pw[k] != cw[k] and _alias([pw[k]]) is not None and \
                        _alias([pw[k]]) == _alias([cw[k]]):
                    swapped.append(([[pt[i1 + k][2], pt[i1 + k][3]]],
                                    [[ct[j1 + k][2], ct[j1 + k][3]]], f"{pw[k]} -> {cw[k]}"))
                elif pw[k].casefold() != cw[k].casefold():
                    rest_p.append(pw[k])
                    rest_c.append(cw[k])
            if len(rest_p) < len(pw):
                if rest_p:
                    reworded.append((pspan, cspan, f"{' '.join(rest_p)} -> {' '.join(rest_c)}"))
                continue
        if tag == "replace":
            a, b = _alias(pw), _alias(cw)
            if (a is not None and a == b) or (
                    _is_name(pw) and _is_name(cw) and len(pw) <= 5 and len(cw) <= 5
                    and (a is not None or b is not None or (len(pw) == 1 and len(cw) == 1
                                                           and pw[0].isupper()))):
                swapped.append((pspan, cspan, f"{' '.join(pw)} -> {' '.join(cw)}"))
                continue
        at_edge = i1 == 0 or i2 == len(pt)
        if tag == "replace" and at_edge and len(pw) >= len(cw) + 2:
            trimmed.append((pspan, pw[: len(pw) - len(cw)]))  # cut, and the seam reworded
        if tag == "insert":
            reworded.append(_anchored_insert(pt, ct, i1, j1, j2))
        elif cw:
            reworded.append((pspan, cspan, f"{' '.join(pw)} -> {' '.join(cw)}"))
        else:
            trimmed.append((pspan, pw))
    out: list[Found] = []
    cut = sum(len(w) for _, w in trimmed)
    net_cut = sum(i2 - i1 - (j2 - j1) for tag, i1, i2, j1, j2 in ops)
    net_cut -= sum(len(d.split(" -> ")[0].split()) - len(d.split(" -> ")[1].split())
                   for _, _, d in swapped)
    if not trimmed and net_cut >= 3:
        trimmed.append(([pu.span], ["?"] * net_cut))
        cut = net_cut
    if trimmed and cut >= 2 and net_cut > 0:  # words moved, none fewer: a rewording
        out.append(("quote_trimmed", [s for sp, _ in trimmed for s in sp], [cu.span],
                    f"quotation cut by {cut} of {len(pt)} words"))
    elif trimmed:
        reworded.extend((sp, [], f"{' '.join(w)} -> ∅") for sp, w in trimmed)
    for pspan, cspan, detail in swapped:
        out.append(("quote_entity_swapped", pspan, cspan, detail))
    if reworded:  # in reading order: a cut the pass above made a rewording came last
        reworded.sort(key=lambda r: min((a for a, _ in r[0]), default=pu.start))
        out.append(("quote_reworded", [s for r in reworded for s in r[0]] or [pu.span],
                    [s for r in reworded for s in r[1]] or [cu.span],
                    "; ".join(r[2] for r in reworded[:4])))
    return out


def _anchored_insert(pt: list, ct: list, i1: int, j1: int, j2: int
                     ) -> tuple[list[list[int]], list[list[int]], str]:
    """Words inserted into a quotation, shown and located with the unchanged word beside
    them ("BHP -> BHP Group", "the parent word before, the inserted words after"). Why:
    "∅ -> Group" told the reader neither where nor what it lengthened, and the parent
    side pointed at the whole quotation."""
    added = [t[0] for t in ct[j1:j2]]
    if i1 > 0:  # the word before, unchanged on both sides
        a, b = pt[i1 - 1], ct[j1 - 1]
        return ([[a[2], a[3]]], [[b[2], ct[j2 - 1][3]]], f"{a[0]} -> {' '.join([b[0], *added])}")
    if j2 < len(ct):  # inserted at the opening: the word after
        a, b = pt[i1], ct[j2]
        return ([[a[2], a[3]]], [[ct[j1][2], b[3]]], f"{a[0]} -> {' '.join([*added, b[0]])}")
    return [], [[ct[j1][2], ct[j2 - 1][3]]], f"∅ -> {' '.join(added)}"


def _merged_quotes(pu: list[Unit], cu: list[Unit], m: UnitMatch) -> dict[int, list[int]]:
    """child unit -> extra parent quotation units whose words it now also carries."""
    out = absorbed_quotes(pu, cu, m)
    paired_c = {c: p for p, c, _, _ in m.pairs}
    # merged, then trimmed: the child's quotation ends with the opening words of the
    # parent's next quotation ("… cold weather. Output," from "… cold weather." + "Output of
    # gas …"), which is no longer anywhere else
    gone = {i for extra in out.values() for i in extra}
    free = set(m.parent_only) - gone
    for pp, c in ((pp, c) for c, pp in paired_c.items() if c not in out):
        if not cu[c].is_quote or not pu[pp].is_quote:
            continue
        # the next quotation first; another one (paragraphs reordered) on 3+ words only
        for nxt in sorted(free, key=lambda i: (i != pp + 1, abs(i - pp))):
            q = pu[nxt]
            if not q.is_quote:
                continue
            least = 1 if nxt == pp + 1 else 3
            cw, pw, qw = (words(x.content) for x in (cu[c], pu[pp], q))
            k = next((k for k in range(min(len(qw), len(cw) - 1), least - 1, -1)
                      if cw[-k:] == qw[:k] and pw[-k:] != cw[-k:]
                      and (k >= 2 or len(qw[0]) >= 4)), 0)
            if k:
                out.setdefault(c, []).append(nxt)
                free.discard(nxt)
                break
    return out


def _merged_bare(pu: list[Unit], cu: list[Unit], m: UnitMatch) -> list[list[tuple[int, int]]]:
    """Groups of ``(parent, child)`` pairs: quotations of one speaker, in separate
    paragraphs of the parent, that the child prints bare, one after another in one
    paragraph. Joined into one quotation and then stripped of its attribution, a merge
    leaves no quotation marks to compare, only sentences that stood apart under one
    name now standing together under none ("… 4.2 pct," Robert Weber … told Evening
    Post. / "Lower interest rates …," Weber added. -> "Current profits … 4.2 pct. Lower
    interest rates …")."""
    by_child = {c: p for p, c, _, _ in m.pairs if _stated_as_fact(pu[p], cu[c])}
    groups: list[list[tuple[int, int]]] = []
    for c in sorted(by_child):
        p = by_child[c]
        last = groups[-1][-1] if groups else None
        if (last is not None and last[1] == c - 1 and cu[c].para == cu[c - 1].para
                and pu[p].para != pu[last[0]].para
                and _surname(pu[p].speaker) is not None
                and _surname(pu[p].speaker) == _surname(pu[last[0]].speaker)):
            groups[-1].append((p, c))
        else:
            groups.append([(p, c)])
    return [g for g in groups if len(g) > 1]


def _surname(speaker: str | None) -> str | None:
    w = words(speaker or "")
    return w[-1] if w else None


def _attribution_source(pu: list[Unit], merged: Unit, group: list[int]
                        ) -> tuple[int, list[int]]:
    """Of the parent quotations joined into ``merged``, the one whose attribution it kept
    ("…," James Hughes, a spokesman, said) and the others. Why: pairing matches the
    joined quotation to whichever part is longest, but its speaker, description, verb
    and channel come from one part (usually the first); comparing them with another
    part's attribution ("Hughes added") would report edits nobody made."""
    best = max(group, key=lambda i: (fuzz.ratio(normalise(pu[i].outside),
                                                normalise(merged.outside)), -pu[i].start))
    return best, [i for i in group if i != best]


def _paired_parent(m: UnitMatch, c: int, pu: list[Unit]) -> list[list[int]]:
    return [pu[p].span for p, cc, _, _ in m.pairs if cc == c]


# ----------------------------------------------------------------- attribution


def _pair(p: Unit, c: Unit, merged: list[Unit]) -> list[Found]:
    out: list[Found] = []
    if p.is_quote and c.is_quote:
        if normalise(p.content) != normalise(c.content) or merged:
            out.extend(_quote_diff(p, c, merged))
        out.extend(_speaker(p, c))
    elif _stated_as_fact(p, c):
        out.append(("attribution_lost", [p.span], [c.span],
                    f"quotation of {p.speaker or 'its speaker'} now stated as fact"))
        as_quote = Unit(c.start, c.end, c.text, c.norm, quoted=[(c.start, c.end)])
        out.extend(_quote_diff(p, as_quote, merged))
        return out
    out.extend(_channel(p, c))
    out.extend(_hedge(p, c))
    return out


def _stated_as_fact(p: Unit, c: Unit) -> bool:
    """Is ``c`` the parent's attributed quotation ``p`` printed as the outlet's own claim?"""
    return bool(p.is_quote and not c.quoted and p.verb and not (
        p.speaker and c.verb and _names_speaker(c, p)))


def _names_speaker(c: Unit, p: Unit) -> bool:
    """Does the bare unit ``c`` still name the speaker of ``p``'s quotation (reported
    speech: "Crazy Eddie said the rights ...")? Only a mention beyond those the quoted
    words themselves carry counts: a quotation about Crazy Eddie, told by Crazy Eddie
    and printed bare, names the company as often as its words do, and no more."""
    sp = normalise(p.speaker)
    return c.norm.count(sp) > normalise(p.content).count(sp)


def _speaker(p: Unit, c: Unit) -> list[Found]:
    if not p.speaker:
        return []
    if (_specific(p.speaker) and not _specific(c.speaker)) or (
            _anonymous(c.speaker) and not _anonymous(p.speaker) and not _specific(c.speaker)):
        return [("speaker_dropped", [p.span], [c.span],
                 f"{p.speaker!r} -> {c.speaker or 'no speaker'!r}")]
    same_name = c.speaker and (normalise(c.speaker) == normalise(p.speaker) or (
        p.named_speaker and normalise(c.speaker).split()[-1:] == normalise(p.speaker).split()[-1:]))
    if c.speaker and not same_name and not p.named_speaker:
        return [("speaker_description_changed", [p.span], [c.span],
                 f"{p.speaker!r} -> {c.speaker!r}")]
    if same_name and normalise(p.desc or "") != normalise(c.desc or ""):
        return [("speaker_description_changed", [p.span], [c.span],
                 f"{p.speaker}: {p.desc or '(none)'!r} -> {c.desc or '(none)'!r}")]
    return []


_ANONYMOUS_HEADS = {"source", "sources", "insider", "insiders", "person", "people",
                    "someone", "official", "officials"}


def _anonymous(speaker: str | None) -> bool:
    """'a source', 'one official', 'a person familiar with the matter': a speaker who
    names no one. Replacing 'some dealers' or 'the report' with one drops the speaker
    (what the reader could check is gone); it is not a new description."""
    if not speaker:
        return True
    head = re.split(r"\b(?:familiar|close|with|who|at|in|of)\b", speaker.lower())[0].split()
    return bool(head) and head[-1] in _ANONYMOUS_HEADS


def _specific(speaker: str | None) -> bool:
    """'Sherko Omer', 'a Centromin spokesman', 'a former member of IS' name someone;
    'a source', 'one official', 'officials' do not."""
    if not speaker:
        return False
    toks = speaker.split()
    if not toks:
        return False
    return any(t[:1].isupper() for t in toks[1:]) or (
        toks[0][:1].isupper() and toks[0].lower() not in ("a", "an", "the", "one", "some"))


def _channel(p: Unit, c: Unit) -> list[Found]:
    a, b = channel_key(p.channel), channel_key(c.channel)
    if a == b:
        return []
    ps = [list(p.channel_span)] if p.channel_span else [p.span]
    cs = [list(c.channel_span)] if c.channel_span else [c.span]
    if a and not b:
        return [("channel_dropped", ps, [c.span], f"{p.channel!r} no longer named")]
    if b and not a:
        return [("channel_added", [p.span], cs, f"now credited to {c.channel!r}")]
    return [("channel_changed", ps, cs, f"{p.channel!r} -> {c.channel!r}")]


def _hedge(p: Unit, c: Unit) -> list[Found]:
    if p.is_quote and c.is_quote and p.verb and c.verb:
        d = verb_certainty(c.verb) - verb_certainty(p.verb)
        if d:
            t = "hedge_weakened" if d > 0 else "hedge_strengthened"
            return [(t, [p.span], [c.span], f"{p.verb!r} -> {c.verb!r}")]
        return []
    pw, cw = set(p.norm.split()), set(c.norm.split())
    lost_h, new_h = (_NARRATIVE_HEDGES & pw) - cw, (_NARRATIVE_HEDGES & cw) - pw
    lost_b, new_b = (_NARRATIVE_BOOSTERS & pw) - cw, (_NARRATIVE_BOOSTERS & cw) - pw
    lost_m = _lost_modals(p, c)
    if lost_h or new_b or lost_m:
        return [("hedge_weakened", [p.span], [c.span],
                 ", ".join([f"{w!r} removed" for w in sorted(lost_h) + lost_m]
                           + [f"{w!r} added" for w in sorted(new_b)]))]
    if new_h or lost_b:
        return [("hedge_strengthened", [p.span], [c.span],
                 ", ".join([f"{w!r} added" for w in sorted(new_h)]
                           + [f"{w!r} removed" for w in sorted(lost_b)]))]
    return []


def _lost_modals(p: Unit, c: Unit) -> list[str]:
    """Modal hedges on a narrative claim (``CLAIM_MODALS``: "may have been", "probably")
    the parent sentence has and the child's lacks, as the parent words them. Why: "The
    blast may have been caused by a gas leak, police said" -> "The blast was caused by a
    gas leak" is the hardening a fact-checker looks for, and no type said so. Sentences
    only: inside a quotation the same edit is a ``quote_reworded``."""
    if p.quoted or c.quoted:
        return []
    had = [m.group(0) for m in CLAIM_MODALS.finditer(p.text)]
    kept = [normalise(m.group(0)) for m in CLAIM_MODALS.finditer(c.text)]
    if len(kept) >= len(had):  # none lost ("may be" -> "might be" is one for another)
        return []
    gone = list(had)
    for k in kept:
        gone = next(([*gone[:i], *gone[i + 1:]] for i, h in enumerate(gone)
                     if normalise(h) == k), gone[1:])
    return gone


# ----------------------------------------------------------------- article level


def _caveats(pu: list[Unit], cu: list[Unit], m: UnitMatch) -> list[Found]:
    """A caveat unit with no caveat counterpart is dropped (parent) or added (child): a
    caveat replaced by a different one counts as both, since the original wording is gone."""
    kept = [(p, c) for p, c, s, _ in m.pairs if pu[p].caveat and cu[c].caveat and s >= 0.9]
    kept_p, kept_c = {p for p, _ in kept}, {c for _, c in kept}
    pc = [u for i, u in enumerate(pu) if u.caveat and i not in kept_p]
    cc = [u for i, u in enumerate(cu) if u.caveat and i not in kept_c]
    out: list[Found] = []
    # a reader told only "caveat gone" would think the copy carries none: say what
    # replaced it (the type stays: the original wording, and often who tried to
    # verify, is gone)
    if pc:
        out.append(("caveat_dropped", [u.span for u in pc], [],
                    "verification caveat gone: " + pc[0].text[:80]
                    + (f" (now: {cc[0].text[:80]})" if cc else "")))
    if cc:
        out.append(("caveat_added", [], [u.span for u in cc],
                    ("verification caveat in its place: " if pc else
                     "verification caveat added: ") + cc[0].text[:80]))
    return out


def _runs(idx: list[int], units: list[Unit]) -> list[list[int]]:
    """Consecutive unit indices as runs of spans (one mutation per run)."""
    runs: list[list[int]] = []
    for i in sorted(idx):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _content(pu: list[Unit], cu: list[Unit], m: UnitMatch, gone: set[int], carried: set[int],
             boilerplate: frozenset[str] | set[str]) -> list[Found]:
    """Passages cut and written: parent units left unpaired but those joined into another
    quotation (``gone``), child units left unpaired but those that carry a quotation
    printed bare (``carried``)."""
    out: list[Found] = []
    added = [c for c in m.child_only if c not in carried and not cu[c].caveat
             and cu[c].norm not in boilerplate]
    for run in _runs(added, cu):
        n = sum(len(cu[i].text.split()) for i in run)
        out.append(("content_added", [], [cu[i].span for i in run],
                    f"{n} new words: {cu[run[0]].text[:60]}"))
    removed = [p for p in m.parent_only if p not in gone and not pu[p].caveat
               and pu[p].norm not in boilerplate]
    for run in _runs(removed, pu):
        n = sum(len(pu[i].text.split()) for i in run)
        out.append(("content_removed", [pu[i].span for i in run], [],
                    f"{n} words cut: {pu[run[0]].text[:60]}"))
    return out


def norm_title(t: str | None) -> str:
    """A headline as comparisons see it: casefolded, whitespace collapsed."""
    return re.sub(r"\s+", " ", t or "").strip().casefold()


def headline_change(pt: str | None, ct: str | None) -> Found | None:
    """``headline_hardened`` or ``headline_changed`` from ``pt`` to ``ct``; None if equal."""
    if not pt or not ct or norm_title(pt) == norm_title(ct):
        return None
    if norm_title(unmarked(pt)) == norm_title(unmarked(ct)):  # "CORRECTED - X" from "X"
        return ("headline_changed", [], [], f"re-issue marker only: {pt!r} -> {ct!r}")
    if not _same_subject(pt, ct):  # a new headline on another subject asserts nothing of the old
        return ("headline_changed", [], [], f"{pt!r} -> {ct!r}")
    boost = len(HEADLINE_BOOSTERS.findall(ct)) - len(HEADLINE_BOOSTERS.findall(pt))
    hedge = len(HEADLINE_HEDGES.findall(pt)) - len(HEADLINE_HEDGES.findall(ct))
    modal = _hedged_claims_kept(pt, ct) - len(HEADLINE_MODALS.findall(ct))
    if boost > 0 or (boost >= 0 and not _cut_short(pt, ct) and (
            modal > 0 or (hedge > 0 and not _still_attributed(ct)))):
        return ("headline_hardened", [], [], f"{pt!r} -> {ct!r}")
    return ("headline_changed", [], [], f"{pt!r} -> {ct!r}")


_CLAUSES = re.compile(r"\s[-–|]\s|[,;:]\s")


def _hedged_claims_kept(pt: str, ct: str) -> int:
    """The modal hedges of ``pt`` (``HEADLINE_MODALS``) on a claim the new headline still
    makes: at least half the content words of the hedge's clause are in ``ct``. Why: a
    hedge lost with its claim hardens nothing ("Blast injures seven, gas leak suspected"
    -> "Seven hurt in bakery explosion" drops the suspicion, it does not assert it)."""
    keep = set(normalise_words(" ".join(content_words(ct))))
    n = 0
    for clause in _CLAUSES.split(pt):
        found = len(HEADLINE_MODALS.findall(clause))
        if not found:
            continue
        claim = set(normalise_words(" ".join(content_words(HEADLINE_MODALS.sub(" ", clause)))))
        claim -= REPORTING_VERBS
        if len(claim & keep) * 2 >= len(claim):
            n += found
    return n


def _same_subject(pt: str, ct: str) -> bool:
    """Do two headlines share a word that carries meaning (names unified: "IS" is
    "Islamic State")? A hardening rewrites a claim ("Ex-IS member says group sees Turkey
    as ally" -> "Turkey supporting Islamic State"); a headline that shares nothing with
    the old one but lost its "says" (a page's headline replaced by another story's, or
    by "copy") hardens nothing."""
    def meaning(t: str) -> set[str]:
        return {w for w in normalise_words(" ".join(content_words(t)))
                if w not in REPORTING_VERBS}
    return bool(meaning(pt) & meaning(ct))


def _still_attributed(ct: str) -> bool:
    """Does the new headline still say who claims it (a reporting verb: "X describes
    ...")? Then a lost "says" or "claims" is a rewording, not a hardening; a lost modal
    ("may", "expected to") hardens the claim all the same."""
    return any(w.strip(",.:;'\"") in REPORTING_VERBS for w in norm_title(ct).split())


def _cut_short(pt: str, ct: str) -> bool:
    """Is the new headline the old one cut short? A truncation drops words; it asserts
    nothing."""
    return norm_title(pt).startswith(norm_title(ct).rstrip(" ,;:-"))
