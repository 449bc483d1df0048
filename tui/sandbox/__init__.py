"""A local SGP-compatible server for model templates (Starlette + uvicorn + SQLite).

`Sandbox` runs it in-process; `sgp-template sandbox` (tui.sandbox.command) in the foreground.
Importing this package does not import uvicorn or starlette: they load when a server starts.
"""

from tui.sandbox.embedded import Sandbox, SandboxError
from tui.sandbox.faults import Fault, FaultScript

__all__ = ["Fault", "FaultScript", "Sandbox", "SandboxError"]
