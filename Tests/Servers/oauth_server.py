#!/usr/bin/env python3
"""A real OAuth 2.0 authorization server and a protected API, for the end-to-end tests.

Built on authlib (AuthorizationCodeGrant with mandatory S256 PKCE, RefreshTokenGrant,
ResourceProtector with a bearer token validator) and Flask, with everything kept in memory.
The one client is confidential: it authenticates at the token endpoint with
client_secret_post or client_secret_basic, never 'none'. Its registered redirect URI is
http://127.0.0.1/callback, and any port on 127.0.0.1 is accepted for it (RFC 8252 §7.3).

    python3 oauth_server.py --port 0 --client-id wizard-test --client-secret S \\
        --token-lifetime 3 --api-key K --basic-user U --basic-password P

prints `READY http://127.0.0.1:<port>` once it listens, and stops when its standard input
reaches end of file or on SIGTERM. Endpoints:

    GET  /oauth/authorize   approves at once as "test-user" (or denies, with --deny)
    POST /oauth/token       grant_type=authorization_code | refresh_token | client_credentials
    GET  /T/oauth2/authorize, POST /T/oauth2/token: the same, in Azure AD's v1 shape (tenant T)
    GET  /api/me            bearer token, X-API-Key header, api_key query item, or Basic
    POST /test/clock        advance=SECONDS moves the server's clock on (codes and tokens expire)

The access log goes to standard error, without query strings or headers.
"""

import argparse
import base64
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

try:
    from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
    from authlib.oauth2 import OAuth2Error
    from authlib.oauth2.rfc6749 import grants
    from authlib.oauth2.rfc6749.errors import InvalidRequestError
    from authlib.oauth2.rfc6749.util import list_to_scope, scope_to_list
    from authlib.oauth2.rfc6750 import BearerTokenValidator
    from authlib.oauth2.rfc7636 import CodeChallenge
    from flask import Flask, Response, request
    from werkzeug.serving import WSGIRequestHandler, make_server
except ImportError as error:  # pragma: no cover - the message is the point
    sys.stderr.write(f"oauth_server.py needs authlib and flask ({error}): python3 -m pip install authlib flask\n")
    sys.exit(3)

REDIRECT_URI = "http://127.0.0.1/callback"
USER = "test-user"
REALM = "connector-wizard-test"
CODE_LIFETIME = 600


