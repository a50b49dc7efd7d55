"""The Starlette app: the page, its static assets and the JSON API, built by `create_app`.

Routes:
- `GET /` the page; `GET /static/...` its script and style (shipped in the package);
- `POST /api/check` a multipart `file` or a form field `text` → the fzcheck.report/1 document of that
  report (`?view=1` adds the shown text and mark spans, docs/serve.md); `profile` form field optional;
- `POST /api/annotate` the same fields → the commented Word copy (fzcheck.annotate), `<name>.审查.docx`;
- `GET /api/rules` the rules of a profile; `GET /healthz` liveness and load.
Every error is JSON `{"message": "<Chinese>"}` with its HTTP status.
"""

from __future__ import annotations

import contextlib
from pathlib import Path, PurePath
from urllib.parse import quote

import orjson
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from fzcheck.serve.limits import Guard
from fzcheck.serve.pool import CheckPool, Refusal
from fzcheck.serve.settings import Settings
from fzcheck.serve.task import Job

STATIC = Path(__file__).with_name("static")
PROFILES = ("auto", "township", "county", "city", "department")
PASTED_NAME = "粘贴的文本"
MAX_NAME = 120  # characters of an upload's name kept for display
COPY_SUFFIX = ".审查.docx"  # as `fzcheck annotate` names its copies
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def json_response(data, status: int = 200) -> Response:
    return Response(data if isinstance(data, bytes) else orjson.dumps(data), status, media_type="application/json")


def error(status: int, message: str) -> Response:
    return json_response({"message": message}, status)


def display_name(upload: UploadFile) -> str:
    """The upload's base name, for display only: no folder part, no control characters, bounded."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable())[-MAX_NAME:]
    return name or "上传的文件"


async def check(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        async with request.form(max_files=1, max_fields=4, max_part_size=settings.max_upload) as form:
            job = await _job(form, settings, request.query_params.get("view") == "1")
    except HTTPException as problem:  # a malformed multipart body
        return error(400, f"无法解析提交的表单（{problem.detail}）")
    if isinstance(job, Response):
        return job
    try:
        status, body = await request.app.state.pool.check(job)
    except Refusal as refusal:
        return error(refusal.status, refusal.message)
    return json_response(body, status)


async def _job(form, settings: Settings, view: bool) -> Job | Response:
    profile = form.get("profile") or settings.profile
    if not isinstance(profile, str) or profile not in PROFILES:
        return error(400, f"不支持的配置档（可用：{'、'.join(PROFILES)}）")
    upload, text = form.get("file"), form.get("text")
    common = {"profile": profile, "rules": settings.rules, "view": view}
    if isinstance(upload, UploadFile):
        data = await upload.read()
        if not data:
            return error(400, f"上传的文件 {display_name(upload)} 是空的")
        return Job(display_name(upload), data=data, **common)
    if isinstance(text, str):
        if not text.strip():
            return error(400, "粘贴的文本是空的，请粘贴报告全文")
        return Job(PASTED_NAME, text=text, **common)
    return error(400, "请上传报告文件（字段 file）或粘贴报告全文（字段 text）")


async def annotate(request: Request) -> Response:
    from fzcheck.serve import task

    settings: Settings = request.app.state.settings
    try:
        async with request.form(max_files=1, max_fields=4, max_part_size=settings.max_upload) as form:
            job = await _job(form, settings, view=False)
    except HTTPException as problem:
        return error(400, f"无法解析提交的表单（{problem.detail}）")
    if isinstance(job, Response):
        return job
    try:
        status, body = await request.app.state.pool.check(job, task.annotate)
    except Refusal as refusal:
        return error(refusal.status, refusal.message)
    if status != 200:
        return json_response(body, status)
    name = PurePath(job.name).stem + COPY_SUFFIX
    return Response(body, media_type=DOCX, headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


async def rules(request: Request) -> Response:
    from fzcheck.errors import FzcheckError
    from fzcheck.profiles import load

    settings: Settings = request.app.state.settings
    profile = request.query_params.get("profile", "township")
    if profile not in PROFILES[1:]:
        return error(400, f"不支持的配置档 {profile[:40]}（可用：{'、'.join(PROFILES[1:])}）")
    try:
        ruleset = load(profile, settings.rules)
    except FzcheckError as problem:
        return error(500, str(problem))
    listed = [
        {"id": r.id, "title": r.title, "severity": r.severity, "weight": r.weight, "group": r.group, "basis": r.basis}
        for r in ruleset.rules
    ]
    return json_response({"profile": ruleset.profile, "title": ruleset.title, "rules": listed})


async def healthz(request: Request) -> Response:
    pool: CheckPool = request.app.state.pool
    return json_response({"status": "ok", "workers": pool.settings.workers, "checking": pool.admitted})


async def page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


async def not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    return error(status, "没有这个页面" if status == 404 else "不支持这种请求方式")


def create_app(settings: Settings = Settings()) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.pool = CheckPool(settings)
        try:
            yield
        finally:
            app.state.pool.close()

    routes = [
        Route("/", page),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/annotate", annotate, methods=["POST"]),
        Route("/api/rules", rules),
        Route("/healthz", healthz),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, limit=settings.max_upload)],
        exception_handlers={404: not_found, 405: not_found},
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
