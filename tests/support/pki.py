"""A test PKI built at test time into a temporary directory, a local CRL and time-stamp server, and SoftHSM2 tokens.

Built with `cryptography` directly (measured against certomancer: no YAML config to keep, about 0.2 s for the
whole PKI, and nothing but the standard library to serve it). Nothing here is committed: every key and
certificate is made fresh per test session.

root CA ── issuing CA ─┬─ signer "Nguyễn Văn An" (PKCS#12 and SoftHSM2 token), agency "Ủy ban nhân dân tỉnh An Hòa"
                       ├─ expired signer, revoked signer (listed in the issuing CA's CRL), time-stamp authority
other root ── stranger (a valid-looking certificate that chains to nothing in the trust list)
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "mat-khau-thu"
SOFTHSM_MODULE_CANDIDATES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                             "/usr/local/lib/softhsm/libsofthsm2.so")
TOKEN_LABEL = "TOKEN-AN-HOA"
TOKEN_PIN = "123456"
TOKEN_SO_PIN = "87654321"
KEY_LABEL = "nguyen-van-an"


def softhsm_module() -> str | None:
    return next((path for path in SOFTHSM_MODULE_CANDIDATES if os.path.exists(path)), None)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common: str, organisation: str = "Sở Nội vụ tỉnh An Hòa (thử)") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


@dataclass
class Identity:
    name: str
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)
    p12: Path | None = None

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


def _issue(common: str, key, issuer: Identity | None, *, ca: bool = False, start: dt.datetime, days: int,
           crl_url: str | None = None, eku=None, organisation: str | None = None) -> x509.Certificate:
    subject = _name(common, organisation) if organisation else _name(common)
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(start)
               .not_valid_after(start + dt.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    if ca:
        builder = builder.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False),
                                        critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                                        critical=True)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    if crl_url:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(crl_url)], None, None, None)]), critical=False)
    return builder.sign((issuer.key if issuer else key), hashes.SHA256())


class _Handler(BaseHTTPRequestHandler):
    pki: Pki

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        body = self.pki.crls.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("content-type", "application/pkix-crl")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        from asn1crypto import tsp

        data = self.rfile.read(int(self.headers.get("content-length") or 0))
        if self.path != "/tsa" or self.pki.tsa_down:
            self.send_response(503)
            self.end_headers()
            return
        self.pki.tsa_requests += 1
        response = self.pki.stamper.request_tsa_response(tsp.TimeStampReq.load(data)).dump()
        self.send_response(200)
        self.send_header("content-type", "application/timestamp-reply")
        self.send_header("content-length", str(len(response)))
        self.end_headers()
        self.wfile.write(response)


@dataclass
class Pki:
    directory: Path
    root: Identity
    ca: Identity
    signer: Identity
    agency: Identity
    expired: Identity
    revoked: Identity
    tsa: Identity
    other_root: Identity
    stranger: Identity
    trust_list: Path  # PEM bundle of the root and the issuing CA
    base_url: str
    crls: dict[str, bytes] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None
    stamper: object = None
    tsa_down: bool = False
    tsa_requests: int = 0

    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/tsa"

    def close(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def _p12(directory: Path, identity: Identity) -> Path:
    path = directory / f"{identity.cert.serial_number:x}.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"id", identity.key, identity.cert, identity.chain,
        serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    identity.p12 = path
    return path


def build_pki(directory: Path) -> Pki:
    """Make the whole PKI, write PKCS#12 files and the trust list, start the CRL and TSA server (close() stops it)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    directory.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    start = now - dt.timedelta(days=30)

    def identity(common, issuer, *, days=730, ca=False, begin=start, eku=None, organisation=None, crl=True):
        key = _key()
        cert = _issue(common, key, issuer, ca=ca, start=begin, days=days, eku=eku, organisation=organisation,
                      crl_url=f"{base_url}/ca.crl" if issuer is not None and crl else None)
        chain = ([issuer.cert] + issuer.chain) if issuer else []
        return Identity(common, key, cert, chain)

    root = identity("Root CA thử nghiệm", None, days=3650, ca=True)
    ca = identity("CA cấp dưới thử nghiệm", root, days=3000, ca=True, crl=False)
    signer = identity("Nguyễn Văn An", ca)
    agency = identity("Ủy ban nhân dân tỉnh An Hòa", ca, organisation="Ủy ban nhân dân tỉnh An Hòa")
    expired = identity("Trần Thị Hết Hạn", ca, begin=now - dt.timedelta(days=400), days=365)
    revoked = identity("Lê Văn Thu Hồi", ca)
    tsa = identity("TSA thử nghiệm", ca, eku=[ExtendedKeyUsageOID.TIME_STAMPING])
    other_root = identity("Root CA lạ", None, days=3650, ca=True)
    stranger = identity("Nguyễn Văn An", other_root)

    crl = (x509.CertificateRevocationListBuilder().issuer_name(ca.cert.subject).last_update(now)
           .next_update(now + dt.timedelta(days=7))
           .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(revoked.cert.serial_number)
                                    .revocation_date(now - dt.timedelta(days=1)).build())
           .add_extension(x509.CRLNumber(1), critical=False)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
           .sign(ca.key, hashes.SHA256()))
    trust_list = directory / "trust.pem"
    # as a province's list holds the national root and the licensed CAs under it
    trust_list.write_bytes(b"".join(c.cert.public_bytes(serialization.Encoding.PEM) for c in (root, ca)))
    for person in (signer, agency, expired, revoked, stranger):
        _p12(directory, person)
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.cert_der),
        tsa_key=asn1_keys.PrivateKeyInfo.load(tsa.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in tsa.chain])
    pki = Pki(directory, root, ca, signer, agency, expired, revoked, tsa, other_root, stranger, trust_list, base_url,
              crls={"/ca.crl": crl.public_bytes(serialization.Encoding.DER)}, server=server, stamper=stamper)
    handler = type("Handler", (_Handler,), {"pki": pki})
    server.RequestHandlerClass = handler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return pki


def init_softhsm(directory: Path, identity: Identity, *, label: str = TOKEN_LABEL, pin: str = TOKEN_PIN,
                 key_label: str = KEY_LABEL) -> str:
    """A SoftHSM2 token in `directory` holding `identity`'s key and certificate; returns the SOFTHSM2_CONF path.

    The caller sets SOFTHSM2_CONF before the PKCS#11 module is first loaded in the process.
    """
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    run = dict(env=env, check=True, capture_output=True, timeout=60)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
                    "--so-pin", TOKEN_SO_PIN], **run)
    key_file = directory / "key.pem"
    key_file.write_bytes(identity.key_pem)
    subprocess.run(["softhsm2-util", "--import", str(key_file), "--token", label, "--label", key_label,
                    "--id", "01", "--pin", pin], **run)
    key_file.unlink()
    cert_file = directory / "cert.der"
    cert_file.write_bytes(identity.cert_der)
    if shutil.which("pkcs11-tool"):
        subprocess.run(["pkcs11-tool", "--module", softhsm_module(), "--token-label", label, "--login", "--pin", pin,
                        "--write-object", str(cert_file), "--type", "cert", "--label", key_label, "--id", "01"],
                       **run)
    return str(conf)
