"""The web UI and JSON API over a store: stories, briefings, articles with their spans, search.

``create_app(db_path)`` builds the FastAPI app; ``serve(db)`` runs it with uvicorn on 127.0.0.1.
Pages are Jinja2 templates with autoescaping on; every response carries the security headers of
:mod:`storyline.web.security`, and only requests whose ``Host`` is an allowed name are answered (DNS
rebinding, issue 12, item 7). Each request opens its own read-only connection to the store (SQLite
connections are not shared between the server's worker threads): the app never writes, never creates
a store and never migrates one, so it serves a store in a read-only directory, and a store moved away
while serving gives a 503, not a new empty store (issue 12, item 10). Every GET route answers HEAD.

Routes: ``/`` stories, ``/stories/{id}`` the briefing inside the site's layout (issue 15), its exports
``/stories/{id}/briefing.html|.md|.json`` and ``/stories/{id}/claims.csv``, ``/articles`` and
``/articles/{id}``, ``/search``;
``/api/stories``, ``/api/stories/{id}``, ``/api/articles``, ``/api/articles/{id}`` (the same JSON as
``storyline extract``), ``/api/search``; OpenAPI at ``/openapi.json``, served offline as Swagger UI at
``/docs`` (Swagger UI 5 files from the ``fastapi-offline`` package, whose CDN-free copies are all it is used
for; without it ``/docs`` links the raw schema).
"""

from __future__ import annotations

import importlib
import importlib.util
import ipaddress
import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import StoreError
from ..export import story_claims_csv
from ..listings import article_records, story_records, story_summary
from ..metadata.estimate import published_fields
from ..model import Extraction
from ..records_json import extraction_to_json
from ..search import (
    KINDS,
    MAX_LIMIT,
    MAX_WINDOW,
    CompiledQuery,
    QueryError,
    compile_query,
    date_range,
    outlet_counts,
    search,
    search_record,
    speakers,
)
from ..store import Store
from ..store.migrations import MIGRATIONS
from . import views
from .embed import embed
from .readonly import ReadOnlyStore
from .security import (
    LOOPBACK_HOSTS,
    HeadAsGetMiddleware,
    HostAllowlistMiddleware,
    SecurityHeadersMiddleware,
    briefing_csp,
    trusted_scripts,
)

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

#: Hits per search page: a screenful of snippets.
PAGE_SIZE = 20
#: Articles listed on /articles and /api/articles (newest stores stay usable; use search beyond it).
ARTICLE_LIST_LIMIT = 1000
#: Swagger UI files /docs may serve from the fastapi-offline package: an allowlist, not a directory.
SWAGGER_ASSETS = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript"}


class ErrorBody(BaseModel):
    """Body of every API error (400 bad query or parameter, 404 unknown id, 503 store unreadable)."""

    detail: str


class SnippetPartBody(BaseModel):
    text: str
    match: bool


class AlsoInBody(BaseModel):
    article_id: str
    outlet: str


class SearchHitBody(BaseModel):
    kind: str
    article_id: str
    outlet: str
    title: str | None
    published: str | None
    snippet: list[SnippetPartBody]
    start: int | None
    end: int | None
    score: float
    speaker: str | None
    copy_of: str | None
    also: list[AlsoInBody]
    url: str


class SearchBody(BaseModel):
    """Search results; ``fallback`` is true when the query was not FTS5 syntax and ran as plain words."""

    query: str
    expression: str
    fallback: bool
    kinds: list[str]
    limit: int
    offset: int
    hits: list[SearchHitBody]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad query or parameter"},
    404: {"model": ErrorBody, "description": "No such id"},
}


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    env.globals.update(
        version=__version__,
        article_url=views.article_url,
        hit_url=views.hit_url,
        source_url=views.source_url,
        page_url=views.page_url,
        search_url=lambda form, offset: views.page_url("/search", {**form, "offset": max(0, offset)}),
        export_url=views.export_url,
        headline=views.headline,
        headline_of=lambda a: views.headline(a.get("title"), None, a.get("outlet")),
        kinds=KINDS,
    )
    return env


