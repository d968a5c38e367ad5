"""The public change log of the catalogue (issue 18): entries derived at publication, pages, Atom feed, reach."""
