"""Papers fixtures: the test PKI with its CRL and time-stamp server, and a SoftHSM2 token (session-wide)."""
from __future__ import annotations

import os
import shutil

import pytest

from tests.support.pki import build_pki, init_softhsm, softhsm_module


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    built = build_pki(tmp_path_factory.mktemp("pki"))
    yield built
    built.close()


@pytest.fixture(scope="session")
def softhsm(pki, tmp_path_factory):
    """The SoftHSM2 module path, its token holding the signer's key; SOFTHSM2_CONF is set for the whole run."""
    module = softhsm_module()
    if module is None or not shutil.which("softhsm2-util"):
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail("softhsm2 is not installed (apt-get install softhsm2 opensc)")
        pytest.skip("softhsm2 is not installed")
    os.environ["SOFTHSM2_CONF"] = init_softhsm(tmp_path_factory.mktemp("softhsm"), pki.signer)
    return module
