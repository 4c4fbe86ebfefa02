"""Demo data for `make run`: the top floor, free to import every app; no app imports it."""
