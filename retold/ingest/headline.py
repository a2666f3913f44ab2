"""Which line of a flattened page is the headline.

A crawler's whole-page text prints the headline among menus, kickers, standfirsts,
captions, bylines, related links and, in WET records and html-text dumps, the page's
``<title>`` as the first line. :func:`find_title` picks it with evidence that holds across
sites (see its docstring and :func:`_score_title_candidates`); :func:`split_site` takes the
site name off a ``<title>``.
"""
from __future__ import annotations

import re

from retold.ingest.outlet import looks_like_domain
from retold.ingest.textlines import (_BYLINE, _CJK, _COUNTER, _SENTENCE_INSIDE, Line, _authors, _key,
                                     parse_date)

__all__ = ["find_title", "split_site", "kicker_variant", "cap_title", "MAX_TITLE_CHARS"]

MAX_TITLE_CHARS = 400  # SEO <title>s run to ~250 characters; longer is a misparse or an attack


def cap_title(title: str | None) -> str | None:
    """``title`` cut to ``MAX_TITLE_CHARS`` at a word boundary, with "…" where it was cut.

    Why: a headline is compared with every other headline of its story (lineage prices
    headline edits token by token, quadratic in their length), and a page whose
    ``<title>`` or input ``title`` holds a whole text (a misparse, or hostile HTML) would
    make that one story take minutes. No headline is that long, so what is cut is not
    headline; the article itself is kept whole."""
    if title is None or len(title) <= MAX_TITLE_CHARS:
        return title
    head = title[:MAX_TITLE_CHARS]
    cut = head.rstrip().rsplit(None, 1)[0] if " " in head.strip() else head
    return cut.rstrip(" ,;:-–—|") + "…"

_SITE_SEP = re.compile(r"\s+(\||::|–|—|-|•|·)\s+")


def split_site(title: str) -> tuple[str, str | None]:
    """"Headline | Site" -> ("Headline", "Site"); the title unchanged when no site part.

    The last separated part is a site name when it is short and name-like: after " | " or
    " :: " any short part no longer than the headline before it (so "Opinion | Republicans
    Are Following Trump to Nowhere" is a section label and a headline, not a headline and
    a site); after a dash only capitalised words, a domain or "Name, tagline", so that
    "Bed - then 'asked to meet her sister'" keeps its second half. A chain of short
    capitalised parts ("Headline | Autoracing | F1 | Indy | MotoGP") is cut back to the
    headline; the site is the last part.
    """
    head, site = _split_last(title)
    if site is None:
        return title, None
    while True:
        shorter, part = _split_last(head)
        if part is None or len(part.split()) > 3 or not _name_like(part.split()):
            return head, site
        head = shorter


def _name_like(words: list[str]) -> bool:
    return all(w[:1].isupper() or w[:1].isdigit() for w in words) or (
        words[0][:1].isupper() and words[0].endswith(","))  # "Wikipedia, la enciclopedia libre"


def _split_last(title: str) -> tuple[str, str | None]:
    """One step of :func:`split_site`: the title minus its last part when that is a site."""
    parts = _SITE_SEP.split(title)
    if len(parts) < 3:
        return title, None
    sep, site = parts[-2], parts[-1].strip()
    head = title[: len(title) - len(site)].rstrip()
    head = head[: len(head) - len(sep)].rstrip()
    words = site.split()
    if not head or not words or len(words) > 6 or len(site) > 50:
        return title, None
    name_like = _name_like(words)
    if sep not in ("|", "::") and not (looks_like_domain(site) or name_like):
        return title, None
    if sep in ("|", "::") and not name_like and len(words) > len(head.split()):
        return title, None
    return head, site


_URL = re.compile(r"^\S*(?:https?://|www\.)\S+$")


def _headline_shaped(line: Line) -> bool:
    return (
        2 <= line.words <= 30
        and not line.boilerplate
        and not line.bullet
        and not _COUNTER.match(line.text)
        and not (line.text.endswith(".") and not line.text.endswith("..."))
        and not _BYLINE.match(line.text)
        and not looks_like_domain(line.text)
        and not _URL.search(line.text)
    )


