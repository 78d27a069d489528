"""Keep Hypothesis's caches out of the work tree.

The project's pytest settings replace pytest's default `norecursedirs`, so a `.hypothesis`
folder in the work tree makes collection warn, and warnings are errors here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "readouts-differ-hypothesis")
