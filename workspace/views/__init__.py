"""The workspace's pages, one module per topic; each view is thin (see workspace.pages)."""