def title_line_shaped(line: Line) -> bool:
    """A first line that can be the page's ``<title>`` (WET, whole-page dumps).

    Looser than a headline on the page: a ``<title>`` runs up to 40 words with its site
    name ("'This new search box ...': Google's Search makeover ... | TechRadar"), and
    "Von München bis Aachen: ..." is a title, not a byline, once it is six words long or
    names a site. List bullets stay out: on resiliparse text they open menus.
    """
    if not 3 <= line.words <= 40 or line.boilerplate:
        return False
    text = line.text
    has_site = split_site(text)[1] is not None
    return (not line.bullet
            and not _WIDGET.search(text)
            and not _COUNTER.match(text)
            and not (text.endswith(".") and not text.endswith("...") and not has_site)
            and not (_BYLINE.match(text) and line.words < 6 and not has_site)
            and not looks_like_domain(text)
            and not _URL.search(text))


def _title_from_page_title(page_title: str, candidates: list[Line]) -> Line | None:
    """The candidate that best matches the ``<title>`` (``Headline | Site``).

    A match covers most of the candidate's words *and* most of the page title's headline
    words; among matches the longest wins (a kicker line "Business" is not the title).
    """
    title_words = set(_key(split_site(page_title)[0]).split()) or set(_key(page_title).split())
    if not title_words:
        return None
    best, best_score = None, 0.0
    for line in candidates:
        words = set(_key(line.text).split())
        if len(words) < min(2, len(title_words)):
            continue
        shared = len(words & title_words)
        precision, recall = shared / len(words), shared / len(title_words)
        if precision < 0.75 or recall < 0.6:
            continue
        if line.prose and min(precision, recall) < 0.9:
            continue  # a sentence (lede, caption) only when it *is* the page title
        score = 2 * precision * recall / (precision + recall)
        if score > best_score + 1e-9:
            best, best_score = line, score
    return best


_CREDIT = re.compile(r"(?:\s/\s|\bphoto\b|\bfoto\b|©|\bgetty\b|\breuters\b|\bap\b|\bafp\b|"
                     r"\bimages?\b|\bshare\b|\bteilen\b|\bnewsletter\b|»|›|>|https?:|www\.|"
                     r"\bfacebook\b|\btwitter\b|\blinkedin\b|\bwhatsapp\b|\bicon\b|\blogo\b|"
                     r"\bskip\b|\bjump\b|\bwelcome\b|\bmenu\b|\bsearch\b|\bcookies?\b|\bphotograph\b|"
                     r"\billustration\b|\bcredit\b|\bemail address\b|\bsubscribe\b|\bsign (?:in|up)\b|"
                     r"\bbild(?:rechte)?:|^\(.*\)$|^(?:audio|video|podcast|gallery|galerie|bilderstrecke|"
                     r"fotostrecke)\s*:)", re.I)
# Photo credits: a caption label ("Foto:", "©", "(Bildmontage)"), and agency names, matched
# as agencies print them ("dpa", "AFP", "EFE", not the "ePA" of "Patientenakte (ePA)").
_PHOTO_LABEL = re.compile(
    r"(?:\b(?:foto|photo|bild|bildquelle|image|credit)s?\s*:|©|\((?:bildmontage|symbolfoto|symbolbild|archivfoto|"
    r"archivbild|foto|photo)\))", re.I)
_AGENCY = re.compile(r"\b(?:Getty|GETTY|Reuters|REUTERS|AFP|dpa|DPA|EFE|EPA|imago|IMAGO|Imago|Keystone|"
                     r"KEYSTONE|ANSA|Shutterstock|Xinhua|iStock|picture alliance|AP Photo)\b")
# Account and reading widgets in the languages of the benchmark pages: login and subscription
# prompts ("Article réservé aux abonnés", "Non hai un account? Registrati"), read-aloud, print
# and bookmark buttons, skip links ("メニューをとばして", "본문 바로가기").
_WIDGET = re.compile(
    r"(?:\bsubscri(?:ber|ption)s?\b|\babonn[ée]s?\b|\babonnement\b|\bregistr(?:ati|ieren|arse|ados|ieren)\b|"
    r"\blog ?in\b|\banmelden\b|\bpřihlas|\biniciar sesi[óo]n\b|\baccedi\b|\bdruckansicht\b|"
    r"\bvorlesen\b|\bpocket\b|ブックマーク|とばして|바로가기|\bbookmark)", re.I)
