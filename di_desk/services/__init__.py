"""Use cases that combine the store with the rules."""
