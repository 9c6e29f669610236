"""Superset's configuration for the sibudget dashboard recipe (scripts/start-superset): the
metadata database and the secret key live in SIBUDGET_SUPERSET_HOME (build/superset), apart
from the warehouse, which Superset only reads."""

import os
from pathlib import Path

_HOME = Path(os.environ["SIBUDGET_SUPERSET_HOME"])

SECRET_KEY = (_HOME / "secret_key").read_text(encoding="utf-8").strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}"
# one process on loopback for one analyst; no example data, no telemetry
SUPERSET_WEBSERVER_ADDRESS = "127.0.0.1"
FEATURE_FLAGS = {"ALERT_REPORTS": False}
# Superset's content security policy without the hosts of its telemetry pixel (scarf.sh), map
# tiles and web fonts: the pages load from this server alone
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
