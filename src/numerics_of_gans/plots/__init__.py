"""One module per figure: each reads results/ and writes one figure family (PDF and PNG)."""
