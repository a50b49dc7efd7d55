"""The web face: `fzcheck serve`, a self-check page and a JSON API over fzcheck.api.

Starlette, uvicorn and python-multipart (the `web` extra) are imported only by the modules of this package
that run the server (app, pool, limits), never by `fzcheck check`; `command` checks they are installed.
"""
