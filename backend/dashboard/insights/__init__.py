"""Insights in the dashboard: officials' province figures, cooperatives' own figures, declarations and the OCOP list."""
