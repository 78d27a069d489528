"""The rules of cleaning, one kind of boilerplate each; `app.ingest.clean` runs them."""
