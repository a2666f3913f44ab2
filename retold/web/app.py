"""The local web application: HTML pages and a JSON API over one store.

Every page has a twin under ``/api/`` returning the same view dict (see
:mod:`retold.web.views`), so what a fact-checker sees and what a script gets never drift
apart; FastAPI publishes the API's OpenAPI description at ``/openapi.json`` and ``/docs``
is disabled because its page loads assets from a CDN.

Security, because article text is untrusted and the server runs on a journalist's laptop:

* Jinja2 autoescaping on every template; highlighted text is rendered from offset
  segments (:mod:`retold.web.highlight`), each piece escaped;
* a strict Content-Security-Policy (scripts and styles only from ``/static/``, no inline
  script, no plugins, no framing) plus ``nosniff`` and ``no-referrer``;
* SQL receives user input only as parameters (:mod:`retold.web.views`);
* ``/static/`` serves only files that resolve inside the package's assets directory;
* bound to 127.0.0.1 by default, and requests whose ``Host`` is not a loopback name are
  refused (DNS-rebinding defence) unless the server was bound to another host on purpose.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import (FileResponse, HTMLResponse, JSONResponse, RedirectResponse,
                               Response)
from jinja2 import Environment, FileSystemLoader, select_autoescape

from retold.records import MUTATION_TYPES, REUSE_KINDS
from retold.store import Store
from retold.web import graph as g
from retold.web.trace import ENGINES
from retold.web.views import BadFilter, Corpus, NotFound

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
       "object-src 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def template_env() -> Environment:
    """Jinja2 with autoescaping on for every template (also the export's report)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(kind_colours=g.KIND_COLOURS, node_w=g.NODE_W, node_h=g.NODE_H,
                       abbrev=g.MUTATION_ABBREV, reuse_kinds=REUSE_KINDS,
                       mutation_types=MUTATION_TYPES)
    env.filters["urlquote"] = lambda s: quote(str(s or ""), safe="")
    env.filters["quoted"] = quoted
    return env


_MARKS = "\"'“”‘’„«» "


def quoted(text: str | None, length: int = 220) -> str:
    """A statement's words between quotation marks, once: a statement whose content
    keeps its own marks ("“IS saw …,”") was printed as "““IS saw …,””"."""
    core = (text or "").strip().strip(_MARKS).rstrip(",")
    if len(core) > length:
        core = core[:length].rsplit(" ", 1)[0] + "…"
    return f"“{core}”"


STORY_PAGE = 50  # stories listed per page of the home page
STORY_CHOICES = 500  # stories the search form's story filter offers, largest first
TRACE_LIMIT = 200  # appearances a trace shows, the closest matches


