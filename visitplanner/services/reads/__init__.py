"""What the views show, read as frozen rows: named reads by topic, built on `store.queries`."""
