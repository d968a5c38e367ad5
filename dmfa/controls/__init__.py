"""GECO and DSP controls (deliberation 05/012 §2–3): headcount, premium and reconciliation, as pure functions over
plain facts (``fte``, ``premium``, ``reconciliation``), the reads that gather the facts (``facts``) and the runs that
store results (``runner``)."""
