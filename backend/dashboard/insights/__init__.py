"""Insights in the dashboard: province figures for officials, stalls' own figures, declarations."""