def create_app(db: str | Path | Store, allowed_hosts: set[str] | None = None) -> FastAPI:
    """The app over a store (a path opens it read-only; a Store is used as is).

    ``allowed_hosts``: ``Host`` header values accepted besides the loopback names
    (``{"*"}`` accepts any, for a server bound to a public interface on purpose; tests
    with Starlette's TestClient pass ``{"testserver"}``).
    """
    if isinstance(db, Store):
        store = db
    else:
        if str(db) != ":memory:" and not Path(db).is_file():
            raise FileNotFoundError(f"store not found: {db} (run `retold ingest` first)")
        store = Store(db, read_only=True)
    corpus = Corpus(store)
    env = template_env()
    hosts = LOOPBACK_HOSTS | set(allowed_hosts or ())

    app = FastAPI(title="retold", version="0.1.0", docs_url=None, redoc_url=None,
                  description="How a news story was retold, outlet by outlet: the same data "
                              "as the HTML pages, as JSON.")
    app.state.corpus = corpus

    @app.middleware("http")
    async def head_as_get(request: Request, call_next):
        """HEAD answers as GET would, without the body (link checkers and `curl -I` ask
        HEAD; the routes are declared for GET only)."""
        if request.method != "HEAD":
            return await call_next(request)
        request.scope["method"] = "GET"
        response = await call_next(request)
        return Response(status_code=response.status_code, headers=dict(response.headers))

    @app.middleware("http")
    async def guard(request: Request, call_next):
        host = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if "*" not in hosts and host not in hosts:
            return Response(f"refused: host {host!r} is not this local server\n",
                            status_code=421, headers=SECURITY_HEADERS)
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(links=True, **context)
        return HTMLResponse(html, status_code=status)

    def not_found(exc: NotFound, api: bool) -> Response:
        if api:
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return page("error.html", 404, title="Not found", message=str(exc))

    def by_prefix(article_id: str, base: str) -> Response | None:
        """A redirect to the one article whose id ``article_id`` begins (as ``retold show``
        takes ids), or None."""
        full = corpus.article_id_from_prefix(article_id)
        return None if full is None else RedirectResponse(base + quote(full, safe=""),
                                                          status_code=307)

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """A page that is not there is an HTML page for a browser, JSON for the API."""
        if request.url.path.startswith("/api/") or exc.status_code != 404:
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return page("error.html", 404, title="Not found",
                    message=f"no page at {request.url.path}")

    # ------------------------------------------------------------------ static
    @app.api_route("/static/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def static(path: str) -> Response:
        """Serve a shipped asset; anything resolving outside the assets dir is refused."""
        target = (STATIC / path).resolve()
        if not target.is_relative_to(STATIC) or not target.is_file():
            return Response("not found\n", status_code=404, media_type="text/plain")
        return FileResponse(target)

    # ------------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
             story: str = "", offset: int = Query(0, ge=0),
             stories_from: int = Query(0, ge=0)) -> HTMLResponse:
        filters = {"q": q, "outlet": outlet, "date_from": date_from, "date_to": date_to,
                   "story": story}
        try:
            result = corpus.search(q, outlet, date_from, date_to, story, offset=offset)
            problem = None
        except BadFilter as exc:
            result = corpus.search(q, outlet, "", "", story, offset=offset)
            result["filters"].update(date_from=date_from, date_to=date_to)
            problem = str(exc)
        counts = corpus.counts()
        choices = corpus.stories(STORY_CHOICES)  # the form's filter; the listed page from it
        listed = choices[stories_from:stories_from + STORY_PAGE] \
            if stories_from + STORY_PAGE <= STORY_CHOICES else corpus.stories(STORY_PAGE,
                                                                               stories_from)
        return page("search.html", 400 if problem else 200, title="Search", result=result,
                    problem=problem, stories=listed, story_choices=choices, counts=counts,
                    stories_from=stories_from, story_page=STORY_PAGE,
                    total_stories=counts.get("stories", 0),
                    page_href=lambda **change: "/search?" + urlencode(
                        {k: v for k, v in {**filters, "offset": offset,
                                           "stories_from": stories_from, **change}.items()
                         if v not in ("", 0)}))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
                    story: str = "", offset: int = Query(0, ge=0),
                    stories_from: int = Query(0, ge=0)) -> HTMLResponse:
        return home(q, outlet, date_from, date_to, story, offset, stories_from)

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> Response:
        try:
            view = corpus.story_view(story_id)
        except NotFound as exc:
            return not_found(exc, api=False)
        return page("story.html", title=view["story"]["label"] or story_id, v=view)

    @app.get("/story/{story_id}/edge", response_class=HTMLResponse, include_in_schema=False)
    def edge_page(story_id: str, parent: str, child: str) -> Response:
        try:
            view = corpus.edge_view(story_id, parent, child)
        except NotFound as exc:
            return not_found(exc, api=False)
        return page("edge.html", title="What changed", v=view)

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> Response:
        try:
            view = corpus.article_view(article_id)
        except NotFound as exc:
            return by_prefix(article_id, "/article/") or not_found(exc, api=False)
        return page("article.html", title=view["article"]["title"], v=view)

    @app.get("/trace", response_class=HTMLResponse, include_in_schema=False)
    def trace_page(q: str = "", engine: str = "web") -> HTMLResponse:
        engine = engine if engine in ENGINES else "web"
        return page("trace.html", title="Claim trace", q=q, engine=engine,
                    v=corpus.trace(q, engine, TRACE_LIMIT) if q else None)

    # --------------------------------------------------------------------- API
    @app.get("/api/search", tags=["search"])
    def api_search(q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
                   story: str = "", limit: int = Query(50, ge=1, le=500),
                   offset: int = Query(0, ge=0)) -> Response:
        """Articles, statements and speakers matching ``q`` (case-insensitive substring),
        ``limit`` of each from ``offset`` on; ``total_articles`` and ``total_statements``
        say how many match. Dates in any common spelling; one that is no date is a 422."""
        try:
            return JSONResponse(corpus.search(q, outlet, date_from, date_to, story, limit,
                                              offset))
        except BadFilter as exc:
            return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.get("/api/stories", tags=["stories"])
    def api_stories(response: Response, limit: int = Query(100, ge=1, le=10000),
                    offset: int = Query(0, ge=0),
                    min_size: int = Query(1, ge=1)) -> list[dict]:
        """Stories of ``min_size`` articles or more, largest first, ``limit`` from
        ``offset`` on; the ``X-Total-Count`` header says how many there are (15,862 of a
        Reuters store's 17,207 stories are single articles: ``min_size=2`` skips them)."""
        response.headers["X-Total-Count"] = str(corpus.story_total(min_size))
        return corpus.stories(limit, offset, min_size)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: str) -> Response:
        """A story: articles, lineage edges with kinds and mutations, graph layout,
        timeline, key statements and the caveat table."""
        try:
            return JSONResponse(corpus.story_view(story_id))
        except NotFound as exc:
            return not_found(exc, api=True)

    @app.get("/api/stories/{story_id}/edge", tags=["stories"])
    def api_edge(story_id: str, parent: str, child: str) -> Response:
        """One lineage hop: parent and child, shared passages, located mutations."""
        try:
            return JSONResponse(corpus.edge_view(story_id, parent, child))
        except NotFound as exc:
            return not_found(exc, api=True)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> Response:
        """An article with its statements, hedges, citations, stories and related articles."""
        try:
            return JSONResponse(corpus.article_view(article_id))
        except NotFound as exc:
            return by_prefix(article_id, "/api/articles/") or not_found(exc, api=True)

    @app.get("/api/trace", tags=["trace"])
    def api_trace(q: str = Query(..., min_length=1, description="a quote or claim"),
                  engine: Literal["web", "lineage"] = "web",
                  limit: int = Query(TRACE_LIMIT, ge=1, le=5000)) -> dict:
        """Appearances of a quote or claim (at most ``limit``, the closest matches;
        ``truncated`` gives how many there were), the earliest, its origin and path
        (``engine=lineage``: the same lookup as ``retold trace``)."""
        return corpus.trace(q, engine, limit)

    return app
