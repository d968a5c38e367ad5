"""The employer repertory of the RSZ and the RSZPPO."""
