"""Codes of the processing activities in the register (seeded by a data migration)."""

EMPLOYER_CATEGORY_LOOKUP = "employer-category-lookup"  # deliberation 06/80: the category, to anyone
REPERTORY_FOR_CALCULATOR = "repertory-calculator"  # deliberation 07/039: repertory data to the employer
BENEFIT_CALCULATOR = "benefit-calculator"  # deliberation 07/039: the same data, for accesses with the calculator scope
DMFA_GECO_DSP = "dmfa-geco-dsp"  # deliberation 05/012: DmfA data to BGDA for GECO/DSP control
DMFA_GECO_DSP_HEADCOUNT = "dmfa-geco-dsp-headcount"  # 05/012 §2.2: an employer's regular-staff FTE, to BGDA (dmfa)
AUDIT_LOG_EXPORT = "audit-log-export"  # the auditors' export of the disclosure log
REFERENCE_DIRECTORY_ADMIN = "reference-directory-admin"  # staff maintaining the integrations in the admin
REPERTORY_ADMIN = "repertory-admin"  # staff maintaining the portal's copy of the employer repertories in the admin
ACCOUNT_ADMIN = "account-admin"  # staff looking at user accounts, their e-mail addresses, second factors and tokens
OWN_DISCLOSURES = "own-disclosures"  # a person's own view of the log about their INSZ (seeded by jobseekers)