def _swagger_dir() -> Path | None:
    """Swagger UI 5 assets shipped by the ``fastapi-offline`` package (only its static files are used)."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or spec.origin is None:
        return None
    static = Path(spec.origin).resolve().parent / "static"
    return static if all((static / name).is_file() for name in SWAGGER_ASSETS) else None


def _briefing(store: Store, story_id: str) -> str | None:
    """The briefing document from ``storyline.brief``, or None when that package is absent or fails."""
    if importlib.util.find_spec("storyline.brief") is None:
        return None
    try:
        brief = importlib.import_module("storyline.brief")
        return str(brief.render_html(brief.briefing_context(store, story_id)))
    except Exception:  # the briefing is optional: fall back to the plain story page, loudly in the log
        log.exception("storyline.brief failed for story %s; serving the plain story page", story_id)
        return None


def _brief_scripts() -> frozenset[str]:
    """The script texts the brief package ships (the only inline scripts a story page may run)."""
    spec = importlib.util.find_spec("storyline.brief")
    if spec is None or spec.origin is None:
        return frozenset()
    return trusted_scripts(str(Path(spec.origin).resolve().parent))


#: Seconds an idle keep-alive connection stays open. uvicorn's 5 s default closes connections that clients
#: (browsers, scripts) still hold in their pools under load, and their next request fails with a reset.
KEEP_ALIVE_SECONDS = 30

#: Rendered briefings kept in memory (each 0.1-1 MB): the story pages of a busy session, not the archive.
BRIEFING_CACHE_SIZE = 32


class BriefingCache:
    """Rendered story briefings by (story id, when the story was built): a rebuilt story is rendered anew.

    Rendering a briefing (map, timeline, every article's highlighted text) is the costliest page; under
    load the same few stories are asked for again and again. Thread-safe (sync routes run in a pool).
    """

    def __init__(self, size: int = BRIEFING_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._rendering: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, story_id: str) -> str | None:
        row = store.conn.execute("SELECT built_at FROM stories WHERE id = ?", (story_id,)).fetchone()
        key = (story_id, str(row[0]) if row else "")
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            rendering = self._rendering.setdefault(key, threading.Lock())
        with rendering:  # one thread renders a story; the others asking for it meanwhile wait for it
            with self._lock:
                if key in self._items:
                    return self._items[key]
            briefing = _briefing(store, story_id)
            with self._lock:
                self._rendering.pop(key, None)
                if briefing is not None:
                    self._items[key] = briefing
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
        return briefing

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


#: The 503 message when the store file is gone; the log names the path (a page need not show it).
STORE_GONE = (
    "The store file is gone: it was moved or deleted after the server started. "
    "Put it back, or restart storyline serve with its new path."
)


def get_store(request: Request) -> Iterator[Store]:
    """A read-only store connection for one request (closed after the response).

    Raises:
        HTTPException: 503 when the store file is gone (moved or deleted since the server started).
        StoreError: it cannot be read (answered 503 by the app's handler).
    """
    path: Path = request.app.state.db_path
    try:
        store = ReadOnlyStore(path)
    except StoreError:
        if path.exists():
            raise
        log.error("%s: the store file is gone (moved or deleted since the server started)", path)
        raise StarletteHTTPException(503, STORE_GONE) from None
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(get_store)]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi"))


def create_app(db_path: str, *, allowed_hosts: Sequence[str] = LOOPBACK_HOSTS) -> FastAPI:
    """The storyline web app over a store file, which it only reads.

    Args:
        db_path: an existing store (``storyline ingest`` creates it) at the current schema: the app does
            not migrate an older one (any other storyline command opening it does).
        allowed_hosts: the host names (or IP addresses) requests may be addressed to, in their ``Host``
            header, with or without a port; any other gets 400. Loopback names only by default.

    Returns:
        A FastAPI app; run it with uvicorn (see :func:`serve`) or test it with ``TestClient``.

    Raises:
        StoreError: the file does not exist, is not a storyline store, or has pending migrations.
    """
    path = Path(db_path)
    if not path.is_file():
        where = "" if path.is_absolute() else f" (looked for {path.resolve()})"
        raise StoreError(f"{db_path}: no such store{where}; create it with `storyline ingest FILES --db {db_path}`")
    _check_schema(path)
    env = _templates()
    swagger = _swagger_dir()
    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Stories, articles with their extracted records, and full-text search over a storyline store.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db_path = path
    briefings = app.state.briefings = BriefingCache()
    # The last added is the outermost: HEAD is stripped of every body, refusals and 500s included; every
    # response gets the security headers; the Host check comes before any route, static files too.
    app.add_middleware(HostAllowlistMiddleware, allowed=tuple(allowed_hosts))
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HeadAsGetMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status_code)

    def error(request: Request, status_code: int, message: str) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=status_code)
        return page("error.html", status_code, title=f"Error {status_code}", status=status_code, message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return error(request, 400, f"bad request: {problems}")

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error(request, 503, "the store cannot be read right now; see the server log")

    def not_found(what: str) -> StarletteHTTPException:
        return StarletteHTTPException(404, f"no {what} with that id")

    # -- pages ------------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(store: StoreDep) -> HTMLResponse:
        rows = [dict(r) | story_summary(r) for r in store.stories()]
        return page("index.html", title="Stories", stories=rows, articles=store.count())

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str, store: StoreDep) -> Response:
        data = _story(store, story_id)
        if data is None:
            raise not_found("story")
        document = briefings.get(store, story_id)
        parts = embed(document) if document is not None else None
        context: dict[str, Any] = {"data": data, "exports": views.EXPORTS if parts else views.EXPORTS[-1:]}
        if parts is None:
            return page("story.html", title=data["story"]["label"], briefing=None, **context)
        briefing = {"css": Markup(parts.css), "body": Markup(parts.body)}  # the briefing escaped its text
        body = env.get_template("story.html").render(
            title=parts.title or data["story"]["label"], briefing=briefing, **context
        )
        return HTMLResponse(body, headers={"Content-Security-Policy": briefing_csp(body, _brief_scripts())})

    @app.get("/stories/{story_id}/{name}", include_in_schema=False)
    def story_export(story_id: str, name: str, store: StoreDep) -> Response:
        if name not in dict(views.EXPORTS):
            raise not_found("export")
        data = _story(store, story_id)
        if data is None:
            raise not_found("story")
        filename = f"storyline-{story_id}-{name}"
        if name == "claims.csv":
            return _download(story_claims_csv(data), "text/csv; charset=utf-8", filename)
        if name == "briefing.html":
            document = briefings.get(store, story_id)
            if document is None:
                raise StarletteHTTPException(503, "the briefing could not be rendered; see the server log")
            csp = briefing_csp(document, _brief_scripts())
            return _download(document, "text/html; charset=utf-8", filename, csp)
        brief = importlib.import_module("storyline.brief")
        context = brief.briefing_context(store, story_id)
        if name == "briefing.md":
            return _download(brief.render_markdown(context), "text/markdown; charset=utf-8", filename)
        return _download(brief.render_json(context), "application/json", filename)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(store: StoreDep) -> HTMLResponse:
        rows = list(islice(store.articles(), ARTICLE_LIST_LIMIT))
        return page("articles.html", title="Articles", articles=rows, limit=ARTICLE_LIST_LIMIT)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, store: StoreDep, hl: str | None = None) -> HTMLResponse:
        ex = store.extraction(article_id)
        if ex is None:
            raise not_found("article")
        highlight = views.parse_highlight(hl, len(ex.article.text))
        return page(
            "article.html",
            title=views.page_title(ex.article.title, ex.article.text, ex.article.outlet),
            heading=views.headline(ex.article.title, ex.article.text, ex.article.outlet),
            ex=ex,
            segments=views.segments(ex.article.text, views.article_marks(ex, highlight)),
            link=views.safe_link(ex.article.url),
            stories=store.article_stories(article_id),
            entities=_entities(ex),
            anchor=views.record_anchor,
            date_evidence=published_fields(ex.article)["published_evidence"],
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        store: StoreDep,
        q: str = "",
        kind: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies defaults per request)
        outlet: str = "",
        speaker: str = "",
        date_from: Annotated[str, Query(alias="from")] = "",
        date_to: Annotated[str, Query(alias="to")] = "",
        offset: int = 0,
    ) -> HTMLResponse:
        form = {"q": q, "kind": _split(kind), "outlet": outlet, "speaker": speaker, "from": date_from, "to": date_to}
        first, last = date_range(store)
        context: dict[str, Any] = {"title": "Search", "form": form, "hits": None}
        context.update(outlets=outlet_counts(store), speakers=speakers(store), first_date=first, last_date=last)
        context.update(message=None, compiled=None, offset=offset, page_size=PAGE_SIZE, more=False)
        if not q.strip():
            return page("search.html", **context)
        try:
            compiled = compile_query(store, q, _split(kind) or KINDS)
            hits = _run_search(store, compiled, form, PAGE_SIZE, offset)
        except QueryError as exc:
            context.update(message=str(exc))
            return page("search.html", 400, **context)
        more = len(hits) == PAGE_SIZE and offset + 2 * PAGE_SIZE <= MAX_WINDOW
        context.update(hits=hits, compiled=compiled, more=more)
        return page("search.html", **context)

    # -- docs -------------------------------------------------------------------------------------
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return page("docs.html", title="API", swagger=swagger is not None)

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> FileResponse:
        if swagger is None or name not in SWAGGER_ASSETS:
            raise not_found("file")
        return FileResponse(swagger / name, media_type=SWAGGER_ASSETS[name])

    # -- JSON API ---------------------------------------------------------------------------------
    @app.get("/api/stories", summary="List the stories, biggest first", responses=ERRORS)
    def api_stories(store: StoreDep) -> list[dict[str, Any]]:
        return story_records(store.stories())

    @app.get(
        "/api/stories/{story_id}", summary="One story as `storyline story --format json` prints it", responses=ERRORS
    )
    def api_story(story_id: str, store: StoreDep) -> dict[str, Any]:
        data = _story(store, story_id)
        if data is None:
            raise not_found("story")
        return data

    @app.get("/api/articles", summary="List the stored articles (metadata only)", responses=ERRORS)
    def api_articles(store: StoreDep) -> list[dict[str, Any]]:
        return article_records(store, ARTICLE_LIST_LIMIT)

    @app.get(
        "/api/articles/{article_id}", summary="One article's record, as `storyline extract` prints it", responses=ERRORS
    )
    def api_article(article_id: str, store: StoreDep) -> dict[str, Any]:
        ex = store.extraction(article_id)
        if ex is None:
            raise not_found("article")
        return extraction_to_json(ex)

    @app.get(
        "/api/search",
        summary="Full-text search over articles, quotes and claims",
        response_model=SearchBody,
        responses=ERRORS,
    )
    def api_search(
        store: StoreDep,
        q: Annotated[str, Query(description="FTS5 query; invalid syntax is searched as plain words")] = "",
        kind: Annotated[list[str], Query(description="article, quote, claim (repeat or comma-separate)")] = [],  # noqa: B006
        outlet: Annotated[str, Query(description="outlet name, exact (case-insensitive)")] = "",
        speaker: Annotated[str, Query(description="quotes whose speaker contains this")] = "",
        date_from: Annotated[str, Query(alias="from", description="published on or after, YYYY-MM-DD")] = "",
        date_to: Annotated[str, Query(alias="to", description="published on or before, YYYY-MM-DD")] = "",
        limit: Annotated[int, Query(description=f"1 to {MAX_LIMIT}")] = PAGE_SIZE,
        offset: Annotated[int, Query(description=f"offset + limit at most {MAX_WINDOW}")] = 0,
    ) -> dict[str, Any]:
        form = {"q": q, "kind": _split(kind), "outlet": outlet, "speaker": speaker, "from": date_from, "to": date_to}
        compiled = compile_query(store, q, _split(kind) or KINDS)
        hits = _run_search(store, compiled, form, limit, offset)
        return search_record(compiled, hits, limit=limit, offset=offset, url=views.hit_url)

    return app


def _check_schema(path: Path) -> None:
    """Refuse a store this code cannot read as is: not a storyline store, or one written by an older
    storyline with migrations pending (the app only reads, so it cannot apply them)."""
    with ReadOnlyStore(path) as store:
        try:
            version = store.schema_version
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a storyline store ({exc})") from exc
    if version < len(MIGRATIONS):
        raise StoreError(
            f"{path}: the store is at schema version {version} and this storyline needs {len(MIGRATIONS)}; "
            f"serve only reads, so upgrade the store first with `storyline --db {path} stories` "
            "(any other storyline command that opens it upgrades it too)"
        )


def _split(values: list[str]) -> list[str]:
    """``kind`` values given repeated or comma-separated, blanks dropped."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _run_search(store: Store, compiled: CompiledQuery, form: dict[str, Any], limit: int, offset: int) -> list[Any]:
    return search(
        store,
        compiled,
        kinds=form["kind"] or KINDS,
        outlet=form["outlet"] or None,
        speaker=form["speaker"] or None,
        date_from=form["from"] or None,
        date_to=form["to"] or None,
        limit=limit,
        offset=offset,
    )


def _download(text: str, media_type: str, filename: str, csp: str | None = None) -> Response:
    """A file to save (``Content-Disposition: attachment``); the name is built from an id and a fixed name."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if csp:
        headers["Content-Security-Policy"] = csp
    return Response(text.encode("utf-8"), media_type=media_type, headers=headers)


def _story(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story's JSON by its exact id (the store also accepts prefixes; URLs name one story exactly)."""
    data = store.story(story_id)
    return data if data is not None and data.get("story", {}).get("id") == story_id else None


def _entities(ex: Extraction) -> list[tuple[str, str, int]]:
    """(entity, label, mentions) of an article, most mentioned first."""
    counts: dict[tuple[str, str], int] = {}
    for m in ex.mentions:
        counts[(m.entity, m.label)] = counts.get((m.entity, m.label), 0) + 1
    return sorted(((e, label, n) for (e, label), n in counts.items()), key=lambda t: (-t[2], t[0]))


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allowed_hosts: Sequence[str] = ()) -> None:
    """Serve the web UI over a store with uvicorn until interrupted.

    Args:
        db: the store file; it must exist (it is opened read-only, never created).
        host: address to bind; the default keeps the UI on this machine. The UI has no login: bind
            another address only on a network you trust (a warning is logged).
        port: TCP port.
        allowed_hosts: names the UI answers to besides the loopback ones and ``host`` (e.g. this
            machine's name on the network when ``host`` is ``0.0.0.0``).

    Raises:
        StoreError: the store does not exist or cannot be opened (before the server starts).
    """
    import uvicorn

    hosts = (*LOOPBACK_HOSTS, host, *allowed_hosts)
    app = create_app(db, allowed_hosts=hosts)
    try:
        address = ipaddress.ip_address(host)
        loopback, wildcard = address.is_loopback, address.is_unspecified
    except ValueError:
        loopback, wildcard = host == "localhost", False
    if not loopback:
        log.warning("serving on %s: the storyline UI has no authentication; anyone who can reach it can read it", host)
    if wildcard:
        log.warning(
            "only requests addressed to %s are answered (their Host header); any other name gets 400",
            ", ".join(dict.fromkeys(hosts)),
        )
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=KEEP_ALIVE_SECONDS)