# Menus that a flattener glued into one line: "StartseiteFormel 1Motorrad GPDTMFormel E".
_GLUED_WORDS = re.compile(r"[a-zß-öø-ÿ0-9][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]")


def _plausible_headline(line: Line) -> bool:
    """A first line that can be a ``<title>`` even without " | Site": headline-shaped,
    no widget words or links, not a sentence."""
    return (title_line_shaped(line) and 5 <= line.words <= 30 and not _CREDIT.search(line.text)
            and not _SENTENCE_INSIDE.search(line.text) and not line.text[:1].islower())


def find_title(lines: list[Line], body_start: int, page_title: str | None = None,
               body_end: int | None = None) -> Line | None:
    """The title line (see the module docstring); None when the caller should use the
    ``<title>`` line itself (minus its site name) or nothing is headline-shaped.

    Order of evidence: the line that *is* the known page title (word-set match, the
    closest-fitting one, so "Home News <headline>" breadcrumbs lose to the headline); then
    the best-scoring headline candidate near the body (:func:`_score_title_candidates`),
    which replaces a ``<title>`` first line only when it is that title's on-page form
    (shares most of its words) or is a strong headline on its own (followed by a byline
    or date, close to the body, printed elsewhere on the page, echoed by the lead).
    ``body_end``: end of the body run; a title inside the run leaves at least one line of it.
    """
    inside = min(len(lines), body_start + 8, body_end - 1 if body_end is not None else len(lines))
    counts: dict[str, int] = {}
    for line in lines[: body_start + 3]:
        counts[_key(line.text)] = counts.get(_key(line.text), 0) + 1
    if page_title:
        near = lines[max(0, body_start - 40): min(body_start + 2, inside)]
        found = _title_from_page_title(page_title, [
            ln for ln in near if ln.role != "page-title" and not ln.boilerplate and not ln.bullet
            and 1 <= ln.words <= 30])
        if found is not None:
            return _displayed_below(lines, found, page_title) or found
    ref_words = _content_words(split_site(page_title)[0]) if page_title else set()
    scored = _score_title_candidates(lines, body_start, counts, ref_words, inside)
    if not scored:
        return None
    score, best, sim = scored[0]
    page_line = lines[0] if lines[0].role == "page-title" else None
    if page_line is not None and (split_site(page_line.text)[1] or _plausible_headline(page_line)):
        # the <title> line stands unless a headline near the body is its on-page form or
        # is clearly the headline by its own evidence (SEO titles differ from headlines)
        return best if sim >= _TITLE_SIM or score >= _TITLE_STRONG else None
    return best if score > 0 else None


def _displayed_below(lines: list[Line], found: Line, page_title: str) -> Line | None:
    """The visible headline block under a copy of the ``<title>``, or None.

    Pages print the ``<title>`` as the last item of a breadcrumb or a hidden heading, and
    then the headline block readers see: a short kicker and the headline, straight above
    the byline, date or first paragraph ("Haftbefehl: Streeck lobt Doku ..." as the trail's
    end, then "„Babo – Die Haftbefehl-Story“" and "Streeck lobt Haftbefehl-Doku ...").
    The line under the kicker is then the headline, however it is worded. An engagement
    count or a capitalised name line is no kicker: under those sits a standfirst. The
    headline must share a content word with the ``<title>`` (same story, other wording);
    a timestamp or caption under an author line does not.
    """
    key = _key(found.text)
    j = found.index + 1
    while j < len(lines) and _key(lines[j].text) == key:
        j += 1
    if j + 2 >= len(lines):
        return None
    kicker, headline, after = lines[j], lines[j + 1], lines[j + 2]
    if not (1 <= kicker.words <= 6 and not kicker.boilerplate and not _SENTENCE_END_MARK.search(kicker.text)
            and not _is_meta(kicker, found) and not _ENGAGEMENT.search(kicker.text)
            and not (kicker.words >= 3 and _name_like(kicker.text.split()))):
        return None  # "New, 15 comments" or "Jane Doe View More Articles" are no kicker
    if not (_headline_shaped(headline) and 4 <= headline.words <= 20 and not _is_meta(headline, kicker)
            and not _CREDIT.search(headline.text) and not _caption(lines, headline.index)
            and _content_words(headline.text) & _content_words(split_site(page_title)[0])):
        return None
    return headline if after.prose or _is_meta(after, headline) else None


