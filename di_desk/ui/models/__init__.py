"""Qt models of DI Desk."""
