"""Who may see which personal data, and the tamper-evident log of every disclosure."""
