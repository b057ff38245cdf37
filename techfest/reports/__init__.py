"""Edition reports: counted figures (aggregate SQL over the other domains' tables), figures
recorded by organizers, the cross-edition comparison, "Techfest in numbers", and exports
(CSV, XLSX, PDF, JSON).

Headline figures (products shown, exhibitors, visitors, forum sessions, speakers, awards) are
counted from the edition's rows. Archived editions without detailed rows (fairs held before
Techfest ran on this system) fall back to recorded figures: a figure the organizers recorded
under a headline key is the edition's official figure and is shown instead of the count (the
report page shows the count beside it). Visitors are the people checked in; an edition with no
check-ins yet counts its active visitor registrations.
"""