_SENTENCE_END_MARK = re.compile(r"[.!?:;]$")


# find_title: a candidate sharing this much (F1 of content words) with the <title> line is its
# on-page form; a candidate scoring this much is the headline whatever the <title> says.
_TITLE_SIM, _TITLE_STRONG = 0.5, 14.0


def _content_words(text: str) -> set[str]:
    """Words that carry meaning (four letters or more, or numbers), casefolded."""
    return {w for w in _key(text).split() if len(w) >= 4 or w.isdigit()}


def _overlap(a: set[str], b: set[str]) -> float:
    """F1 of two word sets (0 when either is empty)."""
    shared = len(a & b)
    if not shared:
        return 0.0
    p, r = shared / len(a), shared / len(b)
    return 2 * p * r / (p + r)


# Timestamps without a full date ("Updated Nov 19, 6:55 AM", "5:11pm", "20 mins ago") and
# author labels ("Author:", "By", "Author of the article:") that print the name on the next line.
_TIMESTAMP = re.compile(
    r"^(?:(?:last\s+)?updated|posted|published|publiziert|aktualisiert|veröffentlicht|publié|"
    r"mis à jour|publicado|actualizado|pubblicato|aggiornato)\b.*\d|"
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)(?:\W|$)|^\d{1,2}:\d{2}$|"
    r"\b\d+\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:by|von|por|par|door|di|av|af|authors?|autor(?:in|en)?|auteur|"
                           r"author of the article|written by|words)\s*:?$", re.I)


def _is_meta(line: Line, previous: Line | None = None) -> bool:
    """A byline, a date or timestamp line, or a name under an "Author:" label: what follows
    a headline on article pages (and is never the headline itself)."""
    if line.words > 16:
        return False
    return bool(_BYLINE.match(line.text) or _AUTHOR_LABEL.match(line.text)
                or (previous is not None and _AUTHOR_LABEL.match(previous.text) and line.words <= 6)
                or (line.words <= 12 and _TIMESTAMP.search(line.text))
                or parse_date(line.text) is not None)


