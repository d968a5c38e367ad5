"""The citizens the demo provider knows, and the claims it gives for each (FAS names: egovNRN, givenName, surname).

The national register numbers are made up, with valid check digits (python-stdnum says so in the tests).
"""

CITIZENS = {
    # The two demo citizens of the README.
    "bru-jobseeker": {"egovNRN": "00031012315", "givenName": "Yasmina", "surname": "Demo-Brussel"},
    "wal-jobseeker": {"egovNRN": "68042145679", "givenName": "Jean-Marie", "surname": "Demo-Wallonie"},
    # For the tests: a BIS number, no number at all, a number with wrong check digits, and the Brussels
    # citizen's number under another account of the provider (a second account claiming the same INSZ).
    "bis-citizen": {"egovNRN": "00231012358", "givenName": "Bis", "surname": "Citizen"},
    "no-number": {"givenName": "No", "surname": "Number"},
    "bad-number": {"egovNRN": "00031012316", "givenName": "Bad", "surname": "Number"},
    "bru-twin": {"egovNRN": "00031012315", "givenName": "Twin", "surname": "Account"},
}

#: The two clients: the portal, and another application (its tokens carry another audience).
PORTAL_CLIENT = ("portal-demo", "portal-demo-secret-not-for-production")
OTHER_CLIENT = ("other-application", "other-application-secret")
