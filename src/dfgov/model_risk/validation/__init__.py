"""Model validation: discrimination, calibration, stability, robustness, security."""
