"""Schemathesis hooks for the API fuzzing test (tests/it/fuzz.rs).

Catalogs are imported as TOML text (`application/toml`), a media type schemathesis has
no serializer for; TOML is text, so it is sent as the plain-text serializer would.
"""

import schemathesis

schemathesis.serializer.alias("application/toml", "text/plain")
