"""Check modules: each registers the checks of one claim family with @paper_checks.registry.check."""