class Client:
    """The one registered client, with the methods authlib's ClientMixin asks for."""

    def __init__(self, client_id, client_secret, scope):
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return REDIRECT_URI

    def get_allowed_scope(self, scope):
        allowed = scope_to_list(self.scope) or []
        if not scope:
            return list_to_scope(allowed)
        return list_to_scope([s for s in scope_to_list(scope) if s in allowed])

    def check_redirect_uri(self, redirect_uri):
        # RFC 8252 §7.3: a loopback redirect URI may use any port; everything else must match.
        try:
            given, registered = urlsplit(redirect_uri), urlsplit(REDIRECT_URI)
            given.port  # raises ValueError on a malformed port
        except ValueError:
            return False
        return (given.scheme == registered.scheme and given.hostname == registered.hostname
                and given.path == registered.path and not given.query and not given.fragment
                and given.username is None and given.password is None)

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(self.client_secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type in ("authorization_code", "refresh_token", "client_credentials")


class Clock:
    """The server's time: the wall clock plus what POST /test/clock has added, so a test makes
    a code or token expire at once instead of waiting for it."""

    def __init__(self):
        self.offset = 0.0
        self.lock = threading.Lock()

    def now(self):
        with self.lock:
            return time.time() + self.offset

    def advance(self, seconds):
        with self.lock:
            self.offset += seconds
            return self.offset


CLOCK = Clock()


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: str
    code_challenge: str
    code_challenge_method: str
    expires_at: float = field(default_factory=lambda: CLOCK.now() + CODE_LIFETIME)

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def is_expired(self):
        return CLOCK.now() >= self.expires_at


class Token:
    """An issued access token (and its refresh token), with TokenMixin's methods."""

    def __init__(self, client, user, values):
        self.client = client
        self.user = user
        self.access_token = values["access_token"]
        self.refresh_token = values.get("refresh_token")
        self.scope = values.get("scope", "")
        self.expires_in = int(values.get("expires_in", 0))
        self.issued_at = CLOCK.now()
        self.revoked = False
        self.refresh_revoked = False

    def check_client(self, client):
        return self.client.client_id == client.client_id

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return self.expires_in

    def is_expired(self):
        return bool(self.expires_in) and CLOCK.now() >= self.issued_at + self.expires_in

    def is_revoked(self):
        return self.revoked

    def get_user(self):
        return self.user

    def get_client(self):
        return self.client


class Store:
    """Clients, codes and tokens, in memory only; one lock for the request threads."""

    def __init__(self, client):
        self.client = client
        self.codes = {}
        self.access = {}
        self.refresh = {}
        self.lock = threading.Lock()

    def query_client(self, client_id):
        return self.client if client_id == self.client.client_id else None

    def save_token(self, values, req):
        token = Token(req.client, req.user, values)
        with self.lock:
            self.access[token.access_token] = token
            if token.refresh_token:
                self.refresh[token.refresh_token] = token


class S256Required(CodeChallenge):
    """PKCE on every authorization request, and only with S256: authlib's CodeChallenge
    requires a verifier at the token endpoint, this also refuses an authorization request
    without a challenge or with the 'plain' method."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge'")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Unsupported 'code_challenge_method': only S256 is accepted")
        super().validate_code_challenge(grant, redirect_uri)


def make_grants(store):
    class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code, req):
            data = req.payload.data
            item = AuthorizationCode(code, req.client.client_id, req.payload.redirect_uri, req.scope,
                                     req.user, data.get("code_challenge"), data.get("code_challenge_method"))
            with store.lock:
                store.codes[code] = item

        def query_authorization_code(self, code, client):
            with store.lock:
                item = store.codes.get(code)
            if item and item.client_id == client.client_id and not item.is_expired():
                return item
            return None

        def delete_authorization_code(self, authorization_code):
            with store.lock:
                store.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code):
            return authorization_code.user

    class RefreshTokenGrant(grants.RefreshTokenGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
        INCLUDE_NEW_REFRESH_TOKEN = True

        def authenticate_refresh_token(self, refresh_token):
            with store.lock:
                token = store.refresh.get(refresh_token)
            if token and not token.refresh_revoked:
                return token
            return None

        def authenticate_user(self, refresh_token):
            return refresh_token.user

        def revoke_old_credential(self, refresh_token):
            with store.lock:
                refresh_token.refresh_revoked = True
                store.refresh.pop(refresh_token.refresh_token, None)

    class ClientCredentialsGrant(grants.ClientCredentialsGrant):
        """A service principal: the client's own token, no user and no refresh token."""
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    return AuthorizationCodeGrant, RefreshTokenGrant, ClientCredentialsGrant


def make_app(args):
    app = Flask("oauth_server")
    app.config.update(
        OAUTH2_REFRESH_TOKEN_GENERATOR=True,
        OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": args.token_lifetime, "refresh_token": args.token_lifetime,
                                 "client_credentials": args.token_lifetime},
        OAUTH2_SCOPES_SUPPORTED=scope_to_list(args.scope) or [],
    )
    store = Store(Client(args.client_id, args.client_secret, args.scope))
    server = AuthorizationServer(app, query_client=store.query_client, save_token=store.save_token)
    code_grant, refresh_grant, client_grant = make_grants(store)
    server.register_grant(code_grant, [S256Required(required=True)])
    server.register_grant(refresh_grant)
    server.register_grant(client_grant)

    class Validator(BearerTokenValidator):
        def authenticate_token(self, token_string):
            with store.lock:
                return store.access.get(token_string)

    protector = ResourceProtector()
    protector.register_token_validator(Validator(realm=REALM))

    # Azure AD's v1 shape as well, `<login URL>/<tenant>/oauth2/authorize` and `…/token`, so an
    # aad connector whose Login URL is this server signs in here.
    @app.get("/<tenant>/oauth2/authorize")
    @app.get("/oauth/authorize")
    def authorize(tenant=None):
        try:
            grant = server.get_consent_grant(end_user=USER)
        except OAuth2Error as error:
            return server.handle_error_response(request, error)
        return server.create_authorization_response(grant_user=None if args.deny else USER, grant=grant)

    @app.post("/<tenant>/oauth2/token")
    @app.post("/oauth/token")
    def token(tenant=None):
        return server.create_token_response()

    @app.post("/test/clock")
    def advance_clock():
        try:
            seconds = float(request.form.get("advance", ""))
        except ValueError:
            return Response(json.dumps({"error": "advance=SECONDS is needed"}), status=400, mimetype="application/json")
        return Response(json.dumps({"offset": CLOCK.advance(seconds)}), mimetype="application/json")

    def unauthorized(error, description, bearer_error=None):
        challenges = [bearer_error or f'Bearer realm="{REALM}"']
        if args.basic_user is not None:
            challenges.append(f'Basic realm="{REALM}"')
        response = Response(json.dumps({"error": error, "error_description": description}), status=401,
                            mimetype="application/json")
        for challenge in challenges:
            response.headers.add("WWW-Authenticate", challenge)
        return response

    def me(via):
        return Response(json.dumps({"user": USER, "via": via}), mimetype="application/json")

    def matches(given, expected):
        return expected is not None and secrets.compare_digest(given.encode(), expected.encode())

    @app.get("/api/me")
    def api_me():
        authorization = request.headers.get("Authorization", "")
        if authorization[:6].lower() == "basic ":
            try:
                user, _, password = base64.b64decode(authorization[6:].strip(), validate=True).decode().partition(":")
            except ValueError:
                return unauthorized("invalid_request", "The Basic credentials are not base64 of user:password.")
            if matches(user, args.basic_user) and matches(password, args.basic_password):
                return me("basic")
            return unauthorized("invalid_credentials", "Wrong user name or password.")
        if authorization:
            try:
                token = protector.acquire_token()
            except OAuth2Error as error:
                header = dict(error.get_headers()).get("WWW-Authenticate")
                return unauthorized(error.error, error.get_error_description() or error.error, header)
            if token.user is None:  # a service principal's token
                return Response(json.dumps({"client": token.client.client_id, "via": "client_credentials"}),
                                mimetype="application/json")
            return me("bearer")
        if "X-API-Key" in request.headers:
            if matches(request.headers["X-API-Key"], args.api_key):
                return me("header")
            return unauthorized("invalid_api_key", "Wrong API key in the X-API-Key header.")
        if "api_key" in request.args:
            if matches(request.args["api_key"], args.api_key):
                return me("query")
            return unauthorized("invalid_api_key", "Wrong API key in the api_key query item.")
        return unauthorized("missing_credentials",
                            "Send a bearer token, an X-API-Key header, an api_key query item or Basic credentials.")

    return app


