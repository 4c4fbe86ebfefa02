"""Giao Hàng Nhanh (GHN): API client, response models and status callbacks."""
