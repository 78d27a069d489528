"""Keep Hypothesis' example database out of the work tree.

pytest's ``norecursedirs`` in pyproject.toml replaces the default ignore list, so a
``.hypothesis`` folder at the repository root makes Hypothesis warn during collection, and
warnings are errors here. Storing it in the system temp folder avoids that.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "readouts-hypothesis")
