"""The parts of statement extraction, one form each; `app.ingest.extract` runs them in order."""