def _score_title_candidates(lines: list[Line], body_start: int, counts: dict[str, int],
                            ref_words: set[str], hi: int) -> list[tuple[float, Line, float]]:
    """(score, line, similarity to the page title) for headline-shaped lines near the body,
    best first.

    Candidates: the 40 lines above the body run and its first lines before ``hi`` (until 80
    words of prose: a caption or a standfirst can open the run before the headline); a sentence
    inside the run only when short and not ending in a full stop ("Is X worth it?").
    Score: a length prior (headlines run 4-20 words) minus widget, credit, caption, glued-
    menu, date and sentence shapes; minus distance to the body (counting no bylines, dates or
    widgets); plus a byline/date within the next four lines (more for a byline on the very
    next line), a copy printed elsewhere on the page (not the adjacent alt-text/caption pair),
    the overlap with the ``<title>`` words and the share of its words that the first
    paragraphs repeat; minus a standfirst's penalty for a line printed right under another
    headline-shaped line, and a breadcrumb's for a trail ending in a nearby headline.
    Bylines, dates, timestamps, names under an "Author:" label and lines naming the
    byline's author ("Jane Doe, business reporter") are never candidates.
    """
    lo = max(0, body_start - 40)
    meta = {i: _is_meta(lines[i], lines[i - 1] if i else None) for i in range(lo, min(len(lines), hi + 4))}
    names = {name for i in meta for name in _authors(lines[i].text) if len(name.split()) >= 2}
    for i in meta:  # "Jane Doe, business reporter" next to "By Jane Doe" is a byline too
        if not meta[i] and lines[i].words <= 8 and any(name in lines[i].text for name in names):
            meta[i] = True
    lead_words: set[str] = set()
    lead = [ln for ln in lines[body_start: body_start + 12] if ln.prose][:2]
    for line in lead:
        lead_words |= _content_words(line.text)
    out = []
    inside_words = 0
    for i in range(lo, hi):
        line = lines[i]
        if i >= body_start:
            inside_words += line.words if line.prose else 0
            if inside_words > 80:
                break
        if line.role == "page-title" or not _headline_shaped(line) or meta[i]:
            continue
        if i >= body_start and line.prose and (line.words > 20 or line.text.endswith(".")):
            continue
        words = _content_words(line.text)
        w = line.words
        score = min(w, 12) - max(0, w - 22) * 0.7
        if w < 4:
            score -= 6
        if (_CREDIT.search(line.text) or len(_GLUED_WORDS.findall(line.text)) >= 3
                or _caption(lines, i) or _WIDGET.search(line.text)):
            score -= 10
        if line.text.endswith(":") or parse_date(line.text):
            score -= 8
        if _SENTENCE_INSIDE.search(line.text):
            score -= 4
        if line.text[:1].islower():
            score -= 3
        distance = sum(1 for j in range(i + 1, body_start)
                       if not (meta[j] or lines[j].boilerplate or lines[j].role))
        score -= 0.4 * min(distance, 30)
        if i >= body_start:
            score -= 4
        meta_below = any(meta.get(j) for j in range(i + 1, i + 5))
        if meta_below:
            score += 8 + (_META_NEXT if i + 1 < len(lines) and _authors(lines[i + 1].text) else 0.0)
        above = _above(lines, i, lo)
        if above is not None and not meta[above.index] and _headline_above(above):
            score -= _DEK  # the standfirst printed under the headline
        key = _key(line.text)
        if _breadcrumb_of(line, lines[max(lo, i - 3): i + 4]):
            score -= _CRUMB
        if 2 <= counts.get(key, 0) <= 4 and w >= 4 and any(
                _key(ln.text) == key for ln in lines[: max(0, i - 2)] + lines[i + 3: body_start + 3]):
            score += 6
        sim = _overlap(words, ref_words) if ref_words else 0.0
        score += 16 * sim
        if lead_words and words:
            score += (4 if ref_words else _LEAD_ALONE) * len(words & lead_words) / len(words)
        if line.blank_before:
            score += 1
        out.append((score, line, sim))
    out.sort(key=lambda t: -t[0])
    return out


def _caption(lines: list[Line], i: int) -> bool:
    """True when ``lines[i]`` is a photo caption: it carries a credit ("(Bildmontage)",
    "EFE/ J.J. Guillén"), or the next line that is not its copy does, being the same
    caption again with its credit (alt text, then the figcaption: "Marco Buschmann und
    Lisa Paus bei ... Foto: Felix Zahn") or a bare credit ("Foto: Getty Images") while a
    headline sits right above. A headline with no caption under it can also be followed
    by the photo's credit ("© BART DEWAELE"), and a wire line "REUTERS" is a source, so a
    bare credit alone proves nothing.
    """
    text = lines[i].text
    if _PHOTO_LABEL.search(text) or _AGENCY.search(text):
        return True
    key = _key(text)
    j = i + 1
    while j < len(lines) and _key(lines[j].text) == key:
        j += 1
    if j >= len(lines) or not (_PHOTO_LABEL.search(lines[j].text) or _AGENCY.search(lines[j].text)):
        return False
    if _key(lines[j].text).split()[:3] == key.split()[:3]:
        return True
    above = _above(lines, i, 0)
    return (lines[j].words <= 6 and bool(_PHOTO_LABEL.search(lines[j].text))
            and above is not None and _headline_above(above))


def _breadcrumb_of(line: Line, nearby: list[Line]) -> bool:
    """True when ``line`` ends with another nearby headline of four words or more, as
    printed (same case), after a space or glued onto a lower-case letter: a breadcrumb
    trail ("Home News Business <headline>", "HomeLatest News<headline>") next to the
    headline itself. "MSV-Interimstrainer ..." (hyphen) or "Die Schweiz ist ein ..." (case)
    are headlines, not trails."""
    text = line.text
    for other in nearby:
        if other is line or other.words < 4 or other.words >= line.words:
            continue
        tail = other.text
        if text.endswith(tail) and len(text) > len(tail):
            before = text[-len(tail) - 1]
            if before.isspace() or (before.islower() and tail[:1].isupper()):
                return True
    return False


