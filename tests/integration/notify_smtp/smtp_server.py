#!/usr/bin/python3
"""A real SMTP server for the notify-smtp integration tests (aiosmtpd, Debian's
python3-aiosmtpd): every accepted message becomes MAILDIR/N.eml, with its envelope in
MAILDIR/N.json. Options add STARTTLS (required), implicit TLS, AUTH (required, over TLS
only) or a permanent refusal of every message."""
import argparse
import asyncio
import itertools
import json
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--maildir", required=True)
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
parser.add_argument("--auth", help="user:password required of every client")
parser.add_argument("--refuse", action="store_true", help="answer 554 to every message")
args = parser.parse_args()


class Handler:
    counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        if args.refuse:
            return "554 5.7.1 Message refused by policy"
        n = next(self.counter)
        base = os.path.join(args.maildir, str(n))
        with open(base + ".json.tmp", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                       "tls": session.ssl is not None  # STARTTLS
                       or server.transport.get_extra_info("ssl_object") is not None,
                       "authenticated": bool(session.authenticated)}, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".eml.tmp", base + ".eml")  # last: its presence means complete
        return "250 2.0.0 Ok: queued as " + str(n)


def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = args.auth.split(":", 1)
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
          and auth_data.password == password.encode())
    return AuthResult(success=ok, handled=False)  # False: aiosmtpd answers 535 itself


def tls_context():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    return context


def factory():
    kwargs = {}
    if args.tls == "starttls":
        kwargs.update(tls_context=tls_context(), require_starttls=True)
    if args.auth:
        kwargs.update(authenticator=authenticator, auth_required=True)
        if args.tls == "implicit":
            # aiosmtpd only counts STARTTLS as TLS; here the whole connection is TLS.
            kwargs.update(auth_require_tls=False)
    return SMTP(Handler(), hostname="smtp.test", **kwargs)


loop = asyncio.new_event_loop()
server = loop.run_until_complete(loop.create_server(
    factory, "127.0.0.1", args.port,
    ssl=tls_context() if args.tls == "implicit" else None))
loop.run_forever()
