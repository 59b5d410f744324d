"""The small routed network of the lifecycle tests (ORUBOR -> WAUSEA, ORUOHS, then MDUNLM)."""

from tests.requests_api.conftest import app, loaded  # noqa: F401