# _score_title_candidates: a line under another headline-shaped line is its standfirst (dek);
# a trail ending in the headline is a breadcrumb; a byline on the very next line is the
# strongest sign of a headline.
_DEK, _CRUMB, _META_NEXT = 7.0, 12.0, 4.0
# Without a <title> (resiliparse, "save as text"), the lead repeating a line's words is the
# only evidence of what the article is about, so it weighs more than the 4 it gets beside one.
_LEAD_ALONE = 8.0


_ENGAGEMENT = re.compile(r"\b\d+[\d.,]*[kKmM]?\s+(?:comments?|shares?|views?|reads?|likes?|letture|"
                         r"kommentare|commentaires|comentarios)\b", re.I)


def _above(lines: list[Line], i: int, lo: int) -> Line | None:
    """The line above ``lines[i]``, skipping copies of it (alt text, a repeated caption),
    counters and engagement counts ("New, 15 comments"); None above ``lo``."""
    key = _key(lines[i].text)
    j = i - 1
    while j >= lo and (_key(lines[j].text) == key or _COUNTER.match(lines[j].text)
                       or (lines[j].words <= 4 and _ENGAGEMENT.search(lines[j].text))):
        j -= 1
    return lines[j] if j >= lo else None


def _headline_above(line: Line) -> bool:
    """A headline-shaped line of five words or more, not a credit or a date: what a
    standfirst sits under (a one-to-four word kicker or section label does not count)."""
    return (_headline_shaped(line) and line.words >= 5 and not _CREDIT.search(line.text)
            and not parse_date(line.text))


def _about(page_title: str, body: list[Line]) -> bool:
    """True when the page title shares a content word (or, in CJK, a character pair) with the
    body's first 30 paragraphs: a real ``<title>`` names what the article is about."""
    lead = [ln for ln in body if ln.prose][:30]
    words: set[str] = set()
    for line in lead:
        words |= _content_words(line.text) | _cjk_pairs(line.text)
    head = split_site(page_title)[0]
    return bool((_content_words(head) | _cjk_pairs(head)) & words)


def _cjk_pairs(text: str) -> set[str]:
    """Adjacent CJK character pairs: the "words" of scripts written without spaces."""
    chars = [c if _CJK.match(c) else " " for c in text]
    return {a + b for a, b in zip(chars, chars[1:]) if a != " " and b != " "}



_WORD_SPAN = re.compile(r"\w+")


def kicker_variant(headline: str, page_title: str, above: str | None = None) -> str | None:
    """The ``<title>``'s headline when the on-page ``headline`` is the same words plus a
    kicker, or the kicker is printed on its own line ``above`` it; None otherwise.

    Two shapes, both settled by the ``<title>`` (the form the publisher declares once;
    the kicker is page furniture):

    * the on-page line is a kicker, a dash and the title's headline ("Minderheit in Syrien
      - Drusen fordern ..." under the title "Drusen fordern ... - News - SRF");
    * the title is the kicker line above plus the headline ("Nach Gaetz-Rückzug" printed
      over "Trump-Anwältin soll ...", titled "Nach Gaetz-Rückzug: Trump-Anwältin soll ...").

    A colon kicker or words run into the headline are left alone: "'Ends recession
    debate': economists weigh in ..." and "In Internal Meeting, Christiane Amanpour
    Confronts ..." are the headline itself under a shortened title. The shared part must be
    at least four words, so a different wording never qualifies.
    """
    head = split_site(page_title)[0]
    a, b = _key(headline).split(), _key(head).split()
    if a == b or min(len(a), len(b)) < 4:
        return None
    if len(a) > len(b) and a[-len(b):] == b:
        spans = list(_WORD_SPAN.finditer(headline.casefold()))
        before = headline[: spans[len(a) - len(b)].start()].rstrip()
        if before and before[-1] in "-–—":
            return head
        return None
    if above and len(b) > len(a) and b[-len(a):] == a and b[: len(b) - len(a)] == _key(above).split():
        return head
    return None