class QuietHandler(WSGIRequestHandler):
    """One access-log line a request on standard error: method, path without its query,
    status. Nothing else a client sent (query items and headers may hold secrets)."""

    def log_request(self, code="-", size="-"):
        path = getattr(self, "path", "") or ""
        command = getattr(self, "command", None) or "-"
        sys.stderr.write(f'{self.client_address[0]} "{command} {path.split("?", 1)[0]}" {code}\n')
        sys.stderr.flush()

    def log(self, type, message, *args):
        text = re.sub(r"[?][^\s\"']*", "?…", message % args if args else message)
        sys.stderr.write(f"{type}: {text}\n")
        sys.stderr.flush()


def parse_args(argv):
    p = argparse.ArgumentParser(description="OAuth 2.0 test server (authlib + Flask), 127.0.0.1 only.")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--client-id", default="wizard-test")
    p.add_argument("--client-secret", required=True)
    p.add_argument("--token-lifetime", type=int, default=3, metavar="SECONDS",
                   help="lifetime of access tokens (expires_in)")
    p.add_argument("--api-key", help="accepted in the X-API-Key header and the api_key query item")
    p.add_argument("--basic-user")
    p.add_argument("--basic-password")
    p.add_argument("--scope", default="read write", help="the scopes the client may have, space-separated")
    p.add_argument("--deny", action="store_true", help="the user denies every authorization request")
    args = p.parse_args(argv)
    if (args.basic_user is None) != (args.basic_password is None):
        p.error("--basic-user and --basic-password go together")
    if args.token_lifetime <= 0:
        p.error("--token-lifetime must be positive")
    return args


def main(argv):
    args = parse_args(argv)
    httpd = make_server("127.0.0.1", args.port, make_app(args), threaded=True, request_handler=QuietHandler)

    def on_sigterm(signum, frame):
        raise KeyboardInterrupt  # werkzeug's serve_forever stops quietly on it

    signal.signal(signal.SIGTERM, on_sigterm)

    def watch_stdin():
        # The test holds the other end of our standard input; when it closes it (or dies), stop.
        # os.read, not sys.stdin: a thread blocked in a buffered read would hold its lock while
        # the interpreter shuts down after SIGTERM, and that aborts it.
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        httpd.shutdown()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"READY http://127.0.0.1:{httpd.server_port}", flush=True)
    httpd.serve_forever(poll_interval=0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
